import { Inject, Injectable } from '@nestjs/common';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { DiscoveryClient } from '../discovery/discovery-client';
import { RegistryFetcher } from '../discovery/registry-fetcher';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { EurekaRegistration } from '../registration/eureka-registration';

/** How many renewal (or fetch) intervals without success make the indicator DOWN. */
export const STALE_AFTER_INTERVALS = 3;

/**
 * What `EurekaHealthIndicator.isHealthy` answers: Terminus's `HealthIndicatorResult` shape
 * (`{ eureka: { status: 'up' | 'down', ... } }`), written here so the client needs no Terminus.
 */
export type EurekaHealthIndicatorResult<Key extends string = 'eureka'> = Record<Key, { status: 'up' | 'down'; [field: string]: unknown }>;

/**
 * Health indicator of this application's membership of Eureka, for Terminus 11 or 12:
 * `health.check([() => eurekaHealth.isHealthy()])` (Terminus counts a `down` result as a failure).
 *
 * DOWN when registration is on and nothing (heartbeat or registration) succeeded for
 * `heartbeatThresholdMs` = 3 x `leaseRenewalIntervalInSeconds` (counted from the start of
 * registration before the first success), or when fetching is on and no fetch succeeded for
 * `fetchThresholdMs` = 3 x `registryFetchIntervalSeconds` (counted from start before the first).
 * Ages are in ms, null when there was no success yet; the instance's status is reported as
 * `instanceStatus` (`status` is Terminus's own key).
 */
@Injectable()
export class EurekaHealthIndicator {
  private readonly createdAt = Date.now();

  constructor(
    private readonly registration: EurekaRegistration,
    private readonly fetcher: RegistryFetcher,
    private readonly discovery: DiscoveryClient,
    @Inject(EUREKA_CLIENT_OPTIONS) private readonly options: EurekaClientOptions,
  ) {}

  async isHealthy<const Key extends string = 'eureka'>(key: Key = 'eureka' as Key): Promise<EurekaHealthIndicatorResult<Key>> {
    const now = Date.now();
    const registration = this.registration;
    const heartbeatThresholdMs = Math.round(STALE_AFTER_INTERVALS * this.options.leaseRenewalIntervalInSeconds * 1000);
    const fetchThresholdMs = Math.round(STALE_AFTER_INTERVALS * this.options.registryFetchIntervalSeconds * 1000);

    const lastContact = latest(registration.lastSuccessfulHeartbeatAt, registration.lastRegistrationAt);
    const lastFetch = this.fetcher.lastSuccessfulFetchAt;
    const problems: string[] = [];
    if (registration.enabled) {
      const since = lastContact ?? registration.startedAt;
      if (since !== undefined && now - since > heartbeatThresholdMs) {
        problems.push(`no successful heartbeat or registration for ${now - since} ms (heartbeatThresholdMs ${heartbeatThresholdMs})`);
      }
    }
    if (this.options.fetchRegistry) {
      const since = lastFetch ?? this.createdAt;
      if (now - since > fetchThresholdMs) {
        problems.push(`no successful registry fetch for ${now - since} ms (fetchThresholdMs ${fetchThresholdMs})`);
      }
    }

    const data = {
      registrationEnabled: registration.enabled,
      registered: registration.registered,
      instanceId: registration.instanceId ?? null,
      instanceStatus: registration.status,
      lastHeartbeatAgeMs: lastContact === undefined ? null : now - lastContact,
      heartbeatFailures: registration.heartbeatFailures,
      heartbeatThresholdMs,
      fetchEnabled: this.options.fetchRegistry,
      lastFetchAgeMs: lastFetch === undefined ? null : now - lastFetch,
      fetchThresholdMs,
      applications: this.discovery.getApplications().length,
    };
    const result = problems.length === 0 ? { status: 'up' as const, ...data } : { status: 'down' as const, ...data, message: problems.join('; ') };
    const out = {} as EurekaHealthIndicatorResult<Key>;
    out[key] = result;
    return out;
  }
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
