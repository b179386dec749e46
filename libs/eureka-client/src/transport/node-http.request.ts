import { Agent as HttpAgent, ClientRequest, IncomingHttpHeaders, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';
import { gunzip } from 'node:zlib';

/** Largest response body accepted (after gunzip), so a hostile server cannot exhaust memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export type TransportFailureKind = 'connect' | 'timeout' | 'network' | 'aborted' | 'too-large' | 'encoding';

/** A request that got no usable HTTP answer. `message` never contains credentials (none are in URLs here). */
export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL without credentials. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  connectTimeoutMs: number;
  /** Budget for the whole exchange once connected (TLS, request, response headers and body). */
  readTimeoutMs: number;
  agents?: { http: HttpAgent; https: HttpsAgent };
  /** Called with the request as soon as it exists, so the owner can abort it on shutdown. */
  track?: (req: ClientRequest) => () => void;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Body, gunzipped when the server said `Content-Encoding: gzip`. */
  body: Buffer;
}

function gunzipBounded(body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: MAX_RESPONSE_BYTES }, (error, out) => (error ? reject(error) : resolve(out)));
  });
}

function asFailure(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const kind: TransportFailureKind = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EAI_AGAIN' ? 'connect' : 'network';
  return new TransportFailure(kind, err?.message || String(error), code);
}

/**
 * One HTTP exchange with `node:http`/`node:https`: connect timeout, then a deadline for the rest
 * of the exchange; gunzips `Content-Encoding: gzip`; never resolves with a partial body.
 */
export function sendRawRequest(req: RawRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const secure = req.url.startsWith('https:');
    const send = secure ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body, 'utf8'));

    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    let readTimer: NodeJS.Timeout | undefined;
    // Safety net in case no socket is ever assigned: the whole exchange within both budgets.
    const overallTimer = setTimeout(
      () => client.destroy(new TransportFailure('timeout', `no response within ${req.connectTimeoutMs + req.readTimeoutMs} ms`, 'ETIMEDOUT')),
      req.connectTimeoutMs + req.readTimeoutMs,
    );
    let untrack: (() => void) | undefined;
    const finish = (error: unknown, response?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      clearTimeout(overallTimer);
      untrack?.();
      if (error !== undefined) reject(asFailure(error));
      else resolve(response as RawResponse);
    };
    const startReadTimer = () => {
      if (readTimer !== undefined || settled) return;
      readTimer = setTimeout(
        () => client.destroy(new TransportFailure('timeout', `no complete response within ${req.readTimeoutMs} ms`, 'ETIMEDOUT')),
        req.readTimeoutMs,
      );
    };

    const agent = req.agents ? (secure ? req.agents.https : req.agents.http) : undefined;
    const client = send(req.url, { method: req.method, headers, agent }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          client.destroy(new TransportFailure('too-large', `response larger than ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => finish(error));
      res.on('close', () => {
        if (!res.complete) finish(new TransportFailure('network', 'connection closed before the response was complete', 'ECONNRESET'));
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const response = { status: res.statusCode ?? 0, headers: res.headers };
        const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
        if (encoding === 'gzip' || encoding === 'x-gzip') {
          gunzipBounded(body).then(
            (plain) => finish(undefined, { ...response, body: plain }),
            (error: Error) => finish(new TransportFailure('encoding', `cannot gunzip the response: ${error.message}`)),
          );
        } else {
          finish(undefined, { ...response, body });
        }
      });
    });
    untrack = req.track?.(client);
    client.on('error', (error) => finish(error));
    client.on('socket', (socket: Socket) => {
      if (socket.connecting) {
        connectTimer = setTimeout(
          () => client.destroy(new TransportFailure('timeout', `connect timed out after ${req.connectTimeoutMs} ms`, 'ETIMEDOUT')),
          req.connectTimeoutMs,
        );
        socket.once('connect', () => {
          clearTimeout(connectTimer);
          startReadTimer();
        });
      } else {
        startReadTimer();
      }
    });
    client.end(req.body);
  });
}
