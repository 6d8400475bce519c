import { AppProcess, freePort, runEnv, startAppProcess } from '../utils/app-process.js';
import { createKey, createOrganization, OrgWithKey } from '../utils/factories.js';
import { checkResponse, findOperation, schemaProblems } from '../utils/spec-validator.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('Deeply nested JSON against the running process', () => {
  let app: AppProcess;
  let base: string;
  const key = process.env.BOOTSTRAP_API_KEY!;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startAppProcess(runEnv({ APP_ROLE: 'api', PORT: String(port), HOST: '127.0.0.1' }));
    await app.waitFor('listening on');
  });

  afterAll(async () => {
    await app.stop();
  });

  /** Sends one request; the answer must be a 400 in the envelope, valid against the contract. */
  async function expectRefused(
    method: string,
    path: string,
    init: RequestInit,
    code: string,
  ): Promise<Record<string, unknown>> {
    const res = await fetch(`${base}${path}`, { method, ...init });
    const body = (await res.json()) as { error: Record<string, unknown> };
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    const problems = findOperation(method.toLowerCase(), path)
      ? checkResponse(method.toLowerCase(), path, { status: res.status, headers, body })
      : schemaProblems('ErrorEnvelope', body);
    expect({ status: res.status, code: body.error.code, problems }).toEqual({
      status: 400,
      code,
      problems: [],
    });
    return body.error;
  }

  it('answers 400 to 10,000 nested arrays without a key, and stays up', async () => {
    const error = await expectRefused(
      'POST',
      '/v1/health/live',
      { headers: { 'content-type': 'application/json' }, body: nestedArrays(10_000) },
      'BAD_REQUEST',
    );
    expect(error).toMatchObject({
      message: 'JSON in the request is nested more than 32 levels deep',
      details: { max_depth: 32 },
    });
    const live = await fetch(`${base}/v1/health/live`);
    expect(live.status).toBe(200);
    expect(app.child.exitCode).toBeNull();
  });

  it('answers 400 to 5,000 nested objects sent to /v1/me, and stays up', async () => {
    await expectRefused(
      'POST',
      '/v1/me',
      { headers: { 'content-type': 'application/json' }, body: nestedObjects(5_000) },
      'BAD_REQUEST',
    );
    expect((await fetch(`${base}/v1/health/live`)).status).toBe(200);
  });

  it('answers 400, not 500, to deep JSON in multipart fields', async () => {
    const single = new FormData();
    single.set('user_id', 'rep');
    single.set('transcript', 'Agent: Hello.\nCustomer: Hi.');
    single.set('metadata', nestedObjects(5_000));
    await expectRefused(
      'POST',
      '/v1/calls/upload',
      { headers: { 'x-api-key': key }, body: single },
      'BAD_REQUEST',
    );
    const batch = new FormData();
    batch.set('calls', `[${nestedArrays(5_000)}]`);
    await expectRefused(
      'POST',
      '/v1/calls/batch-upload',
      { headers: { 'x-api-key': key }, body: batch },
      'BAD_REQUEST',
    );
    expect((await fetch(`${base}/v1/health/live`)).status).toBe(200);
    expect(app.child.exitCode).toBeNull();
  });

  it('still accepts JSON nested exactly as deep as the limit', async () => {
    const res = await fetch(`${base}/v1/calls/upload`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      // The body is level 1 and metadata's object level 2: 31 nested objects reach level 32.
      body: `{"user_id":"rep","transcript":"Agent: Hello.","metadata":${nestedObjects(31)}}`,
    });
    expect(res.status).toBe(202);
    const deeper = await fetch(`${base}/v1/calls/upload`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: `{"user_id":"rep","transcript":"Agent: Hello.","metadata":${nestedObjects(32)}}`,
    });
    expect(deeper.status).toBe(400);
  });
});

describe('Keys that name no field', () => {
  let sut: TestApp;
  let org: OrgWithKey;
  let keyId: string;

  beforeAll(async () => {
    sut = await createTestApp();
    org = await createOrganization(sut);
    keyId = (await createKey(sut, org, ['calls:read'])).id;
  });

  afterAll(async () => {
    await sut.close();
  });

  it.each(['constructor', '__proto__', 'prototype', 'toString'])(
    'refuses a top-level "%s" in a PATCH body like any unknown field',
    async (field) => {
      const res = await sut.http
        .patch(`/v1/organizations/${org.organizationId}/api-keys/${keyId}`)
        .set('X-API-Key', org.adminKey)
        .set('Content-Type', 'application/json')
        .send(`{"name": "renamed", "${field}": {"name": "x"}}`)
        .expect(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: `Unknown field ${field}`,
        details: { field, expected: 'no such field' },
      });
      const key = await sut.http
        .get(`/v1/organizations/${org.organizationId}/api-keys/${keyId}`)
        .set('X-API-Key', org.adminKey)
        .expect(200);
      expect(key.body.data.name).not.toBe('renamed');
    },
  );

  it('refuses them inside free-form objects too, instead of dropping them unseen', async () => {
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', org.adminKey)
      .set('Content-Type', 'application/json')
      .send('{"user_id": "rep", "transcript": "Agent: Hello.", "metadata": {"a": 1, "valueOf": 2}}')
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field: 'metadata.valueOf', expected: 'no such field' },
    });
  });
});

describe('Numbers in the query string', () => {
  let sut: TestApp;
  let org: OrgWithKey;
  let lists: string[];

  beforeAll(async () => {
    sut = await createTestApp();
    org = await createOrganization(sut);
    lists = [
      '/v1/calls',
      '/v1/tasks',
      '/v1/contacts',
      `/v1/organizations/${org.organizationId}/api-keys`,
    ];
  });

  afterAll(async () => {
    await sut.close();
  });

  it.each(['9223372036854775807', '2147483648', '1e309', '99999999999999999999999'])(
    'answers 400 naming offset to offset=%s on every list',
    async (offset) => {
      for (const list of lists) {
        const res = await sut.http
          .get(`${list}?offset=${offset}`)
          .set('X-API-Key', org.adminKey)
          .expect(400);
        expect(res.body.error).toMatchObject({
          code: 'VALIDATION_ERROR',
          details: { field: 'offset' },
        });
      }
    },
  );

  it('accepts the largest offset the contract allows', async () => {
    for (const list of lists) {
      const res = await sut.http
        .get(`${list}?offset=2147483647`)
        .set('X-API-Key', org.adminKey)
        .expect(200);
      expect(res.body.data).toEqual([]);
    }
  });

  it.each(['1e2', '0x10', ' 5', '5 ', '+5', '5.0', '0b11', ''])(
    'answers 400 to limit=%j: query integers are plain decimal digits',
    async (limit) => {
      const res = await sut.http
        .get(`/v1/calls?limit=${encodeURIComponent(limit)}`)
        .set('X-API-Key', org.adminKey)
        .expect(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: { field: 'limit', expected: 'a whole number in decimal digits' },
      });
    },
  );

  it('reads plain digits as numbers', async () => {
    const res = await sut.http
      .get('/v1/calls?limit=07&offset=0')
      .set('X-API-Key', org.adminKey)
      .expect(200);
    expect(res.body.meta).toMatchObject({ limit: 7, page: 1 });
  });
});
