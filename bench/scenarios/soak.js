'use strict';
/**
 * Scenario 8: soak. Runs the hostile soak test (`test/hostile-soak.e2e-spec.ts`) for minutes instead
 * of CI's seconds, in a `node --expose-gc` jest process so heap figures are taken after a
 * collection: concurrent clients register, renew, cancel and fetch against one server with ~10%
 * malformed requests; at the end the registry must hold exactly the instances the clients' model
 * says, and the heap must not have grown (the test fails otherwise, and so does this scenario).
 */
const path = require('node:path');
const { ROOT, num } = require('../lib/common');
const { startProcess, stop } = require('../lib/processes');

/** The test's warm-up (same traffic, counted in its totals), before the measured time. */
const WARMUP_MS = 1000;
const LINE = /^soak\[(\w+)\]: (\d+) requests \((\{[^)]*\})\), outcomes (\{[^}]*\}), (\d+) instances expected, lost (\d+), phantom (\d+); heap start ([\d.]+ MiB), end ([\d.]+ MiB), peak ([\d.]+ MiB)(.*)$/m;

async function soak(ctx, adapter, durationMs, clients) {
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  const env = { SOAK_MS: String(durationMs), SOAK_ADAPTER: adapter, SOAK_CLIENTS: String(clients) };
  const child = startProcess(`soak-${adapter}`, jest, {
    env,
    nodeArgs: ['--expose-gc'],
    args: [path.join('test', 'hostile-soak.e2e-spec.ts'), '--runInBand', '--selectProjects', 'e2e', '--coverage=false'],
  });
  let out = '';
  child.proc.stdout.on('data', (s) => (out += s));
  const timer = setTimeout(() => stop(child), durationMs + 120_000);
  await child.exit;
  clearTimeout(timer);
  const m = LINE.exec(out);
  if (child.code !== 0 || !m) throw new Error(`soak on ${adapter} failed (code ${child.code}, signal ${child.signal}):\n${out.slice(-3000)}\n${child.log}`);
  const [, , requests, byKind, outcomes, expected, lost, phantom, heapStart, heapEnd, heapPeak] = m;
  const seconds = (durationMs + WARMUP_MS) / 1000;
  ctx.log(`  soak ${adapter}: ${requests} requests in ${seconds} s, lost ${lost}, phantom ${phantom}, heap ${heapStart} -> ${heapEnd}`);
  const o = JSON.parse(outcomes);
  return {
    row: [adapter, `1 s warm-up + ${durationMs / 1000} s, ${clients} clients`, num(Number(requests)), num(Number(requests) / seconds),
      Object.entries(JSON.parse(byKind)).map(([k, v]) => `${k} ${num(v)}`).join(', '),
      `ok ${num(o.ok)}, expected 4xx ${num(o.expected4xx)}, unexpected 4xx ${o.unexpected4xx}, 5xx ${o['5xx']}, network ${o.network}`,
      expected, `${lost} / ${phantom}`, `${heapStart} / ${heapEnd} / ${heapPeak}`],
    figures: { adapter, durationMs, clients, requests: Number(requests), byKind: JSON.parse(byKind), outcomes: o, lost: Number(lost), phantom: Number(phantom), heapStart, heapEnd, heapPeak },
  };
}

async function run(ctx) {
  const runs = ctx.quick ? [['fastify', 2000]] : [['fastify', 90_000], ['express', 90_000]];
  const clients = 32;
  const results = [];
  for (const [adapter, ms] of runs) results.push(await soak(ctx, adapter, ms, clients));
  return {
    id: 'soak',
    title: '8. Soak: concurrent clients with malformed requests mixed in',
    setup:
      `\`SOAK_MS=<ms> SOAK_ADAPTER=<adapter> SOAK_CLIENTS=${clients} node --expose-gc node_modules/jest/bin/jest.js test/hostile-soak.e2e-spec.ts\`: ` +
      `one server in the jest process, ${clients} concurrent clients (one request at a time each) registering (8 ids each), ` +
      'renewing, cancelling and fetching the registry, with ~10% malformed requests (truncated JSON, wrong app in the body, wrong media ' +
      'type, bad lastDirtyTimestamp, bad status, broken replication batch); 1 s warm-up first. Heap after a forced collection at the start ' +
      'and end of the measured time; the test fails on any 5xx, network error, unexpected answer, lost or phantom instance, or heap growth over 32 MiB.',
    columns: ['adapter', 'run', 'requests (warm-up included)', 'req/s', 'by kind', 'outcomes', 'instances at the end', 'lost / phantom', 'heap start / end / peak'],
    rows: results.map((r) => r.row),
    notes: [],
    figures: { runs: results.map((r) => r.figures) },
  };
}

module.exports = { run };
