/**
 * Writes bytes straight to the adapter's response (Fastify reply or Express response), so the
 * cached payloads go out as they are: no serializer, no interceptor, no copy.
 */
export interface RawResponse {
  code?: (status: number) => RawResponse;
  status?: (status: number) => RawResponse;
  header?: (name: string, value: string) => RawResponse;
  setHeader?: (name: string, value: string) => unknown;
  send?: (body?: unknown) => unknown;
  end?: (body?: unknown) => unknown;
  raw?: unknown;
}

type Headers = Readonly<Record<string, string>>;

const NO_HEADERS: Headers = Object.freeze({});

function isFastifyReply(res: RawResponse): boolean {
  return res.raw !== undefined && typeof res.code === 'function';
}

export function sendRaw(res: RawResponse, status: number, headers: Headers = NO_HEADERS, body?: Buffer | string): void {
  if (isFastifyReply(res)) {
    res.code!(status);
    for (const name in headers) res.header!(name, headers[name]);
    res.send!(body ?? '');
    return;
  }
  res.status!(status);
  for (const name in headers) res.setHeader!(name, headers[name]);
  if (body !== undefined && !headers['content-length']) {
    res.setHeader!('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
  }
  res.end!(body);
}

export function sendEmpty(res: RawResponse, status: number): void {
  sendRaw(res, status, NO_HEADERS);
}

export const TEXT_PLAIN: Headers = Object.freeze({ 'content-type': 'text/plain' });

/** Sets one header on a Fastify reply or an Express response, before the body is sent. */
export function setResponseHeader(res: RawResponse, name: string, value: string): void {
  if (isFastifyReply(res)) res.header!(name, value);
  else res.setHeader!(name, value);
}
