import { sampleInstance } from '@nest-eureka/protocol/testing';
import { isConnectionFailure } from './connection-failure';
import { resolveInstanceUrl } from './instance-url.resolver';

describe('resolveInstanceUrl', () => {
  const plain = sampleInstance({ hostName: 'orders-1', port: { port: 8080, enabled: true }, securePort: { port: 8443, enabled: false } });
  const both = sampleInstance({ hostName: 'orders-2', port: { port: 8080, enabled: true }, securePort: { port: 8443, enabled: true } });
  const secureOnly = sampleInstance({ hostName: '', ipAddr: '10.0.0.9', port: { port: 7001, enabled: false }, securePort: { port: 7443, enabled: true } });

  it('keeps path, query and fragment and picks the port by scheme', () => {
    expect(resolveInstanceUrl(new URL('http://ORDERS/a/b?x=1#f'), plain)).toBe('http://orders-1:8080/a/b?x=1#f');
    expect(resolveInstanceUrl(new URL('https://orders/a'), both)).toBe('https://orders-2:8443/a');
    expect(resolveInstanceUrl(new URL('http://orders/a'), both)).toBe('http://orders-2:8080/a');
    expect(resolveInstanceUrl(new URL('https://orders/a'), plain)).toBe('http://orders-1:8080/a');
    expect(resolveInstanceUrl(new URL('http://orders/'), secureOnly)).toBe('https://10.0.0.9:7443/');
  });

  it('brackets IPv6 addresses', () => {
    expect(resolveInstanceUrl(new URL('http://orders/'), sampleInstance({ hostName: '::1' }))).toBe('http://[::1]:8080/');
  });
});

describe('isConnectionFailure', () => {
  it('accepts connection errors and timeouts without a response, never HTTP statuses', () => {
    expect(isConnectionFailure({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isConnectionFailure({ code: 'ERR_BAD_RESPONSE', cause: { code: 'ECONNRESET' } })).toBe(true);
    expect(isConnectionFailure({ code: 'ETIMEDOUT' })).toBe(true);
    expect(isConnectionFailure({ code: 'ECONNREFUSED', response: { status: 500 } })).toBe(false);
    expect(isConnectionFailure({ code: 'ERR_BAD_RESPONSE', response: { status: 503 } })).toBe(false);
    expect(isConnectionFailure({ code: 'ERR_CANCELED' })).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });
});
