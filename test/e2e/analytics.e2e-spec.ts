import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CallRollups } from '../../src/modules/analytics/rollup/call-rollups.service.js';
import { Call } from '../../src/modules/calls/call.entity.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { CallPipeline } from '../../src/modules/calls/pipeline/call-pipeline.service.js';
import { buildAnalysis } from '../../src/modules/quality/testing/call.factory.js';
import { silentWav } from '../fixtures/audio.js';
import { SALES_CALL } from '../fixtures/transcripts.js';
import { createKey, createOrganization, eventually, OrgWithKey } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const DAY_MS = 86_400_000;
const USERS = ['u_ana', 'u_ben', 'u_cho', 'u_dee', 'u_eli'];
const FIRST = '2025-03-01';
const LAST = '2025-03-10';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface GeneratedCall {
  user_id: string;
  user_name: string | null;
  direction: 'inbound' | 'outbound' | null;
  status: 'queued' | 'failed';
  started_at: string;
  duration_seconds: number | null;
  quality_score: number | null;
  analysis: object | null;
}

/**
 * Calls spread over the range and a few days either side (the range's exact edges included),
 * with every metric missing now and then: no analysis, no monologue, no patience, no score,
 * no direction, no duration, no name.
 */
function generateCalls(count: number, seed: number): GeneratedCall[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const maybe = <T>(value: T, nullShare: number) => (next() < nullShare ? null : value);
  const decimals = (max: number, places: number) =>
    Math.round(next() * max * 10 ** places) / 10 ** places;
  const from = Date.parse(`${FIRST}T00:00:00Z`) - 2 * DAY_MS;
  const edges = [`${FIRST}T00:00:00.000Z`, `${LAST}T23:59:59.999Z`, '2025-03-11T00:00:00.000Z'];
  return Array.from({ length: count }, (_, i) => ({
    user_id: pick(USERS),
    user_name: maybe(pick(['Ana', 'Ana P.', 'Ben', 'Cho', 'Dee', 'Eli']), 0.2),
    direction: pick(['inbound', 'outbound', null] as const),
    status: next() < 0.05 ? 'failed' : 'queued',
    started_at: edges[i] ?? new Date(from + Math.floor(next() * 14 * DAY_MS) + i).toISOString(),
    duration_seconds: maybe(decimals(1800, 2), 0.1),
    quality_score: maybe(decimals(100, 1), 0.3),
    analysis: maybe(
      buildAnalysis({
        agent_talk_ratio: decimals(1, 2),
        longest_monologue: maybe(
          { speaker: 'Sarah', seconds: decimals(200, 2), start: 0, end: 10 },
          0.2,
        ),
        interactivity: decimals(12, 2),
        patience_seconds: maybe(decimals(3, 2), 0.2),
        questions: { agent: Math.floor(next() * 15), customer: Math.floor(next() * 5) },
        sentiment: { overall: decimals(2, 2) - 1, agent: 0, customer: null, label: 'neutral' },
      }),
      0.25,
    ),
  }));
}

describe('Analytics', () => {
  let sut: TestApp;
  let db: DataSource;
  let org: OrgWithKey;
  let other: OrgWithKey;
  let key: string;

  const metrics = (query = '') =>
    sut.http.get(`/v1/analytics/team-metrics${query}`).set('X-API-Key', key);

  /** Inserts calls as the API would leave them and lets the real pipeline complete them. */
  async function insertAndProcess(organizationId: string, calls: GeneratedCall[]) {
    const ids = (await db.query(
      `INSERT INTO calls (organization_id, user_id, user_name, direction, status, started_at,
                          duration_seconds, quality_score, analysis)
       SELECT $1, user_id, user_name, direction, status, started_at, duration_seconds,
              quality_score, analysis
         FROM jsonb_to_recordset($2::jsonb) AS x(user_id text, user_name text, direction text,
              status text, started_at timestamptz, duration_seconds float8, quality_score float8,
              analysis jsonb)
       RETURNING id, status`,
      [organizationId, JSON.stringify(calls)],
    )) as { id: string; status: string }[];
    const queued = ids.filter((c) => c.status === 'queued');
    await sut.app.get(CallsService).enqueue(queued.map(({ id }) => ({ id, organizationId })));
    await untilCompleted(queued.map((c) => c.id));
    return queued.map((c) => c.id);
  }

  async function untilCompleted(ids: string[]) {
    await eventually(
      async () => {
        const [{ open }] = (await db.query(
          `SELECT count(*)::int AS open FROM calls WHERE id = ANY($1) AND status <> 'completed'`,
          [ids],
        )) as { open: number }[];
        expect(open).toBe(0);
      },
      60_000,
      100,
    );
  }

  /**
   * The same answer computed the slow way, straight from the calls table, written without the
   * roll-up's code so that the two check each other.
   */
  async function directAggregation(
    organizationId: string,
    firstDay: string,
    lastDay: string,
    userIds?: string[],
  ) {
    const first = Date.parse(`${firstDay}T00:00:00Z`);
    const end = Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS;
    const days = Array.from({ length: (end - first) / DAY_MS }, (_, i) =>
      new Date(first + i * DAY_MS).toISOString().slice(0, 10),
    );
    const params = [organizationId, new Date(first), new Date(end), userIds ?? null];
    const scope = `FROM calls WHERE organization_id = $1 AND status = 'completed'
      AND started_at >= $2 AND started_at < $3 AND ($4::text[] IS NULL OR user_id = ANY($4))`;
    const avg = (value: string) => `round(avg(${value}), 2)::float8`;
    const totals = (await db.query(
      `SELECT user_id, count(*)::int AS calls,
         count(*) FILTER (WHERE direction = 'inbound')::int AS inbound,
         count(*) FILTER (WHERE direction = 'outbound')::int AS outbound,
         round(coalesce(sum(duration_seconds::numeric), 0), 2)::float8 AS total_talk_seconds,
         ${avg('duration_seconds::numeric')} AS avg_duration_seconds,
         ${avg('quality_score::numeric')} AS avg_quality_score,
         ${avg(`(analysis ->> 'agent_talk_ratio')::numeric`)} AS avg_talk_ratio,
         ${avg(`(analysis -> 'longest_monologue' ->> 'seconds')::numeric`)}
           AS avg_longest_monologue_seconds,
         ${avg(`(analysis ->> 'interactivity')::numeric`)} AS avg_interactivity,
         ${avg(`(analysis ->> 'patience_seconds')::numeric`)} AS avg_patience_seconds,
         ${avg(`(analysis -> 'questions' ->> 'agent')::numeric`)} AS avg_questions_asked,
         ${avg(`(analysis -> 'sentiment' ->> 'overall')::numeric`)} AS avg_sentiment,
         coalesce(sum((SELECT count(*) FROM tasks t WHERE t.call_id = calls.id)), 0)::int AS tasks_created
       ${scope} GROUP BY GROUPING SETS ((user_id), ())`,
      params,
    )) as ({ user_id: string | null } & Record<string, unknown>)[];
    const names = new Map(
      (
        (await db.query(
          `SELECT DISTINCT ON (user_id) user_id, user_name ${scope} AND user_name IS NOT NULL
           ORDER BY user_id, started_at DESC`,
          params,
        )) as { user_id: string; user_name: string }[]
      ).map((r) => [r.user_id, r.user_name]),
    );
    const daily = (await db.query(
      `SELECT user_id, date, count(*)::int AS calls,
         ${avg('quality_score::numeric')} AS avg_quality_score
       FROM (SELECT *, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date ${scope}) c
       GROUP BY GROUPING SETS ((user_id, date), (date))`,
      params,
    )) as { user_id: string | null; date: string; calls: number; avg_quality_score: unknown }[];

    const seriesOf = (userId: string | null) =>
      days.map((date) => {
        const row = daily.find((d) => d.user_id === userId && d.date === date);
        return { date, calls: row?.calls ?? 0, avg_quality_score: row?.avg_quality_score ?? null };
      });
    const noCalls = {
      ...Object.fromEntries(
        Object.keys(totals[0]).map((k) => [k, k.startsWith('avg_') ? null : 0]),
      ),
      user_id: null,
    };
    const valuesOf = (userId: string | null) => {
      const { user_id: _, ...row } = totals.find((t) => t.user_id === userId) ?? noCalls;
      return { ...row, daily: seriesOf(userId) };
    };
    const members = (userIds ?? totals.flatMap((t) => (t.user_id ? [t.user_id] : [])))
      .slice()
      .sort()
      .map((userId) => ({
        user_id: userId,
        user_name: names.get(userId) ?? null,
        ...valuesOf(userId),
      }));
    return { team: valuesOf(null), members };
  }

  async function expectSameAsDirect(query = `?start_date=${FIRST}&end_date=${LAST}`) {
    const res = await metrics(query).expect(200);
    const params = new URLSearchParams(query.slice(1));
    const userIds = params.get('user_ids')?.split(',');
    const expected = await directAggregation(org.organizationId, FIRST, LAST, userIds);
    expect(res.body.data).toEqual(expected);
    return res.body.data;
  }

  beforeAll(async () => {
    sut = await createTestApp();
    db = sut.app.get<DataSource>(getDataSourceToken());
    org = await createOrganization(sut);
    other = await createOrganization(sut);
    key = (await createKey(sut, org, ['analytics:read'])).secret;

    const uploads = await Promise.all(
      USERS.slice(0, 3).map((userId, i) =>
        sut.http
          .post('/v1/calls/upload')
          .set('X-API-Key', org.adminKey)
          .send({
            user_id: userId,
            user_name: `Rep ${i}`,
            direction: i % 2 === 0 ? 'outbound' : 'inbound',
            started_at: `2025-03-0${i + 2}T1${i}:00:00Z`,
            transcript: {
              segments: SALES_CALL.segments.map((s) => ({
                ...s,
                start: s.start * (i + 1),
                end: s.end * (i + 1),
              })),
            },
          })
          .expect(202),
      ),
    );
    const recordingOnly = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', org.adminKey)
      .field('user_id', USERS[0])
      .field('started_at', '2025-03-04T09:00:00Z')
      .attach('recording', silentWav(1), { filename: 'call.wav', contentType: 'audio/wav' })
      .expect(202);
    await untilCompleted([...uploads, recordingOnly].map((r) => r.body.data.id as string));
    await insertAndProcess(org.organizationId, generateCalls(160, 7));
    await insertAndProcess(other.organizationId, generateCalls(40, 11));
  }, 120_000);

  afterAll(async () => {
    await sut.close();
  });

  it('answers what a direct aggregation over the calls table gives, for the team and each member', async () => {
    const data = await expectSameAsDirect();
    expect(data.members.map((m: { user_id: string }) => m.user_id)).toEqual(USERS);
    expect(data.team.calls).toBeGreaterThan(50);
    expect(data.team.avg_talk_ratio).not.toBeNull();
    expect(data.team.daily).toHaveLength(10);
  });

  it('counts only the calls that have a metric towards its average', async () => {
    const res = await metrics(`?start_date=2025-03-04&end_date=2025-03-04&user_ids=u_solo`).expect(
      200,
    );
    expect(res.body.data.members).toEqual([
      expect.objectContaining({ user_id: 'u_solo', calls: 0, avg_talk_ratio: null }),
    ]);
    await insertAndProcess(org.organizationId, [
      {
        user_id: 'u_solo',
        user_name: 'Solo',
        direction: 'inbound',
        status: 'queued',
        started_at: '2025-03-04T08:00:00Z',
        duration_seconds: 100,
        quality_score: 70,
        analysis: buildAnalysis({ agent_talk_ratio: 0.4, patience_seconds: null }),
      },
      {
        user_id: 'u_solo',
        user_name: null,
        direction: null,
        status: 'queued',
        started_at: '2025-03-04T09:00:00Z',
        duration_seconds: null,
        quality_score: null,
        analysis: null,
      },
    ]);
    const after = await metrics(`?start_date=2025-03-04&end_date=2025-03-04&user_ids=u_solo`);
    expect(after.body.data.members[0]).toMatchObject({
      user_name: 'Solo',
      calls: 2,
      inbound: 1,
      outbound: 0,
      total_talk_seconds: 100,
      avg_duration_seconds: 100,
      avg_quality_score: 70,
      avg_talk_ratio: 0.4,
      avg_patience_seconds: null,
    });
    await expectSameAsDirect();
  });

  it('adds a call once when its job runs twice, at once or again after completing', async () => {
    const before = await expectSameAsDirect();
    const [{ id }] = (await db.query(
      `INSERT INTO calls (organization_id, user_id, user_name, status, started_at, duration_seconds, quality_score)
       VALUES ($1, 'u_ana', 'Ana', 'queued', '2025-03-05T12:00:00Z', 60, 90) RETURNING id`,
      [org.organizationId],
    )) as { id: string }[];
    const pipeline = sut.app.get(CallPipeline);
    await Promise.all([
      pipeline.process(org.organizationId, id),
      pipeline.process(org.organizationId, id),
    ]);
    await expect(pipeline.process(org.organizationId, id)).resolves.toBe(false);
    const after = await expectSameAsDirect();
    expect(after.team.calls).toBe(before.team.calls + 1);
  });

  it('moves the quality average when a completed call is rescored, also to and from no score', async () => {
    const [scored, unscored] = (await db.query(
      `(SELECT id FROM calls WHERE organization_id = $1 AND status = 'completed'
          AND quality_score IS NOT NULL AND started_at BETWEEN $2 AND $3 ORDER BY id LIMIT 1)
       UNION ALL
       (SELECT id FROM calls WHERE organization_id = $1 AND status = 'completed'
          AND quality_score IS NULL AND started_at BETWEEN $2 AND $3 ORDER BY id LIMIT 1)`,
      [org.organizationId, `${FIRST}T00:00:00Z`, `${LAST}T23:59:59.999Z`],
    )) as { id: string }[];
    const rollups = sut.app.get(CallRollups);
    const rescore = (id: string, score: number | null) =>
      db.transaction(async (manager) => {
        const call = await manager.getRepository(Call).findOneOrFail({
          where: { id, organizationId: org.organizationId },
          lock: { mode: 'pessimistic_write' },
        });
        const previous = call.qualityScore;
        call.qualityScore = score;
        await manager.getRepository(Call).update({ id }, { qualityScore: score });
        await rollups.onQualityScoreChanged(call, previous, manager);
      });
    await rescore(scored.id, 12.3);
    await expectSameAsDirect();
    await rescore(scored.id, null);
    await rescore(unscored.id, 99.9);
    await expectSameAsDirect();
    await rescore(unscored.id, 45.6);
    await rescore(scored.id, 88.8);
    await expectSameAsDirect();
  });

  it("follows a reviewer's override through the quality module", async () => {
    const [{ id }] = (await db.query(
      `SELECT id FROM calls WHERE organization_id = $1 AND quality IS NOT NULL
          AND started_at BETWEEN $2 AND $3 ORDER BY started_at LIMIT 1`,
      [org.organizationId, `${FIRST}T00:00:00Z`, `${LAST}T23:59:59.999Z`],
    )) as { id: string }[];
    const quality = await sut.http
      .get(`/v1/calls/${id}/quality`)
      .set('X-API-Key', org.adminKey)
      .expect(200);
    const item = quality.body.data.items.find(
      (i: { result: string }) => i.result === 'passed' || i.result === 'failed',
    );
    const overridden = await sut.http
      .patch(`/v1/calls/${id}/quality/items/${item.item_id}`)
      .set('X-API-Key', org.adminKey)
      .send({ passed: item.result !== 'passed', note: 'Reviewed' })
      .expect(200);
    expect(overridden.body.data.score).not.toBe(quality.body.data.score);
    await expectSameAsDirect();
  });

  it('answers every requested member, in user_id order, with empty days as 0 calls', async () => {
    const data = await expectSameAsDirect(
      `?start_date=${FIRST}&end_date=${LAST}&user_ids=u_eli,u_nobody,u_ana`,
    );
    expect(data.members.map((m: { user_id: string }) => m.user_id)).toEqual([
      'u_ana',
      'u_eli',
      'u_nobody',
    ]);
    const res = await metrics(
      `?start_date=${FIRST}&end_date=${LAST}&user_ids=%20u_ana,,u_ana%20,u_nobody`,
    ).expect(200);
    expect(res.body.meta).toEqual({
      start_date: `${FIRST}T00:00:00.000Z`,
      end_date: `${LAST}T23:59:59.999Z`,
      members: 2,
    });
    const nobody = res.body.data.members[1];
    expect(nobody).toMatchObject({ user_name: null, calls: 0, avg_quality_score: null });
    expect(nobody.daily).toHaveLength(10);
    expect(nobody.daily.every((d: { calls: number }) => d.calls === 0)).toBe(true);
  });

  it('counts a date-time bound as its whole UTC day', async () => {
    const byDay = await metrics(`?start_date=${FIRST}&end_date=${LAST}`).expect(200);
    const byDateTime = await metrics(
      `?start_date=${FIRST}T18:30:00Z&end_date=${LAST}T00:00:01%2B00:00`,
    ).expect(200);
    expect(byDateTime.body).toEqual(byDay.body);
  });

  it('defaults to the last 30 days, today included', async () => {
    const res = await metrics().expect(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body.meta.end_date).toBe(`${today}T23:59:59.999Z`);
    expect(res.body.data.team.daily).toHaveLength(30);
    expect(res.body.data.team.daily.at(-1).date).toBe(today);
  });

  it('refuses a reversed range, a range over 366 days, too many ids and a bad date', async () => {
    const reversed = await metrics('?start_date=2025-03-10&end_date=2025-03-09').expect(400);
    expect(reversed.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field: 'end_date' },
    });
    const tooLong = await metrics('?start_date=2024-01-01&end_date=2025-01-01').expect(400);
    expect(tooLong.body.error.details.field).toBe('end_date');
    await metrics('?start_date=2024-01-01&end_date=2024-12-31').expect(200);
    const ids = Array.from({ length: 101 }, (_, i) => `u_${i}`).join(',');
    const tooMany = await metrics(`?user_ids=${ids}`).expect(400);
    expect(tooMany.body.error.details.field).toBe('user_ids');
    const badDate = await metrics('?start_date=01/03/2025').expect(400);
    expect(badDate.body.error).toMatchObject({
      message: 'Invalid date format',
      details: { field: 'start_date', expected: 'ISO 8601 format' },
    });
  });

  it('needs analytics:read and never shows another organization', async () => {
    const callsOnly = await createKey(sut, org, ['calls:read']);
    await sut.http.get('/v1/analytics/team-metrics').set('X-API-Key', callsOnly.secret).expect(403);
    const otherKey = await createKey(sut, other, ['analytics:read']);
    const res = await sut.http
      .get(`/v1/analytics/team-metrics?start_date=${FIRST}&end_date=${LAST}`)
      .set('X-API-Key', otherKey.secret)
      .expect(200);
    expect(res.body.data).toEqual(await directAggregation(other.organizationId, FIRST, LAST));
    expect(res.body.data.team.calls).toBeLessThan(40);
  });

  it('adds the tasks the tasks feature reports to the member and the team', async () => {
    const query = `?start_date=2025-03-05&end_date=2025-03-06&user_ids=u_ben,u_cho`;
    const before = await metrics(query).expect(200);
    const rollups = sut.app.get(CallRollups);
    await db.transaction(async (manager) => {
      await rollups.addTasksCreated(manager, org.organizationId, 'u_ben', '2025-03-05', 2);
      await rollups.addTasksCreated(
        manager,
        org.organizationId,
        'u_cho',
        new Date('2025-03-06T23:59:00Z'),
        3,
      );
    });
    const after = await metrics(query).expect(200);
    const tasks = (body: { data: { members: { tasks_created: number }[] } }) =>
      body.data.members.map((m) => m.tasks_created);
    expect(tasks(after.body)).toEqual(tasks(before.body).map((n, i) => n + [2, 3][i]));
    expect(after.body.data.team.tasks_created).toBe(before.body.data.team.tasks_created + 5);
    expect(after.body.data.team.calls).toBe(before.body.data.team.calls);
  });
});
