'use strict';
/**
 * Scenario 3: delta fetch (`GET /eureka/apps/delta`, JSON + gzip) while 1% of the instances change
 * per interval. Time is compressed 30x so a run sees many intervals: the interval is 1 s instead
 * of the clients' 30 s (read-only cache refreshed every 1 s instead of 30 s) and the delta queue
 * keeps 6 s instead of 180 s, so the delta holds the last ~6 intervals of changes, as in
 * production. Each change is a status flip (`PUT .../status?value=OUT_OF_SERVICE` / `UP`), spread
 * over the interval by a changer in the bench process. The server regenerates the delta once per
 * interval (read-only cache refresh); between refreshes it serves cached bytes. Baseline: bare
 * `node:http` sending the delta bytes captured from the server.
 */
const { createHash } = require('node:crypto');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { gunzipSync } = require('node:zlib');
const { bytes, instanceName, ms, num, ratio, registeredId, registerMany, request, sleep } = require('../lib/common');
const { startBaseline, startServer, stop } = require('../lib/processes');
const { runLoad } = require('../lib/load');
const { GENERATOR_NOTE, compare, cpuNote, generatorBound } = require('../lib/compare');

const INTERVAL_MS = 1000;
const HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip' };

/** Flips the status of `perInterval` instances per interval, spread evenly, until stopped. */
function startChanger(url, instances, perInterval) {
  const state = { running: true, sent: 0, failed: 0, next: 0, flipped: new Set() };
  const gap = INTERVAL_MS / perInterval;
  state.done = (async () => {
    let due = Date.now();
    while (state.running) {
      const i = (state.next * 7919) % instances; // a stride through all instances, not only the first 1%
      state.next++;
      const { app, id } = instanceName(i);
      const value = state.flipped.has(i) ? 'UP' : 'OUT_OF_SERVICE';
      if (value === 'UP') state.flipped.delete(i);
      else state.flipped.add(i);
      request('PUT', `${url}/eureka/apps/${app}/${registeredId(app, id)}/status?value=${value}`, { timeoutMs: 5000 })
        .then((r) => (r.status === 200 ? state.sent++ : state.failed++), () => state.failed++);
      due += gap;
      await sleep(Math.max(0, due - Date.now()));
    }
  })();
  return state;
}

async function run(ctx) {
  const instances = ctx.quick ? 1000 : 10_000;
  const perInterval = instances / 100;
  // 6 intervals as in production (180 s / 30 s); 2 with --quick, to start faster.
  const RETENTION_MS = (ctx.quick ? 2 : 6) * INTERVAL_MS;
  const durationSec = ctx.quick ? 1 : 4;
  const warmupSec = ctx.quick ? 0.3 : 1;
  const rounds = ctx.quick ? 1 : 3;
  const connections = 32;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eureka-bench-delta-'));
  const server = await startServer({
    env: {
      ...ctx.serverEnv,
      EUREKA_SERVER_RESPONSE_CACHE_UPDATE_INTERVAL_MS: String(INTERVAL_MS),
      EUREKA_SERVER_RETENTION_TIME_IN_MS_IN_DELTA_QUEUE: String(RETENTION_MS),
      EUREKA_SERVER_DELTA_RETENTION_TIMER_INTERVAL_IN_MS: String(INTERVAL_MS),
    },
    nodeArgs: ctx.serverNodeArgs,
  });
  let baseline;
  let changer;
  try {
    await registerMany(server.url, instances);
    // Let the registrations leave the delta queue, then reach the steady state of changes.
    changer = startChanger(server.url, instances, perInterval);
    await sleep(RETENTION_MS + (ctx.quick ? 1 : 2) * INTERVAL_MS);
    const sample = async () => {
      const r = await request('GET', `${server.url}/eureka/apps/delta`, { headers: HEADERS, raw: true });
      if (r.status !== 200) throw new Error(`GET apps/delta: HTTP ${r.status}`);
      // Decoded from the gzip answer: a plain request would add a second cached key to refresh.
      const doc = JSON.parse(gunzipSync(r.body).toString('utf8'));
      const apps = [].concat(doc.applications.application || []);
      const inDelta = apps.reduce((n, a) => n + [].concat(a.instance || []).length, 0);
      return { body: r.body, headers: r.headers, inDelta };
    };
    const captured = await sample();
    const file = path.join(dir, 'delta.json.gz');
    writeFileSync(file, captured.body);
    const manifestFile = path.join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({
      '/eureka/apps/delta': { 'json+gzip': { file, headers: { 'content-type': captured.headers['content-type'], 'content-encoding': 'gzip' } } },
    }));
    baseline = await startBaseline('bytes', { env: { BASELINE_FILES: manifestFile } });
    const check = await request('GET', `${baseline.url}/eureka/apps/delta`, { headers: HEADERS, raw: true });
    if (createHash('sha256').update(check.body).digest('hex') !== createHash('sha256').update(captured.body).digest('hex')) {
      throw new Error('baseline does not send the captured delta bytes');
    }
    ctx.log(`  delta: ${instances} instances, ${perInterval} changes per ${INTERVAL_MS} ms; delta holds ${captured.inDelta} instances, ${bytes(captured.body.length)} gzipped`);
    const requests = [{ method: 'GET', path: '/eureka/apps/delta', headers: HEADERS }];
    const load = (sec) => (url) => runLoad({ url, connections, durationSec: sec, requests });
    const sentBefore = changer.sent;
    const t0 = Date.now();
    const c = await compare(ctx, {
      name: 'delta', server, baseline, warm: load(warmupSec), load: load(durationSec), rounds,
      check: (label, res) => {
        if (res.bad > 0 || res.errors > 0) throw new Error(`${label}: ${res.bad} bad responses ${JSON.stringify(res.badStatuses)}, ${res.errors} errors`);
      },
    });
    const changeRate = ((changer.sent - sentBefore) * 1000) / (Date.now() - t0);
    const after = await sample();
    const s = c.server[c.median];
    const b = c.baseline[c.median];
    return {
      id: 'delta',
      title: `3. Delta fetch with 1% of the instances changing per interval (${num(instances)} instances)`,
      setup:
        `${num(instances)} instances; ${perInterval} status changes (1%) per interval, time compressed 30x: interval 1 s (read-only cache ` +
        `refresh 1 s), delta retention ${RETENTION_MS / 1000} s (${RETENTION_MS / INTERVAL_MS} intervals, as 180 s / 30 s), so the delta holds about ${RETENTION_MS / INTERVAL_MS}% of the instances. ` +
        `\`GET /eureka/apps/delta\` JSON + gzip from ${connections} connections, ${rounds} round(s) of ${durationSec} s per side after a ${warmupSec} s warm-up; ` +
        `the changer keeps running during both sides (${changeRate.toFixed(0)} changes/s achieved, ${changer.failed} failed). ` +
        `Baseline: bare \`node:http\` sending delta bytes captured from the server.`,
      columns: ['', 'req/s', 'p50', 'p99', 'max', 'CPU cores server / generator', 'instances in delta', 'body (gzip)', 'ratio'],
      rows: [
        ['bare node:http (captured delta bytes)', num(b.rps), ms(b.latency.p50), ms(b.latency.p99), ms(b.latency.max), cpuNote(b), num(captured.inDelta), bytes(captured.body.length), '1.00'],
        ['eureka server', num(s.rps), ms(s.latency.p50), ms(s.latency.p99), ms(s.latency.max), cpuNote(s), `${num(captured.inDelta)} .. ${num(after.inDelta)}`, bytes(after.body.length), `**${ratio(c.ratio)}**${generatorBound(b) ? ' †' : ''}`],
      ],
      notes: [`Per-round ratios: ${c.ratios.map(ratio).join(', ')}; ${c.roundsNote}.`, ...(generatorBound(b) ? [GENERATOR_NOTE] : [])],
      figures: { ratio: c.ratio, ratios: c.ratios, inDelta: captured.inDelta, deltaBytes: captured.body.length, changeRate },
    };
  } finally {
    if (changer) {
      changer.running = false;
      await changer.done;
    }
    await Promise.all([stop(server), stop(baseline)]);
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { run };
