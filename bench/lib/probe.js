'use strict';
/** Runs `bench/registry-probe.js` in its own `node --expose-gc` process and returns its JSON line. */
const path = require('node:path');
const { startProcess, stop } = require('./processes');

async function runProbe(args, timeoutMs = 180_000) {
  const child = startProcess(`registry-probe ${args.join(' ')}`, path.join(__dirname, '..', 'registry-probe.js'), {
    nodeArgs: ['--expose-gc', '--max-old-space-size=4096'],
    args,
  });
  let out = '';
  child.proc.stdout.on('data', (s) => (out += s));
  const timer = setTimeout(() => stop(child), timeoutMs);
  await child.exit;
  clearTimeout(timer);
  if (child.code !== 0) throw new Error(`registry probe ${args.join(' ')} failed (code ${child.code}, signal ${child.signal}):\n${child.log}`);
  const line = out.trim().split('\n').pop();
  return JSON.parse(line);
}

module.exports = { runProbe };
