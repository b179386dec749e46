'use strict';
// Packs every published workspace and checks the tarballs: what they contain, publint,
// Are the Types Wrong, and `npm publish --dry-run` (nothing is published).
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./processes');

const ROOT = path.resolve(__dirname, '..', '..');

/** The published packages, in dependency order. */
const PACKAGES = [
  { name: '@nest-eureka/protocol', dir: 'libs/eureka-protocol', entries: ['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js'] },
  { name: '@nest-eureka/server', dir: 'libs/eureka-server', entries: ['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js'] },
  { name: '@nest-eureka/client', dir: 'libs/eureka-client', entries: ['dist/index.js', 'dist/index.d.ts'] },
  // An application (a bin, no library entry point): no type declarations for attw to check.
  { name: '@nest-eureka/standalone', dir: 'apps/eureka-server', entries: ['dist/main.js'], application: true },
];

const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
/** Nothing a user does not need: sources, tests, build state, maps of sources that are not shipped. */
const FORBIDDEN = [/\.spec\.(js|ts|d\.ts)$/, /(^|\/)src\//, /\.tsbuildinfo$/, /\.map$/, /(^|\/)test(ing)?\/.*\.testing\./, /^(?!dist\/).*\.ts$/];

/** `npm pack` of each package into `outDir`; returns per package: tarball path, sizes and file list. */
async function packAll(outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const packed = [];
  for (const pkg of PACKAGES) {
    const result = await run('npm', ['pack', '--workspace', pkg.dir, '--pack-destination', outDir, '--json', '--loglevel=error'], { cwd: ROOT, timeoutMs: 120_000 });
    const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
    const files = info.files.map((f) => f.path);
    const problems = [
      ...REQUIRED_FILES.filter((f) => !files.includes(f)).map((f) => `missing ${f}`),
      ...pkg.entries.filter((f) => !files.includes(f)).map((f) => `missing ${f}`),
      ...files.filter((f) => FORBIDDEN.some((re) => re.test(f))).map((f) => `ships ${f}`),
    ];
    if (problems.length > 0) throw new Error(`${pkg.name}: ${problems.join('; ')}`);
    packed.push({ ...pkg, tarball: path.join(outDir, info.filename), size: info.size, unpackedSize: info.unpackedSize, fileCount: files.length, files });
  }
  return packed;
}

/** publint (errors fail, warnings and suggestions fail too) and attw on each tarball. */
async function lintAll(packed) {
  const bin = (file) => path.join(ROOT, 'node_modules', ...file.split('/'));
  const lines = [];
  for (const pkg of packed) {
    const publint = await run(process.execPath, [bin('publint/src/cli.js'), 'run', pkg.tarball, '--strict'], { cwd: ROOT, timeoutMs: 120_000, allowFailure: true });
    if (publint.code !== 0 || !/All good!/.test(publint.stdout)) throw new Error(`publint ${pkg.name}:\n${publint.stdout}${publint.stderr}`);
    if (pkg.application) {
      if (pkg.files.some((f) => f.endsWith('.d.ts'))) throw new Error(`${pkg.name} ships type declarations but has no library entry point`);
      lines.push(`${pkg.name}: publint clean (an application: no types for attw)`);
      continue;
    }
    const attw = await run(process.execPath, [bin('@arethetypeswrong/cli/dist/index.js'), pkg.tarball, '--format', 'ascii', '--no-color'], {
      cwd: ROOT,
      timeoutMs: 120_000,
      allowFailure: true,
    });
    if (attw.code !== 0 || !/No problems found/.test(attw.stdout)) throw new Error(`attw ${pkg.name}:\n${attw.stdout}${attw.stderr}`);
    lines.push(`${pkg.name}: publint clean, attw clean`);
  }
  return lines;
}

/** `npm publish --dry-run` of each tarball: what would be published, nothing is. */
async function publishDryRun(packed) {
  const lines = [];
  for (const pkg of packed) {
    // An explicit log level: under `npm run --silent` npm would print nothing to check.
    const result = await run('npm', ['publish', '--dry-run', '--access', 'public', '--tag', 'latest', '--loglevel=notice', pkg.tarball], { cwd: ROOT, timeoutMs: 120_000, allowFailure: true });
    const output = result.stdout + result.stderr;
    const version = require(path.join(ROOT, pkg.dir, 'package.json')).version;
    if (result.code !== 0 || !output.includes(`${pkg.name}@${version}`)) throw new Error(`npm publish --dry-run ${pkg.name} failed:\n${output}`);
    lines.push(`${pkg.name}@${version}: npm publish --dry-run ok`);
  }
  return lines;
}

module.exports = { PACKAGES, ROOT, packAll, lintAll, publishDryRun };
