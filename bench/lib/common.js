'use strict';
/**
 * Shared helpers of the bench scripts: machine description, a keep-alive HTTP helper for set-up
 * traffic (never for the measured load), free ports, percentiles, and realistic registration
 * bodies (the fields a Spring Cloud client sends).
 */
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
/**
 * The build under test: this checkout's packages, or those of another built checkout (BENCH_ROOT) to
 * compare two versions. Packages are found by name, as an application finds them.
 */
const BENCH_ROOT = process.env.BENCH_ROOT ? path.resolve(process.env.BENCH_ROOT) : ROOT;
/** A package of the build under test, loaded by name. */
function loadPackage(name) {
  return require(require.resolve(name, { paths: [BENCH_ROOT] }));
}
/** A file inside a package's build, for the probes that time its internals. */
function packageFile(name, file) {
  return path.join(path.dirname(require.resolve(`${name}/package.json`, { paths: [BENCH_ROOT] })), file);
}
const SERVER_MAIN = packageFile('@nest-eureka/standalone', 'dist/main.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown CPU',
    cores: cpus.length,
    memGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

function describeMachine(m = machine()) {
  return `${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, ${m.os}, Node ${m.node}`;
}

/** Set-up traffic only (registrations, probes): a keep-alive agent with bounded sockets. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(method, url, { headers = {}, body, timeoutMs = 10_000, raw = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode || 0, headers: res.headers, body: buf, text: raw ? '' : buf.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
async function pool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summarize(values) {
  const s = Float64Array.from(values).sort();
  return {
    n: s.length,
    min: s[0],
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

const INSTANCES_PER_APP = 50;

/** Instance `i` of a registry of synthetic services: app `SVC-<i/50>`, id `svc-<app>-<i>`. */
function instanceName(i, prefix = 'SVC') {
  const app = `${prefix}-${String(Math.floor(i / INSTANCES_PER_APP)).padStart(4, '0')}`;
  return { app, id: `${app.toLowerCase()}-${i}` };
}

/** A registration as a Spring Cloud Netflix client sends it (legacy Jackson JSON). */
function registrationJson(app, id, i = 0, now = Date.now()) {
  const host = `${id}.svc.bench.internal`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const vip = app.toLowerCase();
  return JSON.stringify({
    instance: {
      instanceId: `${host}:${vip}:8080`,
      hostName: host,
      app,
      ipAddr: ip,
      status: 'UP',
      overriddenStatus: 'UNKNOWN',
      port: { $: 8080, '@enabled': 'true' },
      securePort: { $: 443, '@enabled': 'false' },
      countryId: 1,
      dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
      leaseInfo: { renewalIntervalInSecs: 30, durationInSecs: 90, registrationTimestamp: 0, lastRenewalTimestamp: 0, evictionTimestamp: 0, serviceUpTimestamp: 0 },
      metadata: { 'management.port': '8080', zone: 'zone-a' },
      homePageUrl: `http://${host}:8080/`,
      statusPageUrl: `http://${host}:8080/actuator/info`,
      healthCheckUrl: `http://${host}:8080/actuator/health`,
      vipAddress: vip,
      secureVipAddress: vip,
      isCoordinatingDiscoveryServer: 'false',
      lastUpdatedTimestamp: String(now),
      lastDirtyTimestamp: String(now),
    },
  });
}

/** The instance id the server keys the registration of `registrationJson(app, id)` by. */
function registeredId(app, id) {
  return `${id}.svc.bench.internal:${app.toLowerCase()}:8080`;
}

/** Registers `count` instances (ids `registeredId(instanceName(i))`) with concurrent POSTs. */
async function registerMany(baseUrl, count, { concurrency = 32, prefix = 'SVC', offset = 0, headers = {} } = {}) {
  const started = process.hrtime.bigint();
  const now = Date.now();
  await pool(count, concurrency, async (k) => {
    const i = offset + k;
    const { app, id } = instanceName(i, prefix);
    const r = await request('POST', `${baseUrl}/eureka/apps/${app}`, {
      headers: { 'content-type': 'application/json', ...headers },
      body: registrationJson(app, id, i, now),
    });
    if (r.status !== 204) throw new Error(`register ${app}/${id}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
  });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const num = (x, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const ms = (x) => (Number.isFinite(x) ? (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`) : 'n/a');
const ratio = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

function bytes(n) {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(2)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

module.exports = {
  ROOT,
  BENCH_ROOT,
  loadPackage,
  packageFile,
  SERVER_MAIN,
  INSTANCES_PER_APP,
  agent,
  bytes,
  describeMachine,
  freePort,
  instanceName,
  machine,
  ms,
  num,
  percentile,
  pool,
  ratio,
  registeredId,
  registerMany,
  registrationJson,
  request,
  sleep,
  summarize,
};
