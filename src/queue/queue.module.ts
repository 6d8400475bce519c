import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConditionalModule, ConfigService } from '@nestjs/config';
import { DiscoveryModule, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { BullJobQueue } from './bull-job-queue.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { JobQueue } from './job-queue.js';
import { ALL_QUEUES, QueueName } from './queue-names.js';
import { PeriodicTasks } from './periodic-tasks.service.js';
import { QueueWorkers } from './queue-workers.service.js';

/** Bull's queues, registered only when REDIS_URL is set. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        url: config.get('REDIS_URL', { infer: true }),
        prefix: config.get('REDIS_PREFIX', { infer: true }),
        // A killed worker's job is handed to another after at most ~30 s.
        settings: { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 },
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
class BullQueuesModule {}

/** Provides JobQueue and PeriodicTasks everywhere; import `QueueModule.forRoot()` once, in AppModule. */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  /**
   * Bull when REDIS_URL is set, else the in-process queue. A method rather than the decorator,
   * because ConditionalModule starts its 5 s wait for the configuration when it is called: from
   * a decorator, that is when this file is imported, which can be long before the app is built
   * (a test file that prepares a database first failed on it).
   */
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        // Without its debug line: it would be printed by Nest's own console logger, before
        // ours is in place; the banner names the queue in use.
        ConditionalModule.registerWhen(BullQueuesModule, (env) => Boolean(env.REDIS_URL), {
          debug: false,
        }),
      ],
      providers: [
        {
          provide: JobQueue,
          inject: [ConfigService, ModuleRef],
          useFactory: (
            config: ConfigService<EnvironmentVariables, true>,
            moduleRef: ModuleRef,
          ): JobQueue => {
            if (!config.get('REDIS_URL', { infer: true })) return new InProcessJobQueue();
            return new BullJobQueue((name: QueueName) =>
              moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
            );
          },
        },
        QueueWorkers,
        PeriodicTasks,
      ],
      exports: [JobQueue, PeriodicTasks],
    };
  }

  constructor(private readonly queue: JobQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
