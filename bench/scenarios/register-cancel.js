'use strict';
/**
 * Scenario 4: registration throughput (distinct instances, 10k per run: each request registers a
 * new instance with a realistic Spring Cloud body) and cancel throughput (`DELETE` of each of
 * them), against a bare `node:http` server that reads the body and `JSON.parse`s it (204) and
 * answers DELETE 200. Each round uses new instance ids; a warm-up registers and cancels 2k.
 */
const { instanceName, ms, num, ratio, registeredId, registrationJson } = require('../lib/common');
const { startBaseline, startServer, stop } = require('../lib/processes');
const { runLoad } = require('../lib/load');
const { cpuNote, fmtRun, measuredRun } = require('../lib/compare');

function sequences(prefix, count) {
  const now = Date.now();
  const register = [];
  const cancel = [];
  for (let i = 0; i < count; i++) {
    const { app, id } = instanceName(i, prefix);
    register.push({ method: 'POST', path: `/eureka/apps/${app}`, headers: { 'Content-Type': 'application/json' }, body: registrationJson(app, id, i, now) });
    cancel.push({ method: 'DELETE', path: `/eureka/apps/${app}/${registeredId(app, id)}` });
  }
  return { register, cancel };
}

async function run(ctx) {
  const count = ctx.quick ? 1000 : 10_000;
  const rounds = ctx.quick ? 1 : 2;
  const connections = 32;
  const server = await startServer({ env: ctx.serverEnv, nodeArgs: ctx.serverNodeArgs });
  const baseline = await startBaseline('register');
  try {
    const warmSeq = sequences('WARM', ctx.quick ? 200 : 2000);
    const drive = (seq, expect) => (url) => runLoad({ url, connections, amount: seq.length, capSec: 120, sequence: seq, expect });
    const is204 = (s) => s === 204;
    const is200 = (s) => s === 200;
    const warm = async (url) => {
      await drive(warmSeq.register, is204)(url);
      await drive(warmSeq.cancel, is200)(url);
    };
    const check = (label, res) => {
      if (res.bad > 0 || res.errors > 0) throw new Error(`${label}: ${res.bad} bad responses ${JSON.stringify(res.badStatuses)}, ${res.errors} errors`);
      if (res.good !== res.expected) throw new Error(`${label}: ${res.good} of ${res.expected} answered`);
    };
    const runs = { register: { baseline: [], server: [] }, cancel: { baseline: [], server: [] } };
    for (let r = 0; r < rounds; r++) {
      const seq = sequences(`R${r}`, count);
      const order = r % 2 === 0 ? [['baseline', baseline], ['server', server]] : [['server', server], ['baseline', baseline]];
      for (const [label, target] of order) {
        // Register then cancel on the same side, so the server cancels what it just registered.
        // Not repeated on a noisy machine: a second registration of the same ids would not be new.
        const once = { retry: false };
        const reg = await measuredRun(ctx, `register ${label}`, target, warm, async (url) => ({ ...(await drive(seq.register, is204)(url)), expected: count }), check, once);
        const can = await measuredRun(ctx, `cancel ${label}`, target, undefined, async (url) => ({ ...(await drive(seq.cancel, is200)(url)), expected: count }), check, once);
        runs.register[label].push(reg);
        runs.cancel[label].push(can);
        ctx.log(`  register ${label} round ${r + 1}: ${fmtRun(reg)}`);
        ctx.log(`  cancel ${label} round ${r + 1}: ${fmtRun(can)}`);
      }
    }
    const rows = [];
    const figures = {};
    for (const kind of ['register', 'cancel']) {
      const ratios = runs[kind].server.map((s, i) => s.rps / runs[kind].baseline[i].rps);
      const best = ratios.indexOf([...ratios].sort((a, b) => a - b)[Math.floor((ratios.length - 1) / 2)]);
      const s = runs[kind].server[best];
      const b = runs[kind].baseline[best];
      const what = kind === 'register' ? `\`POST /eureka/apps/{app}\`, ${num(count)} distinct instances` : `\`DELETE /eureka/apps/{app}/{id}\`, ${num(count)} instances`;
      rows.push([what, 'bare node:http', num(b.rps), ms(b.latency.p50), ms(b.latency.p99), cpuNote(b), '1.00']);
      rows.push([what, 'eureka server', num(s.rps), ms(s.latency.p50), ms(s.latency.p99), cpuNote(s), `**${ratio(ratios[best])}**`]);
      figures[kind] = { ratio: ratios[best], ratios, serverRps: s.rps, baselineRps: b.rps };
    }
    return {
      id: 'register-cancel',
      title: `4. Registration and cancel throughput (${num(count)} distinct instances)`,
      setup:
        `Each run registers ${num(count)} new instances (Spring Cloud JSON bodies of about 1.2 KB, ids never seen before) from ${connections} ` +
        `connections, then cancels each of them; ${rounds} round(s) with fresh ids, alternating which side goes first, after a warm-up that ` +
        `registers and cancels ${num(warmSeq.register.length)}. Baseline: bare \`node:http\` reading and \`JSON.parse\`-ing the body (204), DELETE 200.`,
      columns: ['request', '', 'req/s', 'p50', 'p99', 'CPU cores server / generator', 'ratio'],
      rows,
      notes: [`Per-round ratios: register ${figures.register.ratios.map(ratio).join(', ')}; cancel ${figures.cancel.ratios.map(ratio).join(', ')}.`],
      figures,
    };
  } finally {
    await Promise.all([stop(server), stop(baseline)]);
  }
}

module.exports = { run };
