#!/usr/bin/env node
/**
 * In-process measurements of the built registry classes (not HTTP figures), run by the bench as
 * `node --expose-gc bench/registry-probe.js <memory|eviction> <instances> [passes]`; prints one JSON line.
 *
 * Every instance goes through the server's own write path for a registration body: the JSON
 * codec (`decodeInstanceJson`), `normalizeRegistration`, `validateRegistration`, then
 * `InstanceRegistry.register`, with the response cache subscribed to the change stream as
 * `EurekaServerModule` wires it (as a subscriber: it takes an eviction pass as one batch).
 *
 * memory:   heap and RSS per registered instance (after GC, delta queue drained as in the steady
 *           state), then the same with the response caches warm (full registry and delta, JSON
 *           and XML, with their gzip), and a check that cached reads never re-encode.
 * eviction: per pass, a fresh registry of N instances; 85% renew, the clock moves so the other
 *           15% are expired, and one eviction pass (`InstanceRegistry.evict`) is timed.
 *           Self-preservation is off for the pass (otherwise the renewal threshold decides).
 *           Each timed step starts after a full GC and a short pause (see `settledGc`).
 */
'use strict';

const path = require('node:path');
const { performance } = require('node:perf_hooks');

const { instanceName, loadPackage, packageFile, registrationJson } = require('./lib/common');

const server = loadPackage('@nest-eureka/server');
const { createPayloadGenerator } = require(packageFile('@nest-eureka/server', 'dist/cache/payload-generator'));
const { cacheKey } = require(packageFile('@nest-eureka/server', 'dist/cache/cache-key'));
const { normalizeRegistration } = require(packageFile('@nest-eureka/server', 'dist/registry/registration-normalizer'));
const protocol = loadPackage('@nest-eureka/protocol');

if (typeof global.gc !== 'function') {
  process.stderr.write('run with --expose-gc\n');
  process.exit(2);
}

function fullGc() {
  for (let i = 0; i < 4; i++) global.gc();
}

/**
 * A full GC, then 100 ms asleep: a forced collection leaves the sweeping of the old generation to
 * background threads for some tens of milliseconds after `gc()` returns (at 100k instances), and on
 * a 2-core machine they compete with a step timed right after it. Sleeping (not spinning) lets
 * them finish, so the timing is the step's own, not the tail of the collection the probe forced.
 */
const pause = new Int32Array(new SharedArrayBuffer(4));
function settledGc() {
  fullGc();
  Atomics.wait(pause, 0, 0, 100);
}

function mem() {
  fullGc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external /* includes Buffers (arrayBuffers) */, rss: m.rss };
}

function build(options, clock) {
  const registry = new server.InstanceRegistry(options, clock);
  const cache = new server.ResponseCache(options, clock, createPayloadGenerator(registry));
  // A build whose cache is not a subscriber yet (BENCH_ROOT) gets the function form.
  registry.onChange(typeof cache.onChangeBatch === 'function' ? cache : (change) => cache.onChange(change));
  registry.openForTraffic(0);
  return { registry, cache };
}

function registerAll(registry, count, now) {
  for (let i = 0; i < count; i++) {
    const { app, id } = instanceName(i);
    const info = protocol.decodeInstanceJson(registrationJson(app, id, i, now));
    normalizeRegistration(info);
    const invalid = protocol.validateRegistration(info, app);
    if (invalid) throw new Error(`instance ${i}: ${invalid}`);
    registry.register(info, false);
  }
}

const WARM_KEYS = [
  cacheKey('apps', '', 'json', 'full'),
  cacheKey('apps', '', 'xml', 'full'),
  cacheKey('delta', '', 'json', 'full'),
  cacheKey('delta', '', 'xml', 'full'),
];

function memory(count) {
  const options = { ...server.DEFAULT_SERVER_OPTIONS };
  const clock = new server.SystemClock();
  const m0 = mem();
  const { registry, cache } = build(options, clock);
  const t0 = performance.now();
  registerAll(registry, count, Date.now());
  const registerMs = performance.now() - t0;
  const withQueue = mem();
  registry.recentlyChanged.expire(Date.now() + options.retentionTimeInMSInDeltaQueue + 1, options.retentionTimeInMSInDeltaQueue);
  const m1 = mem();
  // Warm caches: the first read of each key encodes (and gzips) once.
  const encodeMs = {};
  for (const key of WARM_KEYS) {
    const t = performance.now();
    cache.get(key);
    encodeMs[`${key.entity}/${key.format}`] = Math.round(performance.now() - t);
  }
  const generated = cache.generatedCount;
  const sizes = {};
  for (const key of WARM_KEYS) {
    const p = cache.get(key);
    sizes[`${key.entity}/${key.format}`] = { body: p.body.length, gzip: p.gzip ? p.gzip.length : 0 };
  }
  const reads = 10_000;
  const t1 = performance.now();
  for (let i = 0; i < reads; i++) cache.get(WARM_KEYS[i % WARM_KEYS.length]);
  const readUs = ((performance.now() - t1) * 1000) / reads;
  cache.refreshReadOnly(); // the 30 s refresh timer: copies, never re-encodes while nothing changed
  const reencoded = cache.generatedCount - generated;
  const m2 = mem();
  if (registry.size !== count) throw new Error(`registry holds ${registry.size}, expected ${count}`);
  return {
    count,
    registerMs: Math.round(registerMs),
    registryHeap: m1.heapUsed - m0.heapUsed,
    registryRss: m1.rss - m0.rss,
    deltaQueueHeap: withQueue.heapUsed - m1.heapUsed,
    cacheHeap: m2.heapUsed - m1.heapUsed,
    cacheExternal: m2.external - m1.external,
    totalHeap: m2.heapUsed,
    totalRss: m2.rss,
    rssGrowth: m2.rss - m0.rss,
    encodeMs,
    sizes,
    readUs,
    reads,
    reencoded,
  };
}

function eviction(count, passes) {
  const results = [];
  for (let p = 0; p < passes; p++) {
    const options = { ...server.DEFAULT_SERVER_OPTIONS, enableSelfPreservation: false };
    const clock = new server.ManualClock(1_700_000_000_000);
    const { registry, cache } = build(options, clock);
    registerAll(registry, count, clock.now());
    for (const key of WARM_KEYS) cache.get(key);
    registry.recentlyChanged.expire(clock.now() + 1, 0);
    // A pass with nothing expired: the scan every eviction interval pays in the steady state.
    settledGc();
    let t = performance.now();
    const none = registry.evict(0);
    const scanMs = performance.now() - t;
    if (none !== 0) throw new Error(`evicted ${none} with nothing expired`);
    clock.advance(60_000);
    let renewed = 0;
    for (let i = 0; i < count; i++) {
      if (i % 100 < 15) continue;
      const { app, id } = instanceName(i);
      if (!registry.renew(app, `${id}.svc.bench.internal:${app.toLowerCase()}:8080`, false)) throw new Error(`renew ${i} failed`);
      renewed++;
    }
    clock.advance(61_000); // not renewed: 121 s > 90 s duration; renewed: still valid
    settledGc();
    t = performance.now();
    const evicted = registry.evict(0);
    const evictMs = performance.now() - t;
    const expected = count - renewed;
    if (evicted !== expected) throw new Error(`evicted ${evicted}, expected ${expected}`);
    results.push({ scanMs, evictMs, evicted, remaining: registry.size });
  }
  return { count, passes: results };
}

const [mode, countArg, passesArg] = process.argv.slice(2);
const count = Number(countArg);
let out;
if (mode === 'memory') out = memory(count);
else if (mode === 'eviction') out = eviction(count, Number(passesArg || 3));
else {
  process.stderr.write('usage: registry-probe.js <memory|eviction> <instances> [passes]\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
