import { InstanceInfo } from '@nest-eureka/protocol';
import { LoadBalancingContext, LoadBalancingStrategy } from './load-balancing.strategy';
import { RoundRobinStrategy } from './round-robin.strategy';

/**
 * Instances whose `metadata.zone` equals this instance's zone, round robin; all instances (round
 * robin) when none is in the zone (Spring's zone-preference rule).
 */
export class ZonePreferenceStrategy implements LoadBalancingStrategy {
  private readonly roundRobin = new RoundRobinStrategy();

  choose(instances: readonly InstanceInfo[], context: LoadBalancingContext): InstanceInfo | undefined {
    const sameZone = instances.filter((info) => info.metadata?.zone === context.zone);
    if (sameZone.length > 0) return this.roundRobin.choose(sameZone, { app: `${context.app}\u0000zone` });
    return this.roundRobin.choose(instances, { app: context.app });
  }
}
