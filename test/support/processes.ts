import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePorts, sleep, waitFor } from './cluster';

export { freePorts, sleep };

/** A child process whose output (stdout and stderr, interleaved) is kept for assertions and diagnostics. */
export interface RunningProcess {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Leads its own process group (signalled as a group by `stopProcess`). */
  detached: boolean;
  output: string;
  exited: boolean;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Own process group, so `stopProcess` can signal the whole group (the process and what it started). */
  detached?: boolean;
}

/** `node <args>` with jest's own NODE_OPTIONS removed from the environment. */
export function spawnNode(name: string, args: string[], options: SpawnOptions): RunningProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.NODE_OPTIONS;
  const proc = spawn(process.execPath, args, { cwd: options.cwd, env, detached: options.detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const child: RunningProcess = {
    name,
    proc,
    pid: proc.pid ?? -1,
    detached: options.detached === true,
    output: '',
    exited: false,
    exit: new Promise((resolve) => {
      proc.once('close', (code, signal) => {
        child.exited = true;
        resolve({ code, signal });
      });
    }),
  };
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (child.output += s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (child.output += s));
  proc.once('error', (e) => (child.output += `\n[spawn error] ${e.stack ?? e.message}`));
  return child;
}

/** The last lines a process printed, for failure messages. */
export function tail(child: RunningProcess | undefined, chars = 6000): string {
  if (!child) return '';
  return `\n--- output of ${child.name} (pid ${child.pid}) ---\n${child.output.slice(-chars)}\n---`;
}

/** Resolves with the first match of `pattern` in the output; fails when the process exits first or after `timeoutMs`. */
export async function waitForOutput(child: RunningProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = child.output.match(pattern);
    if (match) return match;
    if (child.exited) throw new Error(`${child.name} exited before printing ${pattern}${tail(child)}`);
    if (Date.now() > deadline) throw new Error(`${child.name} did not print ${pattern} within ${timeoutMs} ms${tail(child)}`);
    await sleep(50);
  }
}

/** Waits for the exit of a process we spawned; rejects after `timeoutMs`. */
export async function waitForExit(child: RunningProcess, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${child.name} (pid ${child.pid}) did not exit within ${timeoutMs} ms${tail(child)}`)), timeoutMs);
  });
  try {
    return await Promise.race([child.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops a process we spawned: `signal` (SIGTERM), then SIGKILL after `graceMs`. A detached
 * process is signalled as a group, so whatever it started goes too.
 */
export async function stopProcess(child: RunningProcess | undefined, graceMs = 5000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exited || child.pid <= 1) return;
  const send = (sig: NodeJS.Signals) => signalPid(child.detached ? -child.pid : child.pid, sig);
  send(signal);
  if (await exitsWithin(child, graceMs)) return;
  send('SIGKILL');
  await exitsWithin(child, 5000);
}

/**
 * Kills a process we did not spawn ourselves but know the pid of (one a process we spawned started),
 * only while its command line still contains `commandPart` (a pid can be reused once it exited).
 */
export async function killPid(pid: number, commandPart: string, graceMs = 5000): Promise<void> {
  const command = commandLineOf(pid);
  if (!isAlive(pid) || (command !== undefined && !command.includes(commandPart))) return;
  signalPid(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) signalPid(pid, 'SIGKILL');
}

/** Signals `pid` (a negative pid: its process group). Never 0, 1, -1: those mean "everyone". */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  if (!Number.isInteger(pid) || Math.abs(pid) <= 1) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** The command line of a process from /proc (Linux); undefined where that cannot be read. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Polls `check` every `intervalMs` until it returns something other than undefined or false;
 * resolves with that value and the time it took (a check that throws counts as "not yet").
 */
export function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  intervalMs = 50,
): Promise<{ value: T; elapsedMs: number }> {
  return waitFor(what, async () => {
    const value = await check();
    return value === false ? undefined : value;
  }, timeoutMs, intervalMs);
}

async function exitsWithin(child: RunningProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([child.exit.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return exited;
}
