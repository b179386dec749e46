'use strict';
// `npm run test:packages`: proves the packages work for a user outside this repository.
//  1. builds from scratch and packs every published package (artifacts/packages/*.tgz);
//  2. lints the tarballs with publint and Are the Types Wrong, and runs `npm publish --dry-run`;
//  3. writes three fresh consumer apps in a temporary folder outside the repository (Nest 12 ESM,
//     Nest 12 CommonJS, Nest 11 CommonJS), installs the tarballs and the peers from the registry and
//     compiles each with its own TypeScript and `nest new` compiler settings (the README's TypeScript
//     snippets included);
//  4. starts the standalone server from its installed bin, registers each consumer app with it and
//     checks it UP in GET /eureka/apps (JSON and XML) and gone after SIGTERM; starts apps embedding
//     the server on Express and on Fastify and registers into them with curl-style requests; runs the
//     testing entry; loads every entry point with require() and import().
// Options: --keep (leave the temporary folder), --only=<app>[,<app>] (consumer apps to run).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CONSUMER_APPS, writeConsumerApp } = require('./package-check/consumer-apps');
const { ROOT, packAll, lintAll, publishDryRun } = require('./package-check/pack');
const { run, stopAll, stop } = require('./package-check/processes');
const { readmeSnippets } = require('./package-check/readme-snippets');
const { checkClientApp, checkEmbeddedServer, checkLoading, checkTestingEntry, startStandalone } = require('./package-check/runtime-checks');

const INSTALL_MS = 10 * 60_000;
const COMPILE_MS = 5 * 60_000;

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

let passed = 0;
function ok(line) {
  passed++;
  console.log(`  ok  ${line}`);
}

async function npmInstall(dir) {
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, timeoutMs: INSTALL_MS });
}

async function main() {
  const started = Date.now();
  console.log('package check: build');
  // From nothing: no output of an earlier build (or of an earlier layout) can end up in a tarball.
  for (const group of ['libs', 'apps']) {
    for (const dir of fs.readdirSync(path.join(ROOT, group))) fs.rmSync(path.join(ROOT, group, dir, 'dist'), { recursive: true, force: true });
  }
  await run(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, timeoutMs: COMPILE_MS });

  console.log('package check: pack, lint, publish --dry-run');
  const packed = await packAll(path.join(ROOT, 'artifacts', 'packages'));
  for (const pkg of packed) ok(`${pkg.name}: packed ${path.basename(pkg.tarball)}, ${kib(pkg.size)} (${kib(pkg.unpackedSize)} unpacked, ${pkg.fileCount} files)`);
  for (const line of await lintAll(packed)) ok(line);
  for (const line of await publishDryRun(packed)) ok(line);
  const tarballs = Object.fromEntries(packed.map((p) => [p.name, p.tarball]));

  const snippets = readmeSnippets(path.join(ROOT, 'README.md'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nest-eureka-packages-'));
  console.log(`package check: consumer apps in ${work}`);
  try {
    const standaloneDir = path.join(work, 'standalone');
    fs.mkdirSync(standaloneDir);
    fs.writeFileSync(
      path.join(standaloneDir, 'package.json'),
      JSON.stringify({ name: 'standalone-user', private: true, dependencies: Object.fromEntries(Object.entries(tarballs).map(([n, t]) => [n, `file:${t}`])) }, null, 2),
    );
    await npmInstall(standaloneDir);
    const standalone = await startStandalone(standaloneDir);
    ok(`@nest-eureka/standalone: installed, nest-eureka-server --help lists the variables, serving ${standalone.eureka}`);

    for (const app of CONSUMER_APPS.filter((a) => !only || only.includes(a.name))) {
      const dir = path.join(work, app.name);
      writeConsumerApp(dir, app, tarballs, snippets);
      await npmInstall(dir);
      const nest = require(path.join(dir, 'node_modules', '@nestjs', 'core', 'package.json')).version;
      const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
      const tsVersion = require(path.join(dir, 'node_modules', 'typescript', 'package.json')).version;
      await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, timeoutMs: COMPILE_MS });
      if (app.strictCompile) await run(process.execPath, [tsc, '-p', 'tsconfig.strict.json'], { cwd: dir, timeoutMs: COMPILE_MS });
      const what = `${app.name} (Nest ${nest}, ${app.module === 'module' ? 'ESM' : 'CommonJS'}, TypeScript ${tsVersion})`;
      ok(`${what}: installed and compiled${app.strictCompile ? ', also with strict' : ''}${app.readmeSnippets ? `, with the README's ${snippets.length} TypeScript snippets` : ''}`);
      ok(`${app.name}: ${await checkLoading(dir)}`);
      ok(`${app.name}: ${await checkClientApp(app, dir, standalone.eureka)}`);
      for (const adapter of app.adapters) ok(`${app.name}: ${await checkEmbeddedServer(app, dir, adapter)}`);
      for (const adapter of app.adapters) ok(`${app.name}: ${await checkTestingEntry(app, dir, adapter)}`);
    }
    await stop(standalone.proc);
  } finally {
    await stopAll();
    if (keep) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`package check took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`packages: ${passed} passed, 0 failed`);
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

main().catch(async (error) => {
  await stopAll();
  console.error(`\npackage check FAILED: ${error.stack ?? error}`);
  console.log(`packages: ${passed} passed, 1 failed`);
  process.exit(1);
});
