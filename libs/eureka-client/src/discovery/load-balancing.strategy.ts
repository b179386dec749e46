import { InstanceInfo } from '@nest-eureka/protocol';

/** What a strategy knows besides the candidates. */
export interface LoadBalancingContext {
  /** Upper-case application name being called. */
  app: string;
  /** Zone of this (the calling) instance. */
  zone: string;
}

/** Picks one instance among the visible instances of an application (never called with an empty list). */
export interface LoadBalancingStrategy {
  choose(instances: readonly InstanceInfo[], context: LoadBalancingContext): InstanceInfo | undefined;
}
