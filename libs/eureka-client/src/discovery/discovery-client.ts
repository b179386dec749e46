import { Inject, Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { Application, InstanceInfo } from '@nest-eureka/protocol';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { resolveInstanceZone } from '../transport/instance-zone.resolver';
import { ApplicationsChangedEvent } from './applications-changed.event';
import { ApplicationsChangedNotifier } from './applications-changed.notifier';
import { LoadBalancingStrategy } from './load-balancing.strategy';
import { RegistryCache } from './registry-cache';
import { RoundRobinStrategy } from './round-robin.strategy';

/**
 * Read side of the client: the fetched registry as callers see it (UP instances only when
 * `filterOnlyUpInstances`), lookups by application (case-insensitive), VIP and instance id, a
 * pluggable load-balancing `choose`, and change events. Every lookup is a map read.
 */
@Injectable()
export class DiscoveryClient {
  /** Emits after a fetch changed any application. Completes on shutdown. */
  readonly applicationsChanged$: Observable<ApplicationsChangedEvent>;
  /** This instance's zone (what `ZonePreferenceStrategy` prefers). */
  readonly zone: string;
  private strategy: LoadBalancingStrategy = new RoundRobinStrategy();

  constructor(
    private readonly cache: RegistryCache,
    notifier: ApplicationsChangedNotifier,
    @Inject(EUREKA_CLIENT_OPTIONS) options: Pick<EurekaClientOptions, 'metadataMap' | 'availabilityZones' | 'region'>,
  ) {
    this.applicationsChanged$ = notifier.events$;
    this.zone = resolveInstanceZone(options);
  }

  /** Applications with their visible instances; applications without any are left out when filtering. */
  getApplications(): Application[] {
    return this.cache.view.visibleApplications.map((app) => ({ name: app.name, instances: [...app.instances] }));
  }

  /** Visible instances of an application, by name in any case; empty when unknown. */
  getInstancesByAppId(app: string): InstanceInfo[] {
    return [...this.cache.view.instancesOfApp(app, true)];
  }

  /** Visible instances whose (secure) VIP address list contains `vip`, case-insensitive. */
  getInstancesByVipAddress(vip: string, secure = false): InstanceInfo[] {
    return [...this.cache.view.instancesOfVip(vip, secure, true)];
  }

  /** The instance with this id, whatever its status (an explicit lookup is not filtered). */
  getInstance(id: string): InstanceInfo | undefined {
    return this.cache.view.instanceById(id);
  }

  /** Whether the registry holds this application at all (any status). */
  hasApplication(app: string): boolean {
    return this.cache.view.hasApplication(app);
  }

  /** One visible instance of `app` picked by the current strategy; undefined when there is none. */
  choose(app: string): InstanceInfo | undefined {
    const instances = this.cache.view.instancesOfApp(app, true);
    if (instances.length === 0) return undefined;
    return this.strategy.choose(instances, { app: app.toUpperCase(), zone: this.zone });
  }

  setStrategy(strategy: LoadBalancingStrategy): void {
    this.strategy = strategy;
  }

  getStrategy(): LoadBalancingStrategy {
    return this.strategy;
  }
}
