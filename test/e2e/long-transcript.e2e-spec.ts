import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppProcess, freePort, runEnv, startAppProcess } from '../utils/app-process.js';
import { createKey, createOrganization } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/** One customer sentence of 200,000 words (about 850 KB): the input that used to block the process. */
const WORDS = 200_000;
const LONG_SENTENCE = Array.from(
  { length: WORDS },
  (_, i) => ['I', 'will', 'send', 'you', 'the', 'form', 'and', 'call', 'back'][i % 9],
).join(' ');
const TRANSCRIPT = `Agent: Thanks for calling, how can I help?\nCustomer: ${LONG_SENTENCE}.`;

/** How long /v1/health/live may take to answer while the transcript is processed. */
const HEALTH_DEADLINE_MS = 2000;

async function startService(extra: Record<string, string> = {}) {
  const port = await freePort();
  const app = startAppProcess(
    runEnv({ APP_ROLE: 'all', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra }),
  );
  await app.waitFor('listening on');
  return { app, base: `http://127.0.0.1:${port}` };
}

interface CallView {
  status: string;
  failure_reason: string | null;
}

/**
 * Uploads the transcript, then checks /v1/health/live over and over until the call has ended: every
 * check must answer 200 within HEALTH_DEADLINE_MS, and the call must end within `endWithinMs`.
 */
async function uploadAndWatch(base: string, key: string, endWithinMs: number) {
  const upload = await fetch(`${base}/v1/calls/upload`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ user_id: 'rep-long', user_name: 'Agent', transcript: TRANSCRIPT }),
  });
  expect(upload.status).toBe(202);
  const id = ((await upload.json()) as { data: { id: string } }).data.id;
  const deadline = Date.now() + endWithinMs;
  let healthChecks = 0;
  for (;;) {
    const health = await fetch(`${base}/v1/health/live`, {
      signal: AbortSignal.timeout(HEALTH_DEADLINE_MS),
    });
    expect(health.status).toBe(200);
    healthChecks += 1;
    const res = await fetch(`${base}/v1/calls/${id}`, {
      headers: { 'x-api-key': key },
      signal: AbortSignal.timeout(HEALTH_DEADLINE_MS),
    });
    const call = ((await res.json()) as { data: CallView }).data;
    if (call.status === 'completed' || call.status === 'failed') return { id, call, healthChecks };
    if (Date.now() > deadline) throw new Error(`The call is still ${call.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('A pathological transcript (one sentence of 200,000 words)', () => {
  let api: TestApp;
  let key: string;
  let service: AppProcess | undefined;

  beforeAll(async () => {
    // Only for organizations and keys; the spawned process below accepts and processes the call.
    api = await createTestApp({ APP_ROLE: 'api' });
    const org = await createOrganization(api);
    key = (await createKey(api, org, ['calls:read', 'calls:write'])).secret;
  });

  afterEach(async () => {
    await service?.stop('SIGKILL');
    service = undefined;
  });

  afterAll(async () => {
    await api.close();
  });

  it('is processed off the event loop with bounded NLP: health answers throughout, the call completes and keeps its whole text', async () => {
    const started = await startService();
    service = started.app;

    const { id, call, healthChecks } = await uploadAndWatch(started.base, key, 120_000);

    expect(call).toMatchObject({ status: 'completed', failure_reason: null });
    expect(healthChecks).toBeGreaterThan(0);
    const dataSource = api.app.get<DataSource>(getDataSourceToken());
    const [row] = (await dataSource.query(
      `SELECT length(transcript->'segments'->1->>'text') AS stored, extracted_data IS NOT NULL AS extracted
         FROM calls WHERE id = $1`,
      [id],
    )) as { stored: number; extracted: boolean }[];
    expect(row).toEqual({ stored: LONG_SENTENCE.length + 1, extracted: true });
    // SIGTERM is heard: the process stops by itself, well before the test's kill.
    const ended = await started.app.stop('SIGTERM');
    expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
  }, 180_000);

  it('fails with a clear failure_reason, once, when its reading overruns NLP_TIMEOUT_MS', async () => {
    const started = await startService({ NLP_TIMEOUT_MS: '100' });
    service = started.app;

    const { id, call } = await uploadAndWatch(started.base, key, 60_000);

    expect(call.status).toBe('failed');
    expect(call.failure_reason).toMatch(/longer than its 100 ms budget \(NLP_TIMEOUT_MS\)/);
    const dataSource = api.app.get<DataSource>(getDataSourceToken());
    const [row] = (await dataSource.query('SELECT attempts FROM calls WHERE id = $1', [id])) as {
      attempts: number;
    }[];
    expect(row.attempts).toBe(1);
  }, 120_000);
});
