import $RefParser from '@apidevtools/json-schema-ref-parser';
import fc from 'fast-check';
import { generateSync } from 'json-schema-faker';
import { randomUUID } from 'node:crypto';
import { silentWav } from '../fixtures/audio.js';
import { SALES_CALL } from '../fixtures/transcripts.js';
import { createOrganization, OrgWithKey } from '../utils/factories.js';
import { spec, specOperations } from '../utils/spec-validator.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

type Json = Record<string, unknown>;
type Mutation =
  | 'none'
  | 'drop-required'
  | 'wrong-type'
  | 'extra-field'
  | 'huge-string'
  | 'unicode'
  | 'negative-number'
  | 'malformed-json'
  | 'wrong-content-type'
  | 'bad-path-id'
  | 'bad-query';

const MUTATIONS: Mutation[] = [
  'none',
  'drop-required',
  'wrong-type',
  'extra-field',
  'huge-string',
  'unicode',
  'negative-number',
  'malformed-json',
  'wrong-content-type',
  'bad-path-id',
  'bad-query',
];

// Query strings stay under Node's 16 KB header limit, past which Node itself answers 431
// before any application code (and so without our envelope) runs.

/**
 * Operations whose rules go beyond what the schema can say (a transcript must parse, a URL
 * must resolve to a public host, a date range must be ordered, checklist item ids must be
 * unique): a schema-valid request may still be a 400 there, and only there.
 */
const SEMANTIC_400 = new Set([
  'post /calls/upload',
  'post /calls/batch-upload',
  'get /analytics/team-metrics',
  'post /organizations/{organizationId}/webhooks',
  'patch /organizations/{organizationId}/webhooks/{webhookId}',
  'put /quality/checklist',
  'put /integrations/crm',
  'patch /contacts/{contact_id}',
  'get /contacts',
  'patch /tasks/{task_id}',
]);

/** Numbers a parser may read too generously or that overflow a column: never a 5xx. */
const HUGE_NUMBERS = [
  '1e309',
  '9223372036854775807',
  '99999999999999999999999',
  '-0',
  '0x10',
  '1e2',
  ' 5',
  '-9223372036854775808',
];
const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/**
 * Hostile bodies, each in place of one field of the operation's body: what every JSON
 * operation must answer (any status below 500 where no exact one is fixed).
 */
const HOSTILE_BODIES: { name: string; raw: () => string; status?: number; code?: string }[] = [
  {
    name: 'JSON nested 10,000 deep',
    raw: () => nestedArrays(10_000),
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'JSON nested 33 deep', raw: () => nestedArrays(32), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'a string just over 1 MB',
    raw: () => JSON.stringify('x'.repeat(1024 * 1024)),
    status: 413,
  },
  { name: 'a string just under 1 MB', raw: () => JSON.stringify('x'.repeat(1000 * 1000)) },
  { name: 'an array of 200,000 items', raw: () => `[${'1,'.repeat(199_999)}1]` },
  ...HUGE_NUMBERS.filter((n) => /^-?\d+$|^\de\d+$/.test(n)).map((n) => ({
    name: `the number ${n}`,
    raw: () => n,
  })),
  { name: 'the number 1e309 (Infinity once parsed)', raw: () => '-1e309' },
];

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** Fixed by default so a run is reproducible; FUZZ_SEED=random explores new inputs. */
const SEED =
  process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261128);

function mutateValue(
  value: unknown,
  mutation: Mutation,
  schema: Json | undefined,
  seed: number,
): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const body = { ...(value as Json) };
  const props = Object.keys((schema?.properties as Json | undefined) ?? body);
  const pick = props[seed % Math.max(1, props.length)];
  switch (mutation) {
    case 'drop-required': {
      const required = (schema?.required as string[] | undefined) ?? [];
      if (required.length > 0) delete body[required[seed % required.length]];
      return body;
    }
    case 'wrong-type':
      if (pick) body[pick] = typeof body[pick] === 'number' ? 'not a number' : 12345;
      return body;
    case 'extra-field':
      return { ...body, definitely_not_a_field: true };
    case 'huge-string':
      if (pick) body[pick] = 'x'.repeat(200_000);
      return body;
    case 'unicode':
      if (pick) body[pick] = '💥\u0000\u202eЖ中\uD800';
      return body;
    case 'negative-number':
      if (pick) body[pick] = -1e12;
      return body;
    default:
      return body;
  }
}

/**
 * Property-based requests for every operation of the contract, valid and broken, built
 * from its schemas: no 5xx ever, every error in the envelope and valid against the spec
 * (the agent checks every response), and schema-valid requests accepted.
 */
describe('Fuzzing every operation', () => {
  let sut: TestApp;
  let org: OrgWithKey;
  let deref: Json;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sut = await createTestApp();
    org = await createOrganization(sut, 'enterprise');
    deref = (await $RefParser.dereference(structuredClone(spec))) as Json;
    const key = await sut.http
      .post(`/v1/organizations/${org.organizationId}/api-keys`)
      .set('X-API-Key', org.adminKey)
      .send({ name: 'fuzz target', scopes: ['calls:read'] })
      .expect(201);
    ids.keyId = key.body.data.id;
    const call = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', org.adminKey)
      .send({ user_id: 'fuzz', transcript: SALES_CALL })
      .expect(202);
    ids.call_id = call.body.data.id;
    const batch = await sut.http
      .post('/v1/calls/batch-upload')
      .set('X-API-Key', org.adminKey)
      .send({ calls: [{ user_id: 'fuzz', transcript: SALES_CALL }] })
      .expect(202);
    ids.batch_id = batch.body.data.id;
    ids.organizationId = org.organizationId;
  });

  afterAll(async () => {
    await sut.close();
  });

  const operations = specOperations().filter((op) => !op.path.startsWith('/health'));

  /** The path of an operation with real ids, and the key allowed to call it. */
  function target(op: (typeof operations)[number]): { path: string; key: string } {
    const path = `/v1${op.path}`.replace(/\{([^}]+)\}/g, (_m, param: string) =>
      param === 'organizationId' ? org.organizationId : (ids[param] ?? randomUUID()),
    );
    const platform = op.operation['x-required-scope'] === 'platform:admin';
    return { path, key: platform ? sut.bootstrapKey : org.adminKey };
  }

  const jsonOperations = operations.filter((op) =>
    Object.keys(((op.operation.requestBody as Json | undefined)?.content ?? {}) as Json).some((t) =>
      t.includes('json'),
    ),
  );
  it.each(
    jsonOperations.flatMap((op) =>
      HOSTILE_BODIES.map(
        (b) => [`${op.method.toUpperCase()} ${op.path} with ${b.name}`, op, b] as const,
      ),
    ),
  )('%s', async (_name, op, hostile) => {
    const operation = ((deref.paths as Json)[op.path] as Json)[op.method] as Json;
    const content = (operation.requestBody as Json).content as Json;
    const jsonType = Object.keys(content).find((t) => t.includes('json'))!;
    const schema = (content[jsonType] as Json).schema as Json;
    const field = Object.keys((schema.properties as Json | undefined) ?? {})[0] ?? 'value';
    const { path, key } = target(op);
    const method = op.method as 'post' | 'put' | 'patch';
    const res = await sut.http[method](path)
      .set('X-API-Key', key)
      .set('Content-Type', jsonType)
      .send(`{${JSON.stringify(field)}: ${hostile.raw()}}`);
    expect(res.status).toBeLessThan(500);
    if (hostile.status !== undefined) expect(res.status).toBe(hostile.status);
    if (hostile.code !== undefined) expect(res.body.error.code).toBe(hostile.code);
    if (res.status >= 400) expect(res.body.success).toBe(false);
  });

  const pagedOperations = operations.filter((op) =>
    ((op.operation.parameters as Json[] | undefined) ?? []).some(
      (p) => p.$ref === '#/components/parameters/Offset',
    ),
  );
  it.each(
    pagedOperations.flatMap((op) =>
      ['limit', 'offset'].flatMap((param) =>
        HUGE_NUMBERS.map(
          (n) =>
            [
              `${op.method.toUpperCase()} ${op.path}?${param}=${JSON.stringify(n)}`,
              op,
              param,
              n,
            ] as const,
        ),
      ),
    ),
  )('%s', async (_name, op, param, value) => {
    const { path, key } = target(op);
    const res = await sut.http
      .get(`${path}?${param}=${encodeURIComponent(value)}`)
      .set('X-API-Key', key);
    // -0 is plain decimal digits: a valid offset of zero, and a limit below 1.
    if (param === 'offset' && value === '-0') expect([200, 404]).toContain(res.status);
    else
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: param } });
  });

  it.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s',
    async (name, op) => {
      const operation = ((deref.paths as Json)[op.path] as Json)[op.method] as Json;
      const platform = op.operation['x-required-scope'] === 'platform:admin';
      const opKey = `${op.method} ${op.path}`;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...MUTATIONS),
          fc.integer({ min: 1, max: 2 ** 30 }),
          fc.boolean(),
          async (mutation, seed, realIds) => {
            let path = `/v1${op.path}`.replace(/\{([^}]+)\}/g, (_m, param: string) => {
              if (mutation === 'bad-path-id')
                return encodeURIComponent(['not-a-uuid', '12345', 'Ж', '%00'][seed % 4]);
              if (param === 'organizationId') return org.organizationId;
              return realIds && ids[param] ? ids[param] : randomUUID();
            });
            const query: Record<string, string> = {};
            for (const p of (operation.parameters as Json[] | undefined) ?? []) {
              if (p.in !== 'query') continue;
              if (mutation === 'bad-query')
                query[p.name as string] = ['-1', 'yesterday', '💥', 'x'.repeat(2000)][seed % 4];
              else if (p.required || seed % 2 === 0) {
                const value = generateSync(p.schema as never, { seed });
                if (value !== undefined && value !== null)
                  query[p.name as string] = Array.isArray(value) ? value.join(',') : String(value);
              }
            }
            const qs = new URLSearchParams(query).toString();
            if (qs) path += `?${qs}`;

            const content = ((operation.requestBody as Json | undefined)?.content ?? {}) as Json;
            const jsonType = Object.keys(content).find((t) => t.includes('json'));
            const method = op.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
            let req = sut.http[method](path).set(
              'X-API-Key',
              platform ? sut.bootstrapKey : org.adminKey,
            );
            if (jsonType) {
              const schema = (content[jsonType] as Json).schema as Json;
              let valid: unknown;
              try {
                valid = generateSync(schema as never, { seed, optionalsProbability: 0.5 });
              } catch {
                // The generator cannot satisfy some combinations (e.g. minProperties with a closed
                // object); such a run is discarded, and too many discards fail the property.
                fc.pre(false);
              }
              if (mutation === 'malformed-json')
                req = req.set('Content-Type', 'application/json').send('{"broken": ');
              else if (mutation === 'wrong-content-type')
                req = req.set('Content-Type', 'text/plain').send('hello');
              else
                req = req
                  .set('Content-Type', jsonType)
                  .send(JSON.stringify(mutateValue(valid, mutation, schema, seed)));
            } else if (
              Object.keys(content).includes('multipart/form-data') &&
              mutation === 'none'
            ) {
              req = req.field('user_id', 'fuzz').attach('recording', silentWav(1), 'call.wav');
            }
            const res = await req;
            if (res.status >= 500)
              throw new Error(`${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
            if (res.status >= 400 && res.headers['content-type']?.includes('json')) {
              expect(res.body.success).toBe(false);
            }
            if (mutation === 'none' && res.status === 400 && !SEMANTIC_400.has(opKey)) {
              throw new Error(
                `${name} refused a schema-valid request: ${JSON.stringify(res.body.error)}`,
              );
            }
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
    },
  );
});
