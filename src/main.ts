import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory.js';
import { AppModule } from './app.module.js';
import { announceStart } from './bootstrap/announce.js';
import { AppRole } from './config/env.validation.js';
import type { EnvironmentVariables } from './config/env.validation.js';

async function bootstrap(): Promise<void> {
  const role = (process.env.APP_ROLE as AppRole | undefined) ?? AppRole.All;
  if (role === AppRole.Worker) {
    const worker = await NestFactory.createApplicationContext(await AppModule.forRoot(), {
      bufferLogs: true,
    });
    worker.useLogger(worker.get(Logger));
    worker.enableShutdownHooks();
    await announceStart(worker, undefined);
    return;
  }
  const app = await createApp();
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  await app.listen(config.get('PORT', { infer: true }), config.get('HOST', { infer: true }));
  await announceStart(app, await app.getUrl());
}

bootstrap().catch((err: unknown) => {
  // Configuration errors are one clear line; anything else keeps its stack.
  const message =
    err instanceof Error && err.message.startsWith('Invalid configuration') ? err.message : err;
  console.error(message);
  process.exit(1);
});
