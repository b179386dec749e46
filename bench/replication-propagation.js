#!/usr/bin/env node
/**
 * Replication propagation and dead-peer queue measurement for the BUILT standalone server.
 *
 *   npm run build && node bench/replication-propagation.js
 *
 * Plain CommonJS Node, no dependency. Starts three servers (separate processes, 127.0.0.1, free
 * ports, each listing all three service URLs), then:
 *   (a) N registrations on A (default 100), one after the other; each is timed from the POST until
 *       `GET apps/{app}/{id}` on C answers 200 (C polled every 5 ms). Prints median, p90 and worst.
 *   (b) Registers M instances on A (default 200), waits until C has them, SIGKILLs C, then drives A
 *       with heartbeats for all M instances every 100 ms for 10 s; samples A's
 *       `GET /eureka/peerreplication/stats` every 250 ms and prints A's queue high-water mark,
 *       dropped/expired/failed counts for C, and the client-side heartbeat latency.
 * Stops by itself: a watchdog ends everything after 110 s. Every child gets SIGTERM, then SIGKILL
 * after 2 s, on every exit path.
 *
 * Options (environment): BENCH_REGISTRATIONS (100), BENCH_INSTANCES (200), BENCH_HEARTBEAT_MS (100),
 * BENCH_LOAD_MS (10000).
 */
'use strict';

const { spawn } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { freePort, sleep } = require('./lib/common');

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'apps', 'eureka-server', 'dist', 'main.js');
const REGISTRATIONS = intEnv('BENCH_REGISTRATIONS', 100);
const INSTANCES = intEnv('BENCH_INSTANCES', 200);
const HEARTBEAT_MS = intEnv('BENCH_HEARTBEAT_MS', 100);
const LOAD_MS = intEnv('BENCH_LOAD_MS', 10_000);
const WATCHDOG_MS = 110_000;
const PART_A_BUDGET_MS = 60_000;
const POLL_MS = 5;

function intEnv(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(method, url, { headers = {}, body, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode || 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}


function registration(app, id) {
  return JSON.stringify({
    instance: {
      instanceId: id,
      hostName: `${id}.bench`,
      app,
      ipAddr: '10.9.0.1',
      status: 'UP',
      overriddenStatus: 'UNKNOWN',
      port: { $: 8080, '@enabled': 'true' },
      securePort: { $: 443, '@enabled': 'false' },
      countryId: 1,
      dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
      leaseInfo: { renewalIntervalInSecs: 30, durationInSecs: 90 },
      metadata: {},
      vipAddress: app.toLowerCase(),
      secureVipAddress: app.toLowerCase(),
      isCoordinatingDiscoveryServer: 'false',
      lastUpdatedTimestamp: String(Date.now()),
      lastDirtyTimestamp: String(Date.now()),
    },
  });
}

// ---- processes -----------------------------------------------------------------------------------

const nodes = [];

function spawnNode(node) {
  const env = { ...process.env, ...node.env };
  delete env.NODE_OPTIONS;
  const proc = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  node.proc = proc;
  node.exited = false;
  node.log = '';
  node.exit = new Promise((res) => proc.once('exit', () => { node.exited = true; res(); }));
  const keep = (s) => (node.log = (node.log + s).slice(-4000));
  proc.stdout.setEncoding('utf8').on('data', keep);
  proc.stderr.setEncoding('utf8').on('data', keep);
}

async function exitedWithin(node, ms) {
  if (!node.proc || node.exited) return true;
  let t;
  const r = await Promise.race([node.exit.then(() => true), new Promise((res) => (t = setTimeout(() => res(false), ms)))]);
  clearTimeout(t);
  return r;
}

async function stopNode(node) {
  if (!node.proc || node.exited) return;
  node.proc.kill('SIGTERM');
  if (await exitedWithin(node, 2000)) return;
  node.proc.kill('SIGKILL');
  await exitedWithin(node, 3000);
}

function killAllNow() {
  for (const n of nodes) if (n.proc && !n.exited) try { n.proc.kill('SIGKILL'); } catch { /* gone */ }
}
process.once('exit', killAllNow);

async function stats(node) {
  const res = await request('GET', `${node.eureka}/peerreplication/stats`, { headers: { accept: 'application/json' }, timeoutMs: 2000 });
  if (res.status !== 200) throw new Error(`stats of ${node.name}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text);
}

function peerOf(s, peer) {
  return s.peers.find((p) => Number(new URL(p.url).port) === peer.port);
}

async function waitWarm(node, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (node.exited) throw new Error(`${node.name} exited during start-up:\n${node.log}`);
    try {
      const s = await stats(node);
      if (s.warmedUp) return s;
      last = 'warmedUp false';
    } catch (e) {
      last = e.message;
    }
    await sleep(100);
  }
  throw new Error(`${node.name} not warmed up within ${timeoutMs} ms (last: ${last})\n${node.log}`);
}

function pct(values, p) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

// ---- the measurement -----------------------------------------------------------------------------

async function main() {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} missing: run \`npm run build\` first`);
  const cpus = os.cpus();
  let pkgVersion = '?';
  try { pkgVersion = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version; } catch { /* ignore */ }
  console.log(`machine: ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `${os.platform()} ${os.release()}, Node ${process.version}; nest-eureka ${pkgVersion}`);

  const ports = [];
  while (ports.length < 3) { const p = await freePort(); if (!ports.includes(p)) ports.push(p); }
  const urls = ports.map((p) => `http://127.0.0.1:${p}/eureka/`);
  for (const [i, name] of ['A', 'B', 'C'].entries()) {
    nodes.push({
      name, port: ports[i], eureka: `http://127.0.0.1:${ports[i]}/eureka`,
      env: {
        PORT: String(ports[i]), HOST: '127.0.0.1', NO_COLOR: '1',
        EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: urls.join(','),
        EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false',
        EUREKA_SERVER_WAIT_TIME_IN_MS_WHEN_SYNC_EMPTY: '0',
        EUREKA_SERVER_REGISTRY_SYNC_RETRIES: '3',
        EUREKA_SERVER_REGISTRY_SYNC_RETRY_WAIT_MS: '200',
        EUREKA_SERVER_PEER_NODE_CONNECT_TIMEOUT_MS: '200',
        EUREKA_SERVER_PEER_NODE_READ_TIMEOUT_MS: '2000',
        EUREKA_SERVER_ENABLE_SELF_PRESERVATION: 'false',
      },
    });
  }
  const [A, , C] = nodes;
  const t0 = Date.now();
  for (const n of nodes) spawnNode(n);
  await Promise.all(nodes.map((n) => waitWarm(n, 20_000)));
  console.log(`cluster: 3 nodes on ports ${ports.join(', ')} warmed up in ${Date.now() - t0} ms ` +
    `(default batching; read-only response cache off)`);

  // (a) propagation A -> C, one registration at a time.
  const lat = [];
  const aStart = Date.now();
  for (let i = 0; i < REGISTRATIONS && Date.now() - aStart < PART_A_BUDGET_MS; i++) {
    const id = `prop-${i}`;
    const started = process.hrtime.bigint();
    const post = await request('POST', `${A.eureka}/apps/BENCH-PROP`, {
      headers: { 'content-type': 'application/json' }, body: registration('BENCH-PROP', id),
    });
    if (post.status !== 204) throw new Error(`POST A apps/BENCH-PROP ${id}: HTTP ${post.status} ${post.text.slice(0, 200)}`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await request('GET', `${C.eureka}/apps/BENCH-PROP/${id}`, { headers: { accept: 'application/json' }, timeoutMs: 2000 });
      if (res.status === 200) break;
      if (Date.now() > deadline) throw new Error(`${id} not on C within 10 s (last HTTP ${res.status})`);
      await sleep(POLL_MS);
    }
    lat.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(`(a) register on A -> visible on C (GET polled every ${POLL_MS} ms), ${lat.length} sequential registrations: ` +
    `median ${fmt(pct(lat, 50))}, p90 ${fmt(pct(lat, 90))}, worst ${fmt(Math.max(...lat))}, best ${fmt(Math.min(...lat))}`);

  // (b) C dies; A keeps receiving heartbeats for INSTANCES instances.
  const ids = Array.from({ length: INSTANCES }, (_, i) => `load-${i}`);
  await Promise.all(ids.map(async (id) => {
    const r = await request('POST', `${A.eureka}/apps/BENCH-LOAD`, { headers: { 'content-type': 'application/json' }, body: registration('BENCH-LOAD', id) });
    if (r.status !== 204) throw new Error(`POST A apps/BENCH-LOAD ${id}: HTTP ${r.status}`);
  }));
  const syncDeadline = Date.now() + 10_000;
  for (;;) {
    const r = await request('GET', `${C.eureka}/apps/BENCH-LOAD`, { headers: { accept: 'application/json' } });
    const n = r.status === 200 ? [].concat(JSON.parse(r.text).application.instance || []).length : 0;
    if (n === INSTANCES) break;
    if (Date.now() > syncDeadline) throw new Error(`C has ${n}/${INSTANCES} BENCH-LOAD instances after 10 s`);
    await sleep(50);
  }
  const before = peerOf(await stats(A), C);
  C.proc.kill('SIGKILL');
  await exitedWithin(C, 5000);
  console.log(`(b) ${INSTANCES} instances registered on A and replicated; C SIGKILLed. ` +
    `Load: each instance heartbeats A every ${HEARTBEAT_MS} ms for ${LOAD_MS} ms ` +
    `(${Math.round((INSTANCES * 1000) / HEARTBEAT_MS)} req/s offered), replication queue bound = default`);

  const hb = [];
  let failed = 0;
  let firstError = '';
  const until = Date.now() + LOAD_MS;
  const samples = [];
  const beat = async (id) => {
    let next = Date.now() + Math.random() * HEARTBEAT_MS;
    await sleep(Math.max(0, next - Date.now()));
    while (Date.now() < until) {
      const s = process.hrtime.bigint();
      try {
        const r = await request('PUT', `${A.eureka}/apps/BENCH-LOAD/${id}`, { timeoutMs: 3000 });
        if (r.status !== 200) { failed++; firstError ||= `HTTP ${r.status}`; }
      } catch (e) { failed++; firstError ||= e.message; }
      hb.push(Number(process.hrtime.bigint() - s) / 1e6);
      next += HEARTBEAT_MS;
      await sleep(Math.max(0, next - Date.now()));
    }
  };
  const watch = async () => {
    while (Date.now() < until + 500) {
      try { samples.push(peerOf(await stats(A), C)); } catch (e) { /* counted below */ }
      await sleep(250);
    }
  };
  const loadStart = Date.now();
  await Promise.all([...ids.map(beat), watch()]);
  const loadSecs = (Date.now() - loadStart) / 1000;
  const end = peerOf(await stats(A), C);
  const maxQueued = Math.max(0, ...samples.map((s) => s.queued));
  console.log(`    heartbeats sent ${hb.length} (${(hb.length / loadSecs).toFixed(0)} req/s achieved), failed ${failed}${firstError ? ` (first: ${firstError})` : ''}; ` +
    `latency p50 ${fmt(pct(hb, 50))}, p99 ${fmt(pct(hb, 99))}, max ${fmt(Math.max(...hb))}`);
  console.log(`    A's queue for C: highWaterMark ${end.highWaterMark}, max queued sampled ${maxQueued}, queued at end ${end.queued}, inFlight ${end.inFlight}; ` +
    `dropped ${end.dropped - before.dropped}, expired ${end.expired - before.expired}, failed ${end.failed - before.failed}, ` +
    `retried ${end.retried - before.retried}, reachable ${end.reachable}${end.lastError ? `, lastError "${end.lastError}"` : ''}`);
}

const watchdog = setTimeout(() => {
  console.error(`watchdog: stopping after ${WATCHDOG_MS} ms`);
  killAllNow();
  process.exit(3);
}, WATCHDOG_MS);
watchdog.unref();

main()
  .then(() => 0, (e) => { console.error(`bench failed: ${e.stack || e.message}`); return 1; })
  .then(async (code) => {
    await Promise.all(nodes.map(stopNode));
    agent.destroy();
    clearTimeout(watchdog);
    process.exit(code);
  });
