import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { AdapterName, RunningServer, startServer } from './support/start-server';

/**
 * Soak: concurrent clients register, renew, cancel and fetch against one in-process server, with
 * ~10% malformed requests, for a bounded time. At the end the registry holds exactly the instances
 * the clients' model says (no lost, no phantom), and the heap has not grown beyond a generous bound.
 */
const DURATION_MS = Number(process.env.SOAK_MS ?? 8000);
const WARMUP_MS = 1000;
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 32);
const ADAPTER = (process.env.SOAK_ADAPTER ?? 'fastify') as AdapterName;
const MALFORMED_SHARE = 0.1;
/**
 * Heap growth allowed between the post-warm-up sample and the end. Without `--expose-gc` the samples
 * include garbage not yet collected (Express leaves ~90 MiB of it in 8 s; with gc its growth is ~4 MiB),
 * so the bound is generous; run `node --expose-gc node_modules/.bin/jest` for the tight one.
 */
const HEAP_GROWTH_BOUND = ((globalThis as { gc?: unknown }).gc ? 32 : 192) * 1024 * 1024;
const APP = 'SOAK';

type Outcome = 'ok' | 'expected4xx' | 'unexpected4xx' | '5xx' | 'network';

interface Tally {
  requests: number;
  byOutcome: Record<Outcome, number>;
  byKind: Record<string, number>;
  unexpected: string[];
}

const MALFORMED: Array<(server: RunningServer, id: string) => Promise<number>> = [
  (s) => http('POST', `${s.eureka}/apps/${APP}`, { headers: JSON_HEADERS, body: '{"instance": {"hostName":' }).then((r) => r.status),
  (s, id) => http('POST', `${s.eureka}/apps/OTHER`, { headers: JSON_HEADERS, body: jsonRegistration({ app: APP, id }) }).then((r) => r.status),
  (s, id) => http('POST', `${s.eureka}/apps/${APP}`, { headers: { 'content-type': 'text/plain' }, body: jsonRegistration({ app: APP, id }) }).then((r) => r.status),
  (s, id) => http('PUT', `${s.eureka}/apps/${APP}/${id}?lastDirtyTimestamp=abc`).then((r) => r.status),
  (s, id) => http('PUT', `${s.eureka}/apps/${APP}/${id}/status?value=BOGUS`).then((r) => r.status),
  (s) => http('POST', `${s.eureka}/peerreplication/batch`, { headers: JSON_HEADERS, body: '[1,2' }).then((r) => r.status),
];

async function client(server: RunningServer, index: number, deadline: number, owned: Set<string>, tally: Tally): Promise<void> {
  let next = 0;
  let seed = index * 7919 + 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const record = (kind: string, outcome: Outcome, detail?: string) => {
    tally.requests++;
    tally.byOutcome[outcome]++;
    tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
    if (detail && tally.unexpected.length < 20) tally.unexpected.push(detail);
  };
  const classify = (status: number, expectOk: boolean): Outcome =>
    status >= 500 ? '5xx' : status >= 200 && status < 300 ? (expectOk ? 'ok' : 'unexpected4xx') : expectOk ? 'unexpected4xx' : 'expected4xx';

  while (Date.now() < deadline) {
    const ids = [...owned];
    const pick = ids.length ? ids[Math.floor(random() * ids.length)] : undefined;
    const dice = random();
    try {
      if (dice < MALFORMED_SHARE) {
        const bad = MALFORMED[Math.floor(random() * MALFORMED.length)];
        const status = await bad(server, pick ?? `soak-${index}-x`);
        const outcome = classify(status, false);
        record('malformed', outcome, outcome === 'expected4xx' ? undefined : `malformed -> ${status}`);
      } else if (dice < 0.35 || !pick) {
        const id = `soak-${index}-${next++ % 8}`;
        const res = await http('POST', `${server.eureka}/apps/${APP}`, { headers: JSON_HEADERS, body: jsonRegistration({ app: APP, id }) });
        const outcome = classify(res.status, true);
        if (outcome === 'ok') owned.add(id);
        record('register', outcome, outcome === 'ok' ? undefined : `register ${id} -> ${res.status}`);
      } else if (dice < 0.65) {
        const res = await http('PUT', `${server.eureka}/apps/${APP}/${pick}`);
        const outcome = classify(res.status, true);
        record('renew', outcome, outcome === 'ok' ? undefined : `renew ${pick} -> ${res.status}`);
      } else if (dice < 0.8) {
        const res = await http('DELETE', `${server.eureka}/apps/${APP}/${pick}`);
        const outcome = classify(res.status, true);
        if (outcome === 'ok') owned.delete(pick);
        record('cancel', outcome, outcome === 'ok' ? undefined : `cancel ${pick} -> ${res.status}`);
      } else {
        const res = await http('GET', `${server.eureka}/apps`, { headers: { accept: 'application/json' } });
        const outcome = classify(res.status, true);
        record('fetch', outcome, outcome === 'ok' ? undefined : `fetch -> ${res.status}`);
      }
    } catch (error) {
      record('network', 'network', (error as Error).message);
    }
  }
}

/** Heap in use; collected first when the process runs with `--expose-gc` (jest normally does not). */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function heapMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

describe(`soak on ${ADAPTER}`, () => {
  jest.setTimeout(DURATION_MS + WARMUP_MS + 30_000);

  it(`${CLIENTS} concurrent clients for ${DURATION_MS} ms with ~10% malformed requests: no lost or phantom instance, bounded heap`, async () => {
    const server = await startServer(ADAPTER);
    try {
      const tally: Tally = { requests: 0, byOutcome: { ok: 0, expected4xx: 0, unexpected4xx: 0, '5xx': 0, network: 0 }, byKind: {}, unexpected: [] };
      const owned = Array.from({ length: CLIENTS }, () => new Set<string>());

      // Warm-up: the same traffic, so JIT, caches and connection pools are in place before the first sample.
      const warmupEnd = Date.now() + WARMUP_MS;
      await Promise.all(owned.map((set, k) => client(server, k, warmupEnd, set, tally)));
      const heapStart = heapUsed();

      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(process.memoryUsage().heapUsed), 250);
      const deadline = Date.now() + DURATION_MS;
      try {
        await Promise.all(owned.map((set, k) => client(server, k + CLIENTS, deadline, set, tally)));
      } finally {
        clearInterval(sampler);
      }
      const heapEnd = heapUsed();
      const heapPeak = Math.max(heapStart, heapEnd, ...samples);

      const doc = JSON.parse((await http('GET', `${server.eureka}/apps/${APP}`, { headers: { accept: 'application/json' } })).text || '{}');
      const live = new Set<string>((doc.application?.instance ?? []).map((i: { instanceId: string }) => i.instanceId));
      const expected = new Set(owned.flatMap((s) => [...s]));
      const lost = [...expected].filter((id) => !live.has(id));
      const phantom = [...live].filter((id) => !expected.has(id));

      process.stdout.write(
        `soak[${ADAPTER}]: ${tally.requests} requests (${JSON.stringify(tally.byKind)}), outcomes ${JSON.stringify(tally.byOutcome)}, ` +
          `${expected.size} instances expected, lost ${lost.length}, phantom ${phantom.length}; heap start ${heapMb(heapStart)}, ` +
          `end ${heapMb(heapEnd)}, peak ${heapMb(heapPeak)}${(globalThis as { gc?: unknown }).gc ? ' (after gc)' : ' (no gc)'}\n`,
      );
      expect(tally.unexpected).toEqual([]);
      expect(tally.byOutcome['5xx']).toBe(0);
      expect(tally.byOutcome.network).toBe(0);
      expect(tally.byOutcome.expected4xx).toBeGreaterThan(0);
      expect(lost).toEqual([]);
      expect(phantom).toEqual([]);
      expect(server.registry.size).toBe(expected.size);
      expect(heapEnd - heapStart).toBeLessThan(HEAP_GROWTH_BOUND);
    } finally {
      await server.close();
    }
  });
});
