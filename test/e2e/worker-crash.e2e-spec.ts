import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { findProcessHandlers } from '../../src/queue/process-handlers.js';
import { AppProcess, runEnv, startAppProcess } from '../utils/app-process.js';
import { createKey, createOrganization, eventually } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const workerEnv = () =>
  runEnv({ APP_ROLE: 'worker', LOG_LEVEL: 'warn', CALL_WORKER_CONCURRENCY: '2' });

const transcript = (i: number) =>
  Array.from({ length: 40 }, (_, turn) =>
    turn % 2 === 0
      ? `Agent: Thanks for calling about loan ${i}. What rate are you looking for today, and when do you hope to close?`
      : `Customer: I was hoping for something around six percent and closing in about forty five days if possible.`,
  ).join('\n');

describe('A worker killed mid-batch', () => {
  let api: TestApp;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    // This process only serves HTTP: the work happens in the worker processes below.
    api = await createTestApp({ APP_ROLE: 'api' });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await api.close();
  });

  it('leaves the jobs to the workers: the API process has no @Process handler to take one with', () => {
    expect(
      findProcessHandlers(api.app.get(DiscoveryService), api.app.get(MetadataScanner)),
    ).toEqual([]);
  });

  it('is replaced by another: every call completes, none twice', async () => {
    const org = await createOrganization(api);
    const key = (await createKey(api, org, ['calls:read', 'calls:write'])).secret;
    const calls = Array.from({ length: 100 }, (_, i) => ({
      user_id: `rep-${i % 5}`,
      external_id: `crash-${i}`,
      transcript: transcript(i),
    }));
    const res = await api.http
      .post('/v1/calls/batch-upload')
      .set('X-API-Key', key)
      .send({ calls })
      .expect(202);
    const batchId = res.body.data.id as string;
    const progress = async () =>
      (await api.http.get(`/v1/batches/${batchId}`).set('X-API-Key', key).expect(200)).body
        .data as {
        status: string;
        counts: Record<string, number>;
      };

    const first = startAppProcess(workerEnv());
    workers.push(first);
    await eventually(
      async () => expect((await progress()).counts.completed).toBeGreaterThan(0),
      60_000,
      20,
    );
    await first.stop('SIGKILL');
    const atKill = await progress();
    expect(atKill.counts.completed).toBeLessThan(100);

    workers.push(startAppProcess(workerEnv()));
    const done = await eventually(
      async () => {
        const p = await progress();
        expect(p.status).toBe('completed');
        return p;
      },
      90_000,
      200,
    );
    expect(done.counts).toEqual({ queued: 0, processing: 0, completed: 100, failed: 0 });

    const dataSource = api.app.get<DataSource>(getDataSourceToken());
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS calls, count(DISTINCT external_id)::int AS distinct_ids, count(*) FILTER (WHERE analysis IS NULL)::int AS unanalysed
         FROM calls WHERE batch_id = $1`,
      [batchId],
    )) as { calls: number; distinct_ids: number; unanalysed: number }[];
    expect(row).toEqual({ calls: 100, distinct_ids: 100, unanalysed: 0 });
    const [events] = (await dataSource.query(
      `SELECT count(*)::int AS events, count(DISTINCT payload->'data'->>'id')::int AS calls
         FROM webhook_events WHERE type = 'call.completed' AND organization_id = $1`,
      [org.organizationId],
    )) as { events: number; calls: number }[];
    expect(events.events).toBe(events.calls);
    // The test's own deadlines (60 s to the first completion, 90 s to the last) bound it, not
    // Jest's default.
  }, 180_000);
});
