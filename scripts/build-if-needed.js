'use strict';
// Runs before `npm start`: rebuilds dist/ when main.js is missing or older than a non-spec .ts file under libs/ or apps/.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const output = path.join(root, 'dist/apps/eureka-server/src/main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') newest = Math.max(newest, newestSource(file));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  }
  return newest;
}

const built = fs.existsSync(output) ? fs.statSync(output).mtimeMs : -1;
const sources = Math.max(...['libs', 'apps'].map((d) => path.join(root, d)).filter(fs.existsSync).map(newestSource));
if (built >= sources) process.exit(0);

const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) console.error(result.error.message);
if (result.status !== 0) process.exit(result.status ?? 1);
// tsc only rewrites changed outputs, so mark main.js as fresh to avoid rebuilding on every start.
const now = new Date();
fs.utimesSync(output, now, now);
