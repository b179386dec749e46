'use strict';
/**
 * Runs the existing `bench/replication-propagation.js` (register on A -> readable on C, and A's
 * replication queue for a dead peer under heartbeat load) as a child process and keeps its output.
 */
const path = require('node:path');
const { startProcess, stop } = require('../lib/processes');

async function run(ctx) {
  const env = ctx.quick
    ? { BENCH_REGISTRATIONS: '5', BENCH_INSTANCES: '20', BENCH_LOAD_MS: '1000' }
    : { BENCH_REGISTRATIONS: '40', BENCH_INSTANCES: '200', BENCH_LOAD_MS: '10000' };
  const child = startProcess('replication-propagation', path.join(__dirname, '..', 'replication-propagation.js'), { env });
  let out = '';
  child.proc.stdout.on('data', (s) => (out += s));
  const timer = setTimeout(() => stop(child), 150_000);
  await child.exit;
  clearTimeout(timer);
  if (child.code !== 0) throw new Error(`replication-propagation.js failed (code ${child.code}, signal ${child.signal}):\n${child.log}`);
  const lines = out.trim().split('\n').filter((l) => !l.startsWith('machine:'));
  for (const l of lines) ctx.log(`  ${l}`);
  const command = `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')} node bench/replication-propagation.js`;
  return {
    id: 'replication',
    title: '7b. Peer replication: register on A readable on C, and a dead peer under heartbeat load',
    setup: `\`${command}\` (3 built servers, read-only cache off, C polled with \`GET apps/{app}/{id}\` every 5 ms; then C is killed and A ` +
      `takes heartbeats for all instances every 100 ms). Output as printed:`,
    columns: [],
    rows: [],
    preformatted: lines.join('\n'),
    notes: [],
    figures: { lines },
  };
}

module.exports = { run };
