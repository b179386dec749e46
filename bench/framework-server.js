#!/usr/bin/env node
/**
 * Framework floors for the heartbeat scenario: the same `PUT /eureka/apps/{app}/{id}` answered
 * 200 with an empty body, with no registry behind it, by
 *   FRAMEWORK=fastify  a plain Fastify 5 instance (as the standalone server configures it);
 *   FRAMEWORK=nest     a Nest 12 application on the FastifyAdapter with one controller whose
 *                      handler takes the same parameters as the server's heartbeat handler.
 * Together with the bare `node:http` baseline they show where the time of a heartbeat goes:
 * Node, Fastify, Nest's per-request lifecycle, and the registry itself.
 * PORT, HOST as for the server; GET /__ready answers 200.
 */
'use strict';

const framework = process.env.FRAMEWORK || 'nest';
const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';

async function fastifyServer() {
  const fastify = require('fastify')({ routerOptions: { ignoreTrailingSlash: true } });
  fastify.put('/eureka/apps/:app/:id', (req, reply) => {
    const app = req.params.app.toUpperCase();
    reply.code(app && req.params.id ? 200 : 404).send('');
  });
  fastify.get('/__ready', (_req, reply) => reply.send(''));
  await fastify.listen({ port, host });
  return () => fastify.close();
}

async function nestServer() {
  require('reflect-metadata');
  const { Controller, Get, Headers, Module, Param, Put, Query, Res } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { FastifyAdapter } = require('@nestjs/platform-fastify');

  class HeartbeatController {
    renew(app, id, _query, _replication, _accept, res) {
      res.code(app.toUpperCase() && id ? 200 : 404);
      res.send('');
    }
  }
  class ReadyController {
    ready(res) {
      res.send('');
    }
  }
  const proto = HeartbeatController.prototype;
  // The decorators of the server's `InstanceController.renew`, applied by hand (plain JS).
  Param('app')(proto, 'renew', 0);
  Param('id')(proto, 'renew', 1);
  Query()(proto, 'renew', 2);
  Headers('x-netflix-discovery-replication')(proto, 'renew', 3);
  Headers('accept')(proto, 'renew', 4);
  Res()(proto, 'renew', 5);
  Put('apps/:app/:id')(proto, 'renew', Object.getOwnPropertyDescriptor(proto, 'renew'));
  Controller(['eureka', 'eureka/v2'])(HeartbeatController);
  Res()(ReadyController.prototype, 'ready', 0);
  Get('__ready')(ReadyController.prototype, 'ready', Object.getOwnPropertyDescriptor(ReadyController.prototype, 'ready'));
  Controller()(ReadyController);
  class BenchModule {}
  Module({ controllers: [HeartbeatController, ReadyController] })(BenchModule);

  const app = await NestFactory.create(BenchModule, new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }), { logger: false });
  await app.listen(port, host);
  return () => app.close();
}

(framework === 'fastify' ? fastifyServer() : nestServer()).then(
  (close) => {
    for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => { setTimeout(() => process.exit(0), 1000).unref(); close().then(() => process.exit(0)); });
  },
  (error) => {
    process.stderr.write(`framework server (${framework}) failed: ${error.stack || error}\n`);
    process.exit(1);
  },
);
