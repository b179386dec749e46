import { Agent as HttpAgent, ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  ReplicationInstance,
  ReplicationInstanceResponse,
  decodeReplicationListResponse,
  encodeReplicationList,
} from '@nest-eureka/protocol';
import { PeerServiceUrl, scrubCredentials } from './peer-service-url.parser';

const gzipAsync = promisify(gzip);

/** Largest batch response accepted (after gunzip); 250 items with full 409 entities are far below. */
export const MAX_BATCH_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * How one batch call ended (spec §12.2), decided here so the node only schedules:
 * - `success`: 2xx with a decodable `responseList`;
 * - `congestion`: 503, or the read time-out — re-queue, pause 1000 ms;
 * - `network`: connection refused/reset, connect time-out, any socket error — re-queue, pause 100 ms;
 * - `rejected`: any other status, an undecodable 2xx body, or any other failure — drop the batch;
 * - `aborted`: `abortAll()` was called (shutdown) — nothing to do.
 */
export type PeerBatchOutcome =
  | { kind: 'success'; status: number; responses: ReplicationInstanceResponse[] }
  | { kind: 'congestion'; status?: number; error: string }
  | { kind: 'network'; error: string }
  | { kind: 'rejected'; status?: number; error: string }
  | { kind: 'aborted' };

export interface PeerReplicationClientOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  compress: boolean;
  /** Sockets kept per peer: the batch concurrency. */
  maxSockets: number;
}

type FailureKind = 'connect-timeout' | 'read-timeout' | 'aborted' | 'too-large';

class ExchangeFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

interface RawAnswer {
  status: number;
  body: Buffer;
  gzipped: boolean;
}

/**
 * Sends replication batches to one peer: `POST {serviceUrl}peerreplication/batch/` over
 * `node:http`/`node:https` with keep-alive sockets, connect and read time-outs, optional gzip of
 * the body, gunzip of the answer, and basic auth from the URL. `send` never rejects; error texts
 * never contain credentials.
 */
export class PeerReplicationClient {
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly active = new Set<ClientRequest>();
  private closed = false;

  constructor(
    private readonly target: PeerServiceUrl,
    private readonly options: PeerReplicationClientOptions,
  ) {
    const agentOptions = { keepAlive: true, maxSockets: Math.max(1, options.maxSockets) };
    this.agent = target.batchUrl.startsWith('https:') ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  }

  async send(items: readonly ReplicationInstance[]): Promise<PeerBatchOutcome> {
    if (this.closed) return { kind: 'aborted' };
    let body: Buffer;
    try {
      const json = Buffer.from(encodeReplicationList(items), 'utf8');
      body = this.options.compress ? await gzipAsync(json) : json;
    } catch (error) {
      return { kind: 'rejected', error: `cannot encode the batch: ${this.describe(error)}` };
    }
    if (this.closed) return { kind: 'aborted' };
    let answer: RawAnswer;
    try {
      answer = await this.exchange(body);
    } catch (error) {
      return this.classifyFailure(error);
    }
    return this.classifyAnswer(answer);
  }

  /** Aborts every request in flight and closes the sockets; later `send` calls resolve `aborted`. */
  abortAll(): void {
    if (this.closed) return;
    this.closed = true;
    for (const req of this.active) req.destroy(new ExchangeFailure('aborted', 'shut down'));
    this.active.clear();
    this.agent.destroy();
  }

  private async classifyAnswer(answer: RawAnswer): Promise<PeerBatchOutcome> {
    const { status } = answer;
    if (status === 503) return { kind: 'congestion', status, error: `HTTP 503 from ${this.target.batchUrl}` };
    if (status < 200 || status > 299) return { kind: 'rejected', status, error: `HTTP ${status} from ${this.target.batchUrl}` };
    try {
      const body = answer.gzipped ? await gunzipBounded(answer.body) : answer.body;
      return { kind: 'success', status, responses: decodeReplicationListResponse(body.toString('utf8')) };
    } catch (error) {
      return { kind: 'rejected', status, error: `undecodable HTTP ${status} answer from ${this.target.batchUrl}: ${this.describe(error)}` };
    }
  }

  private classifyFailure(error: unknown): PeerBatchOutcome {
    const where = this.target.batchUrl;
    if (this.closed) return { kind: 'aborted' };
    if (error instanceof ExchangeFailure) {
      switch (error.kind) {
        case 'aborted':
          return { kind: 'aborted' };
        case 'read-timeout':
          return { kind: 'congestion', error: `${error.message} from ${where}` };
        case 'connect-timeout':
          return { kind: 'network', error: `${error.message} to ${where}` };
        case 'too-large':
          return { kind: 'rejected', error: `${error.message} from ${where}` };
      }
    }
    const code = (error as NodeJS.ErrnoException)?.code;
    // Everything the socket layer reports is an IOException in the reference: transient.
    if (typeof code === 'string') return { kind: 'network', error: `${code} ${where}: ${this.describe(error)}` };
    return { kind: 'rejected', error: `${where}: ${this.describe(error)}` };
  }

  private describe(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    return scrubCredentials(text);
  }

  /** One POST: connect time-out until the socket connects, then the read time-out for the rest. */
  private exchange(body: Buffer): Promise<RawAnswer> {
    const { connectTimeoutMs, readTimeoutMs, compress } = this.options;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Accept-Encoding': 'gzip',
      'DiscoveryIdentity-Name': 'DefaultServer',
      'DiscoveryIdentity-Version': '1.0',
      'Content-Length': String(body.length),
    };
    if (compress) headers['Content-Encoding'] = 'gzip';
    if (this.target.authorization) headers.Authorization = this.target.authorization;
    const send = this.target.batchUrl.startsWith('https:') ? httpsRequest : httpRequest;

    return new Promise<RawAnswer>((resolve, reject) => {
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      let readTimer: NodeJS.Timeout | undefined;
      const fail = (kind: FailureKind, message: string) => () => client.destroy(new ExchangeFailure(kind, message));
      // Safety net should no socket ever be assigned.
      const overallTimer = unref(setTimeout(fail('read-timeout', `no answer within ${connectTimeoutMs + readTimeoutMs} ms`), connectTimeoutMs + readTimeoutMs));
      const finish = (error: unknown, answer?: RawAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(readTimer);
        clearTimeout(overallTimer);
        this.active.delete(client);
        if (error !== undefined) reject(error);
        else resolve(answer as RawAnswer);
      };
      const startReadTimer = () => {
        if (readTimer === undefined && !settled) {
          readTimer = unref(setTimeout(fail('read-timeout', `read timed out after ${readTimeoutMs} ms`), readTimeoutMs));
        }
      };

      const client = send(this.target.batchUrl, { method: 'POST', headers, agent: this.agent }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BATCH_RESPONSE_BYTES) client.destroy(new ExchangeFailure('too-large', `answer larger than ${MAX_BATCH_RESPONSE_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', (error) => finish(error));
        res.on('close', () => {
          if (!res.complete) finish(Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' }));
        });
        res.on('end', () => {
          const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
          finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks), gzipped: encoding === 'gzip' || encoding === 'x-gzip' });
        });
      });
      this.active.add(client);
      client.on('error', (error) => finish(error));
      client.on('socket', (socket: Socket) => {
        if (socket.connecting) {
          connectTimer = unref(setTimeout(fail('connect-timeout', `connect timed out after ${connectTimeoutMs} ms`), connectTimeoutMs));
          socket.once('connect', () => {
            clearTimeout(connectTimer);
            startReadTimer();
          });
        } else {
          startReadTimer();
        }
      });
      client.end(body);
    });
  }
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}

function gunzipBounded(body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: MAX_BATCH_RESPONSE_BYTES }, (error, out) => (error ? reject(error) : resolve(out)));
  });
}
