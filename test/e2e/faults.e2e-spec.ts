import { SALES_CALL } from '../fixtures/transcripts.js';
import { adminQuery } from '../utils/services.js';
import { completedCall, createKey, createOrganization, eventually } from '../utils/factories.js';
import { PrivateRedis } from '../utils/private-redis.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const OUTAGE_MS = 10_000;

describe('Redis stops for 10 s during uploads', () => {
  let sut: TestApp;
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await PrivateRedis.onFreePort();
    await redis.start();
    sut = await createTestApp({
      REDIS_URL: redis.url,
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}_faults`,
    });
  });

  afterAll(async () => {
    await sut.close();
    await redis.stop();
  });

  it('accepts uploads, says what it cannot do, and processes every upload once Redis is back', async () => {
    const org = await createOrganization(sut);
    const key = (await createKey(sut, org, ['calls:read', 'calls:write'])).secret;
    await redis.stop();
    const outageStarted = Date.now();

    // For the whole outage: uploads are accepted, reads work, readiness says what is down.
    const uploads: { body: { data: { id: string } } }[] = [];
    let round = 0;
    while (Date.now() - outageStarted < OUTAGE_MS) {
      const batch = await Promise.all(
        Array.from({ length: 2 }, (_, i) =>
          sut.http
            .post('/v1/calls/upload')
            .set('X-API-Key', key)
            .send({ user_id: `rep-${round}-${i}`, transcript: SALES_CALL })
            .expect(202),
        ),
      );
      uploads.push(...batch);
      const ready = await sut.http.get('/v1/health/ready').expect(503);
      expect(ready.body.error).toMatchObject({ redis: { status: 'down' } });
      const list = await sut.http.get('/v1/calls').set('X-API-Key', key).expect(200);
      expect(list.body.meta.total).toBe(uploads.length);
      round += 1;
    }
    expect(uploads.length).toBeGreaterThanOrEqual(4);

    await redis.start();
    for (const upload of uploads) await completedCall(sut, key, upload.body.data.id);
    await sut.http.get('/v1/health/ready').expect(200);
  });
});

describe('PostgreSQL restarts', () => {
  let sut: TestApp;
  const database = process.env.TEST_DATABASE_NAME!;

  /** What a restart looks like to the app: every connection dropped, new ones refused for a while. */
  async function takeDatabaseDown(): Promise<void> {
    await adminQuery(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await adminQuery(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
    );
  }

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await adminQuery(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
    await sut.close();
  });

  it('answers 503 while the database is away and recovers without a restart', async () => {
    const org = await createOrganization(sut);
    const key = (await createKey(sut, org, ['calls:read', 'calls:write'])).secret;
    await sut.http.get('/v1/calls').set('X-API-Key', key).expect(200);

    await takeDatabaseDown();
    const down = await sut.http.get('/v1/calls').set('X-API-Key', key).expect(503);
    expect(down.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(down.headers['retry-after']).toBe('5');
    await sut.http.get('/v1/health/ready').expect(503);

    await adminQuery(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
    await eventually(
      () => sut.http.get('/v1/calls').set('X-API-Key', key).expect(200),
      30_000,
      200,
    );
    const upload = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .send({ user_id: 'after', transcript: SALES_CALL })
      .expect(202);
    await completedCall(sut, key, upload.body.data.id);
  });
});
