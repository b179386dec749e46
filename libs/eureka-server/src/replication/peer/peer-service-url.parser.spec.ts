import { parsePeerServiceUrl, scrubCredentials } from './peer-service-url.parser';

describe('parsePeerServiceUrl', () => {
  it('adds the trailing slash and builds the batch URL', () => {
    expect(parsePeerServiceUrl(' http://peer:8761/eureka ')).toEqual({
      serviceUrl: 'http://peer:8761/eureka/',
      displayUrl: 'http://peer:8761/eureka/',
      batchUrl: 'http://peer:8761/eureka/peerreplication/batch/',
    });
  });

  it('keeps credentials in serviceUrl only, and turns them into a basic auth header (percent-decoded)', () => {
    const url = parsePeerServiceUrl('https://admin:s3cr%40t@peer:8443/eureka/');
    expect(url.serviceUrl).toBe('https://admin:s3cr%40t@peer:8443/eureka/');
    expect(url.displayUrl).toBe('https://peer:8443/eureka/');
    expect(url.batchUrl).toBe('https://peer:8443/eureka/peerreplication/batch/');
    expect(url.authorization).toBe(`Basic ${Buffer.from('admin:s3cr@t').toString('base64')}`);
  });

  it('accepts a user without password', () => {
    expect(parsePeerServiceUrl('http://admin@peer/eureka/').authorization).toBe(`Basic ${Buffer.from('admin:').toString('base64')}`);
  });

  it('rejects non-http URLs without echoing credentials', () => {
    expect(() => parsePeerServiceUrl('ftp://u:secret@peer/eureka/')).toThrow(/only http and https/);
    expect(() => parsePeerServiceUrl('not a url')).toThrow(/invalid peer service URL/);
    try {
      parsePeerServiceUrl('http://u:secret@[bad/eureka/');
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
    expect.assertions(3);
  });
});

describe('scrubCredentials', () => {
  it('removes user info from every URL in a text', () => {
    expect(scrubCredentials('POST http://a:b@x/e/ then https://c@y:1/')).toBe('POST http://x/e/ then https://y:1/');
  });
});
