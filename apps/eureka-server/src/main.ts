import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
@Controller('x') class C { @Get() get() { return { ok: true }; } }
@Module({ controllers: [C] }) class M {}
async function main() { const app = await NestFactory.create(M, new FastifyAdapter()); await app.listen(18761, '127.0.0.1'); console.log('up'); setTimeout(()=>app.close(), 500); }
void main();
