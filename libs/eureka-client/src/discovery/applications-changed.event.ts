import { Application } from '@nest-eureka/protocol';

/** Emitted after a registry fetch changed something. */
export interface ApplicationsChangedEvent {
  /** Upper-case names of the applications whose instances changed (added, removed or modified). */
  apps: string[];
  /** The caller view after the change (UP instances only when `filterOnlyUpInstances`). */
  applications: Application[];
}
