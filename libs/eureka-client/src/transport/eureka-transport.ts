import { Applications, InstanceInfo, InstanceStatus } from '@nest-eureka/protocol';

/**
 * A failed Eureka call after every server was tried. The message names the operation and the
 * server(s) (credentials removed), never a password.
 */
export class EurekaRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly server: string,
    message: string,
    readonly status?: number,
  ) {
    super(`eureka ${operation} at ${server}: ${message}`);
  }
}

export type HeartbeatResult = 'ok' | 'not-found';

/**
 * The client's calls to the Eureka servers (spec §13). One instance per application; it knows
 * the service URLs, tries them in order (same zone first), quarantines one that fails, and fails
 * over within one request timeout. Every call has a timeout.
 */
export abstract class EurekaTransport {
  /** `POST apps/{app}`; resolves on 2xx, rejects with EurekaRequestError otherwise. */
  abstract register(info: InstanceInfo): Promise<void>;
  /** `PUT apps/{app}/{id}?status=&lastDirtyTimestamp=`; 404 -> 'not-found' (re-register). */
  abstract sendHeartbeat(app: string, id: string, status: InstanceStatus, lastDirtyTimestamp: number): Promise<HeartbeatResult>;
  /** `DELETE apps/{app}/{id}`; any HTTP answer counts as done (reference rule). */
  abstract cancel(app: string, id: string): Promise<void>;
  /** `GET apps/` (JSON or XML, gzip accepted). */
  abstract fetchApplications(): Promise<Applications>;
  /** `GET apps/delta`; undefined on 403/404 (the caller falls back to a full fetch). */
  abstract fetchDelta(): Promise<Applications | undefined>;
  /** Base URL (credentials removed) of the server that answered last, if any. */
  abstract readonly currentServer: string | undefined;
}
