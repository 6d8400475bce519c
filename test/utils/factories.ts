import type { TestApp } from './test-app.js';

export interface OrgWithKey {
  organizationId: string;
  adminKey: string;
}

let counter = 0;

/** A fresh organization with its first admin key, made through the API as an operator would. */
export async function createOrganization(
  app: Pick<TestApp, 'http' | 'bootstrapKey'>,
  plan: 'standard' | 'enterprise' = 'enterprise',
): Promise<OrgWithKey> {
  counter += 1;
  const res = await app.http
    .post('/v1/organizations')
    .set('X-API-Key', app.bootstrapKey)
    .send({ name: `Org ${counter} ${Date.now()}`, plan })
    .expect(201);
  return { organizationId: res.body.data.organization.id, adminKey: res.body.data.api_key.secret };
}

/** A key of `org` with exactly these scopes (and optionally its own rate limit). */
export async function createKey(
  app: Pick<TestApp, 'http'>,
  org: OrgWithKey,
  scopes: string[],
  rateLimit?: { limit: number; window_seconds: number },
): Promise<{ id: string; secret: string }> {
  const res = await app.http
    .post(`/v1/organizations/${org.organizationId}/api-keys`)
    .set('X-API-Key', org.adminKey)
    .send({
      name: `key with ${scopes.length} scopes`,
      scopes,
      ...(rateLimit ? { rate_limit: rateLimit } : {}),
    })
    .expect(201);
  return { id: res.body.data.id, secret: res.body.data.secret };
}

/** Polls until `check` passes or the deadline ends; tests never sleep a fixed time. */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  throw lastError;
}

/** Waits until the call has been processed and returns it as GET /v1/calls/{id} shows it. */
export function completedCall<T = Record<string, unknown>>(
  app: Pick<TestApp, 'http'>,
  key: string,
  id: string,
): Promise<T> {
  return eventually(
    async () => {
      const res = await app.http.get(`/v1/calls/${id}`).set('X-API-Key', key).expect(200);
      expect(res.body.data.status).toBe('completed');
      return res.body.data as T;
    },
    60_000,
    100,
  );
}
