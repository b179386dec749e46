import { InstanceInfo } from '@nest-eureka/protocol';
import { LoadBalancingStrategy } from './load-balancing.strategy';

/** A uniformly random instance. */
export class RandomStrategy implements LoadBalancingStrategy {
  constructor(private readonly random: () => number = Math.random) {}

  choose(instances: readonly InstanceInfo[]): InstanceInfo | undefined {
    if (instances.length === 0) return undefined;
    return instances[Math.min(instances.length - 1, Math.floor(this.random() * instances.length))];
  }
}
