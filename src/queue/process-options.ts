import type { ProcessOptions } from '@nestjs/bull';
import { validateEnvironment, type EnvironmentVariables } from '../config/env.validation.js';

type NumericSetting = {
  [K in keyof EnvironmentVariables]-?: EnvironmentVariables[K] extends number ? K : never;
}[keyof EnvironmentVariables];

/**
 * `@Process` options for job `name` whose concurrency is a setting (CALL_WORKER_CONCURRENCY).
 * A decorator runs when its file is imported, before the configuration is read; both drivers
 * read a handler's options once, when they register it at start-up, so the getter reads the
 * setting then: validated, from the environment ConfigModule has by then merged `.env` into.
 */
export function processWithConcurrency(name: string, setting: NumericSetting): ProcessOptions {
  return {
    name,
    get concurrency() {
      return validateEnvironment(process.env)[setting] as number;
    },
  };
}
