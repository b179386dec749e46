import { InstanceInfo } from '@nest-eureka/protocol';
import { LoadBalancingContext, LoadBalancingStrategy } from './load-balancing.strategy';

/** Each call takes the next instance, one counter per application (the default strategy). */
export class RoundRobinStrategy implements LoadBalancingStrategy {
  private readonly counters = new Map<string, number>();

  choose(instances: readonly InstanceInfo[], context: Pick<LoadBalancingContext, 'app'>): InstanceInfo | undefined {
    if (instances.length === 0) return undefined;
    const next = this.counters.get(context.app) ?? 0;
    this.counters.set(context.app, (next + 1) % Number.MAX_SAFE_INTEGER);
    return instances[next % instances.length];
  }
}
