import { randomUUID } from 'node:crypto';
import { SCOPES } from '../../src/common/auth/scopes.js';
import { createKey, createOrganization, OrgWithKey } from '../utils/factories.js';
import { specOperations } from '../utils/spec-validator.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/** Every operation of the contract, with a key holding every scope but the one it declares. */
describe('Scope matrix', () => {
  let sut: TestApp;
  let org: OrgWithKey;
  const keysWithout = new Map<string, string>();
  const secured = specOperations().filter(
    (op) => typeof op.operation['x-required-scope'] === 'string',
  );

  beforeAll(async () => {
    sut = await createTestApp();
    org = await createOrganization(sut);
    for (const scope of new Set(secured.map((op) => op.operation['x-required-scope'] as string))) {
      const others = SCOPES.filter((s) => s !== scope && s !== 'platform:admin');
      keysWithout.set(scope, (await createKey(sut, org, others)).secret);
    }
  });

  afterAll(async () => {
    await sut.close();
  });

  it('covers every secured operation of the spec', () => {
    expect(secured.length).toBeGreaterThan(40);
  });

  it.each(secured.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s answers 403 naming its scope to a key without it',
    async (_name, op) => {
      const scope = op.operation['x-required-scope'] as string;
      const path = `/v1${op.path}`
        .replace('{organizationId}', org.organizationId)
        .replace(/\{[^}]+\}/g, () => randomUUID());
      const method = op.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const res = await sut.http[method](path).set('X-API-Key', keysWithout.get(scope)!);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'FORBIDDEN',
        details: { required_scope: scope },
      });
    },
  );
});
