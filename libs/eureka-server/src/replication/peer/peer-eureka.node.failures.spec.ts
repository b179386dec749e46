import { SystemClock } from '../../clock/clock';
import { PeerEurekaNode, PeerNodeHandlers } from './peer-eureka.node';
import { PeerNodeOptions } from './peer-node.options';
import {
  CapturedLog,
  StubPeer,
  StubReply,
  answerAllOk,
  captureLogs,
  closedPort,
  farFuture,
  heartbeat,
  sleep,
  startStubPeer,
  testNodeOptions,
  waitFor,
} from './testing/stub-peer.testing';

describe('PeerEurekaNode: failures, back-off, bounds and shutdown', () => {
  const nodes: PeerEurekaNode[] = [];
  const stubs: StubPeer[] = [];
  let logs: CapturedLog[];
  const handlers: PeerNodeHandlers = { onHeartbeatNotFound: () => undefined, onHeartbeatConflict: () => undefined };

  const nodeFor = (url: string, options: Partial<PeerNodeOptions> = {}) => {
    const node = new PeerEurekaNode(url, testNodeOptions(options), handlers, new SystemClock());
    nodes.push(node);
    return node;
  };
  const stubWith = async (handler?: Parameters<typeof startStubPeer>[0], port?: number) => {
    const stub = await startStubPeer(handler, port);
    stubs.push(stub);
    return stub;
  };
  /** Answers the first `n` calls with `reply`, then all 200. */
  const firstCalls = (n: number, reply: StubReply) => {
    let calls = 0;
    return (req: Parameters<typeof answerAllOk>[0]) => (++calls <= n ? reply : answerAllOk(req));
  };

  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) node.shutdown();
    for (const stub of stubs.splice(0)) await stub.close();
    jest.restoreAllMocks();
  });

  it('re-queues the whole batch on 503, pauses 1000 ms, then delivers', async () => {
    const stub = await stubWith(firstCalls(1, { status: 503 }));
    const node = nodeFor(stub.url);
    node.enqueue(heartbeat('a'), farFuture());
    node.enqueue(heartbeat('b'), farFuture());
    await waitFor(() => node.stats().retried === 1, 2000, 'the 503');
    const failedAt = Date.now();
    expect(node.stats()).toMatchObject({ queued: 2, reachable: false, backoffMs: 1000, lastError: expect.stringContaining('HTTP 503') });
    await node.drain(3000);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(900);
    expect(stub.requests.map((r) => r.items.map((i) => i.id))).toEqual([['a', 'b'], ['a', 'b']]);
    expect(node.stats()).toMatchObject({ retried: 1, failed: 0, sentBatches: 1, sentItems: 2, reachable: true, backoffMs: 0 });
    expect(logs.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', message: expect.stringContaining('congested') }]);
    expect(logs.filter((l) => l.level === 'log')).toEqual([{ level: 'log', message: expect.stringContaining('recovered') }]);
  });

  it('treats a read time-out as congestion', async () => {
    const stub = await stubWith(firstCalls(1, { delayMs: 500, responses: [{ statusCode: 200 }] }));
    const node = nodeFor(stub.url, { peerNodeReadTimeoutMs: 80 });
    node.enqueue(heartbeat('a'), farFuture());
    await waitFor(() => node.stats().retried === 1, 2000, 'the time-out');
    expect(node.stats()).toMatchObject({ backoffMs: 1000, lastError: expect.stringContaining('read timed out') });
    await node.drain(3000);
    expect(node.stats()).toMatchObject({ sentItems: 1, reachable: true });
  });

  it('does not re-queue a task that a newer one with the same id replaced while it was in flight', async () => {
    const stub = await stubWith(firstCalls(1, { status: 503, delayMs: 100 }));
    const node = nodeFor(stub.url);
    node.enqueue(heartbeat('a', { lastDirtyTimestamp: 1 }), farFuture());
    node.enqueue(heartbeat('b', { lastDirtyTimestamp: 1 }), farFuture());
    await waitFor(() => stub.requests.length === 1, 2000, 'the first call');
    node.enqueue(heartbeat('a', { lastDirtyTimestamp: 2 }), farFuture());
    await node.drain(3000);
    const delivered = stub.requests.slice(1).flatMap((r) => r.items);
    expect(delivered.map((i) => `${i.id}@${i.lastDirtyTimestamp}`).sort()).toEqual(['a@2', 'b@1']);
  });

  it('drops the batch on another non-2xx status, without pausing', async () => {
    const stub = await stubWith(firstCalls(1, { status: 500 }));
    const node = nodeFor(stub.url, { batchSize: 2 });
    node.enqueue(heartbeat('a'), farFuture());
    node.enqueue(heartbeat('b'), farFuture());
    await waitFor(() => node.stats().failed === 2, 2000, 'the 500');
    node.enqueue(heartbeat('c'), farFuture());
    await node.drain(2000);
    expect(stub.requests.map((r) => r.items.map((i) => i.id))).toEqual([['a', 'b'], ['c']]);
    expect(node.stats()).toMatchObject({ failed: 2, retried: 0, sentBatches: 1, backoffMs: 0, lastError: expect.stringContaining('HTTP 500') });
  });

  it('drops the batch when a 2xx body cannot be decoded', async () => {
    const stub = await stubWith(() => ({ status: 200, body: 'not json' }));
    const node = nodeFor(stub.url);
    node.enqueue(heartbeat('a'), farFuture());
    await node.drain(2000);
    expect(stub.requests).toHaveLength(1);
    expect(node.stats()).toMatchObject({ failed: 1, retried: 0, sentBatches: 0, reachable: false, lastError: expect.stringContaining('undecodable') });
  });

  it('retries a network error with a growing pause and recovers when the peer starts listening', async () => {
    const port = await closedPort();
    const node = nodeFor(`http://127.0.0.1:${port}/eureka/`);
    node.enqueue(heartbeat('a'), farFuture());
    const pauses: number[] = [];
    await waitFor(
      () => {
        const { backoffMs } = node.stats();
        if (backoffMs > 0 && pauses[pauses.length - 1] !== backoffMs) pauses.push(backoffMs);
        return pauses.length >= 4;
      },
      4000,
      'four failed attempts',
    );
    expect(pauses).toEqual([100, 200, 400, 800]);
    expect(node.stats()).toMatchObject({ queued: 1, reachable: false, lastError: expect.stringContaining('ECONNREFUSED') });
    const stub = await stubWith(answerAllOk, port);
    await node.drain(5000);
    expect(stub.items().map((i) => i.id)).toEqual(['a']);
    expect(node.stats()).toMatchObject({ reachable: true, backoffMs: 0, sentItems: 1, queued: 0 });
    expect(node.stats().retried).toBeGreaterThanOrEqual(4);
    // one warning when it became unreachable, one line when it recovered: not one per attempt
    expect(logs.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', message: expect.stringContaining('unreachable') }]);
    expect(logs.filter((l) => l.level === 'log')).toEqual([{ level: 'log', message: expect.stringMatching(/recovered after \d+ failed batch call/) }]);
  });

  it('keeps a dead peer bounded: overflow drops the oldest, one probe at a time, few attempts', async () => {
    const port = await closedPort();
    const node = nodeFor(`http://127.0.0.1:${port}/eureka/`, { maxElementsInPeerReplicationPool: 100, batchSize: 10, batchingDelayMs: 0 });
    for (let i = 0; i < 200; i++) node.enqueue(heartbeat(`i-${i}`), farFuture());
    expect(node.stats()).toMatchObject({ queued: 100, highWaterMark: 100, dropped: 100 });
    await waitFor(() => node.stats().retried >= 10, 2000, 'the first wave (10 calls of 10) to fail');
    let maxInFlight = 0;
    const started = Date.now();
    while (Date.now() - started < 600) {
      maxInFlight = Math.max(maxInFlight, node.stats().inFlight);
      for (let i = 200; i < 210; i++) node.enqueue(heartbeat(`i-${i}`), farFuture()); // keeps coming
      await sleep(5);
    }
    const stats = node.stats();
    expect(stats.queued + stats.inFlight * 10).toBeLessThanOrEqual(100);
    expect(stats.highWaterMark).toBeLessThanOrEqual(100);
    expect(stats.dropped).toBeGreaterThanOrEqual(100);
    // the concurrent first wave counts as one failure; then a single probe per (doubling) pause
    expect(maxInFlight).toBeLessThanOrEqual(1);
    expect(stats.retried).toBeLessThanOrEqual(10 + 5);
    expect(stats.backoffMs).toBeGreaterThanOrEqual(400);
    expect(logs.filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it('sends basic auth and keeps the credentials out of displayUrl, stats, errors and logs', async () => {
    const stub = await stubWith(firstCalls(1, { status: 500 }));
    const configured = stub.url.replace('http://', 'http://repl-user:S3cr%40t-pw@').replace(/\/$/, '');
    const node = nodeFor(configured);
    expect(node.serviceUrl).toBe(`${configured}/`);
    expect(node.displayUrl).toBe(stub.url);
    node.enqueue(heartbeat('a'), farFuture());
    await waitFor(() => node.stats().failed === 1, 2000, 'the 500');
    node.enqueue(heartbeat('b'), farFuture());
    await node.drain(2000);
    for (const req of stub.requests) expect(req.headers.authorization).toBe(`Basic ${Buffer.from('repl-user:S3cr@t-pw').toString('base64')}`);

    const port = await closedPort();
    const dead = nodeFor(`http://repl-user:S3cr%40t-pw@127.0.0.1:${port}/eureka/`);
    dead.enqueue(heartbeat('a'), farFuture());
    await waitFor(() => dead.stats().retried >= 2, 2000, 'two failures');
    await expect(dead.drain(20)).rejects.toThrow(/not drained/);
    const seen = JSON.stringify([node.stats(), dead.stats(), dead.displayUrl, logs]);
    expect(seen).toContain('HTTP 500');
    expect(seen).toContain('ECONNREFUSED');
    for (const secret of ['repl-user', 'S3cr', '@127.0.0.1']) expect(seen).not.toContain(secret);
  });

  it('shutdown aborts calls in flight, drops the queue, clears every timer and is idempotent', async () => {
    const stub = await stubWith(() => ({ delayMs: 5000, responses: [{ statusCode: 200 }] }));
    const port = await closedPort();
    const timers = trackTimers();

    const busy = nodeFor(stub.url, { batchingDelayMs: 0, maxThreadsForPeerReplication: 1 });
    busy.enqueue(heartbeat('a'), farFuture());
    await waitFor(() => stub.requests.length === 1, 2000, 'the call');
    busy.enqueue(heartbeat('b'), farFuture()); // stays queued: one call at a time
    await sleep(20);
    expect(busy.stats()).toMatchObject({ queued: 1, inFlight: 1 });
    const drained = busy.drain(10_000);

    const dead = nodeFor(`http://127.0.0.1:${port}/eureka/`);
    dead.enqueue(heartbeat('a'), farFuture());
    await waitFor(() => dead.stats().retried >= 1, 2000, 'a failure'); // a pause timer is armed
    const waiting = nodeFor(stub.url, { batchingDelayMs: 60_000 });
    waiting.enqueue(heartbeat('w'), farFuture()); // a wake-up timer is armed
    expect(timers.pending().length).toBeGreaterThanOrEqual(2);

    for (const node of [busy, dead, waiting]) {
      node.shutdown();
      node.shutdown();
    }
    await expect(drained).resolves.toBeUndefined();
    await sleep(20);
    expect(busy.stats()).toMatchObject({ queued: 0, inFlight: 0, failed: 0, retried: 0 });
    expect(stub.concurrent).toBe(0);
    expect(timers.pending()).toEqual([]);
    busy.enqueue(heartbeat('late'), farFuture());
    expect(busy.stats().queued).toBe(0);
    expect(stub.requests).toHaveLength(1);
  });
});

/** Every `setTimeout` made from now on that has neither fired nor been cleared (by its delay). */
function trackTimers(): { pending(): number[] } {
  const realSet = global.setTimeout;
  const realClear = global.clearTimeout;
  const pending = new Map<unknown, number>();
  jest.spyOn(global, 'setTimeout').mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = realSet(
      (...callArgs: unknown[]) => {
        pending.delete(handle);
        callback(...callArgs);
      },
      ms,
      ...args,
    );
    pending.set(handle, ms ?? 0);
    return handle;
  }) as typeof setTimeout);
  jest.spyOn(global, 'clearTimeout').mockImplementation((handle?: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(handle);
    realClear(handle);
  });
  return { pending: () => [...pending.values()] };
}
