import { SALES_CALL } from '../fixtures/transcripts.js';
import { createKey, createOrganization, OrgWithKey, completedCall } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-run';

/** An error answered outside the contract's paths must still be the envelope, with its request id. */
function expectErrorEnvelope(
  res: { body: unknown; headers: Record<string, string> },
  code: string,
): void {
  expect(res.body).toEqual({
    success: false,
    error: expect.objectContaining({
      code,
      message: expect.any(String),
      request_id: expect.any(String),
    }),
  });
  expect(res.headers['x-request-id']).toBe(
    (res.body as { error: { request_id: string } }).error.request_id,
  );
}

/** One sample's value from Prometheus' text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('Operations: metrics and the queue dashboard', () => {
  let sut: TestApp;
  let org: OrgWithKey;
  let key: string;

  beforeAll(async () => {
    sut = await createTestApp();
    org = await createOrganization(sut);
    key = (await createKey(sut, org, ['calls:read', 'calls:write'])).secret;
  });

  afterAll(async () => {
    await sut.close();
  });

  describe('GET /metrics', () => {
    const scrape = async () => {
      const res = await sut.http.raw.get('/metrics').expect(200);
      return res.text;
    };

    it('serves Prometheus text outside /v1, without envelope or key', async () => {
      const res = await sut.http.raw.get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      expect(res.text).toMatch(/^# HELP /);
      await sut.http.raw.get('/v1/metrics').expect(404);
    });

    it('labels requests with the route pattern and status, not the raw URL', async () => {
      const upload = await sut.http
        .post('/v1/calls/upload')
        .set('X-API-Key', key)
        .send({ user_id: 'rep-metrics', transcript: SALES_CALL })
        .expect(202);
      const id = upload.body.data.id as string;
      const before =
        sample(await scrape(), 'aila_http_requests_total', {
          method: 'GET',
          route: '/v1/calls/:call_id',
          status: '200',
        }) ?? 0;
      await sut.http.get(`/v1/calls/${id}`).set('X-API-Key', key).expect(200);
      await sut.http.get(`/v1/calls/${id}`).set('X-API-Key', key).expect(200);
      await sut.http.get('/v1/no-such-route').set('X-API-Key', key).expect(404);
      const text = await scrape();
      expect(
        sample(text, 'aila_http_requests_total', {
          method: 'GET',
          route: '/v1/calls/:call_id',
          status: '200',
        }),
      ).toBe(before + 2);
      expect(text).not.toContain(id);
      expect(
        sample(text, 'aila_http_request_duration_seconds_count', {
          route: '/v1/calls/:call_id',
          status: '200',
        }),
      ).toBe(before + 2);
      expect(
        sample(text, 'aila_http_requests_total', { route: 'unmatched', status: '404' }),
      ).toBeGreaterThanOrEqual(1);
    });

    it('reports the depth of every queue and the time jobs took', async () => {
      const upload = await sut.http
        .post('/v1/calls/upload')
        .set('X-API-Key', key)
        .send({ user_id: 'rep-metrics', transcript: SALES_CALL })
        .expect(202);
      await completedCall(sut, key, upload.body.data.id);
      const text = await scrape();
      for (const queue of ['calls', 'webhooks', 'crm', 'quality']) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) {
          expect(sample(text, 'aila_queue_jobs', { queue, state })).toBeGreaterThanOrEqual(0);
        }
      }
      expect(
        sample(text, 'aila_job_duration_seconds_count', { queue: 'calls', outcome: 'completed' }),
      ).toBeGreaterThanOrEqual(1);
    });

    it('counts rate-limit rejections', async () => {
      const limited = await createKey(sut, org, ['calls:read'], { limit: 1, window_seconds: 3600 });
      await sut.http.get('/v1/me').set('X-API-Key', limited.secret).expect(200);
      const before =
        sample(await scrape(), 'aila_rate_limit_rejections_total', { route: '/v1/me' }) ?? 0;
      await sut.http.get('/v1/me').set('X-API-Key', limited.secret).expect(429);
      expect(sample(await scrape(), 'aila_rate_limit_rejections_total', { route: '/v1/me' })).toBe(
        before + 1,
      );
    });
  });

  describe('GET /metrics with METRICS_TOKEN set', () => {
    let guarded: TestApp;

    beforeAll(async () => {
      guarded = await createTestApp({ METRICS_TOKEN });
    });

    afterAll(async () => {
      await guarded.close();
    });

    it('answers 401 in the error envelope without the token, and the metrics with it', async () => {
      for (const authorization of [undefined, 'Bearer not-the-token', `Basic ${METRICS_TOKEN}`]) {
        const req = guarded.http.raw.get('/metrics');
        if (authorization) req.set('Authorization', authorization);
        const res = await req.expect(401);
        expectErrorEnvelope(res, 'UNAUTHORIZED');
      }
      const res = await guarded.http.raw
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200);
      expect(res.text).toContain('aila_http_requests_total');
    });
  });

  describe('Bull Board at /admin/queues', () => {
    it('refuses a request without a key with 401 in the envelope, inviting Basic credentials', async () => {
      const res = await sut.http.raw.get('/admin/queues').expect(401);
      expectErrorEnvelope(res, 'UNAUTHORIZED');
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      const wrong = await sut.http.raw
        .get('/admin/queues/api/queues')
        .set('X-API-Key', 'aila_live_not-a-key')
        .expect(401);
      expectErrorEnvelope(wrong, 'UNAUTHORIZED');
    });

    it('refuses an organization admin key, which lacks platform:admin, with 403', async () => {
      const res = await sut.http.raw
        .get('/admin/queues')
        .set('Authorization', `Bearer ${org.adminKey}`)
        .expect(403);
      expectErrorEnvelope(res, 'FORBIDDEN');
      expect(res.body.error.details).toEqual({ required_scope: 'platform:admin' });
    });

    it('serves the dashboard and its API to a platform:admin key, however it is presented', async () => {
      const page = await sut.http.raw
        .get('/admin/queues')
        .set('Authorization', `Bearer ${sut.bootstrapKey}`)
        .expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      // The page loads its scripts relative to the mount point, with the browser's credentials.
      const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
      expect(script).toBeDefined();
      const asset = await sut.http.raw
        .get(`/admin/queues/${script}`)
        .auth('operator', sut.bootstrapKey)
        .expect(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
      const api = await sut.http.raw
        .get('/admin/queues/api/queues')
        .set('X-API-Key', sut.bootstrapKey)
        .expect(200);
      const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
      expect(names).toEqual(['calls', 'crm', 'quality', 'webhooks']);
      await sut.http.raw
        .get('/admin/queues/api/queues')
        .auth('operator', sut.bootstrapKey)
        .expect(200);
    });
  });
});
