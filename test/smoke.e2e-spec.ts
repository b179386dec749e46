import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ExpressAdapter } from '@nestjs/platform-express';

@Controller('x') class C { @Get() get() { return { ok: true }; } }
@Module({ controllers: [C] }) class M {}

it.each([['fastify', () => new FastifyAdapter()], ['express', () => new ExpressAdapter()]])('%s boots', async (_n, mk) => {
  const app = await NestFactory.create(M, mk() as any, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const r = await fetch(url.replace('[::1]', '127.0.0.1') + '/x');
  expect(await r.json()).toEqual({ ok: true });
  await app.close();
});
