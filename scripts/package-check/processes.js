'use strict';
// Child processes and HTTP for the package check: every wait has a deadline, every process
// started is stopped by its own pid.
const http = require('node:http');
const net = require('node:net');
const { spawn } = require('node:child_process');

/** Runs a command to completion; rejects on a non-zero exit (unless `allowFailure`) or after `timeoutMs`. */
function run(command, args, { cwd, env, timeoutMs, allowFailure = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${tailOf(stdout + stderr)}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !allowFailure) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}\n${tailOf(stdout + stderr)}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  });
}

const started = new Set();

/** Starts a long-running process; its output is kept for error messages. */
function start(name, command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { name, child, output: '', exited: null };
  child.stdout.on('data', (c) => (proc.output += c));
  child.stderr.on('data', (c) => (proc.output += c));
  proc.exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      proc.exited = { code, signal };
      started.delete(proc);
      resolve(proc.exited);
    }),
  );
  started.add(proc);
  return proc;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with how it exited. */
async function stop(proc, graceMs = 10_000) {
  if (proc.exited) return proc.exited;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  const exited = await proc.exit;
  clearTimeout(timer);
  return exited;
}

async function stopAll() {
  await Promise.all([...started].map((p) => stop(p, 5000)));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP request with a timeout; resolves with status, headers and text. */
function request(method, url, { headers = {}, body, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, timeout: timeoutMs, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * Polls `probe` until it returns a value other than undefined. Fails at once when `proc` (the
 * process the wait is about) exits, else after `timeoutMs`.
 */
async function waitFor(what, probe, { timeoutMs, proc, intervalMs = 100 }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    if (proc?.exited) throw new Error(`${proc.name} exited (${JSON.stringify(proc.exited)}) while waiting for ${what}\n${tailOf(proc.output)}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}${proc ? `\n${tailOf(proc.output)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function tailOf(text, lines = 30) {
  return text.split('\n').slice(-lines).join('\n');
}

module.exports = { run, start, stop, stopAll, freePort, request, waitFor, tailOf };
