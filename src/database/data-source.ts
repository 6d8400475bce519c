import 'reflect-metadata';
import type { ClientBase } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS } from './migrations/index.js';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  /** The server keeps one session for every connection, as the embedded PGlite socket does. */
  sharedSession?: boolean;
}

/** The one definition of how we talk to PostgreSQL, shared by the app, the CLI and the tests. */
export function dataSourceOptions({
  url,
  poolSize,
  sharedSession = false,
}: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite; uuid-ossp is not in PGlite.
    uuidExtension: 'pgcrypto',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 10_000,
      // Named statements (prepared-query.ts) outlive their connection when the session is
      // shared: a new connection drops them first, or preparing one again fails with 42P05.
      ...(sharedSession && {
        onConnect: (client: ClientBase) => client.query('DEALLOCATE ALL'),
      }),
    },
  };
}

/**
 * For the TypeORM CLI (`npm run migration:generate`, `migration:run`): needs DATABASE_URL. The
 * app registers each entity in the module that owns it (`TypeOrmModule.forFeature`); the CLI
 * has no modules, so it finds the same entities by their file names in the build.
 */
export default new DataSource({
  ...dataSourceOptions({
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aila',
    poolSize: 1,
  }),
  entities: [fileURLToPath(new URL('../**/*.entity.js', import.meta.url))],
});
