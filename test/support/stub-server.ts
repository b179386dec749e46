import { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** Test support: one request as a stub server saw it. */
export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type StubHandler = (req: StubRequest, res: ServerResponse) => unknown;

export interface StubServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: StubRequest[];
  /** Replaceable at any time. */
  handler: StubHandler;
  close(): Promise<void>;
}

/**
 * Test support: a plain `node:http` server on 127.0.0.1 and a free port that records every
 * request and answers with `handler` (default: 404). `close()` drops open connections too.
 */
export async function startStubServer(handler: StubHandler = (_req, res) => res.writeHead(404).end()): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const stub = { handler } as StubServer;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: StubRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      Promise.resolve()
        .then(() => stub.handler(seen, res))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stub.url = `http://127.0.0.1:${port}`;
  stub.port = port;
  stub.requests = requests;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

/** Test support: `http://127.0.0.1:<port>` of a port that was free a moment ago and is now closed. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
