import { randomUUID } from 'node:crypto';
import { Transactions } from '../../src/database/transactions.js';
import { ApiKeyRepository } from '../../src/modules/api-keys/api-key.repository.js';
import type { ApiKey } from '../../src/modules/api-keys/api-key.entity.js';
import { OrganizationRepository } from '../../src/modules/organizations/organization.repository.js';
import type { Organization } from '../../src/modules/organizations/organization.entity.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/** The organizations and api-keys modules' repositories, on the real database. */
describe('Organization and API key repositories', () => {
  let app: TestApp;
  let organizations: OrganizationRepository;
  let keys: ApiKeyRepository;
  let orgA: Organization;
  let orgB: Organization;

  const newKey = (organizationId: string, name = 'key'): Promise<ApiKey> =>
    keys.create(organizationId, {
      name,
      prefix: 'aila_live_TEST',
      secretHash: randomUUID(),
      scopes: ['calls:read'],
      rateLimit: null,
      rateWindowSeconds: null,
      expiresAt: null,
    });

  beforeAll(async () => {
    app = await createTestApp();
    organizations = app.app.get(OrganizationRepository);
    keys = app.app.get(ApiKeyRepository);
    orgA = await organizations.create({ name: `A ${randomUUID()}`, plan: 'standard' });
    orgB = await organizations.create({ name: `B ${randomUUID()}`, plan: 'standard' });
  });

  afterAll(() => app.close());

  describe(ApiKeyRepository.name, () => {
    it("does not find another organization's key by id", async () => {
      const key = await newKey(orgA.id);
      expect(await keys.findById(orgB.id, key.id)).toBeNull();
      expect(await keys.findById(orgA.id, key.id)).toMatchObject({ id: key.id, name: 'key' });
    });

    it("lists only the organization's own keys", async () => {
      const own = await newKey(orgB.id, 'own');
      const foreign = await newKey(orgA.id, 'foreign');
      const [page, total] = await keys.findPage(orgB.id, 100, 0);
      const ids = page.map((k) => k.id);
      expect(ids).toContain(own.id);
      expect(ids).not.toContain(foreign.id);
      expect(page.every((k) => k.organizationId === orgB.id)).toBe(true);
      expect(total).toBe(page.length);
    });

    it("does not change another organization's key", async () => {
      const key = await newKey(orgA.id, 'unchanged');
      const at = new Date();
      expect(await keys.update(orgB.id, key.id, { name: 'taken', revokedAt: at })).toBe(false);
      expect(await keys.findById(orgA.id, key.id)).toMatchObject({
        name: 'unchanged',
        revokedAt: null,
      });
      expect(await keys.update(orgA.id, key.id, { revokedAt: at })).toBe(true);
      expect((await keys.findById(orgA.id, key.id))?.revokedAt).toEqual(at);
    });

    it('stays scoped inside a transaction someone else started', async () => {
      const key = await newKey(orgA.id);
      await app.app.get(Transactions).run(async (manager) => {
        expect(await keys.findById(orgB.id, key.id, manager)).toBeNull();
        expect(await keys.update(orgB.id, key.id, { name: 'taken' }, manager)).toBe(false);
        expect(await keys.findById(orgA.id, key.id, manager)).not.toBeNull();
      });
    });

    it('finds a key by its secret across organizations only while it is live, with its organization', async () => {
      const key = await newKey(orgB.id);
      const found = await keys.findLiveBySecretHashAcrossOrganizations(key.secretHash);
      expect(found).toMatchObject({ id: key.id, organization: { id: orgB.id } });
      await keys.update(orgB.id, key.id, { revokedAt: new Date() });
      expect(await keys.findLiveBySecretHashAcrossOrganizations(key.secretHash)).toBeNull();
      expect(await keys.findBySecretHashAcrossOrganizations(key.secretHash)).toMatchObject({
        id: key.id,
      });
    });

    it('records last use without moving it backwards', async () => {
      const key = await newKey(orgA.id);
      const later = new Date('2030-01-01T00:00:00.000Z');
      await keys.recordLastUsedAcrossOrganizations([[key.id, later]]);
      await keys.recordLastUsedAcrossOrganizations([[key.id, new Date('2029-01-01T00:00:00Z')]]);
      expect((await keys.findById(orgA.id, key.id))?.lastUsedAt).toEqual(later);
    });
  });

  describe(OrganizationRepository.name, () => {
    it('creates, finds and saves an organization by its id', async () => {
      const created = await organizations.create({
        name: `Created ${randomUUID()}`,
        plan: 'enterprise',
        vertical: 'mortgage',
        defaultRegion: 'GB',
      });
      expect(await organizations.findById(created.id)).toMatchObject({
        plan: 'enterprise',
        vertical: 'mortgage',
        defaultRegion: 'GB',
      });
      expect(await organizations.findDefaultRegion(created.id)).toBe('GB');
      created.plan = 'standard';
      await organizations.save(created);
      expect((await organizations.findById(created.id))?.plan).toBe('standard');
      expect(await organizations.findById(randomUUID())).toBeNull();
      expect(await organizations.findDefaultRegion(randomUUID())).toBeUndefined();
    });

    it('defaults an organization to the general vertical in the US', async () => {
      const created = await organizations.create({
        name: `Plain ${randomUUID()}`,
        plan: 'standard',
      });
      expect(await organizations.findById(created.id)).toMatchObject({
        vertical: 'general',
        defaultRegion: 'US',
      });
    });

    it('finds the oldest of organizations sharing a name', async () => {
      const name = `Same ${randomUUID()}`;
      const first = await organizations.create({ name, plan: 'standard' });
      await organizations.create({ name, plan: 'standard' });
      expect((await organizations.findOldestByName(name))?.id).toBe(first.id);
      expect(await organizations.findOldestByName(`None ${randomUUID()}`)).toBeNull();
    });

    it('rolls back with the transaction it was given', async () => {
      const name = `Rolled back ${randomUUID()}`;
      await expect(
        app.app.get(Transactions).run(async (manager) => {
          await organizations.lockProvisioning(manager);
          await organizations.create({ name, plan: 'standard' }, manager);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await organizations.findOldestByName(name)).toBeNull();
    });
  });
});
