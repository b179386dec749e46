import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Agent as HttpAgent, ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Applications, InstanceInfo, InstanceStatus, encodeInstanceJson } from '@nest-eureka/protocol';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { decodeApplicationsResponse } from './applications-response.decoder';
import { scrubCredentials } from './credentials.scrubber';
import { EurekaRequestError, EurekaTransport, HeartbeatResult } from './eureka-transport';
import { resolveInstanceZone } from './instance-zone.resolver';
import { RawResponse, TransportFailure, sendRawRequest } from './node-http.request';
import { ServerQuarantine } from './server.quarantine';
import { ServiceEndpoint, resolveServiceEndpoints } from './service-urls.resolver';

/** Servers tried per call before giving up (reference `RetryableEurekaHttpClient` default). */
export const MAX_SERVERS_PER_CALL = 3;

const is2xx = (status: number) => status >= 200 && status < 300;

interface Call<T> {
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the service URL, e.g. `apps/`. */
  path: string;
  body?: string;
  /** Statuses that end the failover: the server answered for good (spec §13). */
  accepts(status: number): boolean;
  /** Result from an accepted answer; a decoding error fails over, an EurekaRequestError does not. */
  read(response: RawResponse, server: string): T;
}

/** Options the transport reads. */
export type EurekaTransportOptions = Pick<
  EurekaClientOptions,
  | 'serviceUrl'
  | 'availabilityZones'
  | 'region'
  | 'preferSameZoneEureka'
  | 'metadataMap'
  | 'eurekaServerConnectTimeoutSeconds'
  | 'eurekaServerReadTimeoutSeconds'
  | 'serverQuarantineSeconds'
> &
  Partial<Pick<EurekaClientOptions, 'ipAddress'>>;

/**
 * `EurekaTransport` over `node:http`/`node:https` (spec §13): same-zone servers first, up to 3
 * servers per call, failed servers quarantined, headers as the Java client sends them, gzip
 * accepted, JSON or XML decoded by Content-Type. Credentials in service URLs become a Basic
 * Authorization header and never appear in errors or logs.
 */
export class HttpEurekaTransport extends EurekaTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('EurekaClient');
  readonly endpoints: readonly ServiceEndpoint[];
  readonly quarantine: ServerQuarantine;
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 8 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 8 }),
  };
  private readonly inFlight = new Set<ClientRequest>();
  private readonly baseHeaders: Record<string, string>;
  private current: string | undefined;

  constructor(
    private readonly options: EurekaTransportOptions,
    readonly zone: string = resolveInstanceZone(options),
    now: () => number = Date.now,
  ) {
    super();
    this.endpoints = resolveServiceEndpoints(options, zone);
    this.quarantine = new ServerQuarantine(options.serverQuarantineSeconds * 1000, now);
    this.baseHeaders = {
      Accept: 'application/json',
      'Accept-Encoding': 'gzip',
      'DiscoveryIdentity-Name': 'DefaultClient',
      'DiscoveryIdentity-Version': '1.4',
      'User-Agent': 'nest-eureka-client',
    };
    if (options.ipAddress) this.baseHeaders['DiscoveryIdentity-Id'] = options.ipAddress;
  }

  get currentServer(): string | undefined {
    return this.current;
  }

  register(info: InstanceInfo): Promise<void> {
    return this.execute({
      operation: 'register',
      method: 'POST',
      path: `apps/${encodeURIComponent(info.app.toUpperCase())}`,
      body: encodeInstanceJson(info),
      accepts: (status) => is2xx(status) || status === 404,
      read: (response, server) => {
        if (!is2xx(response.status)) throw new EurekaRequestError('register', server, `HTTP ${response.status}`, response.status);
      },
    });
  }

  sendHeartbeat(app: string, id: string, status: InstanceStatus, lastDirtyTimestamp: number): Promise<HeartbeatResult> {
    const query = `status=${encodeURIComponent(status)}&lastDirtyTimestamp=${encodeURIComponent(String(lastDirtyTimestamp))}`;
    return this.execute<HeartbeatResult>({
      operation: 'heartbeat',
      method: 'PUT',
      path: `${this.instancePath(app, id)}?${query}`,
      accepts: (code) => is2xx(code) || code === 404,
      read: (response) => (response.status === 404 ? 'not-found' : 'ok'),
    });
  }

  cancel(app: string, id: string): Promise<void> {
    return this.execute({
      operation: 'cancel',
      method: 'DELETE',
      path: this.instancePath(app, id),
      accepts: () => true,
      read: () => undefined,
    });
  }

  fetchApplications(): Promise<Applications> {
    return this.execute({
      operation: 'fetch registry',
      method: 'GET',
      path: 'apps/',
      accepts: is2xx,
      read: (response) => decodeApplicationsResponse(headerValue(response, 'content-type'), response.body),
    });
  }

  fetchDelta(): Promise<Applications | undefined> {
    return this.execute({
      operation: 'fetch delta',
      method: 'GET',
      path: 'apps/delta',
      accepts: (status) => is2xx(status) || status === 403 || status === 404,
      read: (response) =>
        is2xx(response.status) ? decodeApplicationsResponse(headerValue(response, 'content-type'), response.body) : undefined,
    });
  }

  /** Aborts requests still running and closes idle connections; later calls still work. */
  close(): void {
    for (const req of this.inFlight) req.destroy(new TransportFailure('aborted', 'transport closed'));
    this.inFlight.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  onApplicationShutdown(): void {
    this.close();
  }

  private instancePath(app: string, id: string): string {
    return `apps/${encodeURIComponent(app.toUpperCase())}/${encodeURIComponent(id)}`;
  }

  private async execute<T>(call: Call<T>): Promise<T> {
    const tried: string[] = [];
    let lastMessage = 'no server tried';
    let lastStatus: number | undefined;
    for (const endpoint of this.quarantine.candidates(this.endpoints, MAX_SERVERS_PER_CALL)) {
      tried.push(endpoint.url);
      let response: RawResponse;
      try {
        response = await this.send(endpoint, call);
      } catch (error) {
        lastMessage = scrubCredentials((error as Error).message);
        if (error instanceof TransportFailure && error.kind === 'aborted') break; // closed: no failover
        lastStatus = undefined;
        this.fail(endpoint, call.operation, lastMessage);
        continue;
      }
      if (call.accepts(response.status)) {
        try {
          const result = call.read(response, endpoint.url);
          this.current = endpoint.url;
          this.quarantine.release(endpoint);
          return result;
        } catch (error) {
          if (error instanceof EurekaRequestError) {
            this.current = endpoint.url;
            throw error;
          }
          lastMessage = `unreadable response (HTTP ${response.status}): ${scrubCredentials((error as Error).message)}`;
          lastStatus = response.status;
          this.fail(endpoint, call.operation, lastMessage);
          continue;
        }
      }
      lastMessage = `HTTP ${response.status}${AUTH_HINTS[response.status] ?? ''}`;
      lastStatus = response.status;
      if (response.status >= 500) this.fail(endpoint, call.operation, lastMessage);
      else this.logger.debug(`eureka ${call.operation} at ${endpoint.url}: HTTP ${response.status}, trying the next server`);
    }
    throw new EurekaRequestError(call.operation, tried.join(', '), lastMessage, lastStatus);
  }

  private fail(endpoint: ServiceEndpoint, operation: string, message: string): void {
    if (!this.quarantine.isQuarantined(endpoint)) {
      this.logger.warn(`eureka ${operation} at ${endpoint.url} failed (${message}); skipping that server for a while`);
    }
    this.quarantine.quarantine(endpoint);
  }

  private send(endpoint: ServiceEndpoint, call: Call<unknown>): Promise<RawResponse> {
    const headers: Record<string, string> = { ...this.baseHeaders };
    if (endpoint.authorization) headers.Authorization = endpoint.authorization;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    return sendRawRequest({
      method: call.method,
      url: endpoint.url + call.path,
      headers,
      body: call.body,
      connectTimeoutMs: this.options.eurekaServerConnectTimeoutSeconds * 1000,
      readTimeoutMs: this.options.eurekaServerReadTimeoutSeconds * 1000,
      agents: this.agents,
      track: (req) => {
        this.inFlight.add(req);
        return () => this.inFlight.delete(req);
      },
    });
  }
}

/** What a 401 or 403 from a server with authentication on means for this client. */
const AUTH_HINTS: Readonly<Record<number, string>> = Object.freeze({
  401: ' (the server wants credentials, or refused these: put user:password in the service URL)',
  403: ' (the credentials in the service URL lack the role this request needs)',
});

function headerValue(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
