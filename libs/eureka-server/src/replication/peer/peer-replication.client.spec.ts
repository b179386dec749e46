import { gunzipSync } from 'node:zlib';
import { decodeReplicationList } from '@nest-eureka/protocol';
import { PeerReplicationClient, PeerReplicationClientOptions } from './peer-replication.client';
import { parsePeerServiceUrl } from './peer-service-url.parser';
import { StubPeer, cancel, closedPort, heartbeat, sleep, startStubPeer } from './testing/stub-peer.testing';

const OPTIONS: PeerReplicationClientOptions = { connectTimeoutMs: 1000, readTimeoutMs: 5000, compress: false, maxSockets: 4 };

describe('PeerReplicationClient', () => {
  let stub: StubPeer;
  const clients: PeerReplicationClient[] = [];
  const clientFor = (url: string, options: Partial<PeerReplicationClientOptions> = {}) => {
    const client = new PeerReplicationClient(parsePeerServiceUrl(url), { ...OPTIONS, ...options });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    stub = await startStubPeer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.abortAll();
    await stub.close();
  });

  it('POSTs the batch to {serviceUrl}peerreplication/batch/ with the reference headers and no replication header', async () => {
    const outcome = await clientFor(stub.url).send([heartbeat('a'), cancel('b')]);
    expect(outcome).toEqual({ kind: 'success', status: 200, responses: [{ statusCode: 200 }, { statusCode: 200 }] });
    const [req] = stub.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/eureka/peerreplication/batch/');
    expect(req.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'discoveryidentity-name': 'DefaultServer',
      'discoveryidentity-version': '1.0',
    });
    expect(req.headers['x-netflix-discovery-replication']).toBeUndefined();
    expect(req.headers['content-encoding']).toBeUndefined();
    expect(req.headers.authorization).toBeUndefined();
    expect(req.items).toEqual([heartbeat('a'), cancel('b')]);
  });

  it('gzips the body with Content-Encoding: gzip when compression is enabled', async () => {
    await clientFor(stub.url, { compress: true }).send([heartbeat('a')]);
    const [req] = stub.requests;
    expect(req.headers['content-encoding']).toBe('gzip');
    expect(decodeReplicationList(gunzipSync(req.rawBody).toString('utf8'))).toEqual([heartbeat('a')]);
  });

  it('gunzips a gzipped answer', async () => {
    stub.handler = (req) => ({ gzip: true, responses: req.items.map(() => ({ statusCode: 404 })) });
    expect(await clientFor(stub.url).send([heartbeat('a')])).toMatchObject({ kind: 'success', responses: [{ statusCode: 404 }] });
  });

  it('sends basic auth from the URL credentials and never puts them in an error', async () => {
    const url = stub.url.replace('http://', 'http://admin:s3cr%40t@');
    stub.handler = () => ({ status: 500 });
    const outcome = await clientFor(url).send([heartbeat('a')]);
    expect(stub.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('admin:s3cr@t').toString('base64')}`);
    expect(outcome).toEqual({ kind: 'rejected', status: 500, error: `HTTP 500 from ${stub.url}peerreplication/batch/` });
  });

  it('classifies 503 as congestion and other non-2xx as rejected', async () => {
    stub.handler = () => ({ status: 503 });
    expect(await clientFor(stub.url).send([heartbeat('a')])).toMatchObject({ kind: 'congestion', status: 503 });
    stub.handler = () => ({ status: 400 });
    expect(await clientFor(stub.url).send([heartbeat('a')])).toMatchObject({ kind: 'rejected', status: 400 });
  });

  it('classifies an undecodable 2xx body as rejected', async () => {
    stub.handler = () => ({ status: 200, body: '{"responseList": "nope"}' });
    expect(await clientFor(stub.url).send([heartbeat('a')])).toMatchObject({ kind: 'rejected', status: 200, error: expect.stringContaining('undecodable') });
  });

  it('classifies a read time-out as congestion', async () => {
    stub.handler = () => ({ delayMs: 400, responses: [{ statusCode: 200 }] });
    const outcome = await clientFor(stub.url, { readTimeoutMs: 80 }).send([heartbeat('a')]);
    expect(outcome).toMatchObject({ kind: 'congestion', error: expect.stringContaining('read timed out after 80 ms') });
  });

  it('classifies a refused connection as a network error', async () => {
    const port = await closedPort();
    const url = `http://user:pw-secret@127.0.0.1:${port}/eureka/`;
    const outcome = await clientFor(url).send([heartbeat('a')]);
    expect(outcome).toMatchObject({ kind: 'network', error: expect.stringContaining('ECONNREFUSED') });
    expect(JSON.stringify(outcome)).not.toContain('pw-secret');
  });

  it('aborts calls in flight on abortAll, and answers later calls with aborted', async () => {
    stub.handler = () => ({ delayMs: 2000, responses: [{ statusCode: 200 }] });
    const client = clientFor(stub.url);
    const pending = client.send([heartbeat('a')]);
    await sleep(50);
    client.abortAll();
    expect(await pending).toEqual({ kind: 'aborted' });
    expect(await client.send([heartbeat('b')])).toEqual({ kind: 'aborted' });
  });
});
