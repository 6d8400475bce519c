import { rmSync } from 'node:fs';
import { adminQuery, dropRedisPrefix } from './services.js';
export default async function globalTeardown() {
  const database = process.env.TEST_DATABASE_NAME;
  if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  if (process.env.REDIS_PREFIX) await dropRedisPrefix(process.env.REDIS_PREFIX);
  if (process.env.DATA_DIR) rmSync(process.env.DATA_DIR, { recursive: true, force: true });
}
