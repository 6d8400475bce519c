import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { dataSourceOptions } from './data-source.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';
import { Transactions } from './transactions.js';

/** Lets instances that start together take turns at migrating. */
const MIGRATION_LOCK = 7_411_002;

@Injectable()
export class EmbeddedDatabase implements OnApplicationShutdown {
  private instance?: EmbeddedPostgres;

  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  get active(): boolean {
    return this.instance !== undefined;
  }

  /** PGlite (about 1 MB of heap before it starts) is loaded only when no DATABASE_URL is set. */
  async start(): Promise<string> {
    const { EmbeddedPostgres } = await import('./embedded-postgres.js');
    this.instance = new EmbeddedPostgres(this.config.get('DATA_DIR', { infer: true }));
    return this.instance.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.instance?.stop();
  }
}

/** Runs pending migrations at start-up, one instance at a time. */
export async function migrate(dataSource: DataSource, exclusive: boolean): Promise<void> {
  if (!exclusive) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** The database for every module: the connection, migrations and `Transactions`. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      extraProviders: [EmbeddedDatabase],
      inject: [ConfigService, EmbeddedDatabase],
      useFactory: async (
        config: ConfigService<EnvironmentVariables, true>,
        embedded: EmbeddedDatabase,
      ) => {
        const configured = config.get('DATABASE_URL', { infer: true });
        const url = configured ?? (await embedded.start());
        // The embedded socket serves one connection at a time.
        const poolSize = configured ? config.get('DATABASE_POOL_SIZE', { infer: true }) : 1;
        return {
          ...dataSourceOptions({ url, poolSize, sharedSession: !configured }),
          // Each feature module registers the entities it owns with TypeOrmModule.forFeature.
          autoLoadEntities: true,
          migrationsRun: false,
        };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await migrate(dataSource, (options as { extra?: { max?: number } }).extra?.max !== 1);
        new Logger('Database').log('Migrations are up to date');
        return dataSource;
      },
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
