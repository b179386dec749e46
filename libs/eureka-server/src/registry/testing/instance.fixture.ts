import { InstanceInfo } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { ManualClock } from '../../clock/clock';
import { DEFAULT_SERVER_OPTIONS, EurekaServerOptions } from '../../config/eureka-server.options';
import { InstanceRegistry } from '../instance-registry';

/** A registration as a client would send it, for registry specs. */
export function instance(app: string, id: string, overrides: Partial<InstanceInfo> = {}): InstanceInfo {
  return sampleInstance({
    instanceId: id,
    hostName: `${id}.local`,
    app,
    leaseInfo: {
      renewalIntervalInSecs: 30,
      durationInSecs: 90,
      registrationTimestamp: 0,
      lastRenewalTimestamp: 0,
      evictionTimestamp: 0,
      serviceUpTimestamp: 0,
    },
    vipAddress: app.toLowerCase(),
    secureVipAddress: app.toLowerCase(),
    lastUpdatedTimestamp: 1,
    lastDirtyTimestamp: 1_000,
    ...overrides,
  });
}

export function newRegistry(options: Partial<EurekaServerOptions> = {}): { registry: InstanceRegistry; clock: ManualClock } {
  const clock = new ManualClock();
  const registry = new InstanceRegistry({ ...DEFAULT_SERVER_OPTIONS, ...options }, clock);
  registry.openForTraffic(0);
  return { registry, clock };
}
