import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { NlpPool } from './nlp-pool.js';

/** The compiled worker beside this module in dist/; under ts-jest only the .ts sources exist. */
function compiledWorker(): URL | null {
  const file = new URL('./nlp.worker.js', import.meta.url);
  return existsSync(fileURLToPath(file)) ? file : null;
}

/** Threads stop once the queues have let their last job finish (GracefulShutdown runs first). */
@Injectable()
class NlpPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(NlpPool) private readonly pool: NlpPool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}

/** One NLP thread pool per process, shared by the pipeline steps that read transcripts. */
@Global()
@Module({
  providers: [
    {
      provide: NlpPool,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
        new NlpPool({
          workerFile: compiledWorker(),
          threads: config.get('NLP_THREADS', { infer: true }),
          timeoutMs: config.get('NLP_TIMEOUT_MS', { infer: true }),
        }),
    },
    NlpPoolCloser,
  ],
  exports: [NlpPool],
})
export class NlpModule {}
