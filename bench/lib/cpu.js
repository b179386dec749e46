'use strict';
/**
 * CPU accounting from /proc (Linux; elsewhere every figure is undefined): how many cores the
 * server, the load generator (this process) and everything else on the machine used during a
 * measured run. "Other" is what every other user process took; a run with much of it is noisy and is
 * repeated (bounded) by the scenarios. `waitQuiet` waits (bounded) for the machine to go idle.
 */
const { readFileSync, readdirSync } = require('node:fs');

const TICK = 100; // USER_HZ on Linux

function readTotal() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] || 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total, busy: total - idle };
  } catch {
    return undefined;
  }
}

const PF_KTHREAD = 0x00200000;

/** utime + stime of a process (all its threads), in ticks; -1 for a kernel thread when `skipKernel`. */
function readPid(pid, skipKernel = false) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    if (skipKernel && (Number(f[6]) & PF_KTHREAD) !== 0) return -1;
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of every user process on the machine, by pid (kernel threads, e.g. softirq work, left out). */
function readAll() {
  const out = new Map();
  let names;
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const ticks = readPid(name, true);
    if (ticks >= 0) out.set(name, ticks);
  }
  return out;
}

/** Starts a measurement over `pids` (name -> pid); `end()` returns cores used per name, and other. */
function measure(pids) {
  const t0 = process.hrtime.bigint();
  const total0 = readTotal();
  const p0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, readPid(pid)]));
  const all0 = readAll();
  return {
    end() {
      const sec = Number(process.hrtime.bigint() - t0) / 1e9;
      const total1 = readTotal();
      if (!total0 || !total1 || sec <= 0) return undefined;
      const all1 = readAll();
      const out = {};
      const ours = new Set();
      for (const [k, pid] of Object.entries(pids)) {
        out[k] = (readPid(pid) - p0[k]) / TICK / sec;
        ours.add(String(pid));
      }
      // Foreign processes: every other pid's ticks (a process that started during the run counts whole).
      let other = 0;
      for (const [pid, ticks] of all1) if (!ours.has(pid)) other += ticks - (all0.get(pid) || 0);
      out.machine = (total1.busy - total0.busy) / TICK / sec;
      out.other = Math.max(0, other / TICK / sec);
      return out;
    },
  };
}

/** Waits until the machine's busy share over 500 ms is below `maxCores` cores, for at most `timeoutMs`. */
async function waitQuiet({ maxCores = 0.25, timeoutMs = 15_000 } = {}) {
  if (timeoutMs <= 0) return undefined;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = readTotal();
    await new Promise((r) => setTimeout(r, 500));
    const b = readTotal();
    if (!a || !b) return undefined;
    const cores = (b.busy - a.busy) / TICK / 0.5;
    if (cores <= maxCores || Date.now() > deadline) return cores;
  }
}

module.exports = { measure, waitQuiet };
