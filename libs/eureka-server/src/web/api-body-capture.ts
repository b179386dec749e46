import type { IncomingMessage } from 'node:http';

/**
 * Requests whose bodies our handlers read themselves: registrations, replication batches, and the
 * body-less heartbeat/status/cancel/metadata calls that Spring's transport sends with
 * `Content-Type: application/json` and an empty body. Whole path segments of the path only (not
 * the query string); a global prefix in front is allowed.
 */
const API_BODY_PATH = /^(?:\/[^/?]+)*?\/eureka(?:\/v2)?\/(?:apps|peerreplication)\//;

export function isEurekaBodyPath(url: string | undefined): boolean {
  if (url === undefined) return false;
  const query = url.indexOf('?');
  return API_BODY_PATH.test(query < 0 ? url : url.slice(0, query));
}

/** Marker left on a request whose body was over the limit (the handler answers 413). */
export const BODY_TOO_LARGE = Symbol('eureka:body-too-large');

export interface CapturedRequest extends IncomingMessage {
  rawBody?: Buffer;
  [BODY_TOO_LARGE]?: boolean;
}

/**
 * Reads a request body into `req.rawBody` (at most `limit` bytes; past that the rest is drained
 * and the request marked too large). A fully read request counts as finished, so Express's
 * body parsers skip it.
 */
export function captureBody(req: CapturedRequest, limit: number, done: () => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      req[BODY_TOO_LARGE] = true;
      chunks.length = 0;
      return;
    }
    if (!req[BODY_TOO_LARGE]) chunks.push(chunk);
  });
  req.once('end', () => {
    req.rawBody = req[BODY_TOO_LARGE] ? Buffer.alloc(0) : Buffer.concat(chunks);
    done();
  });
  req.once('error', () => done());
}
