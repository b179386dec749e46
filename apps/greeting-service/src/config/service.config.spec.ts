import { DEFAULT_PORT, readServiceSettings } from './service.config';

describe('readServiceSettings', () => {
  it('listens on 127.0.0.1 and the default port, and advertises that address, without any variable', () => {
    expect(readServiceSettings({})).toEqual({
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      eureka: { serviceUrl: 'http://127.0.0.1:8761/eureka/', hostname: '127.0.0.1', ipAddress: '127.0.0.1' },
    });
  });

  it('takes Spring-named EUREKA_* variables, and does not advertise a wildcard address', () => {
    const settings = readServiceSettings({
      PORT: '9000',
      HOST: '0.0.0.0',
      EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: 'http://a:8761/eureka/,http://b:8761/eureka/',
      EUREKA_CLIENT_REGISTRY_FETCH_INTERVAL_SECONDS: '5',
      EUREKA_INSTANCE_LEASE_RENEWAL_INTERVAL_IN_SECONDS: '0.5',
      EUREKA_INSTANCE_LEASE_EXPIRATION_DURATION_IN_SECONDS: '3',
      EUREKA_INSTANCE_HOSTNAME: 'greeting.local',
    });
    expect(settings).toEqual({
      port: 9000,
      host: '0.0.0.0',
      eureka: {
        serviceUrl: 'http://a:8761/eureka/,http://b:8761/eureka/',
        registryFetchIntervalSeconds: 5,
        leaseRenewalIntervalInSeconds: 0.5,
        leaseExpirationDurationInSeconds: 3,
        hostname: 'greeting.local',
      },
    });
  });

  it('refuses malformed values, naming the variable', () => {
    expect(() => readServiceSettings({ PORT: '80a' })).toThrow('PORT="80a" must be an integer between 0 and 65535');
    expect(() => readServiceSettings({ PORT: '70000' })).toThrow(/PORT="70000"/);
    expect(() => readServiceSettings({ EUREKA_CLIENT_REGISTRY_FETCH_INTERVAL_SECONDS: '0' })).toThrow(
      'EUREKA_CLIENT_REGISTRY_FETCH_INTERVAL_SECONDS="0" must be a number of seconds > 0',
    );
  });
});
