'use strict';
// `npm run build`: compiles every package and app (libs/*, apps/*) into its own dist/ with TypeScript's
// build mode, in dependency order (project references), skipping what is up to date.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const projects = ['libs', 'apps'].flatMap((group) =>
  fs
    .readdirSync(path.join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, group, d.name, 'tsconfig.build.json')))
    .map((d) => path.join(group, d.name, 'tsconfig.build.json')),
);
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const result = spawnSync(process.execPath, [tsc, '-b', ...projects, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (result.error) console.error(result.error.message);
process.exit(result.status ?? 1);
