import { Principal } from './resolve-auth-options';

interface Verified {
  header: string;
  principal: Principal;
}

/**
 * The last verified `Authorization` header of each connection, so a keep-alive client that sends
 * the same header with every heartbeat costs one string comparison, no hash and no allocation.
 * Comparing with `===` is safe here: the stored header came from this same connection and was
 * verified, so its timing tells the sender nothing it did not send itself. Entries go with their
 * socket (a WeakMap).
 */
export class ConnectionCredentials {
  private readonly bySocket = new WeakMap<object, Verified>();

  lookup(socket: object | undefined, header: string): Principal | undefined {
    if (socket === undefined) return undefined;
    const entry = this.bySocket.get(socket);
    return entry !== undefined && entry.header === header ? entry.principal : undefined;
  }

  remember(socket: object | undefined, header: string, principal: Principal): void {
    if (socket === undefined) return;
    const entry = this.bySocket.get(socket);
    if (entry === undefined) this.bySocket.set(socket, { header, principal });
    else {
      entry.header = header;
      entry.principal = principal;
    }
  }
}

/** The Node socket of an Express or Fastify request. */
export function socketOf(req: unknown): object | undefined {
  const r = req as { socket?: object; raw?: { socket?: object } };
  return r.socket ?? r.raw?.socket;
}
