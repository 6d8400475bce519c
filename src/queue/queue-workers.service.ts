import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import { AppRole } from '../config/env.validation.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { MetricsService } from '../modules/metrics/metrics.service.js';
import { JOB_PROCESSOR, JobProcessor, JobProcessorOptions } from './job-processor.decorator.js';
import { JobQueue } from './job-queue.js';

/** Attaches every @Processes class to its queue, in processes that do background work. */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueueWorkers.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queue: JobQueue,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('APP_ROLE', { infer: true }) === AppRole.Api) return;
    for (const wrapper of this.discovery.getProviders()) {
      const options = wrapper.metatype
        ? (Reflect.getMetadata(JOB_PROCESSOR, wrapper.metatype) as JobProcessorOptions | undefined)
        : undefined;
      if (!options || !wrapper.instance) continue;
      const processor = wrapper.instance as JobProcessor;
      const concurrency =
        typeof options.concurrency === 'number'
          ? options.concurrency
          : Number(this.config.get(options.concurrency, { infer: true }));
      this.queue.process(options.queue, concurrency, (job) =>
        this.metrics.timeJob(options.queue, () => processor.handle(job)),
      );
      this.logger.log(
        `Processing queue ${options.queue} with ${wrapper.name} (concurrency ${concurrency})`,
      );
    }
  }
}
