import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { appRoutes, AppRoute, servedRoutes } from '../utils/routes.js';
import { schemaProblems, spec, specOperations } from '../utils/spec-validator.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/**
 * Operations the contract describes that later issues build. Each issue empties its
 * part of this list as it routes them; anything else missing on either side fails.
 */
const NOT_YET_ROUTED = new Set<string>([]);

/** Served beside the API, not part of it. */
const OUTSIDE_THE_CONTRACT = new Set(['get /openapi.yaml', 'get /openapi.json', 'get /metrics']);

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('Contract: openapi.yaml and the code', () => {
  let sut: TestApp;
  let routes: AppRoute[];

  beforeAll(async () => {
    sut = await createTestApp();
    routes = appRoutes(sut.app).filter((r) => !OUTSIDE_THE_CONTRACT.has(key(r)));
  });

  afterAll(async () => {
    await sut.close();
  });

  it('routes exactly the operations of the spec (apart from the explicit not-yet list)', () => {
    const routed = new Set(routes.map(key));
    const specified = new Set(specOperations().map(key));
    expect([...routed].filter((r) => !specified.has(r))).toEqual([]);
    expect([...specified].filter((s) => !routed.has(s) && !NOT_YET_ROUTED.has(s))).toEqual([]);
    expect([...NOT_YET_ROUTED].filter((s) => routed.has(s) || !specified.has(s))).toEqual([]);
  });

  it('serves every operation under the one server URL, /v1', () => {
    const paths = spec.paths as Record<string, Record<string, unknown>>;
    const serverPaths = (spec.servers as { url: string }[]).map(
      (s) => new URL(s.url, 'http://x').pathname,
    );
    expect(new Set(serverPaths)).toEqual(new Set(['/v1']));
    // Generated clients and contract-test tools ignore path- and operation-level servers.
    const ownServers = specOperations().filter(
      (op) => 'servers' in paths[op.path] || 'servers' in op.operation,
    );
    expect(ownServers.map(key)).toEqual([]);
    const served = servedRoutes(sut.app);
    const unserved = specOperations()
      .map((op) => `${op.method} /v1${op.path.replace(/\{([^}]+)\}/g, ':$1')}`)
      .filter((route) => !served.has(route));
    expect(unserved).toEqual([]);
  });

  it('enforces the scope each operation declares as x-required-scope', () => {
    const byKey = new Map(routes.map((r) => [key(r), r]));
    const mismatches = specOperations()
      .filter((op) => byKey.has(key(op)))
      .map((op) => ({
        op: key(op),
        spec: (op.operation['x-required-scope'] as string | undefined) ?? null,
        code: byKey.get(key(op))!.scope,
      }))
      .filter((m) => m.spec !== m.code);
    expect(mismatches).toEqual([]);
  });

  it('marks as public exactly the operations the spec leaves without security', () => {
    const byKey = new Map(routes.map((r) => [key(r), r]));
    const mismatches = specOperations()
      .filter((op) => byKey.has(key(op)))
      .map((op) => ({
        op: key(op),
        specPublic: Array.isArray(op.operation.security) && op.operation.security.length === 0,
        codePublic: byKey.get(key(op))!.isPublic,
      }))
      .filter((m) => m.specPublic !== m.codePublic);
    expect(mismatches).toEqual([]);
  });

  it('has migrations that build exactly the schema the entities describe', async () => {
    const dataSource = sut.app.get<DataSource>(getDataSourceToken());
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it("fixes the shape of each error code's details, so drift fails the response checks", () => {
    const envelope = (code: string, details?: unknown) => ({
      success: false,
      error: { code, message: 'm', ...(details === undefined ? {} : { details }), request_id: 'r' },
    });
    const sent = [
      envelope('FORBIDDEN', { required_scope: 'calls:read' }),
      envelope('VALIDATION_ERROR', { field: 'offset', expected: 'a whole number' }),
      envelope('VALIDATION_ERROR', [{ index: 0, field: 'user_id', expected: 'a string' }]),
      envelope('BAD_REQUEST', { max_depth: 32 }),
      envelope('UNAUTHORIZED'),
      envelope('FORBIDDEN', {
        key_id: '00000000-0000-4000-8000-000000000001',
        managed_by: 'configuration',
      }),
      envelope('PAYLOAD_TOO_LARGE', { max_bytes: 1073741824 }),
    ];
    const drifted = [
      envelope('FORBIDDEN', { missing_scope: 'calls:read' }),
      envelope('FORBIDDEN', { required_scope: 'calls:read', extra: true }),
      envelope('VALIDATION_ERROR', { field: 'offset' }),
      envelope('UNAUTHORIZED', { reason: 'expired' }),
      envelope('RATE_LIMIT_EXCEEDED', { limit: 1000 }),
      envelope('NO_SUCH_CODE'),
    ];
    expect(sent.map((e) => schemaProblems('ErrorEnvelope', e))).toEqual(sent.map(() => []));
    expect(drifted.filter((e) => schemaProblems('ErrorEnvelope', e).length === 0)).toEqual([]);
  });

  it('has committed types generated from the current spec', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aila-types-')), 'openapi.d.ts');
    execFileSync('npx', ['openapi-typescript', 'openapi.yaml', '-o', out], { stdio: 'pipe' });
    execFileSync('npx', ['prettier', '--config', '.prettierrc.json', '--write', out], {
      stdio: 'pipe',
    });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('src/generated/openapi.d.ts', 'utf8'));
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('sdk/src/openapi.d.ts', 'utf8'));
  });
});
