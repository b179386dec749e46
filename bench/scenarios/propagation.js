'use strict';
/**
 * Scenario 7: propagation through a 3-node cluster to a client. Time from a write on node A (a new
 * registration, or a status change to OUT_OF_SERVICE of a registered instance) until a client of
 * node C sees it: our client library (`EurekaClientModule`, fetch only, in this process) polling C
 * with its fetch interval; visibility is checked on every `applicationsChanged$` event and every
 * 5 ms. Changes are fired at random moments (so they sample every phase of the timers) and may
 * overlap; each is timed on its own.
 *   default timings: server and client defaults (read-only cache refreshed every 30 s, client
 *                    delta fetch every 30 s, peer batching 500 ms);
 *   short timings:   `EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE=false`, client fetch every 0.1 s
 *                    (peer batching stays at the reference's fixed 500 ms).
 * Start-up settings of the nodes only shorten start-up (no 5 x 30 s sync retries on an empty
 * cluster, no 403 window): they do not touch the propagation path.
 */
const path = require('node:path');
const { loadPackage, SERVER_MAIN, freePort, ms, num, registrationJson, request, sleep, summarize } = require('../lib/common');
const { startProcess, stop } = require('../lib/processes');

const APP = 'BENCH-PROP';

async function startCluster(extraEnv) {
  const ports = [];
  while (ports.length < 3) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  const urls = ports.map((p) => `http://127.0.0.1:${p}/eureka/`);
  const nodes = ['A', 'B', 'C'].map((name, i) => {
    const child = startProcess(`node-${name}`, SERVER_MAIN, {
      env: {
        PORT: String(ports[i]),
        HOST: '127.0.0.1',
        EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: urls.join(','),
        EUREKA_SERVER_WAIT_TIME_IN_MS_WHEN_SYNC_EMPTY: '0',
        EUREKA_SERVER_REGISTRY_SYNC_RETRIES: '2',
        EUREKA_SERVER_REGISTRY_SYNC_RETRY_WAIT_MS: '200',
        ...extraEnv,
      },
    });
    child.url = `http://127.0.0.1:${ports[i]}`;
    return child;
  });
  const deadline = Date.now() + 30_000;
  for (const node of nodes) {
    for (;;) {
      if (node.exited) throw new Error(`${node.name} exited during start-up:\n${node.log}`);
      try {
        const r = await request('GET', `${node.url}/eureka/peerreplication/stats`, { headers: { accept: 'application/json' }, timeoutMs: 1000 });
        if (r.status === 200 && JSON.parse(r.text).warmedUp) break;
      } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error(`${node.name} not warmed up within 30 s\n${node.log}`);
      await sleep(100);
    }
  }
  return nodes;
}

async function startClient(serviceUrl, registryFetchIntervalSeconds) {
  const { NestFactory } = require('@nestjs/core');
  const client = loadPackage('@nest-eureka/client');
  const ctx = await NestFactory.createApplicationContext(
    client.EurekaClientModule.forRoot({ appName: 'bench-observer', serviceUrl, registerWithEureka: false, fetchRegistry: true, registryFetchIntervalSeconds }),
    { logger: false },
  );
  return { ctx, discovery: ctx.get(client.DiscoveryClient) };
}

function instanceId(id) {
  return `${id}.svc.bench.internal:${APP.toLowerCase()}:8080`;
}

/**
 * Fires `changes` (alternately a registration and a status change) at random moments within
 * `windowMs`, and times each until the client sees it (at most `capMs`).
 */
async function measure(ctx, { name, nodeEnv, fetchSeconds, changes, windowMs, capMs }) {
  const nodes = await startCluster(nodeEnv);
  const [A, , C] = nodes;
  let client;
  try {
    // Instances whose status will change: registered and visible at the client first.
    const statusTargets = Math.ceil(changes / 2);
    const now = Date.now();
    for (let i = 0; i < statusTargets; i++) {
      const r = await request('POST', `${A.url}/eureka/apps/${APP}`, { headers: { 'content-type': 'application/json' }, body: registrationJson(APP, `${name}-s${i}`, i, now) });
      if (r.status !== 204) throw new Error(`register on A: HTTP ${r.status}`);
    }
    client = await startClient(`${C.url}/eureka/`, fetchSeconds);
    const ready = Date.now() + capMs;
    while (!Array.from({ length: statusTargets }, (_, i) => client.discovery.getInstance(instanceId(`${name}-s${i}`))).every(Boolean)) {
      if (Date.now() > ready) throw new Error(`${name}: the client did not see the initial instances within ${capMs} ms`);
      await sleep(20);
    }

    const pending = new Set();
    const results = { register: [], status: [] };
    const check = () => {
      const at = process.hrtime.bigint();
      for (const p of pending) {
        const seen = client.discovery.getInstance(p.id);
        if (p.kind === 'register' ? seen !== undefined : seen !== undefined && seen.status === 'OUT_OF_SERVICE') {
          results[p.kind].push(Number(at - p.started) / 1e6);
          pending.delete(p);
        }
      }
    };
    const sub = client.discovery.applicationsChanged$.subscribe(check);
    const poll = setInterval(check, 5);
    try {
      const offsets = Array.from({ length: changes }, () => Math.random() * windowMs).sort((a, b) => a - b);
      const t0 = Date.now();
      let s = 0;
      let r = 0;
      const fired = [];
      for (let k = 0; k < changes; k++) {
        await sleep(Math.max(0, t0 + offsets[k] - Date.now()));
        const kind = k % 2 === 0 ? 'register' : 'status';
        const id = kind === 'register' ? instanceId(`${name}-r${r++}`) : instanceId(`${name}-s${s++}`);
        const entry = { kind, id, started: process.hrtime.bigint() };
        pending.add(entry);
        fired.push(
          (kind === 'register'
            ? request('POST', `${A.url}/eureka/apps/${APP}`, { headers: { 'content-type': 'application/json' }, body: registrationJson(APP, `${name}-r${r - 1}`, 1000 + r, Date.now()) })
            : request('PUT', `${A.url}/eureka/apps/${APP}/${id}/status?value=OUT_OF_SERVICE`)
          ).then((res) => {
            if (res.status !== 204 && res.status !== 200) throw new Error(`${kind} on A: HTTP ${res.status}`);
          }),
        );
      }
      await Promise.all(fired);
      const deadline = Date.now() + capMs;
      while (pending.size > 0 && Date.now() < deadline) await sleep(20);
      ctx.log(`  propagation ${name}: ${results.register.length + results.status.length}/${changes} seen` +
        (pending.size ? `, ${pending.size} not seen within ${capMs} ms` : ''));
      return { results, missing: pending.size };
    } finally {
      clearInterval(poll);
      sub.unsubscribe();
    }
  } finally {
    if (client) await client.ctx.close();
    await Promise.all(nodes.map(stop));
  }
}

async function run(ctx) {
  const runs = [];
  if (!ctx.quick) {
    runs.push({
      title: 'default timings',
      settings: 'server defaults (read-only cache refresh 30 s), client `registryFetchIntervalSeconds: 30`',
      ...(await measure(ctx, { name: 'defaults', nodeEnv: {}, fetchSeconds: 30, changes: 8, windowMs: 30_000, capMs: 75_000 })),
    });
  }
  runs.push({
    title: 'short timings',
    settings: '`EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE=false`, client `registryFetchIntervalSeconds: 0.1`',
    ...(await measure(ctx, {
      name: 'short',
      nodeEnv: { EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false' },
      fetchSeconds: 0.1,
      changes: ctx.quick ? 10 : 200,
      windowMs: ctx.quick ? 2000 : 20_000,
      capMs: 10_000,
    })),
  });
  const rows = [];
  const figures = {};
  for (const r of runs) {
    for (const kind of ['register', 'status']) {
      const s = summarize(r.results[kind]);
      rows.push([r.title, kind === 'register' ? 'new registration' : 'status change (OUT_OF_SERVICE)', num(s.n), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.min), ms(s.max)]);
      figures[`${r.title} ${kind}`] = s;
    }
    if (r.missing) rows.push([r.title, `**${r.missing} change(s) never seen**`, '', '', '', '', '', '']);
  }
  return {
    id: 'propagation',
    title: '7. Propagation: a write on node A, seen by a client of node C (3-node cluster)',
    setup:
      `Three built servers (separate processes) listing each other; the observer is our client library (\`EurekaClientModule\`, fetch only) ` +
      `in the bench process, polling C. Changes on A alternate a new registration and a status change of an instance the client ` +
      `already holds, fired at random moments (they sample every phase of the periodic timers). ` +
      runs.map((r) => `${r.title}: ${r.settings}`).join('; ') + '.',
    columns: ['timings', 'change', 'n', 'median', 'p90', 'p99', 'min', 'max'],
    rows,
    notes: [],
    figures,
  };
}

module.exports = { run };
