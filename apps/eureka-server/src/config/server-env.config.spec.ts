import { DEFAULT_SERVER_OPTIONS, EurekaServerOptions, resolveServerOptions, SERVER_OPTION_KINDS } from '@nest-eureka/server';
import { loadServerEnvConfig, SERVER_ENV_VARIABLES, toUpperSnake } from './server-env.config';

type OptionKey = keyof EurekaServerOptions;

const optionRows = SERVER_ENV_VARIABLES.filter(
  (r): r is typeof r & { option: OptionKey } => r.option !== 'port' && r.option !== 'host',
);
const variableOf = (option: OptionKey) => optionRows.find((r) => r.option === option)!.variable;

/** A valid value for the option that differs from its default, as an env string and as parsed. */
function sample(option: OptionKey): [string, unknown] {
  switch (SERVER_OPTION_KINDS[option]) {
    case 'boolean':
      return [String(!DEFAULT_SERVER_OPTIONS[option]), !DEFAULT_SERVER_OPTIONS[option]];
    case 'fraction':
      return ['0.5', 0.5];
    case 'string':
      return ['custom-value', 'custom-value'];
    case 'urlList':
      return ['http://peer-a:8761/eureka/,http://peer-b:8761/eureka/', 'http://peer-a:8761/eureka/,http://peer-b:8761/eureka/'];
    case 'nameList':
      return ['PythonClient, GoClient', 'PythonClient, GoClient'];
    default:
      return ['4242', 4242];
  }
}

describe('toUpperSnake', () => {
  it.each([
    ['enableSelfPreservation', 'ENABLE_SELF_PRESERVATION'],
    ['retentionTimeInMSInDeltaQueue', 'RETENTION_TIME_IN_MS_IN_DELTA_QUEUE'],
    ['evictionIntervalTimerInMs', 'EVICTION_INTERVAL_TIMER_IN_MS'],
    ['myURL', 'MY_URL'],
    ['peer2Nodes', 'PEER2_NODES'],
  ])('%s -> %s', (camel, snake) => expect(toUpperSnake(camel)).toBe(snake));
});

describe('SERVER_ENV_VARIABLES', () => {
  it('has one row per option plus PORT and HOST, with unique variables', () => {
    expect(optionRows.map((r) => r.option).sort()).toEqual(Object.keys(DEFAULT_SERVER_OPTIONS).sort());
    expect(SERVER_ENV_VARIABLES.find((r) => r.variable === 'PORT')).toMatchObject({ option: 'port', default: 8761 });
    expect(SERVER_ENV_VARIABLES.find((r) => r.variable === 'HOST')).toMatchObject({ option: 'host', default: '0.0.0.0' });
    const names = SERVER_ENV_VARIABLES.map((r) => r.variable);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lists the module defaults and a description for each row', () => {
    for (const row of optionRows) expect(row.default).toBe(DEFAULT_SERVER_OPTIONS[row.option]);
    for (const row of SERVER_ENV_VARIABLES) expect(row.description).toMatch(/\S/);
  });

  it.each<[OptionKey, string]>([
    ['enableSelfPreservation', 'EUREKA_SERVER_ENABLE_SELF_PRESERVATION'],
    ['evictionIntervalTimerInMs', 'EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS'],
    ['renewalPercentThreshold', 'EUREKA_SERVER_RENEWAL_PERCENT_THRESHOLD'],
    ['useReadOnlyResponseCache', 'EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE'],
    ['responseCacheUpdateIntervalMs', 'EUREKA_SERVER_RESPONSE_CACHE_UPDATE_INTERVAL_MS'],
    ['responseCacheAutoExpirationInSeconds', 'EUREKA_SERVER_RESPONSE_CACHE_AUTO_EXPIRATION_IN_SECONDS'],
    ['retentionTimeInMSInDeltaQueue', 'EUREKA_SERVER_RETENTION_TIME_IN_MS_IN_DELTA_QUEUE'],
    ['deltaRetentionTimerIntervalInMs', 'EUREKA_SERVER_DELTA_RETENTION_TIMER_INTERVAL_IN_MS'],
    ['expectedNumberOfClientsSendingRenews', 'EUREKA_INSTANCE_REGISTRY_EXPECTED_NUMBER_OF_CLIENTS_SENDING_RENEWS'],
    ['defaultOpenForTrafficCount', 'EUREKA_INSTANCE_REGISTRY_DEFAULT_OPEN_FOR_TRAFFIC_COUNT'],
    ['environment', 'EUREKA_ENVIRONMENT'],
    ['datacenter', 'EUREKA_DATACENTER'],
    ['maxRequestBodyBytes', 'EUREKA_SERVER_MAX_REQUEST_BODY_BYTES'],
    ['peerEurekaNodeUrls', 'EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE'],
    ['myUrl', 'EUREKA_SERVER_MY_URL'],
    ['registrySyncRetryWaitMs', 'EUREKA_SERVER_REGISTRY_SYNC_RETRY_WAIT_MS'],
    ['rateLimiterEnabled', 'EUREKA_SERVER_RATE_LIMITER_ENABLED'],
    ['rateLimiterLogOnly', 'EUREKA_SERVER_RATE_LIMITER_LOG_ONLY'],
    ['rateLimiterThrottleStandardClients', 'EUREKA_SERVER_RATE_LIMITER_THROTTLE_STANDARD_CLIENTS'],
    ['rateLimiterPrivilegedClients', 'EUREKA_SERVER_RATE_LIMITER_PRIVILEGED_CLIENTS'],
    ['rateLimiterBurstSize', 'EUREKA_SERVER_RATE_LIMITER_BURST_SIZE'],
    ['rateLimiterRegistryFetchAverageRate', 'EUREKA_SERVER_RATE_LIMITER_REGISTRY_FETCH_AVERAGE_RATE'],
    ['rateLimiterFullFetchAverageRate', 'EUREKA_SERVER_RATE_LIMITER_FULL_FETCH_AVERAGE_RATE'],
  ])('%s is read from %s', (option, variable) => {
    expect(variableOf(option)).toBe(variable);
  });
});

describe('loadServerEnvConfig', () => {
  it('returns the defaults and no option overrides for an empty environment', () => {
    expect(loadServerEnvConfig({})).toEqual({ port: 8761, host: '0.0.0.0', options: {} });
  });

  it.each(optionRows.map((r) => [r.variable, r.option] as const))('%s sets %s', (variable, option) => {
    const [raw, parsed] = sample(option);
    expect(loadServerEnvConfig({ [variable]: raw }).options).toEqual({ [option]: parsed });
  });

  it('reads every variable at once into options accepted by resolveServerOptions', () => {
    const env = Object.fromEntries(optionRows.map((r) => [r.variable, sample(r.option)[0]]));
    const { options } = loadServerEnvConfig(env);
    expect(Object.keys(options).sort()).toEqual(Object.keys(DEFAULT_SERVER_OPTIONS).sort());
    expect(() => resolveServerOptions(options)).not.toThrow();
  });

  it('treats empty and blank variables as unset', () => {
    const env = Object.fromEntries(SERVER_ENV_VARIABLES.map((r, i) => [r.variable, i % 2 ? '' : '   ']));
    expect(loadServerEnvConfig(env)).toEqual({ port: 8761, host: '0.0.0.0', options: {} });
  });

  it('ignores unrelated variables', () => {
    expect(loadServerEnvConfig({ EUREKA_SERVER_NOT_AN_OPTION: 'x', PATH: '/bin' }).options).toEqual({});
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['TRUE', true],
      ['True', true],
      ['false', false],
      ['FALSE', false],
    ])('%s -> %s', (raw, parsed) => {
      expect(loadServerEnvConfig({ EUREKA_SERVER_ENABLE_SELF_PRESERVATION: raw }).options).toEqual({
        enableSelfPreservation: parsed,
      });
    });

    it.each(['1', '0', 'yes', 'no', 'on', 'truee'])('rejects %s naming the variable', (raw) => {
      expect(() => loadServerEnvConfig({ EUREKA_SERVER_DISABLE_DELTA: raw })).toThrow(
        `EUREKA_SERVER_DISABLE_DELTA="${raw}" must be true or false`,
      );
    });
  });

  describe('integers', () => {
    it('parses decimal digits', () => {
      expect(loadServerEnvConfig({ EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS: '5000' }).options).toEqual({
        evictionIntervalTimerInMs: 5000,
      });
      expect(loadServerEnvConfig({ EUREKA_SERVER_WAIT_TIME_IN_MS_WHEN_SYNC_EMPTY: '0' }).options).toEqual({
        waitTimeInMsWhenSyncEmpty: 0,
      });
    });

    it.each(['1e3', '12abc', '1.5', '0x10', 'abc', '1_000', '12 34', 'Infinity'])(
      'rejects %s naming the variable',
      (raw) => {
        expect(() => loadServerEnvConfig({ EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS: raw })).toThrow(
          `EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS="${raw}" must be an integer > 0`,
        );
      },
    );

    it('applies the option range', () => {
      expect(() => loadServerEnvConfig({ EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS: '0' })).toThrow(
        'EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS="0" must be an integer > 0',
      );
      expect(() =>
        loadServerEnvConfig({ EUREKA_INSTANCE_REGISTRY_DEFAULT_OPEN_FOR_TRAFFIC_COUNT: '-1' }),
      ).toThrow('EUREKA_INSTANCE_REGISTRY_DEFAULT_OPEN_FOR_TRAFFIC_COUNT="-1" must be an integer >= 0');
      expect(() => loadServerEnvConfig({ EUREKA_SERVER_MAX_REQUEST_BODY_BYTES: '99999999999999999999' })).toThrow(
        'EUREKA_SERVER_MAX_REQUEST_BODY_BYTES="99999999999999999999" must be an integer > 0',
      );
    });

    it('accepts a negative value where the option allows it', () => {
      expect(
        loadServerEnvConfig({ EUREKA_SERVER_EXPECTED_CLIENT_RENEWAL_INTERVAL_SECONDS: '-5' }).options,
      ).toEqual({ expectedClientRenewalIntervalSeconds: -5 });
    });
  });

  describe('fractions', () => {
    it.each([
      ['0', 0],
      ['1', 1],
      ['0.5', 0.5],
      ['.75', 0.75],
      ['1.0', 1],
    ])('%s -> %s', (raw, parsed) => {
      expect(loadServerEnvConfig({ EUREKA_SERVER_RENEWAL_PERCENT_THRESHOLD: raw }).options).toEqual({
        renewalPercentThreshold: parsed,
      });
    });

    it.each(['1.5', '-0.1', 'abc', '0.5x', '5e-1', '.', '0,5', 'NaN'])('rejects %s naming the variable', (raw) => {
      expect(() => loadServerEnvConfig({ EUREKA_SERVER_RENEWAL_PERCENT_THRESHOLD: raw })).toThrow(
        `EUREKA_SERVER_RENEWAL_PERCENT_THRESHOLD="${raw}" must be a number between 0 and 1`,
      );
    });
  });

  describe('strings', () => {
    it('passes the value through, trimmed', () => {
      expect(
        loadServerEnvConfig({ EUREKA_DATACENTER: ' dc-1 ', EUREKA_ENVIRONMENT: 'prod' }).options,
      ).toEqual({ datacenter: 'dc-1', environment: 'prod' });
    });
  });

  describe('rate limiter', () => {
    it('reads the rate limiter variables, 0 meaning unlimited for the sizes and rates', () => {
      const env = {
        EUREKA_SERVER_RATE_LIMITER_ENABLED: 'true',
        EUREKA_SERVER_RATE_LIMITER_THROTTLE_STANDARD_CLIENTS: 'TRUE',
        EUREKA_SERVER_RATE_LIMITER_PRIVILEGED_CLIENTS: ' PythonClient,GoClient ',
        EUREKA_SERVER_RATE_LIMITER_BURST_SIZE: '20',
        EUREKA_SERVER_RATE_LIMITER_REGISTRY_FETCH_AVERAGE_RATE: '0',
        EUREKA_SERVER_RATE_LIMITER_FULL_FETCH_AVERAGE_RATE: '50',
      };
      expect(resolveServerOptions(loadServerEnvConfig(env).options)).toMatchObject({
        rateLimiterEnabled: true,
        rateLimiterLogOnly: false,
        rateLimiterThrottleStandardClients: true,
        rateLimiterPrivilegedClients: 'PythonClient,GoClient',
        rateLimiterBurstSize: 20,
        rateLimiterRegistryFetchAverageRate: 0,
        rateLimiterFullFetchAverageRate: 50,
      });
    });

    it('defaults: off, burst 10, 500 and 100 per second, no extra privileged clients', () => {
      const rows = Object.fromEntries(optionRows.filter((r) => r.option.startsWith('rateLimiter')).map((r) => [r.variable, r.default]));
      expect(rows).toEqual({
        EUREKA_SERVER_RATE_LIMITER_ENABLED: false,
        EUREKA_SERVER_RATE_LIMITER_LOG_ONLY: false,
        EUREKA_SERVER_RATE_LIMITER_THROTTLE_STANDARD_CLIENTS: false,
        EUREKA_SERVER_RATE_LIMITER_PRIVILEGED_CLIENTS: '',
        EUREKA_SERVER_RATE_LIMITER_BURST_SIZE: 10,
        EUREKA_SERVER_RATE_LIMITER_REGISTRY_FETCH_AVERAGE_RATE: 500,
        EUREKA_SERVER_RATE_LIMITER_FULL_FETCH_AVERAGE_RATE: 100,
      });
    });

    it.each([
      ['EUREKA_SERVER_RATE_LIMITER_BURST_SIZE', '-1', 'an integer >= 0'],
      ['EUREKA_SERVER_RATE_LIMITER_FULL_FETCH_AVERAGE_RATE', '2.5', 'an integer >= 0'],
      ['EUREKA_SERVER_RATE_LIMITER_ENABLED', 'yes', 'true or false'],
    ])('rejects %s=%s', (variable, raw, expected) => {
      expect(() => loadServerEnvConfig({ [variable]: raw })).toThrow(`${variable}="${raw}" must be ${expected}`);
    });
  });

  describe('PORT and HOST', () => {
    it.each([
      ['0', 0],
      ['80', 80],
      ['65535', 65535],
    ])('PORT=%s', (raw, port) => {
      expect(loadServerEnvConfig({ PORT: raw }).port).toBe(port);
    });

    it.each(['65536', '-1', '80.5', '1e3', 'http', '8761abc'])('rejects PORT=%s', (raw) => {
      expect(() => loadServerEnvConfig({ PORT: raw })).toThrow(
        `PORT="${raw}" must be an integer between 0 and 65535`,
      );
    });

    it('reads HOST', () => {
      expect(loadServerEnvConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    });
  });
});
