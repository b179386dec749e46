import { gunzipSync } from 'node:zlib';
import { InstanceInfo, decodeReplicationList } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { Clock, ManualClock, SystemClock } from '../../clock/clock';
import { PeerEurekaNode, PeerNodeHandlers } from './peer-eureka.node';
import { PeerNodeOptions, REFERENCE_BATCHING } from './peer-node.options';
import {
  StubPeer,
  answerAllOk,
  CapturedLog,
  captureLogs,
  cancel,
  farFuture,
  heartbeat,
  sleep,
  startStubPeer,
  statusUpdate,
  testNodeOptions,
  waitFor,
} from './testing/stub-peer.testing';

describe('PeerEurekaNode: batching and per-item results', () => {
  let stub: StubPeer;
  const nodes: PeerEurekaNode[] = [];
  let handlers: jest.Mocked<PeerNodeHandlers>;
  let logs: CapturedLog[];

  const nodeFor = (options: Partial<PeerNodeOptions> = {}, clock: Clock = new SystemClock(), url = stub.url) => {
    const node = new PeerEurekaNode(url, testNodeOptions(options), handlers, clock);
    nodes.push(node);
    return node;
  };

  beforeEach(async () => {
    stub = await startStubPeer();
    handlers = { onHeartbeatNotFound: jest.fn(), onHeartbeatConflict: jest.fn() };
    logs = captureLogs();
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) node.shutdown();
    await stub.close();
    jest.restoreAllMocks();
  });

  it('uses the reference batching by default', () => {
    expect(REFERENCE_BATCHING).toEqual({ batchSize: 250, batchingDelayMs: 500 });
  });

  it('normalises the service URL and exposes a display URL', () => {
    const node = nodeFor({}, new SystemClock(), 'http://127.0.0.1:1/eureka');
    expect(node.serviceUrl).toBe('http://127.0.0.1:1/eureka/');
    expect(node.displayUrl).toBe('http://127.0.0.1:1/eureka/');
    expect(node.stats()).toMatchObject({ url: 'http://127.0.0.1:1/eureka/', reachable: false, queued: 0, inFlight: 0 });
  });

  it('cuts a batch as soon as batchSize tasks are queued, without waiting for the delay', async () => {
    const node = nodeFor({ batchSize: 5, batchingDelayMs: 60_000 });
    for (let i = 0; i < 12; i++) node.enqueue(heartbeat(`i-${i}`), farFuture());
    await waitFor(() => node.stats().sentBatches === 2, 2000, 'two full batches');
    expect(stub.requests.map((r) => r.items.length)).toEqual([5, 5]);
    expect(stub.items().map((item) => item.id)).toEqual([...Array(10).keys()].map((i) => `i-${i}`));
    await sleep(50);
    expect(node.stats()).toMatchObject({ queued: 2, sentBatches: 2, sentItems: 10 });
  });

  it('cuts a smaller batch once the oldest task has waited batchingDelayMs (clock time)', async () => {
    const clock = new ManualClock();
    const node = nodeFor({ batchingDelayMs: 30 }, clock);
    node.enqueue(heartbeat('a'), clock.now() + 60_000);
    node.enqueue(cancel('b'), clock.now() + 60_000);
    await sleep(100);
    expect(stub.requests).toHaveLength(0); // the clock has not moved
    clock.advance(30);
    await node.drain(2000);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].items).toEqual([heartbeat('a'), cancel('b')]);
    expect(node.stats()).toMatchObject({ reachable: true, sentBatches: 1, sentItems: 2, lastSuccessAt: clock.now(), queued: 0 });
  });

  it('does not stall when the clock steps back', async () => {
    const clock = new ManualClock();
    const node = nodeFor({ batchingDelayMs: 30 }, clock);
    node.enqueue(heartbeat('a'), clock.now() + 3_600_000);
    clock.advance(-600_000);
    await node.drain(2000);
    expect(stub.items().map((i) => i.id)).toEqual(['a']);
  });

  it('waits batchingDelayMs on the real clock before sending a partial batch', async () => {
    const node = nodeFor({ batchingDelayMs: 80 });
    const start = Date.now();
    node.enqueue(heartbeat('a'), farFuture());
    await sleep(20);
    node.enqueue(heartbeat('b'), farFuture());
    await node.drain(2000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(75);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('replaces a pending task with the same id in place; other actions for the instance are separate tasks', async () => {
    const node = nodeFor({ batchingDelayMs: 40 });
    node.enqueue(heartbeat('a', { lastDirtyTimestamp: 1 }), farFuture());
    node.enqueue(heartbeat('b'), farFuture());
    node.enqueue(statusUpdate('a', 'DOWN'), farFuture());
    node.enqueue(heartbeat('a', { lastDirtyTimestamp: 7, status: 'DOWN' }), farFuture());
    expect(node.stats().queued).toBe(3);
    await node.drain(2000);
    expect(stub.items()).toEqual([heartbeat('a', { lastDirtyTimestamp: 7, status: 'DOWN' }), heartbeat('b'), statusUpdate('a', 'DOWN')]);
  });

  it('drops tasks that expired before their batch was cut, and counts them', async () => {
    const clock = new ManualClock();
    const node = nodeFor({ batchingDelayMs: 20 }, clock);
    node.enqueue(cancel('short'), clock.now() + 100);
    node.enqueue(cancel('long'), clock.now() + 10_000);
    clock.advance(500);
    await node.drain(2000);
    expect(stub.items().map((i) => i.id)).toEqual(['long']);
    expect(node.stats()).toMatchObject({ expired: 1, sentItems: 1, failed: 0 });
  });

  it('hands heartbeat 404 and 409 (+ decoded peer copy) to the handlers and counts other failed items', async () => {
    const peerCopy: InstanceInfo = sampleInstance({ instanceId: 'b', hostName: 'b.internal', lastDirtyTimestamp: 99, overriddenStatus: 'OUT_OF_SERVICE' });
    stub.handler = (req) => ({
      responses: req.items.map((item) => {
        if (item.id === 'a') return { statusCode: 404 };
        if (item.id === 'b') return { statusCode: 409, responseEntity: peerCopy };
        if (item.id === 'd') return { statusCode: 404 };
        if (item.id === 'e') return { statusCode: 500 };
        return { statusCode: 200 };
      }),
    });
    const node = nodeFor();
    for (const item of [heartbeat('a'), heartbeat('b'), heartbeat('c'), cancel('d'), statusUpdate('e', 'UP')]) node.enqueue(item, farFuture());
    await node.drain(2000);
    expect(handlers.onHeartbeatNotFound).toHaveBeenCalledTimes(1);
    expect(handlers.onHeartbeatNotFound).toHaveBeenCalledWith(node, 'ORDERS', 'a');
    expect(handlers.onHeartbeatConflict).toHaveBeenCalledTimes(1);
    const [calledNode, app, id, copy] = handlers.onHeartbeatConflict.mock.calls[0];
    expect([calledNode, app, id]).toEqual([node, 'ORDERS', 'b']);
    expect(copy).toMatchObject({ instanceId: 'b', hostName: 'b.internal', lastDirtyTimestamp: 99, overriddenStatus: 'OUT_OF_SERVICE', app: 'ORDERS' });
    expect(node.stats()).toMatchObject({ sentBatches: 1, sentItems: 5, failed: 2, retried: 0, reachable: true });
    expect(logs).toEqual([
      { level: 'warn', message: expect.stringContaining('2 item(s) failed at the peer, e.g. Cancel#ORDERS/d -> 404, StatusUpdate#ORDERS/e -> 500') },
    ]);
  });

  it('warns about failed items at most once per minute (clock time), with the count since the last warning', async () => {
    stub.handler = (req) => ({ responses: req.items.map(() => ({ statusCode: 500 })) });
    const clock = new ManualClock();
    const node = nodeFor({ batchSize: 1, batchingDelayMs: 0 }, clock);
    for (const id of ['a', 'b', 'c']) node.enqueue(cancel(id), clock.now() + 60_000);
    await node.drain(2000);
    clock.advance(60_000);
    node.enqueue(cancel('d'), clock.now() + 60_000);
    await node.drain(2000);
    expect(node.stats().failed).toBe(4);
    expect(logs.map((l) => l.message)).toEqual([expect.stringContaining(': 1 item(s) failed'), expect.stringContaining(': 3 item(s) failed')]);
  });

  it('sends the Register a 404 handler enqueues in a following batch', async () => {
    stub.handler = (req) => ({ responses: req.items.map((item) => ({ statusCode: item.action === 'Heartbeat' ? 404 : 200 })) });
    handlers.onHeartbeatNotFound.mockImplementation((node, appName, id) =>
      node.enqueue({ appName, id, action: 'Register', lastDirtyTimestamp: 1, instanceInfo: sampleInstance({ instanceId: id }) }, farFuture()),
    );
    const node = nodeFor();
    node.enqueue(heartbeat('a'), farFuture());
    await node.drain(2000);
    expect(stub.requests.map((r) => r.items.map((i) => `${i.action}:${i.id}`))).toEqual([['Heartbeat:a'], ['Register:a']]);
    expect(stub.requests[1].items[0].instanceInfo).toMatchObject({ instanceId: 'a', app: 'ORDERS' });
  });

  it('keeps going when a handler throws', async () => {
    stub.handler = (req) => ({ responses: req.items.map(() => ({ statusCode: 404 })) });
    handlers.onHeartbeatNotFound.mockImplementation(() => {
      throw new Error('boom');
    });
    const node = nodeFor();
    node.enqueue(heartbeat('a'), farFuture());
    node.enqueue(heartbeat('b'), farFuture());
    await node.drain(2000);
    expect(handlers.onHeartbeatNotFound).toHaveBeenCalledTimes(2);
  });

  it('has at most maxThreadsForPeerReplication batch calls in flight', async () => {
    stub.handler = (req) => ({ ...answerAllOk(req), delayMs: 40 });
    const node = nodeFor({ batchSize: 1, batchingDelayMs: 0, maxThreadsForPeerReplication: 3 });
    for (let i = 0; i < 12; i++) node.enqueue(heartbeat(`i-${i}`), farFuture());
    let maxInFlight = 0;
    const poll = setInterval(() => (maxInFlight = Math.max(maxInFlight, node.stats().inFlight)), 2);
    await node.drain(3000);
    clearInterval(poll);
    expect(stub.maxConcurrent).toBe(3);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(node.stats()).toMatchObject({ sentBatches: 12, sentItems: 12, inFlight: 0 });
  });

  it('gzips the batch body when enableReplicatedRequestCompression is set', async () => {
    const node = nodeFor({ enableReplicatedRequestCompression: true });
    node.enqueue(heartbeat('a'), farFuture());
    await node.drain(2000);
    const [req] = stub.requests;
    expect(req.headers['content-encoding']).toBe('gzip');
    expect(decodeReplicationList(gunzipSync(req.rawBody).toString('utf8'))).toEqual([heartbeat('a')]);
  });

  it('drain resolves at once when idle and rejects after its timeout otherwise', async () => {
    const node = nodeFor({ batchingDelayMs: 60_000 });
    await expect(node.drain(10)).resolves.toBeUndefined();
    node.enqueue(heartbeat('a'), farFuture());
    await expect(node.drain(30)).rejects.toThrow(/not drained within 30 ms \(queued 1, in flight 0\)/);
  });
});
