/**
 * A cluster of BUILT standalone servers (`apps/eureka-server/dist/main.js`), each a separate
 * child process on 127.0.0.1 and its own free port, every node listing all nodes' service URLs
 * (each skips its own). Used by the cross-process replication tests (`test/cluster-*.e2e-spec.ts`).
 *
 * Rules kept here so the specs cannot forget them: every wait is bounded; every child is stopped
 * with SIGTERM then SIGKILL after 2 s (`stopNode` / `Cluster.stopAll`), and a process-exit hook
 * SIGKILLs anything still alive should jest tear the worker down early.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { http, HttpResponse } from './http-client';
import { freePort } from './ports';
export { freePort };

export const ROOT = resolve(__dirname, '..', '..');
export const MAIN = join(ROOT, 'apps', 'eureka-server', 'dist', 'main.js');
export const REPLICATION_HEADER = 'x-netflix-discovery-replication';

/** A node that shows no progress for this long during start-up is stuck. */
const STALL_TIMEOUT_MS = 20_000;
/** The longest any node start may take, progress or not (a bound, so no test can hang). */
const START_CAP_MS = 180_000;
const KILL_GRACE_MS = 2000;

// ---- types of the stats endpoint (our extension, GET {B}/peerreplication/stats) -------------

export interface PeerStats {
  url: string;
  reachable: boolean;
  queued: number;
  inFlight: number;
  highWaterMark: number;
  dropped: number;
  expired: number;
  failed: number;
  retried: number;
  sentBatches: number;
  sentItems: number;
  lastSuccessAt?: number;
  lastError?: string;
}

export interface ReplicationStats {
  warmedUp: boolean;
  startupSync: { synced: number; attempts: number };
  peers: PeerStats[];
  received: { batches: number; items: number };
}

// ---- processes ----------------------------------------------------------------------------------

export interface ClusterNode {
  name: string;
  port: number;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** `http://127.0.0.1:PORT/eureka` (no trailing slash) */
  eureka: string;
  /** The service URL the other nodes list for this one, `http://127.0.0.1:PORT/eureka/`. */
  serviceUrl: string;
  env: Record<string, string>;
  /** Sent with every request the helpers below make to this node (e.g. `authorization`). */
  headers?: Record<string, string>;
  proc?: ChildProcess;
  stdout: string;
  stderr: string;
  exited: boolean;
  exit?: Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const proc of live) {
      try {
        proc.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}


/** Distinct free ports (a probe can hand the same port out twice in a row). */
export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let i = 0; ports.size < n && i < n * 20; i++) ports.add(await freePort());
  if (ports.size < n) throw new Error(`could not find ${n} distinct free ports`);
  return [...ports];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** (Re)starts the node's process with its stored environment; does not wait for it. */
export function spawnNode(node: ClusterNode): void {
  if (node.proc && !node.exited) throw new Error(`node ${node.name} is already running (pid ${node.proc.pid})`);
  installExitHook();
  const env: NodeJS.ProcessEnv = { ...process.env, ...node.env };
  delete env.NODE_OPTIONS; // keep jest's settings out of the child
  const proc = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  node.proc = proc;
  node.exited = false;
  node.stdout = '';
  node.stderr = '';
  live.add(proc);
  node.exit = new Promise<void>((res) => {
    proc.once('exit', () => {
      live.delete(proc);
      if (node.proc === proc) node.exited = true;
      res();
    });
  });
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (node.stdout = (node.stdout + s).slice(-20_000)));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (node.stderr = (node.stderr + s).slice(-20_000)));
  proc.once('error', (e) => (node.stderr += `\n[spawn error] ${e.stack ?? e.message}`));
}

/** Waits for the process to exit, at most `ms`; true if it did. */
async function exitedWithin(node: ClusterNode, ms: number): Promise<boolean> {
  if (!node.proc || node.exited) return true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  const done = node.exit!.then(() => true);
  const result = await Promise.race([done, timedOut]);
  clearTimeout(timer);
  return result;
}

/** SIGTERM, then SIGKILL after 2 s; bounded. */
export async function stopNode(node: ClusterNode | undefined): Promise<void> {
  if (!node?.proc || node.exited) return;
  node.proc.kill('SIGTERM');
  if (await exitedWithin(node, KILL_GRACE_MS)) return;
  node.proc.kill('SIGKILL');
  await exitedWithin(node, 5000);
}

/** SIGKILL at once (a crashed peer) and wait, bounded, until the process is gone. */
export async function killNode(node: ClusterNode): Promise<void> {
  if (!node.proc || node.exited) return;
  node.proc.kill('SIGKILL');
  if (!(await exitedWithin(node, 5000))) throw new Error(`node ${node.name} survived SIGKILL for 5 s`);
}

export function diag(nodes: Array<ClusterNode | undefined>): string {
  return nodes
    .filter((n): n is ClusterNode => !!n)
    .map(
      (n) =>
        `\n--- ${n.name} (port ${n.port}${n.exited ? ', exited' : ''}) stdout ---\n${n.stdout.slice(-3000)}` +
        `\n--- ${n.name} stderr ---\n${n.stderr.slice(-3000)}`,
    )
    .join('');
}

// ---- HTTP helpers --------------------------------------------------------------------------------

export const JSON_ACCEPT = { accept: 'application/json' };

export async function getStats(node: ClusterNode, timeoutMs = 2000): Promise<ReplicationStats> {
  const res = await http('GET', `${node.eureka}/peerreplication/stats`, { headers: { ...JSON_ACCEPT, ...node.headers }, timeoutMs });
  if (res.status !== 200) throw new Error(`GET ${node.eureka}/peerreplication/stats -> ${res.status} ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text) as ReplicationStats;
}

/** The node's stats about `peer` (matched by port in the peer URL). */
export function peerStats(stats: ReplicationStats, peer: ClusterNode): PeerStats {
  const found = stats.peers.find((p) => {
    try {
      return Number(new URL(p.url).port) === peer.port;
    } catch {
      return false;
    }
  });
  if (!found) throw new Error(`no stats for peer ${peer.name} (${peer.serviceUrl}) in ${JSON.stringify(stats.peers)}`);
  return found;
}

export function getInstance(node: ClusterNode, app: string, id: string, timeoutMs = 2000): Promise<HttpResponse> {
  return http('GET', `${node.eureka}/apps/${app}/${encodeURIComponent(id)}`, { headers: { ...JSON_ACCEPT, ...node.headers }, timeoutMs });
}

/** The instance's JSON record on `node`, or undefined on 404. */
export async function readInstance(node: ClusterNode, app: string, id: string): Promise<Record<string, any> | undefined> {
  const res = await getInstance(node, app, id);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${node.name} apps/${app}/${id} -> ${res.status} ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text).instance;
}

/** Every `APP/instanceId` in the node's full registry (needs the read-only cache off and no 403 gate). */
export async function registryIds(node: ClusterNode): Promise<Set<string>> {
  const res = await http('GET', `${node.eureka}/apps`, { headers: { ...JSON_ACCEPT, ...node.headers }, timeoutMs: 5000 });
  if (res.status !== 200) throw new Error(`GET ${node.name} apps -> ${res.status} ${res.text.slice(0, 300)}`);
  const apps = JSON.parse(res.text).applications;
  const ids = new Set<string>();
  const list = Array.isArray(apps.application) ? apps.application : apps.application ? [apps.application] : [];
  for (const app of list) {
    const instances = Array.isArray(app.instance) ? app.instance : app.instance ? [app.instance] : [];
    for (const inst of instances) ids.add(`${inst.app}/${inst.instanceId}`);
  }
  return ids;
}

/**
 * Polls `probe` every `intervalMs` until it returns a value other than undefined, at most `timeoutMs`.
 * Errors thrown by the probe count as "not yet". On time-out throws with `what` and the last value/error.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  let last = 'never probed';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return { value: v, elapsedMs: Date.now() - started };
      last = 'not yet';
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() - started >= timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    await sleep(intervalMs);
  }
}

/** Waits until the instance answers 200 on the node; returns the record. */
export async function waitForInstance(node: ClusterNode, app: string, id: string, timeoutMs: number, check?: (i: Record<string, any>) => boolean) {
  return waitFor(
    `${app}/${id} on ${node.name}${check ? ' (matching the expected state)' : ''}`,
    async () => {
      const inst = await readInstance(node, app, id);
      return inst && (!check || check(inst)) ? inst : undefined;
    },
    timeoutMs,
    25,
  );
}

export async function waitForAbsence(node: ClusterNode, app: string, id: string, timeoutMs: number) {
  return waitFor(`${app}/${id} to be gone from ${node.name}`, async () => ((await getInstance(node, app, id)).status === 404 ? true : undefined), timeoutMs, 25);
}

/** Waits until the stats endpoint answers and reports `warmedUp: true`. Fails early if the process exits. */
/**
 * Waits for a node to warm up (start-up sync done, open for traffic), on the node's own progress
 * rather than a wall-clock budget sized for an idle machine: the wait goes on while the process is
 * alive and shows progress (new output, its stats changing: sync attempts, synced count), and fails
 * when it exits, when it shows no progress for `stallMs`, or at `capMs` in all. On a loaded machine
 * a node boots and syncs slower but keeps moving; a node that is stuck stops moving.
 */
export async function waitUntilWarmedUp(node: ClusterNode, stallMs = STALL_TIMEOUT_MS, capMs = START_CAP_MS): Promise<ReplicationStats> {
  const started = Date.now();
  let last = 'no answer yet';
  let lastProgressAt = started;
  let seen = '';
  while (Date.now() - started < capMs && Date.now() - lastProgressAt < stallMs) {
    if (node.exited) throw new Error(`node ${node.name} exited during start-up${diag([node])}`);
    let state = `${node.stdout.length}/${node.stderr.length}`;
    try {
      const stats = await getStats(node, 5000);
      if (stats.warmedUp) return stats;
      last = `warmedUp false: ${JSON.stringify(stats)}`;
      state += JSON.stringify(stats.startupSync);
    } catch (error) {
      last = (error as Error).message;
    }
    if (state !== seen) {
      seen = state;
      lastProgressAt = Date.now();
    }
    await sleep(100);
  }
  const why = Date.now() - started >= capMs ? `within ${capMs} ms` : `(no progress for ${stallMs} ms)`;
  throw new Error(`node ${node.name} not warmed up ${why} (last: ${last})${diag([node])}`);
}

/** Waits until every node has nothing queued or in flight towards any peer it can reach. */
export async function waitUntilQuiet(nodes: ClusterNode[], timeoutMs = 5000): Promise<void> {
  await waitFor(
    'replication queues to drain',
    async () => {
      for (const n of nodes) {
        const stats = await getStats(n);
        if (stats.peers.some((p) => p.queued > 0 || p.inFlight > 0)) return undefined;
      }
      return true;
    },
    timeoutMs,
    50,
  );
}

// ---- the cluster ---------------------------------------------------------------------------------

export interface ClusterOptions {
  /** Node names; default A, B, C. */
  names?: string[];
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** `user:password` put in every peer service URL (percent-encoded). */
  peerCredentials?: [string, string];
  /** Headers the helpers send to every node (`ClusterNode.headers`). */
  headers?: Record<string, string>;
}

export interface Cluster {
  nodes: ClusterNode[];
  byName: Record<string, ClusterNode>;
  stopAll(): Promise<void>;
  diag(): string;
}

/** Environment every test node gets (fresh reads, fast start-up sync, short peer timeouts). */
export const BASE_CLUSTER_ENV: Record<string, string> = {
  HOST: '127.0.0.1',
  NO_COLOR: '1', // plain logs in failure messages
  EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false',
  // Three fresh nodes all find an empty registry at start: do not answer registry reads with 403.
  EUREKA_SERVER_WAIT_TIME_IN_MS_WHEN_SYNC_EMPTY: '0',
  EUREKA_SERVER_REGISTRY_SYNC_RETRIES: '3',
  EUREKA_SERVER_REGISTRY_SYNC_RETRY_WAIT_MS: '200',
  EUREKA_SERVER_PEER_NODE_CONNECT_TIMEOUT_MS: '200',
  EUREKA_SERVER_PEER_NODE_READ_TIMEOUT_MS: '2000',
  EUREKA_SERVER_ENABLE_SELF_PRESERVATION: 'false',
};

/** Starts the nodes (all at once) and waits until every one is warmed up. Stops them all if any fails. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} does not exist: run \`npm run build\` before jest (\`npm test\` and \`npm run test:e2e\` do that).`);
  }
  const names = options.names ?? ['A', 'B', 'C'];
  const ports = await freePorts(names.length);
  const userinfo = options.peerCredentials ? `${options.peerCredentials.map(encodeURIComponent).join(':')}@` : '';
  const serviceUrls = ports.map((p) => `http://${userinfo}127.0.0.1:${p}/eureka/`);
  const nodes: ClusterNode[] = names.map((name, i) => ({
    name,
    port: ports[i],
    baseUrl: `http://127.0.0.1:${ports[i]}`,
    eureka: `http://127.0.0.1:${ports[i]}/eureka`,
    serviceUrl: serviceUrls[i],
    headers: options.headers,
    env: {
      ...BASE_CLUSTER_ENV,
      ...options.env,
      PORT: String(ports[i]),
      EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: serviceUrls.join(','),
    },
    stdout: '',
    stderr: '',
    exited: true,
  }));
  const cluster: Cluster = {
    nodes,
    byName: Object.fromEntries(nodes.map((n) => [n.name, n])),
    stopAll: async () => {
      await Promise.all(nodes.map((n) => stopNode(n)));
    },
    diag: () => diag(nodes),
  };
  try {
    for (const n of nodes) spawnNode(n);
    await Promise.all(nodes.map((n) => waitUntilWarmedUp(n)));
  } catch (error) {
    await cluster.stopAll();
    throw error;
  }
  return cluster;
}

/** Percentile (nearest rank) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

// ---- client writes -------------------------------------------------------------------------------

export interface WriteOptions {
  /** Send `x-netflix-discovery-replication: true` (applied locally, never forwarded). */
  replication?: boolean;
  body?: string;
  timeoutMs?: number;
}

/** `method {node}/eureka/{path}` with JSON headers; `path` has no leading slash. */
export function call(node: ClusterNode, method: string, path: string, options: WriteOptions = {}): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...node.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.replication) headers[REPLICATION_HEADER] = 'true';
  return http(method, `${node.eureka}/${path}`, { headers, body: options.body, timeoutMs: options.timeoutMs ?? 3000 });
}

/** Asserts the status of a response, naming the request and echoing the body on mismatch. */
export function expectStatus(res: HttpResponse, expected: number, request: string): void {
  if (res.status !== expected) {
    throw new Error(`${request}: expected HTTP ${expected}, got ${res.status} ${res.text.slice(0, 500)}`);
  }
}
