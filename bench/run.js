#!/usr/bin/env node
/**
 * `npm run bench` (= `npm run build && node bench/run.js`): every scenario of BENCHMARKS.md against
 * the BUILT standalone server (separate processes on 127.0.0.1), each figure given as a ratio to a
 * baseline measured in the same run, with the absolute numbers and the machine.
 *
 *   node bench/run.js [--quick] [--only=heartbeat,fetch,...] [--write] [--json=FILE]
 *
 *   --quick   a small version of every scenario (under a minute); CI runs it to keep the scripts
 *             working: it checks that they run, not a speed.
 *   --only    a comma-separated subset of: heartbeat, fetch, delta, register-cancel, memory,
 *             eviction, propagation, replication, soak.
 *   --write   replaces the results block of BENCHMARKS.md with this run's tables (full runs only).
 *   --json    also writes every figure as JSON to FILE.
 *
 * The markdown goes to stdout, progress to stderr. Every load is bounded in count and time; every
 * child process is stopped on every exit path; a watchdog ends the run (20 min, 3 min with --quick).
 */
'use strict';

const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { ROOT, SERVER_MAIN, describeMachine, machine } = require('./lib/common');
const { stopAll, killAllNow } = require('./lib/processes');

const SCENARIOS = ['heartbeat', 'fetch', 'delta', 'register-cancel', 'memory', 'eviction', 'propagation', 'replication', 'soak', 'flood'];
const BEGIN = '<!-- bench:results:begin (written by `node bench/run.js --write`; edit outside this block) -->';
const END = '<!-- bench:results:end -->';

function parseArgs(argv) {
  const args = { quick: false, only: SCENARIOS, write: false, json: undefined };
  for (const a of argv) {
    if (a === '--quick') args.quick = true;
    else if (a === '--write') args.write = true;
    else if (a.startsWith('--only=')) {
      args.only = a.slice(7).split(',').filter(Boolean);
      const unknown = args.only.filter((s) => !SCENARIOS.includes(s));
      if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
    } else if (a.startsWith('--json=')) args.json = a.slice(7);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(__filename, 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*?\n?/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return args;
}

function table(columns, rows) {
  if (!columns.length) return '';
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

function render(run) {
  const out = [];
  out.push(`### Run of ${run.date}${run.quick ? ' (--quick: small sizes, not for comparison)' : ''}`);
  out.push('');
  out.push(`Command: \`${run.command}\`, ${(run.elapsedMs / 1000).toFixed(0)} s. Machine: ${describeMachine(run.machine)}. ` +
    `Load generator: autocannon ${run.autocannon} in the bench process (its own process, pipelining 1, keep-alive); every server and ` +
    `baseline is a separate process; on ${run.machine.cores} cores the generator and the server share the CPUs, for the baseline and the ` +
    `server alike.`);
  out.push('');
  const summary = [];
  const f = Object.fromEntries(run.sections.filter((s) => s.figures).map((s) => [s.id, s.figures]));
  const status = (pass) => (pass ? 'met' : '**missed**');
  if (f.heartbeat) summary.push(['Heartbeat throughput >= 0.6 of bare node:http', `${f.heartbeat.ratio.toFixed(2)} (CPU-cost ratio ${f.heartbeat.costRatio.toFixed(2)})`, status(f.heartbeat.pass)]);
  if (f.fetch) summary.push(['Full fetch from cache >= 0.8 of the pre-built-bytes baseline (worst case)', `${f.fetch.worst.toFixed(2)} (CPU-cost ratio, worst case ${f.fetch.worstCost.toFixed(2)})`, status(f.fetch.pass)]);
  if (f.memory) summary.push([`<= 2 KB heap per instance at ${f.memory.results[f.memory.results.length - 1].count.toLocaleString('en-US')} (caches excluded)`, `${Math.round(f.memory.perInstance)} B`, status(f.memory.pass)]);
  if (f.eviction) summary.push([`Eviction pass at ${f.eviction.count.toLocaleString('en-US')}, 15% expired < 50 ms (median of passes)`, `${f.eviction.median.toFixed(1)} ms (first ${f.eviction.first.toFixed(1)} ms, max ${f.eviction.max.toFixed(1)} ms)`, status(f.eviction.pass)]);
  if (summary.length) {
    out.push(table(['target', 'this run', ''], summary));
    out.push('');
  }
  for (const s of run.sections) {
    out.push(`#### ${s.title}`);
    out.push('');
    if (s.error) {
      out.push(`**Failed:** \`${s.error.split('\n')[0]}\``);
      out.push('');
      continue;
    }
    out.push(s.setup);
    out.push('');
    if (s.columns && s.columns.length) {
      out.push(table(s.columns, s.rows));
      out.push('');
    }
    if (s.preformatted) {
      out.push('```');
      out.push(s.preformatted);
      out.push('```');
      out.push('');
    }
    for (const n of s.notes || []) out.push(`${n}`);
    if (s.notes && s.notes.length) out.push('');
  }
  return out.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (s) => process.stderr.write(`${s}\n`);
  try {
    readFileSync(SERVER_MAIN);
  } catch {
    throw new Error(`${path.relative(ROOT, SERVER_MAIN)} missing: run \`npm run build\` first (npm run bench does)`);
  }
  let autocannonVersion = '?';
  try {
    autocannonVersion = require('autocannon/package.json').version;
  } catch {
    throw new Error('autocannon is missing: it is a devDependency of the bench (`npm install`)');
  }
  const m = machine();
  log(`bench${args.quick ? ' --quick' : ''}: ${describeMachine(m)}; scenarios: ${args.only.join(', ')}`);
  const ctx = { quick: args.quick, log, serverEnv: {}, serverNodeArgs: [] };
  const sections = [];
  let failed = 0;
  for (const id of SCENARIOS.filter((s) => args.only.includes(s))) {
    const t0 = Date.now();
    log(`[${id}]`);
    try {
      const scenario = require(`./scenarios/${id}`);
      sections.push(await scenario.run(ctx));
    } catch (error) {
      failed++;
      log(`[${id}] FAILED: ${error.stack || error}`);
      sections.push({ id, title: id, error: String(error.stack || error) });
    } finally {
      await stopAll();
    }
    log(`[${id}] ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const quickFlag = args.quick ? ' -- --quick' : '';
  const onlyFlag = args.only.length === SCENARIOS.length ? '' : `${quickFlag ? ' ' : ' -- '}--only=${args.only.join(',')}`;
  const run = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    command: `npm run bench${quickFlag}${onlyFlag}`,
    quick: args.quick,
    machine: m,
    autocannon: autocannonVersion,
    elapsedMs: Date.now() - started,
    sections,
  };
  const markdown = render(run);
  process.stdout.write(`${markdown}\n`);
  if (args.json) writeFileSync(args.json, JSON.stringify(run, null, 2));
  if (args.write) {
    if (args.quick) log('--write ignored for --quick runs (their sizes are not comparable)');
    else if (failed) log('--write skipped: a scenario failed');
    else {
      const file = path.join(ROOT, 'BENCHMARKS.md');
      const doc = readFileSync(file, 'utf8');
      const a = doc.indexOf(BEGIN);
      const b = doc.indexOf(END);
      if (a < 0 || b < a) throw new Error(`BENCHMARKS.md has no results block (${BEGIN} ... ${END})`);
      writeFileSync(file, `${doc.slice(0, a + BEGIN.length)}\n\n${markdown}\n${doc.slice(b)}`);
      log('BENCHMARKS.md results block updated');
    }
  }
  log(`bench: ${sections.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return failed ? 1 : 0;
}

const watchdog = setTimeout(() => {
  process.stderr.write('bench: watchdog: stopping\n');
  killAllNow();
  process.exit(3);
}, process.argv.includes('--quick') ? 180_000 : 1_200_000);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAllNow();
    process.exit(130);
  });
}

main()
  .then((code) => code, (error) => {
    process.stderr.write(`bench: ${error.stack || error}\n`);
    return 1;
  })
  .then(async (code) => {
    await stopAll();
    clearTimeout(watchdog);
    process.exit(code);
  });
