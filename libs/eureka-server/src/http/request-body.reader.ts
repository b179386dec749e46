import { PayloadTooLargeException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { BODY_TOO_LARGE } from './api-body-capture';

/** What the body reader needs of an Express or Fastify request. */
export interface BodyCarrier {
  rawBody?: unknown;
  body?: unknown;
  [BODY_TOO_LARGE]?: boolean;
  /** Fastify keeps the Node request here. */
  raw?: IncomingMessage;
}

/**
 * The request body as bytes, whichever adapter and body parser ran before us: the raw body Nest
 * keeps with `rawBody: true`, a Buffer our content-type parser left, or the unread stream
 * (Express with XML). A body parsed as JSON without `rawBody` is re-serialised (lossless for
 * everything the decoder reads). Over `limit` bytes -> 413.
 */
export async function readRequestBody(req: BodyCarrier & Partial<IncomingMessage>, limit: number): Promise<Buffer> {
  if (req[BODY_TOO_LARGE] || (req.raw as BodyCarrier | undefined)?.[BODY_TOO_LARGE]) throw tooLarge(limit);
  const body = pickParsedBody(req);
  if (body) {
    if (body.length > limit) throw tooLarge(limit);
    return body;
  }
  const stream = (req.raw ?? req) as IncomingMessage;
  if (stream.readableEnded || typeof stream.on !== 'function') return Buffer.alloc(0);
  return readStream(stream, limit);
}

function pickParsedBody(req: BodyCarrier): Buffer | undefined {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
  if (Buffer.isBuffer(req.body)) return req.body;
  if (typeof req.body === 'string') return Buffer.from(req.body, 'utf8');
  if (req.body !== null && typeof req.body === 'object' && Object.keys(req.body).length > 0) {
    return Buffer.from(JSON.stringify(req.body), 'utf8');
  }
  return undefined;
}

function readStream(stream: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.off('data', onData);
        stream.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`request body exceeds ${limit} bytes (maxRequestBodyBytes)`);
}
