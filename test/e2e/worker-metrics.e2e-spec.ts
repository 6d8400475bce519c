import { SALES_CALL } from '../fixtures/transcripts.js';
import { AppProcess, freePort, runEnv, startAppProcess } from '../utils/app-process.js';
import { createKey, createOrganization, completedCall } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const METRICS_TOKEN = 'worker-metrics-token-for-e2e';

describe('Metrics of a worker process (METRICS_PORT)', () => {
  let api: TestApp;
  let worker: AppProcess;
  let metricsUrl: string;

  beforeAll(async () => {
    // Serves HTTP only, so the call below is processed by the worker process.
    api = await createTestApp({ APP_ROLE: 'api' });
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    worker = startAppProcess(
      runEnv({
        APP_ROLE: 'worker',
        HOST: '127.0.0.1',
        METRICS_PORT: String(port),
        METRICS_TOKEN,
        LOG_LEVEL: 'info',
      }),
    );
    await worker.waitFor('Serving GET /metrics');
  });

  afterAll(async () => {
    await worker.stop();
    await api.close();
  });

  it('serves the durations of the jobs it ran, to the token holder only', async () => {
    const org = await createOrganization(api);
    const key = (await createKey(api, org, ['calls:read', 'calls:write'])).secret;
    const upload = await api.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .send({ user_id: 'rep-worker-metrics', transcript: SALES_CALL })
      .expect(202);
    await completedCall(api, key, upload.body.data.id);

    const refused = await fetch(metricsUrl);
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as { success: boolean; error: { code: string } };
    expect(body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });

    const res = await fetch(metricsUrl, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const line = (await res.text())
      .split('\n')
      .find(
        (l) =>
          l.startsWith('aila_job_duration_seconds_count{') &&
          l.includes('queue="calls"') &&
          l.includes('outcome="completed"'),
      );
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(1);

    expect((await fetch(metricsUrl.replace('/metrics', '/v1/me'))).status).toBe(404);
  });
});
