import type { ProcessOptions, ProcessorOptions } from '@nestjs/bull';
import { BULL_MODULE_QUEUE, BULL_MODULE_QUEUE_PROCESS } from '@nestjs/bull/dist/bull.constants.js';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { discoverProviders } from '../common/discovery/discover-providers.js';
import type { QueueJob } from './job-queue.js';
import type { QueueName } from './queue-names.js';

export interface ProcessHandler {
  queue: QueueName;
  /** The job name of `@Process(name)`; undefined for `@Process()`. */
  name: string | undefined;
  concurrency: number;
  handle: (job: QueueJob) => Promise<unknown>;
  /** `Class#method`, for logs. */
  source: string;
}

/**
 * Every `@Process` method of every `@Processor` provider, read from the metadata @nestjs/bull's
 * decorators write, as its own explorer reads it for Bull: one class serves both drivers.
 */
export function findProcessHandlers(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
): ProcessHandler[] {
  return discoverProviders<ProcessorOptions>(discovery, BULL_MODULE_QUEUE).flatMap(
    ({ instance, metadata, name: className }) => {
      const methods = instance as Record<string, (job: QueueJob) => Promise<unknown>>;
      return scanner.getAllMethodNames(Object.getPrototypeOf(instance)).flatMap((method) => {
        const options = Reflect.getMetadata(BULL_MODULE_QUEUE_PROCESS, methods[method]) as
          ProcessOptions | undefined;
        if (!options) return [];
        return {
          queue: metadata.name as QueueName,
          name: options.name,
          // As Bull: a handler without a concurrency adds one worker.
          concurrency: options.concurrency ?? 1,
          handle: methods[method].bind(instance),
          source: `${className}#${method}`,
        };
      });
    },
  );
}
