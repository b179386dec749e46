'use strict';
/**
 * Scenario 6: one eviction pass at 100k instances with 15% expired, measured in-process on the
 * built `InstanceRegistry` (with the response cache subscribed, caches warm): see
 * `bench/registry-probe.js`.
 */
const { ms, num, summarize } = require('../lib/common');
const { runProbe } = require('../lib/probe');

const TARGET_MS = 50;

async function run(ctx) {
  const count = ctx.quick ? 10_000 : 100_000;
  const passes = ctx.quick ? 1 : 4;
  const r = await runProbe(['eviction', String(count), String(passes)]);
  const evict = summarize(r.passes.map((p) => p.evictMs));
  const scan = summarize(r.passes.map((p) => p.scanMs));
  const first = r.passes[0].evictMs;
  const later = summarize(r.passes.slice(1).map((p) => p.evictMs));
  ctx.log(`  eviction ${num(count)}: passes ${r.passes.map((p) => p.evictMs.toFixed(1)).join(', ')} ms; scans ${r.passes.map((p) => p.scanMs.toFixed(1)).join(', ')} ms`);
  const rows = [
    [num(count), `${num(r.passes[0].evicted)} (15%)`, 'first pass in the process', `**${ms(first)}**`],
  ];
  if (r.passes.length > 1) rows.push([num(count), `${num(r.passes[0].evicted)} (15%)`, `passes 2-${r.passes.length}: median / max`, `**${ms(later.p50)}** / ${ms(later.max)}`]);
  rows.push([num(count), '0', `nothing expired (the steady-state pass), median / max of ${r.passes.length}`, `${ms(scan.p50)} / ${ms(scan.max)}`]);
  return {
    id: 'eviction',
    title: `6. Eviction pass (${num(count)} instances, 15% expired)`,
    setup:
      `In-process on the built \`InstanceRegistry\` (not HTTP), one \`node --expose-gc\` process: per pass a fresh registry of ${num(count)} instances ` +
      `registered through the server's path, the response cache subscribed and warm; 85% renew, the clock moves on so the other 15% are expired, ` +
      `then one \`evict()\` is timed (after a full GC and a 100 ms pause that lets its background sweeping finish). Self-preservation is off for the pass (with it on, the renewal threshold decides whether ` +
      `to evict at all); the 15% equals the default eviction cap, so every expired lease goes. The first pass runs before V8 has optimised the removal path.`,
    columns: ['instances', 'evicted', 'pass', 'time'],
    rows,
    notes: [`Target < ${TARGET_MS} ms: ${evict.max < TARGET_MS ? 'met on every pass' : evict.p50 < TARGET_MS ? 'met at the median, not on every pass' : 'missed'}.`],
    figures: { count, first, median: evict.p50, max: evict.max, scanMedian: scan.p50, target: TARGET_MS, pass: evict.p50 < TARGET_MS, passes: r.passes },
  };
}

module.exports = { run };
