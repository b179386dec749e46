'use strict';
// `npm run demo` (after `npm run build`): the registry server, two greeting-service instances and the
// greeting-consumer as separate processes from dist/, with prefixed logs. Prints the URLs to open once
// all are UP; Ctrl-C stops everything (services first, so they deregister, then the server).
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const HOST = '127.0.0.1';
const SERVER_START_TIMEOUT_MS = 30_000;
const ALL_UP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const POLL_MS = 200;

/** Short intervals so that changes show within seconds. Variables already set in the environment win. */
const DEMO_SERVER_ENV = {
  EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false', // reads see every change at once
  EUREKA_SERVER_EVICTION_INTERVAL_TIMER_IN_MS: '2000',
  EUREKA_SERVER_EXPECTED_CLIENT_RENEWAL_INTERVAL_SECONDS: '2', // what the clients below send
  // Three clients are a small registry: with Spring's 0.85 the phantom client the threshold starts
  // with would keep self-preservation on. Recomputed every 10 s instead of every 15 min.
  EUREKA_SERVER_RENEWAL_PERCENT_THRESHOLD: '0.5',
  EUREKA_SERVER_RENEWAL_THRESHOLD_UPDATE_INTERVAL_MS: '10000',
};
const DEMO_CLIENT_ENV = {
  EUREKA_INSTANCE_LEASE_RENEWAL_INTERVAL_IN_SECONDS: '2', // heartbeat, and health check evaluation
  EUREKA_INSTANCE_LEASE_EXPIRATION_DURATION_IN_SECONDS: '6',
  EUREKA_CLIENT_REGISTRY_FETCH_INTERVAL_SECONDS: '2',
};
const INTERVALS_NOTE =
  'intervals shortened for the demo: heartbeat and health check every 2 s, registry fetch every 2 s, lease 6 s, ' +
  'eviction every 2 s, server reads uncached (defaults: 30 s, 30 s, 90 s, 60 s, 30 s cache)';

/** Nest's start-up chatter, hidden unless DEMO_VERBOSE=1. */
const NOISE = /\[(InstanceLoader|RoutesResolver|RouterExplorer|NestFactory)\]|Nest application successfully started/;

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

function usage() {
  return `npm run demo: the Eureka server, two greeting-service instances and greeting-consumer, from dist/.

Environment (defaults in brackets):
  DEMO_SERVER_PORT     [8761]       Eureka server
  DEMO_GREETING_PORTS  [8081,8082]  the two greeting-service instances
  DEMO_CONSUMER_PORT   [8090]       greeting-consumer
  DEMO_VERBOSE=1                    also show Nest's start-up lines

The demo's short intervals, each replaced by the variable when it is set:
${Object.entries({ ...DEMO_SERVER_ENV, ...DEMO_CLIENT_ENV }).map(([k, v]) => `  ${k}=${v}`).join('\n')}
`;
}

/** The ports in `variable` (comma-separated), or `fallback`; throws naming the variable. */
function readPorts(variable, fallback, count) {
  const raw = (process.env[variable] ?? '').trim() || fallback;
  const ports = raw.split(',').map((p) => p.trim());
  if (ports.length !== count || !ports.every((p) => /^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= 65535)) {
    throw new Error(`${variable}=${JSON.stringify(raw)} must be ${count === 1 ? 'a port number' : `${count} comma-separated port numbers`} (1..65535)`);
  }
  return ports.map(Number);
}

function topology() {
  const [serverPort] = readPorts('DEMO_SERVER_PORT', '8761', 1);
  const [g1, g2] = readPorts('DEMO_GREETING_PORTS', '8081,8082', 2);
  const [consumerPort] = readPorts('DEMO_CONSUMER_PORT', '8090', 1);
  const serviceUrl = `http://${HOST}:${serverPort}/eureka/`;
  const clientEnv = { ...DEMO_CLIENT_ENV, ...pick(process.env, DEMO_CLIENT_ENV), HOST, EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: serviceUrl };
  const services = [
    { name: 'server', app: 'eureka-server', port: serverPort, color: 36, env: { ...DEMO_SERVER_ENV, ...pick(process.env, DEMO_SERVER_ENV), HOST } },
    { name: 'greeting-1', app: 'greeting-service', port: g1, color: 32, env: clientEnv, registersAs: 'GREETING-SERVICE' },
    { name: 'greeting-2', app: 'greeting-service', port: g2, color: 33, env: clientEnv, registersAs: 'GREETING-SERVICE' },
    { name: 'consumer', app: 'greeting-consumer', port: consumerPort, color: 35, env: { ...clientEnv, CALL_INTERVAL_MS: '500' }, registersAs: 'GREETING-CONSUMER' },
  ];
  const ports = services.map((s) => s.port);
  if (new Set(ports).size !== ports.length) throw new Error(`the demo needs four different ports, got ${ports.join(', ')}`);
  for (const s of services) s.main = path.join(ROOT, 'apps', s.app, 'dist', 'main.js');
  return services;
}

function pick(env, keys) {
  return Object.fromEntries(Object.keys(keys).filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
}

function log(message) {
  process.stdout.write(`${paint('1', '[demo]')} ${message}\n`);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

function getJson(url, accept = 'application/json', timeoutMs = 1000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: accept }, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode, headers: res.headers, body: res.headers['content-type']?.includes('json') ? JSON.parse(text) : text });
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- processes --------------------------------------------------------------------------------

const running = new Map(); // name -> { service, child, exited: Promise }
let phase = 'starting'; // starting | running | stopping
let onUnexpectedExit = () => undefined;

function start(service) {
  // Own process group: Ctrl-C reaches only the demo, which then stops the services in order.
  const env = { ...process.env, ...service.env, PORT: String(service.port), NO_COLOR: '1' };
  const child = spawn(process.execPath, [service.main], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = paint(String(service.color), service.name.padEnd(10));
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      if (!process.env.DEMO_VERBOSE && NOISE.test(line)) return;
      // `[Nest] 1234  - 11/22/2026, 5:33:04 AM     LOG [Context] message` -> `LOG [Context] message`
      process.stdout.write(`${prefix} | ${line.replace(/^\[Nest\] \d+\s+-\s+.+?\s+(?=(LOG|WARN|ERROR|DEBUG|VERBOSE|FATAL) )/, '')}\n`);
    });
  }
  const exited = new Promise((resolve) => {
    child.once('close', (code, signal) => {
      running.delete(service.name);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      log(`${service.name} (pid ${child.pid}) exited with ${how}`);
      resolve();
      onUnexpectedExit(service, how);
    });
  });
  child.once('error', (error) => log(`${service.name}: ${error.message}`));
  running.set(service.name, { service, child, exited });
  log(`started ${service.name} (pid ${child.pid}): node ${path.relative(ROOT, service.main)} on port ${service.port}`);
  return child;
}

async function stopAll(reason) {
  if (phase === 'stopping') return;
  phase = 'stopping';
  if (running.size === 0) return;
  const started = Date.now();
  log(`stopping (${reason})...`);
  // Services first, so their deregistration reaches the server; then the server.
  const services = [...running.values()].filter((r) => r.service.name !== 'server');
  await stopGroup(services);
  await stopGroup([...running.values()]);
  log(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function stopGroup(entries) {
  for (const { child } of entries) signal(child, 'SIGTERM');
  const all = Promise.all(entries.map((e) => e.exited));
  const timedOut = await Promise.race([all.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
  if (!timedOut) return;
  for (const { service, child } of entries.filter((e) => running.has(e.service.name))) {
    log(`${service.name} (pid ${child.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s: SIGKILL`);
    signal(child, 'SIGKILL');
  }
  await Promise.race([all, sleep(2000)]);
}

function signal(child, name) {
  try {
    child.kill(name);
  } catch {
    // already gone
  }
}

// ---- readiness ----------------------------------------------------------------------------------

async function waitUntilServing(server) {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (phase !== 'starting') return;
    try {
      if ((await getJson(`http://${HOST}:${server.port}/eureka/apps`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(POLL_MS);
  }
  throw new Error(`the server did not answer on port ${server.port} within ${SERVER_START_TIMEOUT_MS / 1000} s`);
}

/** Until every service is UP in the registry, on its own port. Returns what is missing on timeout. */
async function waitUntilAllUp(server, clients) {
  const deadline = Date.now() + ALL_UP_TIMEOUT_MS;
  let missing = clients.map((c) => c.name);
  while (Date.now() < deadline) {
    if (phase !== 'starting') return;
    try {
      const { status, body } = await getJson(`http://${HOST}:${server.port}/eureka/apps`);
      if (status === 200) {
        const up = new Set();
        for (const app of body.applications.application ?? []) {
          for (const instance of [].concat(app.instance ?? [])) {
            if (instance.status === 'UP') up.add(`${app.name}:${instance.port?.$}`);
          }
        }
        missing = clients.filter((c) => !up.has(`${c.registersAs}:${c.port}`)).map((c) => c.name);
        if (missing.length === 0) return;
      }
    } catch {
      // the server is busy or restarting: try again
    }
    await sleep(POLL_MS);
  }
  throw new Error(`not UP in the registry within ${ALL_UP_TIMEOUT_MS / 1000} s: ${missing.join(', ')}`);
}

async function dashboardUrl(server) {
  try {
    const res = await getJson(`http://${HOST}:${server.port}/`, 'text/html');
    if (res.status === 200 && String(res.headers['content-type']).includes('html')) return `http://${HOST}:${server.port}/`;
  } catch {
    // no dashboard
  }
  return undefined;
}

function banner(services, dashboard) {
  const [server, g1, g2, consumer] = services;
  const url = (s, p = '') => `http://${HOST}:${s.port}${p}`;
  const row = (label, value, note = '') => `  ${label.padEnd(18)} ${value}${note ? `   ${paint('2', note)}` : ''}`;
  const pid = (s) => running.get(s.name)?.child.pid;
  return [
    '',
    paint('1', 'Open:'),
    ...(dashboard ? [row('Dashboard', dashboard)] : []),
    row('Registry', url(server, '/eureka/apps'), `JSON: curl -H 'Accept: application/json' ${url(server, '/eureka/apps')}`),
    row('Server health', url(server, '/health')),
    row('Consumer', url(consumer, '/greet?name=Ada'), 'calls greeting-service by name; "servedBy" says which instance answered'),
    row("Consumer's view", url(consumer, '/greet/instances'), 'the greeting-service instances it calls'),
    row('greeting-1', url(g1, '/health'), `pid ${pid(g1)}`),
    row('greeting-2', url(g2, '/health'), `pid ${pid(g2)}`),
    row('Consumer health', url(consumer, '/health')),
    '',
    paint('1', 'Try:'),
    row('Fail a check', `curl -X POST ${url(g1, '/admin/health/down')}`, 'greeting-1 turns DOWN in the registry, the consumer stops calling it'),
    row('Recover', `curl -X POST ${url(g1, '/admin/health/up')}`),
    row('Stop an instance', `kill -TERM ${pid(g2)}`, 'greeting-2 deregisters at once; calls keep succeeding'),
    '',
    `  ${INTERVALS_NOTE}.`,
    '  The consumer calls greeting-service twice a second and logs every 5 s which instances answered.',
    `  ${paint('1', 'Ctrl-C')} stops everything.`,
    '',
  ].join('\n');
}

// ---- main ---------------------------------------------------------------------------------------

async function main() {
  if (process.argv.includes('--help')) return void process.stdout.write(usage());
  const services = topology();
  const missingBuild = services.filter((s) => !existsSync(s.main));
  if (missingBuild.length > 0) {
    throw new Error(`${missingBuild.map((s) => path.relative(ROOT, s.main)).join(', ')} not built: run \`npm run build\` (\`npm run demo\` does)`);
  }
  const taken = [];
  for (const s of services) if (!(await portIsFree(s.port))) taken.push(`${s.port} (${s.name})`);
  if (taken.length > 0) {
    throw new Error(`port ${taken.join(', ')} already in use on ${HOST}: stop what uses it, or choose other ports with DEMO_SERVER_PORT, DEMO_GREETING_PORTS, DEMO_CONSUMER_PORT`);
  }

  let failStartup;
  const startupFailed = new Promise((_, reject) => (failStartup = reject));
  startupFailed.catch(() => undefined);
  onUnexpectedExit = (service, how) => {
    if (phase === 'starting') failStartup(new Error(`${service.name} exited during start-up (${how}): see its lines above`));
    else if (phase === 'running' && service.name === 'server') void stopAll('the server exited').then(() => process.exit(1));
    else if (phase === 'running' && running.size <= 1) void stopAll('no service left').then(() => process.exit(0));
  };

  const t0 = Date.now();
  const [server, ...clients] = services;
  log('starting the Eureka server, then 2 x greeting-service and greeting-consumer');
  start(server);
  await Promise.race([waitUntilServing(server), startupFailed]);
  if (phase !== 'starting') return; // interrupted
  log(`server answering after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  clients.forEach(start);
  await Promise.race([waitUntilAllUp(server, clients), startupFailed]);
  if (phase !== 'starting') return;
  phase = 'running';
  log(paint('32', `all UP after ${((Date.now() - t0) / 1000).toFixed(1)} s: GREETING-SERVICE x2, GREETING-CONSUMER x1`));
  process.stdout.write(banner(services, await dashboardUrl(server)));
}

// `npm run demo` under a terminal: Ctrl-C reaches the demo directly and again through npm, which
// forwards it. Signals within a second count as one; a later one (a second Ctrl-C) kills at once.
let firstInterruptAt = 0;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (firstInterruptAt === 0) {
      firstInterruptAt = Date.now();
      void stopAll(sig).then(() => process.exit(0));
    } else if (Date.now() - firstInterruptAt > 1000) {
      log('interrupted again: SIGKILL');
      for (const { child } of running.values()) signal(child, 'SIGKILL');
      process.exit(130);
    }
  });
}
// Last resort (an uncaught error): never leave a service behind.
process.on('exit', () => {
  for (const { child } of running.values()) signal(child, 'SIGKILL');
});

main().catch(async (error) => {
  process.stderr.write(`${paint('31', '[demo] failed:')} ${error.message}\n`);
  await stopAll('start-up failed');
  process.exit(1);
});
