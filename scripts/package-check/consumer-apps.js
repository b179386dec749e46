'use strict';
// The consumer apps of the package check: three fresh Nest applications written outside the
// repository, each with the compiler settings of the `nest new` template of its Nest major, the
// packed tarballs and the peers it chooses from the registry.
const fs = require('node:fs');
const path = require('node:path');
const sources = require('./consumer-sources');

/** What the `nest new` tsconfig.json of Nest 11 and of Nest 12 have in common. */
const NEST_NEW_COMPILER_OPTIONS = {
  module: 'nodenext',
  moduleResolution: 'nodenext',
  resolvePackageJsonExports: true,
  esModuleInterop: true,
  isolatedModules: true,
  declaration: true,
  removeComments: true,
  emitDecoratorMetadata: true,
  experimentalDecorators: true,
  allowSyntheticDefaultImports: true,
  target: 'ES2023',
  sourceMap: true,
  outDir: './dist',
  incremental: true,
  skipLibCheck: true,
};

/** `nest new` (Nest 12) tsconfig.json, with `strict` at the template's default (off). */
const NEST12_TSCONFIG = {
  compilerOptions: { ...NEST_NEW_COMPILER_OPTIONS, rootDir: './src', strict: false, strictPropertyInitialization: false, types: ['node'] },
  include: ['src'],
};

/** `nest new` (Nest 11) tsconfig.json. */
const NEST11_TSCONFIG = {
  compilerOptions: {
    ...NEST_NEW_COMPILER_OPTIONS,
    baseUrl: './',
    strictNullChecks: true,
    forceConsistentCasingInFileNames: true,
    noImplicitAny: false,
    strictBindCallApply: false,
    noFallthroughCasesInSwitch: false,
  },
  include: ['src'],
};

const NEST12 = {
  '@nestjs/common': '^12.0.1',
  '@nestjs/core': '^12.0.1',
  '@nestjs/platform-express': '^12.0.1',
  '@nestjs/platform-fastify': '^12.0.1',
  '@nestjs/schedule': '^12.0.0',
  'reflect-metadata': '^0.2.2',
  rxjs: '^7.8.1',
};

/**
 * What each app is and proves:
 * - nest12-esm: `"type": "module"`, Nest 12, TypeScript 6, also compiled with `strict`; the README's
 *   snippets; health through Terminus; no axios installed (a call by name says what to install).
 * - nest12-cjs: CommonJS, Nest 12, TypeScript 6, with Terminus and axios; the README's snippets;
 *   health through Terminus and a call by name.
 * - nest11-cjs: CommonJS, Nest 11 with @nestjs/schedule 6, TypeScript 5.9, with axios and without
 *   Terminus (the health indicator answers on its own).
 * Each: both embedded adapters and the testing entry on both.
 */
const CONSUMER_APPS = [
  {
    name: 'nest12-esm',
    module: 'module',
    nest: 12,
    dependencies: { ...NEST12, '@nestjs/terminus': '^12.0.0' },
    devDependencies: { typescript: '~6.0.2', '@types/node': '^20.19.0' },
    tsconfig: NEST12_TSCONFIG,
    strictCompile: true,
    readmeSnippets: true,
    terminus: true,
    axios: false,
    adapters: ['express', 'fastify'],
  },
  {
    name: 'nest12-cjs',
    module: 'commonjs',
    nest: 12,
    dependencies: { ...NEST12, '@nestjs/terminus': '^12.0.0', axios: '^1.7.0' },
    devDependencies: { typescript: '~6.0.2', '@types/node': '^20.19.0' },
    tsconfig: NEST12_TSCONFIG,
    strictCompile: false,
    readmeSnippets: true,
    terminus: true,
    axios: true,
    adapters: ['express', 'fastify'],
  },
  {
    name: 'nest11-cjs',
    module: 'commonjs',
    nest: 11,
    dependencies: {
      '@nestjs/common': '^11.0.1',
      '@nestjs/core': '^11.0.1',
      '@nestjs/platform-express': '^11.0.1',
      '@nestjs/platform-fastify': '^11.0.1',
      '@nestjs/schedule': '^6.0.0',
      axios: '^1.7.0',
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.1',
    },
    devDependencies: { typescript: '~5.9.3', '@types/node': '^20.19.0' },
    tsconfig: NEST11_TSCONFIG,
    strictCompile: false,
    readmeSnippets: false,
    terminus: false,
    axios: true,
    adapters: ['express', 'fastify'],
  },
];

/**
 * Writes one app under `dir`: package.json (tarballs as `file:` dependencies; the protocol package
 * listed too, so the server's and client's dependency on it resolves to the tarball before it is
 * published), tsconfig.json, sources, load checks and the README's snippets when asked.
 */
function writeConsumerApp(dir, app, tarballs, snippets) {
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const ours = Object.fromEntries(
    ['@nest-eureka/protocol', '@nest-eureka/server', '@nest-eureka/client'].map((name) => [name, `file:${tarballs[name]}`]),
  );
  write(
    'package.json',
    JSON.stringify(
      {
        name: `consumer-${app.name}`,
        version: '0.0.0',
        private: true,
        ...(app.module === 'module' ? { type: 'module' } : {}),
        dependencies: { ...app.dependencies, ...ours },
        devDependencies: app.devDependencies,
      },
      null,
      2,
    ) + '\n',
  );
  write('tsconfig.json', JSON.stringify(app.tsconfig, null, 2) + '\n');
  if (app.strictCompile) {
    write('tsconfig.strict.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { strict: true, noEmit: true, incremental: false } }, null, 2) + '\n');
  }
  write('src/client.module.ts', sources.clientModule({ terminus: app.terminus }));
  write('src/client-main.ts', sources.CLIENT_MAIN);
  write('src/embedded-server.ts', sources.EMBEDDED_SERVER);
  write('src/testing-check.ts', sources.TESTING_CHECK);
  write('load-check.cjs', sources.LOAD_CHECK_CJS);
  write('load-check.mjs', sources.LOAD_CHECK_MJS);
  if (app.readmeSnippets) {
    snippets.forEach((snippet, i) => write(`src/readme/snippet-${String(i + 1).padStart(2, '0')}.ts`, snippet.code));
  }
}

module.exports = { CONSUMER_APPS, writeConsumerApp };
