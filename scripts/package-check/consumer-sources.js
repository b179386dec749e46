'use strict';
// The source files of the consumer apps the package check writes outside the repository: what a
// user's Nest application would contain. Relative imports carry `.js`, which both an ESM and a
// CommonJS app compiled with `nodenext` accept.

/** The client application module: `@EnableDiscovery`, a greeting, a call to itself by name, optional Terminus health. */
function clientModule({ terminus }) {
  return `import { Controller, Get, Module } from '@nestjs/common';
${terminus ? "import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';\n" : ''}import { EnableDiscovery, EurekaClientModule, EurekaHealthIndicator, EurekaHttpService, EurekaRegistration, InstanceInfo } from '@nest-eureka/client';

const APP_NAME = process.env.APP_NAME ?? 'consumer';

@Controller()
class HelloController {
  constructor(
    private readonly registration: EurekaRegistration,
    private readonly http: EurekaHttpService,
  ) {}

  @Get('hello')
  hello(): { instanceId: string | null } {
    return { instanceId: this.registration.instanceId ?? null };
  }

  /** Calls this application through the registry (needs axios); answers the error message otherwise. */
  @Get('call-self')
  async callSelf(): Promise<{ ok: boolean; data?: unknown; error?: string }> {
    try {
      const res = await this.http.get(\`http://\${APP_NAME}/hello\`, { timeout: 2000 });
      return { ok: true, data: res.data };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
}
${
  terminus
    ? `
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eureka: EurekaHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eureka.isHealthy()]);
  }
}
`
    : `
/** Without Terminus the indicator still answers its own result. */
@Controller('health')
class HealthController {
  constructor(private readonly eureka: EurekaHealthIndicator) {}

  @Get()
  check() {
    return this.eureka.isHealthy();
  }
}
`
}
export function describe(instance: InstanceInfo): string {
  return \`\${instance.app} \${instance.instanceId ?? instance.hostName} \${instance.status}\`;
}

@EnableDiscovery()
@Module({
  imports: [
    EurekaClientModule.forRoot({
      appName: APP_NAME,
      serviceUrl: process.env.EUREKA_URL ?? 'http://127.0.0.1:8761/eureka/',
      leaseRenewalIntervalInSeconds: 1,
      registryFetchIntervalSeconds: 1,
    }),${terminus ? '\n    TerminusModule,' : ''}
  ],
  controllers: [HelloController, HealthController],
})
export class ClientAppModule {}
`;
}

const CLIENT_MAIN = `import { NestFactory } from '@nestjs/core';
import { ClientAppModule } from './client.module.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ClientAppModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  console.log(\`client listening on \${await app.getUrl()}\`);
}
void bootstrap();
`;

/** An application with its own \`GET /\` that embeds the registry, its dashboard moved beside it. */
const EMBEDDED_SERVER = `import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EurekaServerModule, eurekaFastifyRouterOptions } from '@nest-eureka/server';

@Controller()
class HomeController {
  @Get()
  home(): { home: boolean } {
    return { home: true };
  }
}

@Module({
  imports: [EurekaServerModule.forRoot({ dashboardPath: '/eureka-dashboard', useReadOnlyResponseCache: false })],
  controllers: [HomeController],
})
class RegistryAppModule {}

async function bootstrap(): Promise<void> {
  let app: INestApplication;
  if (process.argv[2] === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(RegistryAppModule, new FastifyAdapter({ routerOptions: eurekaFastifyRouterOptions() }));
  } else {
    app = await NestFactory.create(RegistryAppModule);
  }
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 8761), '127.0.0.1');
  console.log(\`registry listening on \${await app.getUrl()}\`);
}
void bootstrap();
`;

/** `@nest-eureka/server/testing` used the way a user's e2e test uses it. */
const TESTING_CHECK = `import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { startEurekaTestServer } from '@nest-eureka/server/testing';

async function main(): Promise<void> {
  const adapter = process.argv[2] === 'fastify' ? 'fastify' : 'express';
  const eureka = await startEurekaTestServer({ adapter });
  let app: INestApplication | undefined;
  try {
    process.env.EUREKA_URL = eureka.serviceUrl;
    process.env.APP_NAME = 'tested-app';
    const { ClientAppModule } = await import('./client.module.js');
    app = await NestFactory.create(ClientAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const info = await eureka.waitForInstance('TESTED-APP', { timeoutMs: 30_000 });
    await app.close();
    app = undefined;
    await eureka.waitForNoInstance('TESTED-APP', { timeoutMs: 30_000 });
    if (sampleInstance().app !== 'ORDERS') throw new Error('sampleInstance() is not the documented ORDERS instance');
    console.log(\`testing entry (\${adapter}): TESTED-APP registered as \${info.instanceId}, gone after close\`);
  } finally {
    await app?.close();
    await eureka.close();
  }
}
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
`;

/** Each package (and subpath) and names it must export, loaded by require() and by import(). */
const EXPECTED_EXPORTS = {
  '@nest-eureka/protocol': ['InstanceStatus', 'encodeApplicationsJson', 'decodeApplicationsXml', 'appsHashCode', 'validateRegistration'],
  '@nest-eureka/protocol/testing': ['sampleInstance'],
  '@nest-eureka/server': ['EurekaServerModule', 'InstanceRegistry', 'DEFAULT_SERVER_OPTIONS', 'hashPassword', 'InstanceStatus'],
  '@nest-eureka/server/testing': ['startEurekaTestServer'],
  '@nest-eureka/client': ['EurekaClientModule', 'EnableDiscovery', 'DiscoveryClient', 'EurekaHttpService', 'EurekaHealthIndicator', 'NoAvailableInstanceError', 'EurekaRequestError'],
};

const LOAD_CHECK_CJS = `'use strict';
const expected = ${JSON.stringify(EXPECTED_EXPORTS)};
const missing = [];
for (const [name, keys] of Object.entries(expected)) {
  const loaded = require(name);
  for (const key of keys) if (loaded[key] === undefined) missing.push(name + ' ' + key);
}
if (missing.length) throw new Error('require(): missing exports: ' + missing.join(', '));
console.log('require(): ' + Object.keys(expected).length + ' entry points load with their exports');
`;

const LOAD_CHECK_MJS = `const expected = ${JSON.stringify(EXPECTED_EXPORTS)};
const missing = [];
for (const [name, keys] of Object.entries(expected)) {
  const loaded = await import(name);
  // Named exports of a CommonJS package as ESM sees them (what \`import { X } from\` needs).
  for (const key of keys) if (loaded[key] === undefined) missing.push(name + ' ' + key);
}
if (missing.length) throw new Error('import(): missing named exports: ' + missing.join(', '));
console.log('import(): ' + Object.keys(expected).length + ' entry points load with their named exports');
`;

module.exports = { clientModule, CLIENT_MAIN, EMBEDDED_SERVER, TESTING_CHECK, LOAD_CHECK_CJS, LOAD_CHECK_MJS, EXPECTED_EXPORTS };
