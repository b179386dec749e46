'use strict';
/**
 * Scenario 10: floods by unauthenticated callers. The built standalone server with authentication
 * on; an authenticated client (keep-alive, verified before the flood) heartbeats one request at a
 * time, every 10 ms; its latency is measured alone and during each flood:
 *  (1) nested body: 2 connections posting 1 MiB of `[[[[...` to `POST /nope`, back to back;
 *  (2) bcrypt: 16 connections from 127.0.0.2, each a new wrong password for a `{bcrypt}` (cost 10) user;
 *  (3) first logins: the same flood, while 20 first logins with correct `{scrypt}` passwords arrive at
 *      once from 127.0.0.1 (as after a restart): how many get through;
 *  (4) dashboard: 5,000 instances registered, 4 connections loading the whole dashboard back to back,
 *      each time with another `limit` (so no two loads share a cached build).
 * BENCH_SERVER_MAIN=<main.js> runs another build's server instead (the figures before a change).
 */
const http = require('node:http');
const bcrypt = require('bcryptjs');
const { SERVER_MAIN, loadPackage, ms, num, registerMany, request, sleep, summarize } = require('../lib/common');
const { startServer, stop } = require('../lib/processes');

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const CLIENT = basic('client', 'client-password');
const NESTED = Buffer.from(`${'['.repeat(512 * 1024)}${']'.repeat(512 * 1024)}`);

function call(agent, url, { method = 'GET', headers = {}, body, localAddress } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(url, { method, headers, agent, localAddress, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(body);
  });
}

/** Heartbeats of the verified client until `until`; their latencies. */
async function heartbeats(base, until) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  let failed = 0;
  while (Date.now() < until) {
    const r = await call(agent, `${base}/eureka/apps/ORDERS/o-1`, { method: 'PUT', headers: { authorization: CLIENT } });
    if (r.status === 200) latencies.push(r.ms);
    else failed++;
    await sleep(10);
  }
  agent.destroy();
  return { latencies, failed };
}

/** `workers` loops of `task` until `until`; answers counted by status. */
async function flood(workers, until, task) {
  const statuses = {};
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        const r = await task(w, i);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

async function run(ctx) {
  const phaseMs = ctx.quick ? 1500 : 10_000;
  const { hashPassword } = loadPackage('@nest-eureka/server');
  const fresh = Array.from({ length: 20 }, (_, i) => ({ username: `fresh-${i}`, password: `fresh-password-${i}` }));
  const users = [
    { username: 'client', password: `{bcrypt}${bcrypt.hashSync('client-password', 10)}`, roles: ['read', 'write'] },
    ...(await Promise.all(fresh.map(async (u) => ({ username: u.username, password: await hashPassword(u.password), roles: ['read', 'write'] })))),
  ];
  const main = process.env.BENCH_SERVER_MAIN || SERVER_MAIN;
  // The dashboard open to anyone, as it is without authentication.
  const server = await startServer({
    main,
    env: { EUREKA_AUTH_USERS: JSON.stringify(users), EUREKA_AUTH_ANONYMOUS: 'dashboard', EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false' },
  });
  try {
    const base = server.url;
    const registration = JSON.stringify({
      instance: { instanceId: 'o-1', hostName: 'o-1', app: 'ORDERS', ipAddr: '10.0.0.1', status: 'UP', port: { $: 8080, '@enabled': 'true' }, dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' } },
    });
    const reg = await request('POST', `${base}/eureka/apps/ORDERS`, { headers: { 'content-type': 'application/json', authorization: CLIENT }, body: registration });
    if (reg.status !== 204) throw new Error(`registration answered ${reg.status}`);

    const phases = [];
    const phase = async (name, during) => {
      const until = Date.now() + phaseMs;
      const [beats, extra] = await Promise.all([heartbeats(base, until), during(until)]);
      const s = summarize(beats.latencies);
      phases.push({ name, heartbeats: s.n, failed: beats.failed, p50: s.p50, p99: s.p99, max: s.max, ...extra });
      ctx.log(`  flood ${name}: ${s.n} heartbeats, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}${extra.note ? `; ${extra.note}` : ''}`);
    };
    await phase('none', async () => ({ note: '' }));
    await phase('nested bodies', async (until) => {
      const agents = [new http.Agent({ keepAlive: true }), new http.Agent({ keepAlive: true })];
      const statuses = await flood(2, until, (w) => call(agents[w], `${base}/nope`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: NESTED }));
      agents.forEach((a) => a.destroy());
      return { note: `flood answers ${JSON.stringify(statuses)}` };
    });
    const wrongPasswords = (until, tag) =>
      flood(16, until, (w, i) => call(undefined, `${base}/eureka/apps`, { headers: { authorization: basic('client', `${tag}-${w}-${i}`) }, localAddress: '127.0.0.2' }));
    await phase('bcrypt wrong passwords', async (until) => ({ note: `flood answers ${JSON.stringify(await wrongPasswords(until, 'guess'))}` }));
    await phase('first logins during the flood', async (until) => {
      const logins = Promise.all(fresh.map((u) => call(undefined, `${base}/eureka/apps`, { headers: { authorization: basic(u.username, u.password) } })));
      const [statuses, answers] = await Promise.all([wrongPasswords(until, 'again'), logins]);
      const byStatus = {};
      for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      const slowest = Math.max(...answers.map((a) => a.ms));
      return { logins: byStatus, note: `first logins ${JSON.stringify(byStatus)} (slowest ${ms(slowest)}); flood answers ${JSON.stringify(statuses)}` };
    });
    await registerMany(base, ctx.quick ? 1000 : 5000, { headers: { authorization: CLIENT } });
    await phase(`dashboard (${ctx.quick ? '1,000' : '5,000'} instances)`, async (until) => {
      const agents = Array.from({ length: 4 }, () => new http.Agent({ keepAlive: true }));
      const statuses = await flood(4, until, (w, i) => call(agents[w], `${base}/?limit=${2000 + ((w * 997 + i) % 8000)}`));
      agents.forEach((a) => a.destroy());
      return { note: `dashboard answers ${JSON.stringify(statuses)}` };
    });

    return {
      id: 'flood',
      title: '10. Heartbeats of an authenticated client during floods by unauthenticated callers',
      setup:
        `The built standalone server${process.env.BENCH_SERVER_MAIN ? ` (${process.env.BENCH_SERVER_MAIN})` : ''} with authentication on (a \`{bcrypt}\` cost-10 user, 20 \`{scrypt}\` users); ` +
        `a verified client heartbeats on a keep-alive connection, one at a time every 10 ms, for ${phaseMs / 1000} s per phase: alone; while 2 connections post 1 MiB of nested brackets ` +
        'to `POST /nope` back to back; while 16 connections from 127.0.0.2 send distinct wrong passwords for the bcrypt user; and the same while 20 first logins with correct scrypt ' +
        'passwords arrive at once from 127.0.0.1; then, with 5,000 instances registered, while 4 connections load the whole dashboard back to back, each load with another \`limit\` so that none is served from a cache.',
      columns: ['flood', 'heartbeats', 'p50', 'p99', 'max', 'what the flood got'],
      rows: phases.map((p) => [p.name, num(p.heartbeats) + (p.failed ? ` (${p.failed} failed)` : ''), `**${ms(p.p50)}**`, `**${ms(p.p99)}**`, ms(p.max), p.note || '-']),
      figures: { phaseMs, phases },
    };
  } finally {
    await stop(server);
  }
}

module.exports = { run };
