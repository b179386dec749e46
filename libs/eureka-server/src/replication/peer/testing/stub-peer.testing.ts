import { Logger } from '@nestjs/common';
import { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  InstanceStatus,
  ReplicationInstance,
  ReplicationInstanceResponse,
  decodeReplicationList,
  encodeReplicationListResponse,
} from '@nest-eureka/protocol';
import { PeerNodeOptions } from '../peer-node.options';

/** Test support: one batch call as the stub peer saw it. */
export interface StubBatchRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** As received (gzipped when the sender compressed it). */
  rawBody: Buffer;
  items: ReplicationInstance[];
}

/** A whole-batch status (with an optional raw body), or one answer per item (200 batch). */
export type StubReply =
  | { status: number; body?: string; delayMs?: number }
  | { responses: ReplicationInstanceResponse[]; gzip?: boolean; delayMs?: number };

export type StubPeerHandler = (req: StubBatchRequest) => StubReply | Promise<StubReply>;

export interface StubPeer {
  /** `http://127.0.0.1:<port>/eureka/` */
  url: string;
  port: number;
  requests: StubBatchRequest[];
  /** Replaceable at any time. */
  handler: StubPeerHandler;
  /** Batch calls being answered right now, and the most ever at once. */
  concurrent: number;
  maxConcurrent: number;
  /** Every item received, in order. */
  items(): ReplicationInstance[];
  close(): Promise<void>;
}

export const answerAllOk: StubPeerHandler = (req) => ({ responses: req.items.map(() => ({ statusCode: 200 })) });

/**
 * Test support: a peer on 127.0.0.1 (a free port, or `port`) that decodes each batch with
 * `decodeReplicationList` (gunzipping `Content-Encoding: gzip`) and answers as `handler` says.
 */
export async function startStubPeer(handler: StubPeerHandler = answerAllOk, port = 0): Promise<StubPeer> {
  const requests: StubBatchRequest[] = [];
  const stub = { handler, requests, concurrent: 0, maxConcurrent: 0 } as StubPeer;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    stub.concurrent++;
    stub.maxConcurrent = Math.max(stub.maxConcurrent, stub.concurrent);
    res.on('close', () => stub.concurrent--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let items: ReplicationInstance[];
      try {
        const plain = req.headers['content-encoding'] === 'gzip' ? gunzipSync(rawBody) : rawBody;
        items = decodeReplicationList(plain.toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const seen: StubBatchRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawBody, items };
      requests.push(seen);
      Promise.resolve()
        .then(() => stub.handler(seen))
        .then(async (reply) => {
          if (reply.delayMs) await delayUnlessClosed(reply.delayMs, res);
          if (res.destroyed) return;
          if ('status' in reply) {
            res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(reply.body ?? '');
            return;
          }
          const body = Buffer.from(encodeReplicationListResponse(reply.responses), 'utf8');
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (reply.gzip) headers['Content-Encoding'] = 'gzip';
          res.writeHead(200, headers).end(reply.gzip ? gzipSync(body) : body);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  stub.port = (server.address() as AddressInfo).port;
  stub.url = `http://127.0.0.1:${stub.port}/eureka/`;
  stub.items = () => requests.flatMap((r) => r.items);
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

/** Test support: a port on 127.0.0.1 that was free a moment ago and is now closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits `ms`, or less when the connection closes first (so no timer outlives a closed stub). */
function delayUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 5 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** Options for specs: short batching delay, reference bounds otherwise. */
export function testNodeOptions(overrides: Partial<PeerNodeOptions> = {}): PeerNodeOptions {
  return {
    maxElementsInPeerReplicationPool: 10_000,
    maxThreadsForPeerReplication: 20,
    peerNodeConnectTimeoutMs: 1000,
    peerNodeReadTimeoutMs: 5000,
    enableReplicatedRequestCompression: false,
    batchSize: 250,
    batchingDelayMs: 20,
    ...overrides,
  };
}

export function heartbeat(id: string, extra: Partial<ReplicationInstance> = {}): ReplicationInstance {
  return { appName: 'ORDERS', id, lastDirtyTimestamp: 1, status: 'UP' as InstanceStatus, action: 'Heartbeat', ...extra };
}

export function cancel(id: string): ReplicationInstance {
  return { appName: 'ORDERS', id, action: 'Cancel' };
}

export function statusUpdate(id: string, status: InstanceStatus): ReplicationInstance {
  return { appName: 'ORDERS', id, lastDirtyTimestamp: 1, status, action: 'StatusUpdate' };
}

/** Far enough in the future for any spec (real clock). */
export function farFuture(): number {
  return Date.now() + 3_600_000;
}

export interface CapturedLog {
  level: 'log' | 'warn' | 'debug' | 'error' | 'verbose';
  message: string;
}

/** Test support: silences Nest's `Logger` and records every line (restore with `jest.restoreAllMocks()`). */
export function captureLogs(): CapturedLog[] {
  const lines: CapturedLog[] = [];
  for (const level of ['log', 'warn', 'debug', 'error', 'verbose'] as const) {
    jest.spyOn(Logger.prototype, level).mockImplementation((message: unknown, ..._rest: unknown[]) => {
      lines.push({ level, message: String(message) });
    });
  }
  return lines;
}
