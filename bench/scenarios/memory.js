'use strict';
/**
 * Scenario 5: memory per registered instance at 10k and 100k instances, measured in-process on
 * the built `InstanceRegistry` + `ResponseCache` (not an HTTP figure) with `--expose-gc`: see
 * `bench/registry-probe.js`.
 */
const { bytes, num } = require('../lib/common');
const { runProbe } = require('../lib/probe');

const TARGET_BYTES = 2048;

async function run(ctx) {
  const counts = ctx.quick ? [10_000] : [10_000, 100_000];
  const results = [];
  for (const count of counts) {
    const r = await runProbe(['memory', String(count)]);
    ctx.log(`  memory ${num(count)}: registry heap ${bytes(r.registryHeap / count)}/instance, caches ${bytes(r.cacheHeap + r.cacheExternal)}, re-encodes ${r.reencoded}`);
    results.push(r);
  }
  const rows = results.map((r) => [
    num(r.count),
    `**${num(r.registryHeap / r.count)} B**`,
    `${num(r.registryRss / r.count)} B`,
    `${bytes(r.cacheHeap)} heap + ${bytes(r.cacheExternal)} buffers`,
    `JSON ${bytes(r.sizes['apps/json'].body)} (gzip ${bytes(r.sizes['apps/json'].gzip)}), XML ${bytes(r.sizes['apps/xml'].body)} (gzip ${bytes(r.sizes['apps/xml'].gzip)})`,
    `${bytes(r.totalHeap)} heap, ${bytes(r.totalRss)} RSS`,
    `${num(r.deltaQueueHeap / r.count)} B`,
  ]);
  const at = results[results.length - 1];
  const perInstance = at.registryHeap / at.count;
  return {
    id: 'memory',
    title: '5. Memory per registered instance (in-process, caches warm)',
    setup:
      'Measured in one `node --expose-gc` process per size on the built `InstanceRegistry` and `ResponseCache` (not over HTTP): every instance ' +
      'goes through the server\'s registration path (JSON codec, normalisation, validation, `register`) with a realistic Spring Cloud body ' +
      '(two metadata entries, three URLs); heap after full GCs, the delta queue drained as in the steady state (registrations older than 3 min). ' +
      'Then the caches are warmed: full registry and delta, JSON and XML, each with its gzip.',
    columns: ['instances', 'heap per instance (registry, caches excluded)', 'RSS growth per instance (registry)', 'warm caches',
      'full registry payloads', 'process total (caches warm)', 'delta queue, while it holds every instance'],
    rows,
    notes: [
      `At ${num(at.count)}: ${num(perInstance)} B of heap per instance (target <= ${num(TARGET_BYTES)} B: ${perInstance <= TARGET_BYTES ? 'met' : 'missed'}); ` +
        `total with warm caches ${bytes(at.totalHeap)} heap + ${bytes(at.cacheExternal)} of payload buffers, RSS ${bytes(at.totalRss)}.`,
      `No fetch re-encodes a cached registry: ${num(at.reads)} cached reads plus a read-only refresh generated ${at.reencoded} payloads ` +
        `(a cached read takes ${at.readUs.toFixed(2)} µs in-process); encoding happens once per change: ` +
        Object.entries(at.encodeMs).map(([k, v]) => `${k} ${v} ms`).join(', ') + ` at ${num(at.count)}.`,
    ],
    figures: { perInstance, target: TARGET_BYTES, pass: perInstance <= TARGET_BYTES, results },
  };
}

module.exports = { run };
