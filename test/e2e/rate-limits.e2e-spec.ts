import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { RedisRateLimitStore } from '../../src/common/rate-limit/redis-rate-limit.store.js';
import { ApiKeysService } from '../../src/modules/api-keys/api-keys.service.js';
import { ApiKeyAuthenticator } from '../../src/modules/auth/api-key-authenticator.service.js';
import { FAILED_KEY_LIMIT } from '../../src/modules/auth/failed-key-limit.service.js';
import { createKey, createOrganization, eventually, OrgWithKey } from '../utils/factories.js';
import { createTestApp, specCheckedAgent, TestApp } from '../utils/test-app.js';

describe('Rate limits', () => {
  let a: TestApp;
  let b: TestApp;
  let org: OrgWithKey;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestApp(), createTestApp()]);
    org = await createOrganization(a, 'enterprise');
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('gives one budget per key across two instances, counting down to 0, then 429', async () => {
    const key = await createKey(a, org, ['calls:read'], { limit: 10, window_seconds: 3600 });
    const remaining: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const app = i % 2 === 0 ? a : b;
      const res = await app.http.get('/v1/me').set('X-API-Key', key.secret).expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe('10');
      remaining.push(res.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    for (const app of [a, b]) {
      const res = await app.http.get('/v1/me').set('X-API-Key', key.secret).expect(429);
      expect(res.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const reset = Number(res.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThan(Date.now());
      expect(reset).toBeLessThanOrEqual(Date.now() + 2 * 3600 * 1000);
    }
  });

  it('applies a new limit on the other instance without a restart', async () => {
    const key = await createKey(a, org, ['calls:read'], { limit: 3, window_seconds: 3600 });
    await b.http.get('/v1/me').set('X-API-Key', key.secret).expect(200);
    await a.http
      .patch(`/v1/organizations/${org.organizationId}/api-keys/${key.id}`)
      .set('X-API-Key', org.adminKey)
      .send({ rate_limit: { limit: 50, window_seconds: 60 } })
      .expect(200);
    await eventually(
      async () => {
        const res = await b.http.get('/v1/me').set('X-API-Key', key.secret).expect(200);
        expect(res.headers['x-ratelimit-limit']).toBe('50');
      },
      1000,
      20,
    );
  });

  it("makes the seed's makeRequest snippet wait for the reset and then succeed", async () => {
    const key = await createKey(a, org, ['calls:read'], { limit: 2, window_seconds: 2 });
    const server = a.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/v1/me`;
    const fetchWithKey = (u: string) => fetch(u, { headers: { 'X-API-Key': key.secret } });
    // The seed's snippet, as written, with our key added to its fetch.
    async function makeRequest(u: string) {
      const response = await fetchWithKey(u);
      const remaining = response.headers.get('X-RateLimit-Remaining');
      const reset = response.headers.get('X-RateLimit-Reset');
      if (remaining === '0') {
        const waitTime = Number(reset) - Date.now();
        await new Promise((resolve) => setTimeout(resolve, waitTime));
      }
      return response.json();
    }
    const results: { success: boolean }[] = [];
    for (let i = 0; i < 4; i += 1) results.push((await makeRequest(url)) as { success: boolean });
    expect(results.map((r) => r.success)).toEqual([true, true, true, true]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('failed keys, per client address', () => {
    // Each app counts in a Redis namespace of its own: using up a budget of 127.0.0.1 in the
    // run's namespace would refuse every later request of the run.
    let isolated = 0;
    const isolatedApp = (env: Record<string, string | undefined> = {}) => {
      isolated += 1;
      return createTestApp({
        REDIS_PREFIX: `${process.env.REDIS_PREFIX}_failed_${isolated}_${Date.now()}`,
        ...env,
      });
    };
    const useUpFailures = async (app: TestApp, path: string, from?: () => string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 60; i += 1) {
        let req = app.http.raw.get(path).set('X-API-Key', `aila_live_wrong${i}`);
        if (from) req = req.set('X-Forwarded-For', from());
        statuses.push((await req).status);
      }
      return statuses;
    };
    const expectRefused = (res: {
      status: number;
      body: { error: { code: string } };
      headers: Record<string, string>;
    }) => {
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    };

    /** Serves `sut` on a port of its own for requests sent at once, then closes it and the app. */
    const onAPort = async (
      sut: TestApp,
      send: (http: ReturnType<typeof specCheckedAgent>) => Promise<void>,
    ) => {
      const server = sut.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        await send(specCheckedAgent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await sut.close();
      }
    };

    it('refuses an address that used up its failed attempts, even with a right key', async () => {
      const sut = await isolatedApp();
      try {
        // The right key is known to the app before the failures: it takes the path without a
        // lookup, where the budget is checked with the key's own count.
        await sut.http.get('/v1/me').set('X-API-Key', sut.bootstrapKey).expect(200);
        expect(new Set(await useUpFailures(sut, '/v1/me'))).toEqual(new Set([401]));
        expectRefused(await sut.http.get('/v1/me').set('X-API-Key', sut.bootstrapKey));
        expectRefused(
          await sut.http.raw.get('/admin/queues/api/queues').set('X-API-Key', sut.bootstrapKey),
        );
      } finally {
        await sut.close();
      }
    });

    // A burst is judged within one window: one that crossed into the next would rightly be
    // given a little room back, as the previous window's weight decays.
    const awayFromWindowEdge = () =>
      eventually(
        async () => {
          const { windowMs } = FAILED_KEY_LIMIT;
          expect(windowMs - (Date.now() % windowMs)).toBeGreaterThan(15_000);
        },
        20_000,
        250,
      );

    it.each([
      ['in Redis', {}],
      ['in process, without REDIS_URL', { REDIS_URL: undefined }],
    ])(
      'lets no more guesses sent at once be looked up than the budget, counted %s',
      async (_where, env) => {
        const guesses = 150;
        const { limit } = FAILED_KEY_LIMIT;
        const sut = await isolatedApp(env);
        await awayFromWindowEdge();
        // Lookups wait until a budget's worth have started, as behind a slow database, so the
        // guesses are all in flight at once: none has failed yet when the others are admitted.
        const apiKeys = sut.app.get(ApiKeysService);
        const lookUp = apiKeys.findByPresentedHash.bind(apiKeys);
        let started = 0;
        let release = () => {};
        const budgetStarted = new Promise<void>((resolve) => (release = resolve));
        // Should fewer start (a regression), the held lookups still end and the counts tell.
        const safetyValve = setTimeout(() => release(), 10_000);
        const lookups = jest
          .spyOn(apiKeys, 'findByPresentedHash')
          .mockImplementation(async (hash) => {
            started += 1;
            if (started >= limit) release();
            await budgetStarted;
            return lookUp(hash);
          });
        try {
          await onAPort(sut, async (http) => {
            const responses = await Promise.all(
              Array.from({ length: guesses }, (_, i) =>
                http.get('/v1/me').set('X-API-Key', `aila_live_guess${i}`),
              ),
            );
            const statuses = responses.map((res) => res.status);
            expect(statuses.filter((status) => status === 401)).toHaveLength(limit);
            expect(statuses.filter((status) => status === 429)).toHaveLength(guesses - limit);
            expect(lookups).toHaveBeenCalledTimes(limit);
            expectRefused(await http.get('/v1/me').set('X-API-Key', sut.bootstrapKey));
          });
        } finally {
          clearTimeout(safetyValve);
        }
      },
    );

    it.each([
      ['a valid key is answered every time', true],
      ['an unknown key still spends an attempt per request', false],
    ])(
      'looks one key sent at once from one address up once after the cache is cleared: %s',
      async (_case, valid) => {
        const requests = 150;
        const { limit } = FAILED_KEY_LIMIT;
        const sut = await isolatedApp();
        await awayFromWindowEdge();
        const authenticator = sut.app.get(ApiKeyAuthenticator);
        await authenticator.invalidate();
        // The lookup waits until every request has reached the authenticator, as behind a slow
        // database, so all of them are in flight before it answers.
        const authenticate = authenticator.authenticate.bind(authenticator);
        let arrived = 0;
        let release = () => {};
        const allArrived = new Promise<void>((resolve) => (release = resolve));
        // Should fewer arrive (a regression: refused before they reach it), the lookups still end.
        const safetyValve = setTimeout(() => release(), 10_000);
        jest.spyOn(authenticator, 'authenticate').mockImplementation((...args) => {
          const answer = authenticate(...args);
          arrived += 1;
          if (arrived >= requests) release();
          return answer;
        });
        const apiKeys = sut.app.get(ApiKeysService);
        const lookUp = apiKeys.findByPresentedHash.bind(apiKeys);
        const lookups = jest
          .spyOn(apiKeys, 'findByPresentedHash')
          .mockImplementation(async (hash) => {
            await allArrived;
            return lookUp(hash);
          });
        try {
          await onAPort(sut, async (http) => {
            const key = valid ? sut.bootstrapKey : 'aila_live_unknown';
            const responses = await Promise.all(
              Array.from({ length: requests }, () => http.get('/v1/me').set('X-API-Key', key)),
            );
            const statuses = responses.map((res) => res.status);
            if (valid) {
              expect(statuses.filter((status) => status !== 200)).toEqual([]);
            } else {
              expect(statuses.filter((status) => status === 401)).toHaveLength(limit);
              expect(statuses.filter((status) => status === 429)).toHaveLength(requests - limit);
            }
            expect(lookups).toHaveBeenCalledTimes(1);
          });
        } finally {
          clearTimeout(safetyValve);
        }
      },
    );

    /**
     * Holds the first key lookup from here on after it has read the database, as one overtaken
     * by a change to the key would be; later lookups run at once. Without Redis the cache is
     * dropped only when the test says: over Redis an instance also hears its own announcements
     * back, at a moment the test does not control.
     */
    const holdFirstLookup = (sut: TestApp) => {
      const apiKeys = sut.app.get(ApiKeysService);
      const lookUp = apiKeys.findByPresentedHash.bind(apiKeys);
      let read = () => {};
      const firstRead = new Promise<void>((resolve) => (read = resolve));
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      const lookups = jest
        .spyOn(apiKeys, 'findByPresentedHash')
        .mockImplementation(async (hash) => {
          const first = lookups.mock.calls.length === 1;
          const found = await lookUp(hash);
          if (first) {
            read();
            await released;
          }
          return found;
        });
      return { lookups, firstRead, release };
    };

    it('neither shares nor caches a lookup begun before the key cache was dropped', async () => {
      const sut = await isolatedApp({ REDIS_URL: undefined });
      const authenticator = sut.app.get(ApiKeyAuthenticator);
      await authenticator.invalidate();
      const { lookups, firstRead, release } = holdFirstLookup(sut);
      await onAPort(sut, async (http) => {
        const send = () => http.get('/v1/me').set('X-API-Key', sut.bootstrapKey);
        try {
          const first = send().then((res) => res);
          await firstRead;
          await authenticator.invalidate();
          const second = send().then((res) => res);
          await eventually(async () => expect(lookups).toHaveBeenCalledTimes(2), 2000, 10);
          // The second request's own lookup answers while the stale one is still held.
          expect((await second).status).toBe(200);
          // That lookup rightly cached the key: drop it again, so that what the third request
          // finds shows whether the stale lookup, settling last, refilled the cache.
          await authenticator.invalidate();
          release();
          expect((await first).status).toBe(200);
          await send().expect(200);
          expect(lookups).toHaveBeenCalledTimes(3);
        } finally {
          release();
        }
      });
    });

    it('refuses a key revoked while a lookup that read it was in flight', async () => {
      const sut = await isolatedApp({ REDIS_URL: undefined });
      const org = await createOrganization(sut);
      // Issuing the key drops the cache, so its first use below is the first lookup.
      const key = await createKey(sut, org, ['calls:read']);
      const { firstRead, release } = holdFirstLookup(sut);
      await onAPort(sut, async (http) => {
        const send = () => http.get('/v1/me').set('X-API-Key', key.secret);
        try {
          const first = send().then((res) => res);
          await firstRead;
          await http
            .delete(`/v1/organizations/${org.organizationId}/api-keys/${key.id}`)
            .set('X-API-Key', org.adminKey)
            .expect(200);
          release();
          // The request that read the key before the revocation may still be answered...
          expect((await first).status).toBe(200);
          // ...but what it read must not let the key in afterwards.
          await send().expect(401);
        } finally {
          release();
        }
      });
    });

    it('counts failed attempts at /admin/queues against the same budget', async () => {
      const sut = await isolatedApp();
      try {
        expect(new Set(await useUpFailures(sut, '/admin/queues/api/queues'))).toEqual(
          new Set([401]),
        );
        expectRefused(
          await sut.http.raw.get('/admin/queues/api/queues').set('X-API-Key', 'aila_live_wrong'),
        );
        expectRefused(await sut.http.get('/v1/me').set('X-API-Key', sut.bootstrapKey));
      } finally {
        await sut.close();
      }
    });

    it('ignores X-Forwarded-For by default, so rotating it does not escape the limit', async () => {
      const sut = await isolatedApp();
      let n = 0;
      try {
        await useUpFailures(sut, '/v1/me', () => `198.51.100.${(n += 1)}`);
        expectRefused(
          await sut.http
            .get('/v1/me')
            .set('X-Forwarded-For', '198.51.100.200')
            .set('X-API-Key', sut.bootstrapKey),
        );
      } finally {
        await sut.close();
      }
    });

    it('believes X-Forwarded-For from a proxy TRUST_PROXY names, one budget per client', async () => {
      const sut = await isolatedApp({ TRUST_PROXY: 'loopback' });
      try {
        const statuses = await useUpFailures(sut, '/v1/me', () => '203.0.113.77');
        expect(new Set(statuses)).toEqual(new Set([401]));
        expectRefused(
          await sut.http
            .get('/v1/me')
            .set('X-Forwarded-For', '203.0.113.77')
            .set('X-API-Key', 'wrong'),
        );
        await sut.http
          .get('/v1/me')
          .set('X-Forwarded-For', '203.0.113.78')
          .set('X-API-Key', sut.bootstrapKey)
          .expect(200);
      } finally {
        await sut.close();
      }
    });
  });

  it('fails open, answering with the full budget, when Redis is unreachable', async () => {
    const deadRedis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    deadRedis.on('error', () => undefined);
    const sut = new RedisRateLimitStore(deadRedis, 'test:');
    const record = await sut.increment('key:x', 60_000, 5);
    expect(record.decision).toMatchObject({ allowed: true, limit: 5, remaining: 5 });
    deadRedis.disconnect();
  });
});
