'use strict';
/**
 * Scenario 2: full registry fetch (`GET /eureka/apps`) at 1k, 10k and 50k instances, JSON with
 * gzip and XML, against a bare `node:http` server sending the very same bytes (captured from the
 * server after warming its cache, checked byte for byte). The server runs with its default cache
 * settings (read-only response cache on); every measured request is a cache hit.
 */
const { createHash } = require('node:crypto');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bytes, ms, num, ratio, registerMany, request } = require('../lib/common');
const { startBaseline, startServer, stop } = require('../lib/processes');
const { runLoad } = require('../lib/load');
const { GENERATOR_NOTE, compare, cpuCostRatio, cpuNote, generatorBound } = require('../lib/compare');

const TARGET = 0.8;

const VARIANTS = [
  { key: 'json+gzip', label: 'JSON, gzip', headers: { accept: 'application/json', 'accept-encoding': 'gzip' } },
  { key: 'xml', label: 'XML', headers: { accept: 'application/xml' } },
];

const sha = (buf) => createHash('sha256').update(buf).digest('hex');

async function run(ctx) {
  const sizes = ctx.quick ? [1000] : [1000, 10_000, 50_000];
  const durationSec = ctx.quick ? 1 : 2;
  const warmupSec = ctx.quick ? 0.3 : 0.5;
  const rounds = ctx.quick ? 1 : 3;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eureka-bench-fetch-'));
  const rows = [];
  const figures = [];
  let anyBound = false;
  const roundNotes = [];
  try {
    for (const size of sizes) {
      const server = await startServer({ env: ctx.serverEnv, nodeArgs: ctx.serverNodeArgs });
      let baseline;
      try {
        const regMs = await registerMany(server.url, size);
        // Warm every variant once (the only encode) and capture the bytes the server sends.
        const manifest = { '/eureka/apps': {} };
        const captured = {};
        for (const v of VARIANTS) {
          const t0 = process.hrtime.bigint();
          const r = await request('GET', `${server.url}/eureka/apps`, { headers: v.headers, raw: true, timeoutMs: 60_000 });
          const firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
          if (r.status !== 200) throw new Error(`GET apps (${v.key}): HTTP ${r.status}`);
          const again = await request('GET', `${server.url}/eureka/apps`, { headers: v.headers, raw: true, timeoutMs: 60_000 });
          if (sha(again.body) !== sha(r.body)) throw new Error(`GET apps (${v.key}): two cached answers differ`);
          const file = path.join(dir, `apps-${size}-${v.key}`);
          writeFileSync(file, r.body);
          const headers = { 'content-type': r.headers['content-type'] };
          if (r.headers['content-encoding']) headers['content-encoding'] = r.headers['content-encoding'];
          manifest['/eureka/apps'][v.key] = { file, headers };
          captured[v.key] = { size: r.body.length, sha: sha(r.body), firstMs };
        }
        const manifestFile = path.join(dir, `manifest-${size}.json`);
        writeFileSync(manifestFile, JSON.stringify(manifest));
        baseline = await startBaseline('bytes', { env: { BASELINE_FILES: manifestFile } });
        for (const v of VARIANTS) {
          const b = await request('GET', `${baseline.url}/eureka/apps`, { headers: v.headers, raw: true, timeoutMs: 60_000 });
          if (sha(b.body) !== captured[v.key].sha) throw new Error(`baseline does not send the server's bytes for ${v.key}`);
        }
        ctx.log(`  fetch ${num(size)}: registered in ${regMs.toFixed(0)} ms; ` +
          VARIANTS.map((v) => `${v.key} ${bytes(captured[v.key].size)} (first, encoding, request ${captured[v.key].firstMs.toFixed(0)} ms)`).join(', '));

        for (const v of VARIANTS) {
          const connections = size >= 50_000 && v.key === 'xml' ? 8 : 32;
          const requests = [{ method: 'GET', path: '/eureka/apps', headers: v.headers }];
          const load = (sec) => (url) => runLoad({ url, connections, durationSec: sec, requests });
          const check = (label, res) => {
            if (res.bad > 0 || res.errors > 0) throw new Error(`${label}: ${res.bad} bad responses ${JSON.stringify(res.badStatuses)}, ${res.errors} errors`);
          };
          const c = await compare(ctx, { name: `fetch ${size} ${v.key}`, server, baseline, warm: load(warmupSec), load: load(durationSec), rounds, check });
          const s = c.server[c.median];
          const bl = c.baseline[c.median];
          rows.push([
            num(size), v.label, bytes(captured[v.key].size),
            `${num(bl.rps)} / ${num(s.rps)}`,
            `${ms(bl.latency.p50)} / ${ms(s.latency.p50)}`,
            `${ms(bl.latency.p99)} / ${ms(s.latency.p99)}`,
            ms(s.latency.max),
            `${bytes(bl.bytesPerSec)}/s / ${bytes(s.bytesPerSec)}/s`,
            `${cpuNote(bl)}  ·  ${cpuNote(s)}`,
            `**${ratio(c.ratio)}**${generatorBound(bl) ? ' †' : ''}`,
            ratio(cpuCostRatio(bl, s)),
          ]);
          anyBound = anyBound || generatorBound(bl);
          roundNotes.push(`${num(size)} ${v.key}: ${c.ratios.map(ratio).join(', ')}`);
          figures.push({ size, variant: v.key, bytes: captured[v.key].size, ratio: c.ratio, costRatio: cpuCostRatio(bl, s), ratios: c.ratios, serverRps: s.rps, baselineRps: bl.rps, firstEncodeMs: captured[v.key].firstMs });
        }
      } finally {
        await Promise.all([stop(server), stop(baseline)]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const worst = Math.min(...figures.map((f) => f.ratio));
  const worstCost = Math.min(...figures.map((f) => f.costRatio).filter(Number.isFinite));
  return {
    id: 'fetch',
    title: '2. Full registry fetch from the cache (`GET /eureka/apps`)',
    setup:
      `A fresh server per size with the default cache settings; every variant fetched once to warm the cache (that request is the only ` +
      `encode) and its bytes captured; the baseline (bare \`node:http\`) sends exactly those bytes with the same content headers. ` +
      `32 connections (8 for 50k plain XML), ${rounds} round(s) of ${durationSec} s per side after a ${warmupSec} s warm-up, median round shown; ` +
      `figures are baseline / server.`,
    columns: ['instances', 'format', 'body', 'req/s', 'p50', 'p99', 'server max', 'throughput', 'CPU cores (server / generator): baseline · server', 'ratio (req/s)', 'CPU-cost ratio'],
    rows,
    notes: [
      `Worst ratio ${ratio(worst)} (target >= ${TARGET}: ${worst >= TARGET ? 'met' : 'missed'}). Per-round ratios: ${roundNotes.join('; ')}.`,
      ...(anyBound ? [GENERATOR_NOTE] : []),
      'CPU-cost ratio: server-process CPU per request of the baseline divided by the server\'s, in the same round: what the ratio ' +
        'would be if each had a core to itself and the generator kept up (the kernel\'s loopback work is charged to whichever process runs it).',
      `First (encoding) request: ${figures.map((f) => `${num(f.size)} ${f.variant} ${f.firstEncodeMs.toFixed(0)} ms`).join(', ')}.`,
    ],
    figures: { worst, worstCost, target: TARGET, pass: worst >= TARGET, cases: figures },
  };
}

module.exports = { run };
