import { randomUUID } from 'node:crypto';
import { Transactions } from '../../src/database/transactions.js';
import { CallDailyRollupRepository } from '../../src/modules/analytics/rollup/call-daily-rollup.repository.js';
import { ContactRepository } from '../../src/modules/contacts/contact.repository.js';
import { CrmIntegrationRepository } from '../../src/modules/integrations/crm/crm-integration.repository.js';
import { DEFAULT_CHECKLIST } from '../../src/modules/quality/checklists/default-checklist.js';
import { QualityChecklistRepository } from '../../src/modules/quality/checklists/quality-checklist.repository.js';
import {
  CrmSync,
  DISCONNECTED_BEFORE_SYNC,
} from '../../src/modules/tasks/crm-sync/crm-sync.service.js';
import { NewTask, TaskRepository } from '../../src/modules/tasks/task.repository.js';
import { createOrganization, OrgWithKey } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/** A detected task waiting for its CRM push. */
const pendingTask = (callId: string, fingerprint: string): NewTask => ({
  callId,
  title: 'Send the loan estimate',
  description: null,
  dueAt: null,
  assigneeUserId: 'rep-1',
  status: 'open',
  source: { speaker: 'Dana', role: 'agent', quote: 'I will send it', start: 1, segment_index: 0 },
  fingerprint,
  position: 0,
  crmProvider: 'hubspot',
  crmState: 'pending',
});

/**
 * The repositories of contacts, tasks, CRM connections, quality checklists and the daily
 * roll-up on the real database: what one organization stores is not read, changed or deleted
 * through another organization's id.
 */
describe('Tenant scoping of the contacts, tasks, integrations, quality and analytics tables', () => {
  let sut: TestApp;
  let a: OrgWithKey;
  let b: OrgWithKey;
  const inTransaction = <T>(work: Parameters<Transactions['run']>[0]) =>
    sut.app.get(Transactions).run(work) as Promise<T>;

  beforeAll(async () => {
    sut = await createTestApp();
    [a, b] = [await createOrganization(sut), await createOrganization(sut)];
  });

  afterAll(() => sut.close());

  describe(ContactRepository.name, () => {
    let repo: ContactRepository;
    let contactId: string;
    const email = { kind: 'email' as const, value: 'pat@example.com' };

    beforeAll(async () => {
      repo = sut.app.get(ContactRepository);
      contactId = (await repo.create(a.organizationId, { name: 'Pat', company: null })).id;
      await repo.claimIdentifiers(a.organizationId, contactId, [email]);
      await repo.addDetails(
        a.organizationId,
        contactId,
        { emails: [email.value], phones: [] },
        { name: null, company: null },
      );
    });

    const stored = () => repo.findById(a.organizationId, contactId);

    it('reads a contact only with its organization', async () => {
      expect(await stored()).toMatchObject({ id: contactId, emails: [email.value] });
      expect(await repo.findById(b.organizationId, contactId)).toBeNull();
      expect(await inTransaction((m) => repo.lockById(b.organizationId, contactId, m))).toBeNull();
      expect(
        await repo.list(b.organizationId, { email: email.value, limit: 10, offset: 0 }),
      ).toEqual([[], 0]);
      expect(await repo.identifierOwners(b.organizationId, [email])).toEqual(new Map());
    });

    it('changes and deletes a contact only with its organization', async () => {
      const contact = (await stored())!;
      contact.name = 'Changed';
      await expect(repo.save(b.organizationId, contact)).rejects.toThrow(/not of organization/);
      await repo.countCall(b.organizationId, contactId, new Date());
      await repo.addDetails(
        b.organizationId,
        contactId,
        { emails: ['other@example.com'], phones: [] },
        { name: null, company: 'Other' },
      );
      await repo.releaseIdentifiers(b.organizationId, contactId, [email]);
      await repo.delete(b.organizationId, contactId);

      expect(await stored()).toMatchObject({
        name: 'Pat',
        company: null,
        emails: [email.value],
        callCount: 0,
        lastCallAt: null,
      });
      expect(await repo.identifierOwners(a.organizationId, [email])).toEqual(
        new Map([['email:pat@example.com', contactId]]),
      );
    });

    it('de-duplicates identifiers within an organization, not across organizations', async () => {
      const other = await repo.create(b.organizationId, { name: 'Pat at B', company: null });
      expect(await repo.claimIdentifiers(b.organizationId, other.id, [email])).toEqual([email]);
      expect(await repo.identifierOwners(a.organizationId, [email])).toEqual(
        new Map([['email:pat@example.com', contactId]]),
      );
    });
  });

  describe(TaskRepository.name, () => {
    let repo: TaskRepository;
    let taskId: string;
    const callId = randomUUID();
    const newTask = (fingerprint: string) => pendingTask(callId, fingerprint);

    beforeAll(async () => {
      repo = sut.app.get(TaskRepository);
      [{ id: taskId }] = await repo.insertNew(a.organizationId, [newTask('f1')]);
    });

    const stored = () => repo.findById(a.organizationId, taskId);

    it('reads a task only with its organization', async () => {
      expect(await stored()).toMatchObject({ id: taskId, crmState: 'pending' });
      expect(await repo.findById(b.organizationId, taskId)).toBeNull();
      expect(await repo.list(b.organizationId, { callId, limit: 10, offset: 0 })).toEqual([[], 0]);
      expect(await inTransaction((m) => repo.lockById(b.organizationId, taskId, m))).toBeNull();
    });

    it('changes a task only with its organization', async () => {
      const task = (await stored())!;
      task.title = 'Changed';
      await expect(repo.save(b.organizationId, task)).rejects.toThrow(/not of organization/);
      await repo.noteCrmPushError(b.organizationId, taskId, 'noted through another organization');
      await repo.failCrmPush(b.organizationId, taskId, 'failed through another organization');
      await repo.failPendingCrmPushes(b.organizationId, 'failed through another organization');

      expect(await stored()).toMatchObject({
        title: 'Send the loan estimate',
        crmState: 'pending',
        crmLastError: null,
      });
    });

    it('finds pending pushes across organizations only through the method that says so', async () => {
      const [{ id: taskOfB }] = await repo.insertNew(b.organizationId, [newTask('f2')]);

      const pending = await repo.findPendingCrmPushesAcrossOrganizations(0, 10_000);

      expect(pending).toEqual(
        expect.arrayContaining([
          { id: taskId, organizationId: a.organizationId },
          { id: taskOfB, organizationId: b.organizationId },
        ]),
      );
    });
  });

  // Organizations of their own: the tasks above, pending with no connection, are never pushed.
  describe(CrmIntegrationRepository.name, () => {
    let repo: CrmIntegrationRepository;
    let c: OrgWithKey;
    let d: OrgWithKey;

    beforeAll(async () => {
      repo = sut.app.get(CrmIntegrationRepository);
      [c, d] = [await createOrganization(sut), await createOrganization(sut)];
      await repo.upsert(c.organizationId, {
        provider: 'hubspot',
        accessTokenEncrypted: 'sealed',
        baseUrl: 'https://api.hubapi.example',
      });
    });

    const stored = () => repo.find(c.organizationId);

    it('reads a connection only with its organization', async () => {
      expect(await stored()).toMatchObject({ status: 'connected' });
      expect(await repo.find(d.organizationId)).toBeNull();
      expect(await inTransaction((m) => repo.lock(d.organizationId, m))).toBeNull();
    });

    it('changes and deletes a connection only with its organization', async () => {
      const { id } = (await stored())!;
      await repo.recordSynced(d.organizationId, new Date());
      await repo.recordError(d.organizationId, id, {
        message: 'through another organization',
        broken: true,
      });
      await repo.delete(d.organizationId, id);

      expect(await stored()).toMatchObject({
        id,
        status: 'connected',
        lastError: null,
        lastSyncedAt: null,
      });
    });

    it("disconnecting gives up on the organization's pending pushes, and no other's", async () => {
      const tasks = sut.app.get(TaskRepository);
      const [{ id: ofC }] = await tasks.insertNew(c.organizationId, [
        pendingTask(randomUUID(), 'f'),
      ]);
      const [{ id: ofD }] = await tasks.insertNew(d.organizationId, [
        pendingTask(randomUUID(), 'f'),
      ]);

      await sut.http.delete('/v1/integrations/crm').set('X-API-Key', c.adminKey).expect(200);

      expect(await repo.find(c.organizationId)).toBeNull();
      expect(await tasks.findById(c.organizationId, ofC)).toMatchObject({
        crmState: 'failed',
        crmLastError: DISCONNECTED_BEFORE_SYNC,
      });
      expect(await tasks.findById(d.organizationId, ofD)).toMatchObject({
        crmState: 'pending',
        crmLastError: null,
      });
    });

    it('gives up on a push that finds no connection, instead of leaving it pending for the sweep', async () => {
      const tasks = sut.app.get(TaskRepository);
      // As task detection can, just after the disconnect above gave up on the others.
      const [{ id: late }] = await tasks.insertNew(c.organizationId, [
        pendingTask(randomUUID(), 'g'),
      ]);

      await sut.app.get(CrmSync).push({ organizationId: c.organizationId, taskId: late }, false);

      expect(await tasks.findById(c.organizationId, late)).toMatchObject({
        crmState: 'failed',
        crmLastError: DISCONNECTED_BEFORE_SYNC,
      });
    });
  });

  describe(QualityChecklistRepository.name, () => {
    let repo: QualityChecklistRepository;
    let checklistId: string;

    beforeAll(async () => {
      repo = sut.app.get(QualityChecklistRepository);
      checklistId = (await repo.insert(a.organizationId, 1, DEFAULT_CHECKLIST)).id;
    });

    it('reads a version only with its organization', async () => {
      expect(await repo.findById(a.organizationId, checklistId)).toMatchObject({ version: 1 });
      expect(await repo.findById(b.organizationId, checklistId)).toBeNull();
      expect(await repo.findLatest(b.organizationId)).toBeNull();
    });

    it("numbers versions per organization: another organization's version 1 is its own", async () => {
      await repo.insertIfAbsent(b.organizationId, 1, { ...DEFAULT_CHECKLIST, name: 'B' });
      await repo.insertIfAbsent(a.organizationId, 1, { ...DEFAULT_CHECKLIST, name: 'not stored' });

      expect(await repo.findLatest(a.organizationId)).toMatchObject({
        id: checklistId,
        name: DEFAULT_CHECKLIST.name,
      });
      expect(await repo.findLatest(b.organizationId)).toMatchObject({ version: 1, name: 'B' });
    });
  });

  describe(CallDailyRollupRepository.name, () => {
    let repo: CallDailyRollupRepository;
    const startedAt = new Date('2025-03-10T15:00:00.000Z');
    const range = { startDay: '2025-03-10', endDay: '2025-03-10', userIds: null };
    const members = async (organizationId: string) =>
      (await repo.teamTotals(organizationId, range)).filter((row) => row.user_id !== null);

    beforeAll(async () => {
      repo = sut.app.get(CallDailyRollupRepository);
    });

    it("rolls up a call only with its organization, and moves only that organization's sums", async () => {
      const call = {
        organizationId: a.organizationId,
        userId: 'rep-1',
        userName: null,
        startedAt,
        direction: 'outbound' as const,
        durationSeconds: 60,
        qualityScore: 80,
        analysis: null,
      };

      // The roll-up is written from the call's own values, for the call's organization only.
      await inTransaction((m) => repo.addCompletedCall(call, m));
      expect(await members(b.organizationId)).toEqual([]);
      await inTransaction((m) =>
        repo.moveQualityScore(
          b.organizationId,
          { userId: 'rep-1', startedAt, score: 10, previousScore: 80 },
          m,
        ),
      );
      await inTransaction((m) =>
        repo.addTasksCreated(a.organizationId, 'rep-1', range.startDay, 2, m),
      );

      expect(await members(a.organizationId)).toEqual([
        expect.objectContaining({
          user_id: 'rep-1',
          calls: 1,
          avg_quality_score: 80,
          tasks_created: 2,
        }),
      ]);
      expect(await members(b.organizationId)).toEqual([]);
      expect(await repo.teamDaily(b.organizationId, range)).toEqual([
        expect.objectContaining({ user_id: null, calls: [] }),
      ]);
    });
  });
});
