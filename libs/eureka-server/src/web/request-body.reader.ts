import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
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

/**
 * The body as the client meant it. `Content-Encoding: gzip` (the reference's server inflates gzip
 * request bodies, and Java clients may compress) is inflated off the main thread to at most `limit`
 * bytes: more -> 413, not gzip -> 400; any other coding but `identity` -> 415.
 */
export async function decodeContentEncoding(body: Buffer, contentEncoding: unknown, limit: number): Promise<Buffer> {
  const coding = typeof contentEncoding === 'string' ? contentEncoding.trim().toLowerCase() : '';
  if (coding === '' || coding === 'identity') return body;
  if (coding !== 'gzip' && coding !== 'x-gzip') {
    throw new UnsupportedMediaTypeException(`Content-Encoding ${JSON.stringify(contentEncoding)} is not supported: send gzip or no Content-Encoding`);
  }
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: limit }, (error, inflated) => {
      if (!error) return resolve(inflated);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return reject(tooLarge(limit, ' after gunzip'));
      reject(new BadRequestException(`Content-Encoding is gzip but the body is not valid gzip (${error.message})`));
    });
  });
}

function tooLarge(limit: number, when = ''): PayloadTooLargeException {
  return new PayloadTooLargeException(`request body exceeds ${limit} bytes${when} (maxRequestBodyBytes)`);
}
