'use strict';
/**
 * Child processes of a bench run: the built standalone server and the bare `node:http` baseline.
 * Every child is tracked and gets SIGTERM then SIGKILL on every exit path of the parent
 * (`stopAll`, and a synchronous SIGKILL on process exit), so nothing outlives a run.
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');
const { SERVER_MAIN, ROOT, freePort, request, sleep } = require('./common');

const children = new Set();

function killAllNow() {
  for (const c of children) if (!c.exited) try { c.proc.kill('SIGKILL'); } catch { /* gone */ }
}
process.once('exit', killAllNow);

/**
 * Starts `node [nodeArgs] script` with `env`, keeping the last 8 KB of its output for errors.
 * `pin` (a CPU list such as "1") runs it under `taskset -c`.
 */
function startProcess(name, script, { env = {}, nodeArgs = [], args = [], pin } = {}) {
  const fullEnv = { ...process.env, NO_COLOR: '1', ...env };
  delete fullEnv.NODE_OPTIONS;
  const argv = [...nodeArgs, script, ...args];
  const proc = pin ? spawn('taskset', ['-c', pin, process.execPath, ...argv], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, argv, { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const child = { name, proc, exited: false, log: '' };
  child.exit = new Promise((res) => proc.once('exit', (code, signal) => { child.exited = true; child.code = code; child.signal = signal; children.delete(child); res(); }));
  const keep = (s) => (child.log = (child.log + s).slice(-8000));
  proc.stdout.setEncoding('utf8').on('data', keep);
  proc.stderr.setEncoding('utf8').on('data', keep);
  children.add(child);
  return child;
}

async function exitedWithin(child, ms) {
  if (child.exited) return true;
  let t;
  const r = await Promise.race([child.exit.then(() => true), new Promise((res) => (t = setTimeout(() => res(false), ms)))]);
  clearTimeout(t);
  return r;
}

async function stop(child) {
  if (!child || child.exited) return;
  child.proc.kill('SIGTERM');
  if (await exitedWithin(child, 3000)) return;
  child.proc.kill('SIGKILL');
  await exitedWithin(child, 3000);
}

async function stopAll() {
  await Promise.all([...children].map(stop));
}

async function waitHttp(child, url, timeoutMs, ok = (r) => r.status === 200) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exited) throw new Error(`${child.name} exited during start-up (code ${child.code}, signal ${child.signal}):\n${child.log}`);
    try {
      const r = await request('GET', url, { timeoutMs: 1000 });
      if (ok(r)) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(50);
  }
  throw new Error(`${child.name} not ready within ${timeoutMs} ms (last: ${last})\n${child.log}`);
}

/**
 * The built standalone server (`apps/eureka-server/dist/main.js`) on 127.0.0.1 and a free
 * port, with server options from `env`; resolves once `GET /eureka/status` answers 200 (401 with
 * authentication on).
 */
async function startServer({ env = {}, nodeArgs = [], pin, name = 'eureka-server', main = SERVER_MAIN } = {}) {
  if (!existsSync(main)) throw new Error(`${main} missing: run \`npm run build\` first`);
  const port = await freePort();
  const child = startProcess(name, main, {
    env: { PORT: String(port), HOST: '127.0.0.1', EUREKA_SERVER_WAIT_TIME_IN_MS_WHEN_SYNC_EMPTY: '0', ...env },
    nodeArgs,
    pin,
  });
  child.port = port;
  child.url = `http://127.0.0.1:${port}`;
  // Not `GET apps`: that would put the empty registry into the read-only cache for 30 s. A server
  // with authentication on answers 401 here once it is up.
  const secured = env.EUREKA_AUTH_USERNAME !== undefined || env.EUREKA_AUTH_USERS !== undefined;
  await waitHttp(child, `${child.url}/eureka/status`, 30_000, (r) => r.status === (secured ? 401 : 200));
  return child;
}

/** The bare `node:http` baseline (`bench/baseline-server.js`) in `mode`; see that file. */
async function startBaseline(mode, { env = {}, pin } = {}) {
  const port = await freePort();
  const child = startProcess(`baseline-${mode}`, path.join(__dirname, '..', 'baseline-server.js'), {
    env: { PORT: String(port), HOST: '127.0.0.1', BASELINE_MODE: mode, ...env },
    pin,
  });
  child.port = port;
  child.url = `http://127.0.0.1:${port}`;
  await waitHttp(child, `${child.url}/__ready`, 10_000);
  return child;
}

/** A framework floor (`bench/framework-server.js`): FRAMEWORK=fastify or nest. */
async function startFramework(framework, { env = {}, pin } = {}) {
  const port = await freePort();
  const child = startProcess(`framework-${framework}`, path.join(__dirname, '..', 'framework-server.js'), {
    env: { PORT: String(port), HOST: '127.0.0.1', FRAMEWORK: framework, ...env },
    pin,
  });
  child.port = port;
  child.url = `http://127.0.0.1:${port}`;
  await waitHttp(child, `${child.url}/__ready`, 20_000);
  return child;
}

module.exports = { startProcess, startServer, startBaseline, startFramework, stop, stopAll, exitedWithin, killAllNow };
