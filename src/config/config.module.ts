import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './env.validation.js';
import { ServerSecrets } from './server-secrets.service.js';

/** Reads and validates the environment when the app is built (not when this file is imported). */
@Global()
@Module({})
export class AppConfigModule {
  /** Rejects with one line naming the variable when the configuration is invalid. */
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: AppConfigModule,
      imports: [
        await ConfigModule.forRoot({ isGlobal: true, cache: false, validate: validateEnvironment }),
      ],
      providers: [ServerSecrets],
      exports: [ServerSecrets],
    };
  }
}
