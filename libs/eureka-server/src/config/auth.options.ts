/**
 * What a principal may do. Each request to the server belongs to one route group, and each
 * group needs one role:
 * - `read`: registry reads under `/eureka` (`GET apps`, delta, VIPs, instances, `status`);
 * - `write`: client writes under `/eureka` (register, heartbeat, cancel, status, metadata);
 * - `replicate`: peer traffic (`peerreplication/**`, and writes carrying
 *   `x-netflix-discovery-replication: true`); also grants `read`, which a peer's start-up sync needs;
 * - `dashboard`: the dashboard's pages, JSON and assets. Its actions (out of service, deregister)
 *   need `dashboard` and `write`.
 */
export type EurekaRole = 'read' | 'write' | 'replicate' | 'dashboard';

export const EUREKA_ROLES: readonly EurekaRole[] = Object.freeze(['read', 'write', 'replicate', 'dashboard']);

/** A user for HTTP basic authentication. */
export interface EurekaAuthUser {
  username: string;
  /**
   * The password, plain or hashed: `{bcrypt}$2a$...` (Spring's encoded form), `{scrypt}...`
   * (from `npm run hash-password`), `{noop}plain` or `plain`.
   */
  password: string;
  /** Default: every role. */
  roles?: EurekaRole[];
}

/** A bearer token (`Authorization: Bearer <token>`). */
export interface EurekaAuthToken {
  /** Shown in logs and on 403s instead of the token. */
  name: string;
  /** The token, plain, or `{sha256}<hex digest>` of it. */
  token: string;
  /** Default: every role. */
  roles?: EurekaRole[];
}

/**
 * Authentication of the server's routes. Off unless `auth` is given with at least one user or
 * token; then every route group needs credentials, except the roles listed in `anonymous`.
 */
export interface EurekaServerAuthOptions {
  users?: EurekaAuthUser[];
  tokens?: EurekaAuthToken[];
  /** Roles granted without credentials, e.g. `['read']` for open fetches. Default none. */
  anonymous?: EurekaRole[];
  /** Realm of the `WWW-Authenticate` challenge. Default `eureka`. */
  realm?: string;
}
