import { resolveClientOptions } from '../config/resolve-client-options';
import { scrubCredentials } from './credentials.scrubber';
import { resolveInstanceZone } from './instance-zone.resolver';
import { orderZones, resolveServiceEndpoints, toServiceEndpoint } from './service-urls.resolver';

const options = (extra: Parameters<typeof resolveClientOptions>[0]) => resolveClientOptions({ appName: 'me', ...extra });

describe('resolveInstanceZone', () => {
  it('takes metadataMap.zone first', () => {
    expect(resolveInstanceZone(options({ metadataMap: { zone: 'z9' }, availabilityZones: { 'us-east-1': 'z1,z2' } }))).toBe('z9');
  });
  it('else the first availability zone of the region', () => {
    expect(resolveInstanceZone(options({ availabilityZones: { 'us-east-1': ' z1 , z2' } }))).toBe('z1');
    expect(resolveInstanceZone(options({ region: 'eu', availabilityZones: { 'us-east-1': 'z1', eu: 'e1,e2' } }))).toBe('e1');
  });
  it('else defaultZone', () => {
    expect(resolveInstanceZone(options({}))).toBe('defaultZone');
    expect(resolveInstanceZone(options({ availabilityZones: { other: 'x' } }))).toBe('defaultZone');
  });
});

describe('resolveServiceEndpoints', () => {
  const serviceUrl = {
    z1: 'http://a1:8761/eureka,http://a2:8761/eureka/',
    z2: 'http://b1:8761/eureka/',
    z3: 'http://c1:8761/eureka/',
    defaultZone: 'http://d1:8761/eureka/,http://a1:8761/eureka/',
  };

  it('orders availability zones, then other serviceUrl zones, then defaultZone; deduplicated, slash-terminated', () => {
    const o = options({ serviceUrl, availabilityZones: { 'us-east-1': 'z2,z1' }, preferSameZoneEureka: false, metadataMap: { zone: 'z1' } });
    expect(orderZones(o, 'z1')).toEqual(['z2', 'z1', 'z3', 'defaultZone']);
    expect(resolveServiceEndpoints(o, 'z1').map((e) => e.url)).toEqual([
      'http://b1:8761/eureka/',
      'http://a1:8761/eureka/',
      'http://a2:8761/eureka/',
      'http://c1:8761/eureka/',
      'http://d1:8761/eureka/',
    ]);
  });

  it('puts the instance zone first with preferSameZoneEureka', () => {
    const o = options({ serviceUrl, availabilityZones: { 'us-east-1': 'z2,z1,z3' } });
    expect(orderZones(o, 'z1')).toEqual(['z1', 'z2', 'z3', 'defaultZone']);
    expect(resolveServiceEndpoints(o, 'z1')[0].url).toBe('http://a1:8761/eureka/');
    // A zone only named in serviceUrl is preferred too.
    expect(orderZones(options({ serviceUrl }), 'z3')).toEqual(['z3', 'z1', 'z2', 'defaultZone']);
  });

  it('uses defaultZone alone by default', () => {
    expect(resolveServiceEndpoints(options({}), 'defaultZone')).toEqual([{ url: 'http://localhost:8761/eureka/' }]);
  });

  it('moves credentials to a Basic header and out of the URL', () => {
    const endpoint = toServiceEndpoint('http://user%40corp:p%3Ass@host:8761/eureka');
    expect(endpoint.url).toBe('http://host:8761/eureka/');
    expect(endpoint.authorization).toBe(`Basic ${Buffer.from('user@corp:p:ss').toString('base64')}`);
    expect(JSON.stringify(endpoint)).not.toContain('p%3Ass');
  });

  it('scrubs credentials from any text', () => {
    expect(scrubCredentials('failed at http://u:secret@h:1/eureka/ and https://x@y/')).toBe('failed at http://h:1/eureka/ and https://y/');
  });
});
