import { silentWav } from '../fixtures/audio.js';
import { SALES_CALL } from '../fixtures/transcripts.js';
import { createKey, createOrganization, eventually, OrgWithKey } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const ALL_SCOPES = ['calls:read', 'calls:write', 'quality:read', 'quality:write'];

/** The default checklist's item ids, in order, and what SALES_CALL earns on each. */
const DEFAULT_RESULTS = {
  'agent-introduction': 'passed',
  'recording-disclosure': 'passed',
  'discovery-questions': 'failed',
  'next-steps': 'passed',
  'agent-talk-ratio': 'passed',
  'no-prohibited-promises': 'passed',
};

type Item = { item_id: string; result: string; [key: string]: unknown };
const resultsOf = (quality: { items: Item[] }) =>
  Object.fromEntries(quality.items.map((item) => [item.item_id, item.result]));

/** A checklist body like the contract's example: two questions suffice, plus a monologue limit. */
function replacementItems() {
  return [
    {
      id: 'agent-introduction',
      name: 'Agent introduces themself and the company',
      weight: 15,
      rule: {
        type: 'phrase_present',
        speaker: 'agent',
        within_first_seconds: 30,
        phrases: ['this is * from'],
      },
    },
    {
      id: 'recording-disclosure',
      name: 'Recorded-line disclosure',
      weight: 20,
      rule: { type: 'phrase_present', speaker: 'agent', phrases: ['call is recorded'] },
    },
    {
      id: 'discovery-questions',
      name: 'At least 2 discovery questions',
      weight: 20,
      rule: { type: 'min_questions', count: 2, speaker: 'agent' },
    },
    {
      id: 'next-steps',
      name: 'Next steps agreed',
      weight: 20,
      rule: { type: 'phrase_present', phrases: ['next step'] },
    },
    {
      id: 'agent-talk-ratio',
      name: 'Agent talk ratio at most 65%',
      weight: 10,
      rule: { type: 'max_talk_ratio', max: 0.65 },
    },
    {
      id: 'no-prohibited-promises',
      name: 'No prohibited promises',
      weight: 15,
      auto_fail: true,
      rule: { type: 'phrase_absent', speaker: 'agent', phrases: ['guaranteed rate'] },
    },
    {
      id: 'monologue-limit',
      name: 'No monologue over 90 seconds',
      weight: 10,
      rule: { type: 'max_monologue_seconds', max: 90 },
    },
  ];
}

describe('Quality', () => {
  let sut: TestApp;

  const as = (key: string) => ({
    get: (url: string) => sut.http.get(url).set('X-API-Key', key),
    post: (url: string) => sut.http.post(url).set('X-API-Key', key),
    put: (url: string) => sut.http.put(url).set('X-API-Key', key),
    patch: (url: string) => sut.http.patch(url).set('X-API-Key', key),
  });

  /** Uploads a call and waits until processing completed it. */
  async function processedCall(key: string, body: Record<string, unknown>): Promise<string> {
    const res = await as(key).post('/v1/calls/upload').send(body).expect(202);
    const id = res.body.data.id as string;
    await eventually(
      async () => {
        const call = await as(key).get(`/v1/calls/${id}`).expect(200);
        expect(call.body.data.status).toBe('completed');
      },
      30_000,
      100,
    );
    return id;
  }

  async function orgWithKey(): Promise<{ org: OrgWithKey; key: string; keyId: string }> {
    const org = await createOrganization(sut);
    const { id, secret } = await createKey(sut, org, ALL_SCOPES);
    return { org, key: secret, keyId: id };
  }

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('scores an uploaded call against the default checklist, with evidence', async () => {
    const { key } = await orgWithKey();
    const callId = await processedCall(key, { user_id: 'rep-1', transcript: SALES_CALL });

    const res = await as(key).get(`/v1/calls/${callId}/quality`).expect(200);

    const checklist = await as(key).get('/v1/quality/checklist').expect(200);
    const quality = res.body.data;
    // Weights 15 + 20 + 20 + 10 + 15 of 100 passed: only 2 of 3 discovery questions were asked.
    expect(quality).toMatchObject({
      checklist_id: checklist.body.data.id,
      checklist_version: 1,
      score: 80,
      passed_items: 5,
      failed_items: 1,
      not_applicable_items: 0,
      auto_failed: false,
    });
    expect(resultsOf(quality)).toEqual(DEFAULT_RESULTS);
    const intro = quality.items.find((item: Item) => item.item_id === 'agent-introduction');
    expect(intro).toMatchObject({
      weight: 15,
      points_earned: 15,
      automatic_result: 'passed',
      override: null,
      evidence: [{ speaker: 'Dana', start: 0, end: 6, quote: SALES_CALL.segments[0].text }],
    });
    const questions = quality.items.find((item: Item) => item.item_id === 'discovery-questions');
    expect(questions).toMatchObject({
      points_earned: 0,
      reason: expect.stringContaining('2 ques'),
    });
    const call = await as(key).get(`/v1/calls/${callId}`).expect(200);
    expect(call.body.data.quality).toEqual(quality);
    const list = await as(key).get('/v1/calls').expect(200);
    expect(list.body.data[0]).toMatchObject({ id: callId, quality_score: 80 });
  });

  it('serves the default checklist as version 1 and stores each replacement as the next version', async () => {
    const { key } = await orgWithKey();

    const first = await as(key).get('/v1/quality/checklist').expect(200);
    const second = await as(key).get('/v1/quality/checklist').expect(200);
    const replaced = await as(key)
      .put('/v1/quality/checklist')
      .send({ items: replacementItems() })
      .expect(200);
    const renamed = await as(key)
      .put('/v1/quality/checklist')
      .send({ name: 'Refinance calls', items: replacementItems().slice(0, 2) })
      .expect(200);
    const active = await as(key).get('/v1/quality/checklist').expect(200);

    expect(first.body.data).toMatchObject({ version: 1, name: 'Sales and lending call' });
    expect(first.body.data.items.map((item: { id: string }) => item.id)).toEqual(
      Object.keys(DEFAULT_RESULTS),
    );
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(replaced.body.data).toMatchObject({ version: 2, name: 'Sales and lending call' });
    expect(replaced.body.data.id).not.toBe(first.body.data.id);
    expect(replaced.body.data.items[6]).toEqual({
      id: 'monologue-limit',
      name: 'No monologue over 90 seconds',
      description: '',
      weight: 10,
      auto_fail: false,
      rule: { type: 'max_monologue_seconds', max: 90 },
    });
    expect(replaced.body.data.items[3].rule).toEqual({
      type: 'phrase_present',
      phrases: ['next step'],
      speaker: 'any',
    });
    expect(renamed.body.data).toMatchObject({ version: 3, name: 'Refinance calls' });
    expect(active.body.data).toEqual(renamed.body.data);
  });

  it('gives concurrent first readers the same version 1', async () => {
    const { key } = await orgWithKey();

    const reads = await Promise.all(
      Array.from({ length: 5 }, () => as(key).get('/v1/quality/checklist').expect(200)),
    );

    expect(new Set(reads.map((res) => res.body.data.id)).size).toBe(1);
    expect(reads[0].body.data.version).toBe(1);
  });

  it.each([
    [
      'a weight of 0',
      (items: Record<string, unknown>[]) => (items[2].weight = 0),
      'items.2.weight',
    ],
    [
      'an unknown rule type',
      (items: Record<string, unknown>[]) =>
        (items[1].rule = { type: 'phrase_maybe', phrases: ['x'] }),
      'items.1.rule.type',
    ],
    [
      'an empty phrase list',
      (items: Record<string, unknown>[]) =>
        (items[0].rule = { type: 'phrase_absent', phrases: [] }),
      'items.0.rule.phrases',
    ],
    [
      'a repeated item id',
      (items: Record<string, unknown>[]) => (items[4].id = 'agent-introduction'),
      'items.4.id',
    ],
    [
      'an unknown field',
      (items: Record<string, unknown>[]) => (items[5].colour = 'red'),
      'items.5.colour',
    ],
  ])('refuses a checklist with %s, naming the item and field', async (_label, spoil, field) => {
    const { key } = await orgWithKey();
    const items: Record<string, unknown>[] = replacementItems();
    spoil(items);

    const res = await as(key).put('/v1/quality/checklist').send({ items }).expect(400);

    expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field } });
    const active = await as(key).get('/v1/quality/checklist').expect(200);
    expect(active.body.data.version).toBe(1);
  });

  it('rescores against the new version and recomputes the score after an override, keeping both answers', async () => {
    const { key, keyId } = await orgWithKey();
    const callId = await processedCall(key, { user_id: 'rep-2', transcript: SALES_CALL });
    const v2 = await as(key)
      .put('/v1/quality/checklist')
      .send({ items: replacementItems() })
      .expect(200);

    const rescore = await as(key).post(`/v1/calls/${callId}/quality/rescore`).expect(202);

    expect(rescore.body.data).toEqual({
      call_id: callId,
      status: 'queued',
      checklist_id: v2.body.data.id,
      checklist_version: 2,
    });
    const rescored = await eventually(async () => {
      const res = await as(key).get(`/v1/calls/${callId}/quality`).expect(200);
      expect(res.body.data.checklist_version).toBe(2);
      return res.body.data;
    });
    // Two questions now suffice, and the monologue limit passes: 110 of 110.
    expect(rescored).toMatchObject({
      checklist_id: v2.body.data.id,
      score: 100,
      passed_items: 7,
      failed_items: 0,
      not_applicable_items: 0,
    });

    const overridden = await as(key)
      .patch(`/v1/calls/${callId}/quality/items/next-steps`)
      .send({ passed: false, note: 'The appraisal was not actually booked.' })
      .expect(200);

    // 90 of 110 applicable weight passed.
    expect(overridden.body.data).toMatchObject({ score: 81.8, passed_items: 6, failed_items: 1 });
    const item = overridden.body.data.items.find((i: Item) => i.item_id === 'next-steps');
    expect(item).toMatchObject({
      result: 'failed',
      automatic_result: 'passed',
      points_earned: 0,
      override: {
        passed: false,
        note: 'The appraisal was not actually booked.',
        by_key_id: keyId,
      },
    });
    expect(Date.parse(overridden.body.data.scored_at)).toBeGreaterThanOrEqual(
      Date.parse(rescored.scored_at),
    );
    const call = await as(key).get(`/v1/calls/${callId}`).expect(200);
    expect(call.body.data.quality.score).toBe(81.8);

    await as(key).post(`/v1/calls/${callId}/quality/rescore`).expect(202);
    const again = await eventually(async () => {
      const res = await as(key).get(`/v1/calls/${callId}/quality`).expect(200);
      expect(res.body.data.scored_at).not.toBe(overridden.body.data.scored_at);
      return res.body.data;
    });
    expect(again.score).toBe(81.8);
    expect(again.items.find((i: Item) => i.item_id === 'next-steps')).toMatchObject({
      result: 'failed',
      automatic_result: 'passed',
      override: { note: 'The appraisal was not actually booked.' },
    });
  });

  it('answers 404 for an unknown item and 400 for an override without a note', async () => {
    const { key } = await orgWithKey();
    const callId = await processedCall(key, { user_id: 'rep-3', transcript: SALES_CALL });

    const unknown = await as(key)
      .patch(`/v1/calls/${callId}/quality/items/monologue-limit`)
      .send({ passed: true, note: 'n/a' })
      .expect(404);
    const noNote = await as(key)
      .patch(`/v1/calls/${callId}/quality/items/next-steps`)
      .send({ passed: true })
      .expect(400);

    expect(unknown.body.error).toMatchObject({
      code: 'NOT_FOUND',
      details: { item_id: 'monologue-limit' },
    });
    expect(noNote.body.error.details.field).toBe('note');
  });

  it('answers 404 not_scored and refuses a rescore for a call without a transcript', async () => {
    const { key } = await orgWithKey();
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .field('user_id', 'rep-4')
      .attach('recording', silentWav(1), { filename: 'call.wav', contentType: 'audio/wav' })
      .expect(202);
    const callId = res.body.data.id as string;
    await eventually(async () => {
      const call = await as(key).get(`/v1/calls/${callId}`).expect(200);
      expect(call.body.data.status).toBe('completed');
    }, 30_000);

    const quality = await as(key).get(`/v1/calls/${callId}/quality`).expect(404);
    const rescore = await as(key).post(`/v1/calls/${callId}/quality/rescore`).expect(409);
    const override = await as(key)
      .patch(`/v1/calls/${callId}/quality/items/next-steps`)
      .send({ passed: true, note: 'Booked by email' })
      .expect(404);

    expect(quality.body.error).toMatchObject({
      code: 'NOT_FOUND',
      details: { reason: 'not_scored', call_status: 'completed' },
    });
    expect(rescore.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { call_status: 'completed' },
    });
    expect(override.body.error.details.reason).toBe('not_scored');
  });

  it("answers 404 for another organization's call and 403 without the quality scopes", async () => {
    const owner = await orgWithKey();
    const other = await orgWithKey();
    const callId = await processedCall(owner.key, { user_id: 'rep-5', transcript: SALES_CALL });
    const callsOnly = (await createKey(sut, owner.org, ['calls:read', 'calls:write'])).secret;
    const readOnly = (await createKey(sut, owner.org, ['quality:read'])).secret;

    await as(other.key).get(`/v1/calls/${callId}/quality`).expect(404);
    await as(other.key).post(`/v1/calls/${callId}/quality/rescore`).expect(404);
    await as(other.key)
      .patch(`/v1/calls/${callId}/quality/items/next-steps`)
      .send({ passed: true, note: 'x' })
      .expect(404);
    const noRead = await as(callsOnly).get(`/v1/calls/${callId}/quality`).expect(403);
    await as(callsOnly).get('/v1/quality/checklist').expect(403);
    const noWrite = await as(readOnly)
      .put('/v1/quality/checklist')
      .send({ items: replacementItems() })
      .expect(403);
    await as(readOnly).post(`/v1/calls/${callId}/quality/rescore`).expect(403);
    await as(readOnly).get(`/v1/calls/${callId}/quality`).expect(200);

    expect(noRead.body.error.details).toEqual({ required_scope: 'quality:read' });
    expect(noWrite.body.error.details).toEqual({ required_scope: 'quality:write' });
  });
});
