import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminQuery,
  ADMIN_DATABASE_URL,
  databaseUrl,
  pingRedis,
  TEST_REDIS_URL,
} from './services.js';
/**
 * One throwaway database and Redis prefix per run, so runs never see each other's data.
 * The e2e suites read their settings from the environment set here.
 */
export default async function globalSetup() {
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `aila_test_${run}`;
  try {
    await adminQuery(`CREATE DATABASE ${database}`);
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_DATABASE_URL} (${err.message}).\n` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      { cause: err },
    );
  }
  try {
    await pingRedis();
  } catch (err) {
    await adminQuery(`DROP DATABASE IF EXISTS ${database}`);
    throw new Error(
      `Redis is not reachable at ${TEST_REDIS_URL} (${err.message}).\n` +
        'Start it with: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no',
      { cause: err },
    );
  }
  Object.assign(process.env, {
    TEST_RUN_ID: run,
    TEST_DATABASE_NAME: database,
    DATABASE_URL: databaseUrl(database),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `aila_test_${run}`,
    API_KEY_PEPPER: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    BOOTSTRAP_API_KEY: `test-bootstrap-${randomBytes(16).toString('hex')}`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'aila-test-')),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ALLOW_PRIVATE_URLS: 'true',
    WEBHOOK_RETRY_SCHEDULE: '1,1,1',
    SWEEP_INTERVAL_MS: '1000',
  });
}
