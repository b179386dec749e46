'use strict';
/**
 * Scenario 1: heartbeat throughput. N instances registered (10k), then `PUT /eureka/apps/{app}/{id}`
 * cycling over all of them from 64 keep-alive connections, against the bare `node:http` baseline
 * that parses the same URLs and answers 200. Two framework floors run in the same rounds (plain
 * Fastify, and a Nest 12 + Fastify app whose heartbeat handler does nothing) to show where the
 * time goes, and a second eureka server with authentication on (basic, scrypt-hashed password) to
 * show what a verified login costs per heartbeat. Every side gets the same requests, each with the
 * same `Authorization` header (the others ignore it).
 */
const path = require('node:path');
const { loadPackage, instanceName, ms, num, ratio, registeredId, registerMany } = require('../lib/common');
const { startBaseline, startFramework, startServer, stop } = require('../lib/processes');
const { runLoad } = require('../lib/load');
const { GENERATOR_NOTE, compare, cpuCostRatio, cpuNote, generatorBound, usPerReq } = require('../lib/compare');

const TARGET = 0.6;
const AUTH_USER = 'bench';
const AUTH_PASSWORD = 'bench-heartbeat-password';
const AUTH_HEADERS = { Authorization: `Basic ${Buffer.from(`${AUTH_USER}:${AUTH_PASSWORD}`).toString('base64')}` };

async function authEnv(serverEnv) {
  const { hashPassword } = loadPackage('@nest-eureka/server');
  return { ...serverEnv, EUREKA_AUTH_USERNAME: AUTH_USER, EUREKA_AUTH_PASSWORD: await hashPassword(AUTH_PASSWORD) };
}

async function run(ctx) {
  const instances = ctx.quick ? 1000 : 10_000;
  const durationSec = ctx.quick ? 1 : 3;
  const warmupSec = ctx.quick ? 0.3 : 1;
  const rounds = ctx.quick ? 1 : 5;
  const connections = 64;

  // Pre-encoded once, handed out in order across the connections (see lib/load.js).
  const requests = [];
  for (let i = 0; i < instances; i++) {
    const { app, id } = instanceName(i);
    requests.push({ method: 'PUT', path: `/eureka/apps/${app}/${registeredId(app, id)}`, headers: AUTH_HEADERS });
  }
  const sequence = (durationSec) => (url) => runLoad({ url, connections, durationSec, sequence: requests });
  const check = (label, res) => {
    if (res.bad > 0 || res.errors > 0) throw new Error(`${label}: ${res.bad} bad responses ${JSON.stringify(res.badStatuses)}, ${res.errors} errors`);
  };

  const children = [];
  try {
    const server = await startServer({ env: ctx.serverEnv, nodeArgs: ctx.serverNodeArgs });
    children.push(server);
    const baseline = await startBaseline('heartbeat');
    children.push(baseline);
    const fastify = ctx.quick ? undefined : await startFramework('fastify');
    const nest = ctx.quick ? undefined : await startFramework('nest');
    children.push(fastify, nest);
    const secured = ctx.quick ? undefined : await startServer({ env: await authEnv(ctx.serverEnv), nodeArgs: ctx.serverNodeArgs });
    children.push(secured);
    const regMs = await registerMany(server.url, instances);
    ctx.log(`  heartbeat: ${instances} instances registered in ${regMs.toFixed(0)} ms`);
    if (secured) await registerMany(secured.url, instances, { headers: AUTH_HEADERS });
    const sides = [['baseline', baseline], ['server', server]];
    if (!ctx.quick) sides.push(['fastify', fastify], ['nest', nest], ['auth', secured]);
    const c = await compare(ctx, { name: 'heartbeat', sides, warm: sequence(warmupSec), load: sequence(durationSec), rounds, check });
    const rowOf = (title, label) => {
      const i = label === 'baseline' ? c.median.server : c.median[label];
      const r = c.runs[label][i];
      return [title, num(r.rps), ms(r.latency.p50), ms(r.latency.p99), ms(r.latency.max), cpuNote(r), usPerReq(r),
        label === 'baseline' ? '1.00' : label === 'server' ? `**${ratio(c.ratio.server)}**` : ratio(c.ratio[label])];
    };
    const rows = [rowOf('bare node:http (baseline)', 'baseline'), rowOf('**eureka server** (standalone: Nest 12 + Fastify, registry)', 'server')];
    if (!ctx.quick) {
      rows.push(rowOf('plain Fastify 5, same route, no registry (reference)', 'fastify'));
      rows.push(rowOf('Nest 12 + FastifyAdapter, same handler signature, empty handler (reference)', 'nest'));
      rows.push(rowOf('eureka server with authentication on (basic, scrypt-hashed password, verified once)', 'auth'));
    }
    const serverRatio = c.ratio.server;
    const bRun = c.runs.baseline[c.median.server];
    const sRun = c.runs.server[c.median.server];
    const costRatio = cpuCostRatio(bRun, sRun);
    return {
      id: 'heartbeat',
      title: `1. Heartbeat throughput (${num(instances)} registered instances)`,
      setup:
        `${num(instances)} instances registered; \`PUT /eureka/apps/{app}/{id}\` cycling over all of them from ${connections} keep-alive ` +
        `connections (autocannon, pipelining 1); ${rounds} round(s) of ${durationSec} s per side, each after a ${warmupSec} s warm-up, ` +
        `rotating which side goes first; the row shown for each side is from its median-ratio round (the baseline row from the server's). ` +
        `Baseline: bare \`node:http\` server parsing the same URL and answering 200.`,
      columns: ['', 'req/s', 'p50', 'p99', 'max', 'CPU cores server / generator', 'server CPU per request', 'ratio to baseline (req/s)'],
      rows,
      notes: [
        `Per-round ratios: ${Object.entries(c.ratios).map(([k, v]) => `${k} ${v.map(ratio).join(', ')}`).join('; ')}. ` +
          `${c.roundsNote}. Target >= ${TARGET}: ${serverRatio >= TARGET ? 'met' : 'missed'}.`,
        `CPU view of the same round: the baseline spends ${usPerReq(bRun)} of server-process CPU per heartbeat, the eureka server ` +
          `${usPerReq(sRun)}: a ratio of ${ratio(costRatio)} if each had a core to itself.`,
        ...(generatorBound(bRun) ? [GENERATOR_NOTE] : []),
      ],
      figures: { ratio: serverRatio, costRatio, ratios: c.ratios, target: TARGET, pass: serverRatio >= TARGET,
        rps: Object.fromEntries(Object.entries(c.runs).map(([k, v]) => [k, v.map((r) => Math.round(r.rps))])) },
    };
  } finally {
    await Promise.all(children.map(stop));
  }
}

module.exports = { run };
