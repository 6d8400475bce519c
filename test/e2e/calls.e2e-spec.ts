import { randomUUID } from 'node:crypto';
import { silentWav } from '../fixtures/audio.js';
import { SALES_CALL, ZOOM_VTT } from '../fixtures/transcripts.js';
import {
  createKey,
  createOrganization,
  eventually,
  OrgWithKey,
  completedCall,
} from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

describe('Calls', () => {
  let sut: TestApp;
  let org: OrgWithKey;
  let key: string;

  const upload = (body: Record<string, unknown>, idempotencyKey?: string) => {
    const req = sut.http.post('/v1/calls/upload').set('X-API-Key', key);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked against the spec
  const completed = (id: string) => completedCall<any>(sut, key, id);

  beforeAll(async () => {
    sut = await createTestApp();
    org = await createOrganization(sut);
    key = (await createKey(sut, org, ['calls:read', 'calls:write'])).secret;
  });

  afterAll(async () => {
    await sut.close();
  });

  it('accepts a JSON transcript with 202 queued and completes it with an analysis', async () => {
    const res = await upload({
      user_id: 'rep-1',
      user_name: 'Dana',
      title: 'Refi',
      direction: 'outbound',
      transcript: SALES_CALL,
    }).expect(202);
    expect(res.body.data).toMatchObject({
      status: 'queued',
      user_id: 'rep-1',
      direction: 'outbound',
    });
    const call = await completed(res.body.data.id);
    expect(call.transcript.segments).toHaveLength(5);
    expect(call.analysis.agent_speaker).toBe('Dana');
    expect(call.analysis.agent_detection).toBe('transcript_role');
    expect(call.analysis.questions.agent).toBe(2);
    expect(call.duration_seconds).toBe(30);
  });

  it('accepts a multipart upload of a recording and a VTT transcript, probing the audio', async () => {
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .field('user_id', 'rep-2')
      .field('duration_seconds', '2')
      .field('contact', JSON.stringify({ name: 'Sam Lee', phone: '+1 415 555 0100' }))
      .attach('recording', silentWav(2), {
        filename: 'call.bin',
        contentType: 'application/octet-stream',
      })
      .attach('transcript', Buffer.from(ZOOM_VTT), {
        filename: 'call.vtt',
        contentType: 'text/vtt',
      })
      .expect(202);
    const call = await completed(res.body.data.id);
    expect(call.recording).toMatchObject({
      content_type: 'audio/wav',
      channels: 1,
      sample_rate: 8000,
      duration_seconds: 2,
    });
    expect(call.recording).not.toHaveProperty('storage_key');
    expect(call.transcript.format).toBe('webvtt');
    const audio = await sut.http.raw
      .get(`/v1/calls/${call.id}/recording`)
      .set('X-API-Key', key)
      .set('Range', 'bytes=0-43')
      .expect(206);
    expect(audio.headers['content-range']).toBe(`bytes 0-43/${44 + 2 * 8000 * 2}`);
    expect(audio.body.subarray(0, 4).toString()).toBe('RIFF');

    // The list reads its items with its own SQL: each carries the single call's own fields,
    // timestamps (formatted by PostgreSQL there) included, the contact's id and name, and the
    // quality headline without items or evidence.
    const list = await sut.http.get('/v1/calls?user_id=rep-2').set('X-API-Key', key).expect(200);
    const { contact, quality, quality_score: score, ...item } = list.body.data[0];
    expect(score).toBe(call.quality?.score ?? null);
    expect(item).toEqual(Object.fromEntries(Object.keys(item).map((k) => [k, call[k]])));
    expect(list.body.data[0]).not.toHaveProperty('transcript');
    expect(call.contact_id).not.toBeNull();
    expect(contact).toEqual({ id: call.contact_id, name: 'Sam Lee' });
    expect(call.quality).not.toBeNull();
    const { score: s, checklist_version, auto_failed, passed_items, failed_items } = call.quality;
    expect(quality).toEqual({
      score: s,
      checklist_version,
      auto_failed,
      passed_items,
      failed_items,
    });
  });

  it('fills the contact of every list item that has a contact_id', async () => {
    const uploads = await Promise.all(
      ['Ana Ruiz', 'Ben Okafor'].map((name, i) =>
        sut.http
          .post('/v1/calls/upload')
          .set('X-API-Key', key)
          .send({
            user_id: 'rep-contacts',
            transcript: SALES_CALL,
            contact: { name, phone: `+1 415 555 02${i}0` },
          })
          .expect(202),
      ),
    );
    await Promise.all(uploads.map((res) => completed(res.body.data.id)));
    const list = await sut.http
      .get('/v1/calls?user_id=rep-contacts')
      .set('X-API-Key', key)
      .expect(200);
    expect(list.body.data).toHaveLength(2);
    for (const item of list.body.data) {
      expect(item.contact_id).not.toBeNull();
      expect(item.contact).toEqual({ id: item.contact_id, name: expect.any(String) });
      expect(item.quality).not.toHaveProperty('items');
    }
    expect(
      list.body.data.map((item: { contact: { name: string } }) => item.contact.name).sort(),
    ).toEqual(['Ana Ruiz', 'Ben Okafor']);
  });

  it('answers If-Range with the range only while its ETag still matches, else the whole file', async () => {
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .field('user_id', 'rep-if-range')
      .attach('recording', silentWav(1), 'call.wav')
      .expect(202);
    const call = await completed(res.body.data.id);
    const size = 44 + 8000 * 2;
    const get = (headers: Record<string, string>) => {
      let req = sut.http.get(`/v1/calls/${call.id}/recording`).set('X-API-Key', key);
      for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
      return req;
    };
    const whole = (range: string, ifRange: string) =>
      get({ Range: range, 'If-Range': ifRange })
        .expect(200)
        .expect((r) => {
          expect(r.headers['content-length']).toBe(String(size));
          expect(r.headers['content-range']).toBeUndefined();
        });
    for (const stale of ['"something-else"', new Date().toUTCString()]) {
      await whole('bytes=0-43', stale);
    }

    const etag = (await get({}).expect(200)).headers.etag;
    expect(etag).toMatch(/^"[^"]+"$/);
    const matching = await get({ Range: 'bytes=0-43', 'If-Range': etag }).expect(206);
    expect(matching.headers['content-range']).toBe(`bytes 0-43/${size}`);
    expect(matching.headers.etag).toBe(etag);
    await whole('bytes=0-43', `W/${etag}`);
  });

  it('refuses a recording whose bytes are not audio, whatever its name', async () => {
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .field('user_id', 'rep-2')
      .attach('recording', Buffer.from('this is not audio at all'), {
        filename: 'call.wav',
        contentType: 'audio/wav',
      })
      .expect(415);
    expect(res.body.error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { field: 'recording' },
    });
  });

  it('rejects an unreadable transcript and an upload with nothing to process', async () => {
    const bad = await upload({ user_id: 'rep-1', transcript: { nonsense: true } }).expect(400);
    expect(bad.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field: 'transcript' },
    });
    const empty = await upload({ user_id: 'rep-1' }).expect(400);
    expect(empty.body.error.details.field).toBe('recording');
    const missing = await upload({ transcript: SALES_CALL }).expect(400);
    expect(missing.body.error.details.field).toBe('user_id');
  });

  it('answers 409 with the existing call for a repeated external_id', async () => {
    const first = await upload({
      user_id: 'rep-1',
      external_id: 'crm-42',
      transcript: SALES_CALL,
    }).expect(202);
    const second = await upload({
      user_id: 'rep-1',
      external_id: 'crm-42',
      transcript: SALES_CALL,
    }).expect(409);
    expect(second.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { external_id: 'crm-42', existing_call_id: first.body.data.id },
    });
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses it for another body', async () => {
    const body = { user_id: 'rep-3', transcript: SALES_CALL };
    const first = await upload(body, 'idem-1').expect(202);
    const again = await upload(body, 'idem-1').expect(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data.id).toBe(first.body.data.id);
    const other = await upload({ ...body, user_id: 'rep-4' }, 'idem-1').expect(409);
    expect(other.body.error.code).toBe('CONFLICT');
  });

  it('creates one call for concurrent duplicates with the same Idempotency-Key', async () => {
    const body = { user_id: 'rep-5', external_id: 'concurrent-1', transcript: SALES_CALL };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => upload(body, 'idem-concurrent')),
    );
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    const list = await sut.http.get('/v1/calls?user_id=rep-5').set('X-API-Key', key).expect(200);
    expect(list.body.meta.total).toBe(1);
  });

  it('accepts a batch, shows its progress at its Location, and completes every call', async () => {
    const res = await sut.http
      .post('/v1/calls/batch-upload')
      .set('X-API-Key', key)
      .send({
        calls: [
          { user_id: 'rep-6', transcript: SALES_CALL },
          { user_id: 'rep-6', transcript: ZOOM_VTT },
        ],
      })
      .expect(202);
    expect(res.body.data).toMatchObject({ total: 2 });
    const batchId = res.body.data.id;
    expect(res.headers.location).toBe(`/v1/batches/${batchId}`);
    await eventually(
      async () => {
        const progress = await sut.http.get(res.headers.location).set('X-API-Key', key).expect(200);
        expect(progress.body.data).toMatchObject({
          status: 'completed',
          counts: { completed: 2, failed: 0 },
        });
      },
      30_000,
      100,
    );
  });

  it("answers 404 for another organization's batch, an unknown one, and the old path", async () => {
    const res = await sut.http
      .post('/v1/calls/batch-upload')
      .set('X-API-Key', key)
      .send({ calls: [{ user_id: 'rep-8', transcript: SALES_CALL }] })
      .expect(202);
    const batchId = res.body.data.id;
    await sut.http.get(`/v1/batches/${batchId}`).set('X-API-Key', key).expect(200);

    const other = await createOrganization(sut);
    const otherKey = (await createKey(sut, other, ['calls:read'])).secret;
    const foreign = await sut.http
      .get(`/v1/batches/${batchId}`)
      .set('X-API-Key', otherKey)
      .expect(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    await sut.http.get(`/v1/batches/${randomUUID()}`).set('X-API-Key', key).expect(404);
    await sut.http.get('/v1/batches/not-a-uuid').set('X-API-Key', key).expect(404);
    await sut.http.get(`/v1/calls/batch-upload/${batchId}`).set('X-API-Key', key).expect(404);
  });

  it('gives a replayed batch upload the same Location', async () => {
    const idempotencyKey = `batch-location-${randomUUID()}`;
    const send = () =>
      sut.http
        .post('/v1/calls/batch-upload')
        .set('X-API-Key', key)
        .set('Idempotency-Key', idempotencyKey)
        .send({ calls: [{ user_id: 'rep-9', transcript: SALES_CALL }] });
    const first = await send().expect(202);
    const replay = await send().expect(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(first.headers.location).toBe(`/v1/batches/${first.body.data.id}`);
  });

  it('rejects a whole batch when any item is invalid, naming each bad item', async () => {
    const res = await sut.http
      .post('/v1/calls/batch-upload')
      .set('X-API-Key', key)
      .send({
        calls: [
          { user_id: 'ok', transcript: SALES_CALL },
          { transcript: SALES_CALL },
          { user_id: 'x', transcript: 42 },
        ],
      })
      .expect(400);
    expect(res.body.error.message).toBe('2 calls of the batch are invalid');
    expect(res.body.error.details).toEqual([
      { index: 1, field: 'user_id', expected: expect.any(String) },
      { index: 2, field: 'transcript', expected: expect.any(String) },
    ]);
    await sut.http
      .post('/v1/calls/batch-upload')
      .set('X-API-Key', key)
      .send({ calls: [] })
      .expect(400);
    const tooMany = Array.from({ length: 101 }, () => ({ user_id: 'x', transcript: SALES_CALL }));
    await sut.http
      .post('/v1/calls/batch-upload')
      .set('X-API-Key', key)
      .send({ calls: tooMany })
      .expect(400);
  });

  it("gives exactly the seed's error for an invalid date", async () => {
    const res = await sut.http
      .get('/v1/calls?start_date=yesterday')
      .set('X-API-Key', key)
      .expect(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Invalid date format',
      details: { field: 'start_date', expected: 'ISO 8601 format' },
      request_id: res.headers['x-request-id'],
    });
    const limit = await sut.http.get('/v1/calls?limit=101').set('X-API-Key', key).expect(400);
    expect(limit.body.error.details.field).toBe('limit');
  });

  it("lets the seed's pagination loop collect every call exactly once, newest first", async () => {
    const own = await createOrganization(sut);
    const ownKey = (await createKey(sut, own, ['calls:read', 'calls:write'])).secret;
    const items = Array.from({ length: 100 }, (_, i) => ({
      user_id: 'pager',
      started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 7)).toISOString(),
      transcript: 'Agent: hello\nCustomer: hi',
    }));
    for (const chunk of [items, items.slice(0, 30)]) {
      await sut.http
        .post('/v1/calls/batch-upload')
        .set('X-API-Key', ownKey)
        .send({ calls: chunk })
        .expect(202);
    }
    const ids: string[] = [];
    const limit = 100;
    let offset = 0;
    for (;;) {
      const res = await sut.http
        .get(`/v1/calls?limit=${limit}&offset=${offset}`)
        .set('X-API-Key', ownKey)
        .expect(200);
      ids.push(...res.body.data.map((c: { id: string }) => c.id));
      expect(res.body.meta).toEqual({ page: Math.floor(offset / limit) + 1, limit, total: 130 });
      if (res.body.data.length < limit) break;
      offset += limit;
    }
    expect(ids).toHaveLength(130);
    expect(new Set(ids).size).toBe(130);
  });

  it('filters by date range, user and status', async () => {
    const res = await upload({
      user_id: 'filter-me',
      started_at: '2025-03-10T12:00:00Z',
      transcript: SALES_CALL,
    }).expect(202);
    const inRange = await sut.http
      .get('/v1/calls?user_id=filter-me&start_date=2025-03-10&end_date=2025-03-10')
      .set('X-API-Key', key)
      .expect(200);
    expect(inRange.body.data.map((c: { id: string }) => c.id)).toEqual([res.body.data.id]);
    expect(inRange.body.data[0]).not.toHaveProperty('transcript');
    const outOfRange = await sut.http
      .get('/v1/calls?user_id=filter-me&start_date=2025-03-11')
      .set('X-API-Key', key)
      .expect(200);
    expect(outOfRange.body.data).toEqual([]);
  });

  it("answers 404 for another organization's call and for a malformed id", async () => {
    const res = await upload({ user_id: 'rep-1', transcript: SALES_CALL }).expect(202);
    const stranger = await createOrganization(sut);
    await sut.http
      .get(`/v1/calls/${res.body.data.id}`)
      .set('X-API-Key', stranger.adminKey)
      .expect(404);
    await sut.http.get('/v1/calls/12345').set('X-API-Key', key).expect(404);
  });
});
