/**
 * Request bodies no route asked for are not parsed, and every parsed JSON body has a depth budget:
 * a megabyte of `[[[[...` used to cost some 300 ms of main-thread JSON.parse per request on any path
 * (two connections took authenticated heartbeats from p50 1.8 ms to 3.3 s).
 */
import { Body, Controller, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { join, resolve } from 'node:path';
import { EurekaServerModule, eurekaFastifyRouterOptions } from '@nest-eureka/server';
import { http } from './support/http-client';
import { freePorts, pollUntil, spawnNode, stopProcess, tail } from './support/processes';

// A bound for a test that starts a real server process; on a loaded machine that takes seconds. The
// waits inside have their own bounds (request timeouts, polls that fail when the process exits).
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..');
const JSON_TYPE = { 'Content-Type': 'application/json' };
const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('bodies on the standalone server (Fastify)', () => {
  it('parses no body for an unknown path or the dashboard, and refuses deep Eureka bodies by the depth budget', async () => {
    const [port] = await freePorts(1);
    const server = spawnNode('server', [join(ROOT, 'apps', 'eureka-server', 'dist', 'main.js')], { cwd: ROOT, env: { PORT: String(port), HOST: '127.0.0.1' } });
    try {
      const base = `http://127.0.0.1:${port}`;
      await pollUntil('the server to answer', async () => (await http('GET', `${base}/eureka/apps`)).status === 200, 60_000).catch((e: Error) => {
        throw new Error(e.message + tail(server));
      });
      // Not parsed: malformed JSON to a path without a route is a 404, not a parse error.
      expect((await http('POST', `${base}/nope`, { headers: JSON_TYPE, body: '{bad' })).status).toBe(404);
      expect((await http('POST', `${base}/health`, { headers: JSON_TYPE, body: nested(500_000), timeoutMs: 30_000 })).status).toBe(404);
      const action = await http('POST', `${base}/dashboard/actions/ORDERS/o-1/deregister`, { headers: JSON_TYPE, body: '{bad' });
      expect(action.status).not.toBe(400);
      const deep = await http('POST', `${base}/eureka/apps/ORDERS`, { headers: JSON_TYPE, body: `{"instance":${nested(500_000)}}`, timeoutMs: 30_000 });
      expect({ status: deep.status, text: deep.text }).toEqual({ status: 400, text: expect.stringContaining('nesting deeper than 64 levels') });
    } finally {
      await stopProcess(server);
    }
  });
});

@Controller('orders')
class OrdersController {
  @Post()
  create(@Body() body: unknown) {
    return { received: body };
  }
}

describe('bodies of an embedding application on Fastify', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    @Module({ imports: [EurekaServerModule.forRoot({ dashboardPath: '/eureka-dashboard' })], controllers: [OrdersController] })
    class AppModule {}
    app = await NestFactory.create(AppModule, new FastifyAdapter({ routerOptions: eurekaFastifyRouterOptions() }), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it("keeps parsing the application's JSON, up to 256 levels, and refuses deeper with 400", async () => {
    const ok = await http('POST', `${base}/orders`, { headers: JSON_TYPE, body: JSON.stringify({ id: 7, lines: [[1, 2]] }) });
    expect(JSON.parse(ok.text)).toEqual({ received: { id: 7, lines: [[1, 2]] } });
    expect((await http('POST', `${base}/orders`, { headers: JSON_TYPE, body: nested(200) })).status).toBe(201);
    const deep = await http('POST', `${base}/orders`, { headers: JSON_TYPE, body: nested(500_000), timeoutMs: 30_000 });
    expect({ status: deep.status, text: deep.text }).toEqual({ status: 400, text: expect.stringContaining('JSON nested deeper than 256 levels') });
    expect((await http('POST', `${base}/nope`, { headers: JSON_TYPE, body: '{bad' })).status).toBe(404);
  });
});
