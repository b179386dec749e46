'use strict';
/**
 * Same-run comparison of the server with its baseline (and optional reference servers): every
 * round runs each side once, rotating which goes first; each measured run follows a warm-up run,
 * starts once the machine is quiet (bounded wait), and is repeated once when other processes
 * took more than `MAX_OTHER_CORES` during it. Ratios (side / baseline) are computed per round and
 * the median round is reported, taken over the clean rounds (no run of the round disturbed by
 * other processes) when there is at least one, otherwise over all rounds.
 */
const { measure, waitQuiet } = require('./cpu');

const MAX_OTHER_CORES = 0.3;

async function measuredRun(ctx, label, target, warm, load, check, { retry = true } = {}) {
  let last;
  for (let attempt = 0; attempt < (retry ? 2 : 1); attempt++) {
    await waitQuiet({ timeoutMs: ctx.quick ? 0 : 2000 });
    if (warm) await warm(target.url);
    const cpu = measure({ server: target.proc.pid, generator: process.pid });
    const res = await load(target.url);
    res.cpu = cpu.end();
    if (check) check(label, res);
    last = res;
    if (!res.cpu || res.cpu.other <= MAX_OTHER_CORES || ctx.quick || attempt === 1) break;
    ctx.log(`    ${label}: other processes used ${res.cpu.other.toFixed(2)} cores during the run; repeating it once`);
  }
  return last;
}

/**
 * @param {object} o
 * @param {Array<[string, object]>} [o.sides] `[label, child]` pairs, the first one the baseline;
 *   defaults to `[['baseline', o.baseline], ['server', o.server]]`.
 * @returns {{ runs: Record<string, object[]>, ratios: Record<string, number[]>, ratio: Record<string, number>, median: Record<string, number>,
 *   server: object[], baseline: object[] }} (`server`/`baseline` and a numeric `ratio`/`median` for the two-sided form)
 */
async function compare(ctx, o) {
  const { name, warm, load, rounds, check, metric = (r) => r.rps } = o;
  const sides = o.sides || [['baseline', o.baseline], ['server', o.server]];
  const runs = Object.fromEntries(sides.map(([label]) => [label, []]));
  const ratios = Object.fromEntries(sides.slice(1).map(([label]) => [label, []]));
  for (let r = 0; r < rounds; r++) {
    const order = sides.map((_, i) => sides[(i + r) % sides.length]);
    for (const [label, target] of order) {
      const res = await measuredRun(ctx, `${name} ${label}`, target, warm, load, check);
      runs[label].push(res);
      ctx.log(`  ${name} ${label} round ${r + 1}: ${fmtRun(res)}`);
    }
    for (const [label] of sides.slice(1)) ratios[label].push(metric(runs[label][r]) / metric(runs[sides[0][0]][r]));
  }
  const clean = [];
  for (let r = 0; r < rounds; r++) {
    if (sides.every(([label]) => !runs[label][r].cpu || runs[label][r].cpu.other <= MAX_OTHER_CORES)) clean.push(r);
  }
  const counted = clean.length > 0 ? clean : [...Array(rounds).keys()];
  const ratio = {};
  const median = {};
  for (const [label, list] of Object.entries(ratios)) {
    const sorted = counted.map((i) => [list[i], i]).sort((a, b) => a[0] - b[0]);
    [ratio[label], median[label]] = sorted[Math.floor((sorted.length - 1) / 2)];
  }
  const out = { runs, ratios, ratio, median, cleanRounds: clean.length, rounds };
  if (!o.sides) {
    out.server = runs.server;
    out.baseline = runs.baseline;
    out.ratios = ratios.server;
    out.ratio = ratio.server;
    out.median = median.server;
  }
  out.roundsNote = `${clean.length} of ${rounds} round(s) undisturbed by other processes` +
    (clean.length > 0 && clean.length < rounds ? ' (the median is taken over those)' : clean.length === 0 ? ' (the median is taken over all)' : '');
  return out;
}

function fmtRun(res) {
  const cpu = res.cpu ? `; cores: server ${res.cpu.server.toFixed(2)}, generator ${res.cpu.generator.toFixed(2)}, other ${res.cpu.other.toFixed(2)}` : '';
  return `${Math.round(res.rps).toLocaleString('en-US')} req/s, p50 ${res.latency.p50.toFixed(2)} ms, p99 ${res.latency.p99.toFixed(2)} ms${cpu}`;
}

function cpuNote(res) {
  return res.cpu ? `${res.cpu.server.toFixed(2)} / ${res.cpu.generator.toFixed(2)}` : 'n/a';
}

/** The generator used about a whole core: it, not the server, set the pace of this run. */
const GENERATOR_BOUND_CORES = 0.95;

function generatorBound(res) {
  return !!res.cpu && res.cpu.generator >= GENERATOR_BOUND_CORES;
}

const GENERATOR_NOTE =
  '† The generator used a whole core during the baseline run: the baseline was held back by the generator, not by Node, ' +
  'so its real limit is higher and the ratio flatters the server.';

/** Server-process CPU time per answered request (includes the kernel work charged to it). */
function usPerReq(res) {
  return res.cpu && res.rps > 0 ? `${((res.cpu.server * 1e6) / res.rps).toFixed(1)} µs` : 'n/a';
}

/** Server-process CPU per request of the baseline divided by the server's: the ratio if each had the CPU to itself. */
function cpuCostRatio(baseline, server) {
  if (!baseline.cpu || !server.cpu || !baseline.rps || !server.rps) return NaN;
  return baseline.cpu.server / baseline.rps / (server.cpu.server / server.rps);
}

module.exports = { GENERATOR_NOTE, compare, cpuCostRatio, cpuNote, fmtRun, generatorBound, measuredRun, usPerReq };
