'use strict';
// What the package check does with the installed packages at run time: the standalone server from
// its bin, a consumer app registering and leaving, an embedding app on each adapter taking
// curl-style requests, the testing entry, and require()/import() of every entry point.
const path = require('node:path');
const { freePort, request, run, start, stop, waitFor } = require('./processes');

/** Budgets for one start or one change to be seen: generous, and cut short when the process dies. */
const START_MS = 90_000;
const CHANGE_MS = 60_000;
const JSON_ACCEPT = { Accept: 'application/json' };

function registration(app, id, port) {
  return JSON.stringify({
    instance: {
      instanceId: id,
      hostName: `${id}.local`,
      app,
      ipAddr: '127.0.0.1',
      status: 'UP',
      port: { $: port, '@enabled': 'true' },
      vipAddress: app.toLowerCase(),
      dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
    },
  });
}

/** The instances of one application in a JSON `GET apps/{app}` answer (a single one may come bare). */
function instancesOf(text) {
  const instance = JSON.parse(text).application?.instance ?? [];
  return Array.isArray(instance) ? instance : [instance];
}

/** `nest-eureka-server` from the standalone package's installed bin: `--help`, then serving. */
async function startStandalone(dir) {
  const bin = path.join(dir, 'node_modules', '.bin', 'nest-eureka-server');
  const help = await run(bin, ['--help'], { cwd: dir, timeoutMs: 30_000 });
  if (!help.stdout.includes('EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS')) throw new Error(`nest-eureka-server --help lists no variables:\n${help.stdout}`);
  const port = await freePort();
  const proc = start('nest-eureka-server', bin, [], {
    cwd: dir,
    env: { PORT: String(port), HOST: '127.0.0.1', EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false' },
  });
  const eureka = `http://127.0.0.1:${port}/eureka`;
  await waitFor('the standalone server to answer', async () => ((await request('GET', `${eureka}/apps`)).status === 200 ? true : undefined), {
    timeoutMs: START_MS,
    proc,
  });
  return { proc, eureka };
}

/** A consumer app registers (UP in JSON and XML), is healthy, calls by name, and leaves on SIGTERM. */
async function checkClientApp(app, dir, eureka) {
  const port = await freePort();
  const name = `consumer-${app.name}`;
  const APP = name.toUpperCase();
  const proc = start(name, process.execPath, ['dist/client-main.js'], { cwd: dir, env: { PORT: String(port), EUREKA_URL: `${eureka}/`, APP_NAME: name } });
  try {
    const mine = (res) => (res.status === 200 ? instancesOf(res.text).find((i) => Number(i.port?.$) === port) : undefined);
    const instance = await waitFor(`${APP} UP in GET /eureka/apps/${APP}`, async () => {
      const found = mine(await request('GET', `${eureka}/apps/${APP}`, { headers: JSON_ACCEPT }));
      return found?.status === 'UP' ? found : undefined;
    }, { timeoutMs: START_MS, proc });
    const all = JSON.parse((await request('GET', `${eureka}/apps`, { headers: JSON_ACCEPT })).text).applications.application;
    if (!all.some((a) => a.name === APP)) throw new Error(`${APP} missing from GET /eureka/apps (JSON)`);
    const xml = (await request('GET', `${eureka}/apps`, { headers: { Accept: 'application/xml' } })).text;
    if (!xml.includes(`<name>${APP}</name>`) || !xml.includes(`<instanceId>${instance.instanceId}</instanceId>`) || !/<status>UP<\/status>/.test(xml)) {
      throw new Error(`${APP} not UP in GET /eureka/apps (XML):\n${xml.slice(0, 2000)}`);
    }

    const health = await request('GET', `http://127.0.0.1:${port}/health`);
    const body = JSON.parse(health.text);
    const eurekaHealth = app.terminus ? body.info?.eureka : body.eureka;
    if (health.status !== 200 || eurekaHealth?.status !== 'up' || eurekaHealth.registered !== true) {
      throw new Error(`${name} /health: ${health.status} ${health.text}`);
    }

    let byName;
    if (app.axios) {
      byName = await waitFor(`${name} to call itself by name`, async () => {
        const res = JSON.parse((await request('GET', `http://127.0.0.1:${port}/call-self`, { timeoutMs: 10_000 })).text);
        return res.ok && res.data?.instanceId === instance.instanceId ? 'a call by name reached it' : undefined;
      }, { timeoutMs: CHANGE_MS, proc });
    } else {
      const res = JSON.parse((await request('GET', `http://127.0.0.1:${port}/call-self`)).text);
      if (res.ok || !res.error.includes("needs the package 'axios'")) throw new Error(`${name} without axios: expected an error naming axios, got ${JSON.stringify(res)}`);
      byName = 'without axios a call by name says what to install';
    }

    const exited = await stop(proc, 15_000);
    if (exited.code !== 0 && exited.signal !== 'SIGTERM') throw new Error(`${name} exited with ${JSON.stringify(exited)} on SIGTERM\n${proc.output}`);
    await waitFor(`${APP} gone after SIGTERM`, async () => (mine(await request('GET', `${eureka}/apps/${APP}`, { headers: JSON_ACCEPT })) ? undefined : true), {
      timeoutMs: CHANGE_MS,
    });
    return `registered UP (JSON and XML) as ${instance.instanceId}, health up${app.terminus ? ' through Terminus' : ''}, ${byName}, gone after SIGTERM`;
  } finally {
    await stop(proc);
  }
}

/** An app with its own `GET /` embedding `EurekaServerModule` on `adapter`, fed curl-style requests. */
async function checkEmbeddedServer(app, dir, adapter) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = start(`${app.name} embedded ${adapter}`, process.execPath, ['dist/embedded-server.js', adapter], { cwd: dir, env: { PORT: String(port) } });
  try {
    await waitFor(`the embedding app (${adapter}) to answer GET /`, async () => {
      const res = await request('GET', `${base}/`);
      return res.status === 200 && JSON.parse(res.text).home === true ? true : undefined;
    }, { timeoutMs: START_MS, proc });
    const expect = (what, res, status) => {
      if (res.status !== status) throw new Error(`${app.name} embedded ${adapter}: ${what} answered ${res.status}, expected ${status}: ${res.text}`);
    };
    expect('POST apps/ORDERS', await request('POST', `${base}/eureka/apps/ORDERS`, { headers: { 'Content-Type': 'application/json' }, body: registration('ORDERS', 'orders-1', 8080) }), 204);
    const read = await request('GET', `${base}/eureka/apps/ORDERS`, { headers: JSON_ACCEPT });
    expect('GET apps/ORDERS', read, 200);
    if (instancesOf(read.text)[0]?.instanceId !== 'orders-1') throw new Error(`GET apps/ORDERS: ${read.text}`);
    expect('GET apps/ (trailing slash, as Java clients call it)', await request('GET', `${base}/eureka/apps/`, { headers: JSON_ACCEPT }), 200);
    expect('PUT heartbeat', await request('PUT', `${base}/eureka/apps/ORDERS/orders-1`), 200);
    // An id as long as a Kubernetes host name (over Fastify's default path-parameter limit of 100).
    const longId = 'orders-service-7d9f8c6b5-x2x9z.orders-service-headless.payments-production.svc.cluster.local:orders-service:8080';
    if (longId.length <= 100) throw new Error('the long id must be longer than 100 characters');
    expect('POST a long id', await request('POST', `${base}/eureka/apps/ORDERS`, { headers: { 'Content-Type': 'application/json' }, body: registration('ORDERS', longId, 8080) }), 204);
    expect('PUT heartbeat of a long id', await request('PUT', `${base}/eureka/apps/ORDERS/${encodeURIComponent(longId)}`), 200);
    const dashboard = await request('GET', `${base}/eureka-dashboard`);
    expect('GET /eureka-dashboard', dashboard, 200);
    if (!dashboard.text.includes('ORDERS')) throw new Error('the dashboard does not list ORDERS');
    expect('DELETE', await request('DELETE', `${base}/eureka/apps/ORDERS/orders-1`), 200);
    expect('DELETE of the long id', await request('DELETE', `${base}/eureka/apps/ORDERS/${encodeURIComponent(longId)}`), 200);
    expect('GET apps/ORDERS after DELETE', await request('GET', `${base}/eureka/apps/ORDERS`, { headers: JSON_ACCEPT }), 404);
    return `embedded on ${adapter}: beside its own GET /, register 204, read, apps/ 200, heartbeat 200 (a ${longId.length}-character id too), dashboard at /eureka-dashboard, cancel 200`;
  } finally {
    await stop(proc);
  }
}

async function checkTestingEntry(app, dir, adapter) {
  const result = await run(process.execPath, ['dist/testing-check.js', adapter], { cwd: dir, timeoutMs: START_MS });
  return result.stdout.trim().split('\n').pop();
}

async function checkLoading(dir) {
  const cjs = await run(process.execPath, ['load-check.cjs'], { cwd: dir, timeoutMs: 60_000 });
  const mjs = await run(process.execPath, ['load-check.mjs'], { cwd: dir, timeoutMs: 60_000 });
  return `${cjs.stdout.trim()}; ${mjs.stdout.trim()}`;
}

module.exports = { startStandalone, checkClientApp, checkEmbeddedServer, checkTestingEntry, checkLoading };
