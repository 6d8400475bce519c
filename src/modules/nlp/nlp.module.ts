import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { NlpPool } from './nlp-pool.js';

/** Threads stop once the queues have let their last job finish (GracefulShutdown runs first). */
@Injectable()
class NlpPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(NlpPool) private readonly pool: NlpPool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}

/** One NLP thread pool per process, shared by the pipeline steps that read transcripts. */
@Module({})
export class NlpModule {
  /**
   * `workerEntry`: the module each thread loads, which lists the features' NLP work. It is
   * the composition root's to name, as only it may import every feature. Under ts-jest only
   * the .ts sources exist, and the work runs on the calling thread.
   */
  static forRoot(workerEntry: URL): DynamicModule {
    return {
      module: NlpModule,
      global: true,
      providers: [
        {
          provide: NlpPool,
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
            new NlpPool({
              workerFile: existsSync(fileURLToPath(workerEntry)) ? workerEntry : null,
              threads: config.get('NLP_THREADS', { infer: true }),
              timeoutMs: config.get('NLP_TIMEOUT_MS', { infer: true }),
            }),
        },
        NlpPoolCloser,
      ],
      exports: [NlpPool],
    };
  }
}
