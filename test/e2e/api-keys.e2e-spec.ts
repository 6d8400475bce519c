import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiKeyAuthenticator } from '../../src/modules/auth/api-key-authenticator.service.js';
import { createKey, createOrganization, eventually, OrgWithKey } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

describe('API keys', () => {
  let sut: TestApp;
  let other: TestApp;
  let org: OrgWithKey;

  beforeAll(async () => {
    [sut, other] = await Promise.all([createTestApp(), createTestApp()]);
    org = await createOrganization(sut);
  });

  afterAll(async () => {
    await Promise.all([sut.close(), other.close()]);
  });

  it('shows the secret once, in the documented format, and never again', async () => {
    const key = await createKey(sut, org, ['calls:read']);
    expect(key.secret).toMatch(/^aila_live_[0-9A-Za-z]{38}$/);
    const res = await sut.http
      .get(`/v1/organizations/${org.organizationId}/api-keys/${key.id}`)
      .set('X-API-Key', org.adminKey)
      .expect(200);
    expect(res.body.data).not.toHaveProperty('secret');
    expect(res.body.data.prefix).toBe(key.secret.slice(0, 14));
    const list = await sut.http
      .get(`/v1/organizations/${org.organizationId}/api-keys`)
      .set('X-API-Key', org.adminKey)
      .expect(200);
    expect(JSON.stringify(list.body)).not.toContain(key.secret);
    expect(list.body.meta).toMatchObject({ page: 1, limit: 50 });
  });

  it('stores no plaintext secret anywhere in the database', async () => {
    const key = await createKey(sut, org, ['calls:read']);
    const dataSource = sut.app.get<DataSource>(getDataSourceToken());
    const rows = (await dataSource.query('SELECT * FROM api_keys')) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(1);
    expect(JSON.stringify(rows)).not.toContain(key.secret);
    expect(JSON.stringify(rows)).not.toContain(sut.bootstrapKey);
  });

  it('refuses an operation without its scope with 403 naming the scope', async () => {
    const key = await createKey(sut, org, ['calls:read']);
    const res = await sut.http
      .get(`/v1/organizations/${org.organizationId}/api-keys`)
      .set('X-API-Key', key.secret)
      .expect(403);
    expect(res.body.error).toMatchObject({
      code: 'FORBIDDEN',
      details: { required_scope: 'keys:admin' },
    });
    expect(res.headers['x-ratelimit-remaining']).toBeDefined();
  });

  it("answers 404 for another organization's keys", async () => {
    const stranger = await createOrganization(sut);
    const theirKey = await createKey(sut, stranger, ['calls:read']);
    await sut.http
      .get(`/v1/organizations/${stranger.organizationId}/api-keys`)
      .set('X-API-Key', org.adminKey)
      .expect(404);
    await sut.http
      .get(`/v1/organizations/${org.organizationId}/api-keys/${theirKey.id}`)
      .set('X-API-Key', org.adminKey)
      .expect(404);
    await sut.http
      .delete(`/v1/organizations/${org.organizationId}/api-keys/${theirKey.id}`)
      .set('X-API-Key', org.adminKey)
      .expect(404);
    await sut.http
      .get(`/v1/organizations/${org.organizationId}/api-keys/not-a-uuid`)
      .set('X-API-Key', org.adminKey)
      .expect(404);
  });

  it('revokes a key on every instance within a second', async () => {
    const key = await createKey(sut, org, ['calls:read']);
    await other.http.get('/v1/me').set('X-API-Key', key.secret).expect(200);
    await sut.http
      .delete(`/v1/organizations/${org.organizationId}/api-keys/${key.id}`)
      .set('X-API-Key', org.adminKey)
      .expect(200);
    await sut.http.get('/v1/me').set('X-API-Key', key.secret).expect(401);
    const started = Date.now();
    await eventually(
      async () => {
        await other.http.get('/v1/me').set('X-API-Key', key.secret).expect(401);
      },
      1000,
      20,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rotates with an overlap during which both secrets work', async () => {
    const key = await createKey(sut, org, ['calls:read']);
    const res = await sut.http
      .post(`/v1/organizations/${org.organizationId}/api-keys/${key.id}/rotate`)
      .set('X-API-Key', org.adminKey)
      .send({ overlap_seconds: 3600 })
      .expect(200);
    const rotated = res.body.data.secret as string;
    expect(rotated).not.toBe(key.secret);
    await sut.http.get('/v1/me').set('X-API-Key', key.secret).expect(200);
    await other.http.get('/v1/me').set('X-API-Key', rotated).expect(200);
  });

  it('rotates immediately with overlap 0', async () => {
    const key = await createKey(sut, org, ['calls:read']);
    await other.http.get('/v1/me').set('X-API-Key', key.secret).expect(200);
    const res = await sut.http
      .post(`/v1/organizations/${org.organizationId}/api-keys/${key.id}/rotate`)
      .set('X-API-Key', org.adminKey)
      .send({ overlap_seconds: 0 })
      .expect(200);
    await sut.http.get('/v1/me').set('X-API-Key', key.secret).expect(401);
    await eventually(
      () => other.http.get('/v1/me').set('X-API-Key', key.secret).expect(401),
      1000,
      20,
    );
    await sut.http.get('/v1/me').set('X-API-Key', res.body.data.secret).expect(200);
  });

  it('lets only enterprise organizations raise a key above the plan budget', async () => {
    const standard = await createOrganization(sut, 'standard');
    const key = await createKey(sut, standard, ['calls:read']);
    const refused = await sut.http
      .patch(`/v1/organizations/${standard.organizationId}/api-keys/${key.id}`)
      .set('X-API-Key', standard.adminKey)
      .send({ rate_limit: { limit: 5000, window_seconds: 3600 } })
      .expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await sut.http
      .patch(`/v1/organizations/${standard.organizationId}/api-keys/${key.id}`)
      .set('X-API-Key', standard.adminKey)
      .send({ rate_limit: { limit: 100, window_seconds: 3600 } })
      .expect(200);
  });

  it('keeps organization management to platform:admin', async () => {
    const res = await sut.http
      .post('/v1/organizations')
      .set('X-API-Key', org.adminKey)
      .send({ name: 'Nope' })
      .expect(403);
    expect(res.body.error.details).toEqual({ required_scope: 'platform:admin' });
    const updated = await sut.http
      .patch(`/v1/organizations/${org.organizationId}`)
      .set('X-API-Key', sut.bootstrapKey)
      .send({ vertical: 'mortgage' })
      .expect(200);
    expect(updated.body.data.vertical).toBe('mortgage');
  });

  describe('key hierarchy', () => {
    const bootstrap = async () => {
      const me = await sut.http.get('/v1/me').set('X-API-Key', sut.bootstrapKey).expect(200);
      const organizationId = me.body.data.organization.id as string;
      return { organizationId, keyId: me.body.data.api_key.id as string };
    };

    it("keeps a keys:admin key of the operator's organization from taking over the bootstrap key", async () => {
      const { organizationId, keyId } = await bootstrap();
      const keysAdmin = await createKey(sut, { organizationId, adminKey: sut.bootstrapKey }, [
        'keys:admin',
      ]);
      const base = `/v1/organizations/${organizationId}/api-keys/${keyId}`;
      const attempts = [
        sut.http.post(`${base}/rotate`).set('X-API-Key', keysAdmin.secret).send({}),
        sut.http.patch(base).set('X-API-Key', keysAdmin.secret).send({ name: 'mine now' }),
        sut.http.delete(base).set('X-API-Key', keysAdmin.secret),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({
          code: 'FORBIDDEN',
          details: { required_scope: expect.any(String) },
        });
        expect(JSON.stringify(res.body)).not.toContain('aila_live_');
      }
      await sut.http.get('/v1/me').set('X-API-Key', sut.bootstrapKey).expect(200);
    });

    it('lets nobody rotate, change or revoke the bootstrap key through the API, not even itself', async () => {
      const { organizationId, keyId } = await bootstrap();
      const base = `/v1/organizations/${organizationId}/api-keys/${keyId}`;
      const attempts = [
        sut.http.post(`${base}/rotate`).set('X-API-Key', sut.bootstrapKey).send({}),
        sut.http
          .patch(base)
          .set('X-API-Key', sut.bootstrapKey)
          .send({ scopes: ['calls:read'] }),
        sut.http.delete(base).set('X-API-Key', sut.bootstrapKey),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({
          code: 'FORBIDDEN',
          details: { key_id: keyId, managed_by: 'configuration' },
        });
      }
      const me = await sut.http.get('/v1/me').set('X-API-Key', sut.bootstrapKey).expect(200);
      expect(me.body.data.api_key.scopes).toContain('platform:admin');
    });

    it('lets a key manage and grant only scopes it holds itself', async () => {
      const narrow = await createKey(sut, org, ['keys:admin', 'calls:read']);
      const reader = await createKey(sut, org, ['calls:read']);
      const writer = await createKey(sut, org, ['calls:write']);
      const keys = `/v1/organizations/${org.organizationId}/api-keys`;
      const refusals = await Promise.all([
        sut.http.post(`${keys}/${writer.id}/rotate`).set('X-API-Key', narrow.secret).send({}),
        sut.http.delete(`${keys}/${writer.id}`).set('X-API-Key', narrow.secret),
        sut.http
          .patch(`${keys}/${reader.id}`)
          .set('X-API-Key', narrow.secret)
          .send({ scopes: ['calls:read', 'calls:write'] }),
        sut.http
          .post(keys)
          .set('X-API-Key', narrow.secret)
          .send({ name: 'wider', scopes: ['calls:write'] }),
      ]);
      for (const res of refusals) {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({
          code: 'FORBIDDEN',
          details: { required_scope: 'calls:write' },
        });
      }
      await sut.http.get('/v1/me').set('X-API-Key', writer.secret).expect(200);
      const rotated = await sut.http
        .post(`${keys}/${reader.id}/rotate`)
        .set('X-API-Key', narrow.secret)
        .send({ overlap_seconds: 0 })
        .expect(200);
      await sut.http.get('/v1/calls').set('X-API-Key', rotated.body.data.secret).expect(200);
      await sut.http.delete(`${keys}/${reader.id}`).set('X-API-Key', narrow.secret).expect(200);
    });

    it('restores a revoked bootstrap key at start-up', async () => {
      const { keyId } = await bootstrap();
      const dataSource = sut.app.get<DataSource>(getDataSourceToken());
      await dataSource.query(
        `UPDATE api_keys SET revoked_at = now(), scopes = '{calls:read}' WHERE id = $1`,
        [keyId],
      );
      await sut.app.get(ApiKeyAuthenticator).invalidate();
      await sut.http.get('/v1/me').set('X-API-Key', sut.bootstrapKey).expect(401);

      const restarted = await createTestApp();
      try {
        const me = await restarted.http
          .get('/v1/me')
          .set('X-API-Key', restarted.bootstrapKey)
          .expect(200);
        expect(me.body.data.api_key.id).toBe(keyId);
        expect(me.body.data.api_key.scopes).toContain('platform:admin');
        expect(me.body.data.api_key.revoked_at).toBeNull();
      } finally {
        await restarted.close();
      }
    });
  });

  it('rejects invalid input with VALIDATION_ERROR naming the field', async () => {
    const res = await sut.http
      .post(`/v1/organizations/${org.organizationId}/api-keys`)
      .set('X-API-Key', org.adminKey)
      .send({ name: 'x', scopes: ['calls:read', 'platform:admin'] })
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field: 'scopes' },
    });
    const unknown = await sut.http
      .post(`/v1/organizations/${org.organizationId}/api-keys`)
      .set('X-API-Key', org.adminKey)
      .send({ name: 'x', scopes: [], colour: 'red' })
      .expect(400);
    expect(unknown.body.error.details).toEqual({ field: 'colour', expected: 'no such field' });
  });
});
