import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory.js';
import { AppModule } from './app.module.js';
import { announceStart, provisionOperatorKey } from './bootstrap/announce.js';
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
    announceStart(worker, undefined, await provisionOperatorKey(worker));
    return;
  }
  const app = await createApp();
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  // Every start-up step comes before the port opens (migrations and workers in init, then the
  // operator's key): a client that can connect is served, never told its bootstrap key is unknown.
  await app.init();
  const generated = await provisionOperatorKey(app);
  await app.listen(config.get('PORT', { infer: true }), config.get('HOST', { infer: true }));
  announceStart(app, await app.getUrl(), generated);
}

bootstrap().catch((err: unknown) => {
  // Configuration errors are one clear line; anything else keeps its stack.
  const message =
    err instanceof Error && err.message.startsWith('Invalid configuration') ? err.message : err;
  console.error(message);
  process.exit(1);
});
