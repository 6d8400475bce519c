import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, Global, Module, OnApplicationShutdown, Type } from '@nestjs/common';
import { ConditionalModule, ConfigService } from '@nestjs/config';
import { DiscoveryModule, DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { AppRole, type EnvironmentVariables } from '../config/env.validation.js';
import { BullJobQueue } from './bull-job-queue.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { JobQueue } from './job-queue.js';
import { ALL_QUEUES, QueueName } from './queue-names.js';
import { PeriodicTasks } from './periodic-tasks.service.js';

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

/** The features' modules of `@Processor` classes; loaded only where jobs are consumed. */
@Module({})
class ProcessorsModule {}

/** Only API processes leave the jobs to others; `all` (the default) and `worker` consume them. */
const consumesJobs = (env: NodeJS.ProcessEnv) => env.APP_ROLE !== AppRole.Api;

/** Provides JobQueue and PeriodicTasks everywhere; import `QueueModule.forRoot()` once, in AppModule. */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  /**
   * Bull when REDIS_URL is set, else the in-process queue. `processors` are the feature modules
   * holding `@Processor` classes: both drivers run every processor they find, so these modules are
   * left out of APP_ROLE=api processes, which must not take jobs.
   *
   * A method rather than the decorator, because ConditionalModule starts its 5 s wait for the
   * configuration when it is called: from a decorator, that is when this file is imported, which
   * can be long before the app is built (a test file that prepares a database first failed on it).
   */
  static forRoot(options: { processors: Type[] }): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        // Without their debug lines: they would be printed by Nest's own console logger, before
        // ours is in place; the banner names the queue in use.
        ConditionalModule.registerWhen(BullQueuesModule, (env) => Boolean(env.REDIS_URL), {
          debug: false,
        }),
        ConditionalModule.registerWhen(
          { module: ProcessorsModule, imports: options.processors },
          consumesJobs,
          { debug: false },
        ),
      ],
      providers: [
        {
          provide: JobQueue,
          inject: [ConfigService, ModuleRef, DiscoveryService, MetadataScanner],
          useFactory: (
            config: ConfigService<EnvironmentVariables, true>,
            moduleRef: ModuleRef,
            discovery: DiscoveryService,
            scanner: MetadataScanner,
          ): JobQueue => {
            if (!config.get('REDIS_URL', { infer: true }))
              return new InProcessJobQueue(discovery, scanner);
            return new BullJobQueue((name: QueueName) =>
              moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
            );
          },
        },
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
