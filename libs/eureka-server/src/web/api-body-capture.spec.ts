import { isEurekaBodyPath } from './api-body-capture';

describe('isEurekaBodyPath', () => {
  it.each([
    ['/eureka/apps/ORDERS', true],
    ['/eureka/v2/apps/ORDERS/o-1?status=UP', true],
    ['/eureka/peerreplication/batch/', true],
    ['/api/eureka/apps/ORDERS', true], // behind a global prefix
    ['/eureka/apps', false], // GET of the whole registry: no body
    ['/nope?next=/eureka/apps/ORDERS', false], // only in the query string
    ['/myeureka/apps/ORDERS', false], // not a whole segment
    ['/eureka/appsx/ORDERS', false],
    ['/dashboard/eureka', false],
    [undefined, false],
  ])('%s -> %s', (url, expected) => {
    expect(isEurekaBodyPath(url)).toBe(expected);
  });

});
