import { randomUUID } from 'node:crypto';
import { Transactions } from '../../src/database/transactions.js';
import { CallBatchRepository } from '../../src/modules/calls/call-batch.repository.js';
import type { Call } from '../../src/modules/calls/call.entity.js';
import { CallRepository, type NewCall } from '../../src/modules/calls/call.repository.js';
import { ContactRepository } from '../../src/modules/contacts/contact.repository.js';
import { createOrganization } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/** The calls module's repositories, on the real database: another organization's id finds and changes nothing. */
describe('Call and call batch repositories', () => {
  let app: TestApp;
  let calls: CallRepository;
  let batches: CallBatchRepository;
  let orgA: string;
  let orgB: string;

  /** A finished call (the pipeline and the sweep leave it alone) of `organizationId`. */
  const newCall = async (organizationId: string, fields: NewCall = {}): Promise<Call> => {
    const [call] = await calls.insertMany(organizationId, [
      {
        userId: `rep-${randomUUID()}`,
        status: 'completed',
        startedAt: new Date(),
        durationSeconds: 60,
        qualityScore: 80,
        ...fields,
      },
    ]);
    return call;
  };

  beforeAll(async () => {
    app = await createTestApp();
    calls = app.app.get(CallRepository);
    batches = app.app.get(CallBatchRepository);
    orgA = (await createOrganization(app)).organizationId;
    orgB = (await createOrganization(app)).organizationId;
  });

  afterAll(() => app.close());

  describe(CallRepository.name, () => {
    it("does not read another organization's call by id, by fields or locked", async () => {
      const call = await newCall(orgA, { title: 'A call' });

      expect(await calls.findById(orgB, call.id)).toBeNull();
      expect(await calls.findFields(orgB, call.id, ['title'])).toBeNull();
      await app.app.get(Transactions).run(async (manager) => {
        expect(await calls.lockById(orgB, call.id, manager)).toBeNull();
        expect(await calls.lockById(orgA, call.id, manager)).toMatchObject({ id: call.id });
      });
      expect(await calls.findById(orgA, call.id)).toMatchObject({ title: 'A call' });
      expect(await calls.findFields(orgA, call.id, ['title'])).toEqual({
        id: call.id,
        title: 'A call',
      });
    });

    it("lists, counts and sums only the organization's own calls", async () => {
      const contactId = randomUUID();
      const userId = `rep-${randomUUID()}`;
      const own = await newCall(orgA, { userId, contactId });
      await newCall(orgB, { userId, contactId });
      const filter = { userId, limit: 10, offset: 0 };

      const [page, total] = await calls.listSummaries(orgA, filter);
      expect(page.map((c) => c.id)).toEqual([own.id]);
      expect(total).toBe(1);
      expect(await calls.completedStatsForContact(orgA, contactId)).toEqual({
        calls: 1,
        totalDurationSeconds: 60,
        avgQualityScore: 80,
      });

      const stranger = randomUUID();
      expect(await calls.listSummaries(stranger, filter)).toEqual([[], 0]);
      expect(await calls.completedStatsForContact(stranger, contactId)).toEqual({
        calls: 0,
        totalDurationSeconds: 0,
        avgQualityScore: null,
      });
    });

    it("shows a listed call's contact only when its own organization has it", async () => {
      const contacts = app.app.get(ContactRepository);
      const theirs = await contacts.create(orgB, { name: 'Pat B', company: null });
      const ours = await contacts.create(orgA, { name: 'Pat A', company: null });
      const userId = `rep-${randomUUID()}`;
      const strayCall = await newCall(orgA, { userId, contactId: theirs.id });
      const ownCall = await newCall(orgA, { userId, contactId: ours.id });
      const noContact = await newCall(orgA, { userId });

      const [page] = await calls.listSummaries(orgA, { userId, limit: 10, offset: 0 });
      const contactOf = (id: string) => page.find((c) => c.id === id)?.contact;
      expect(page).toHaveLength(3);
      expect(contactOf(strayCall.id)).toBeNull();
      expect(contactOf(ownCall.id)).toEqual({ id: ours.id, name: 'Pat A' });
      expect(contactOf(noContact.id)).toBeNull();
    });

    it("does not find another organization's external ids", async () => {
      const externalId = `ext-${randomUUID()}`;
      const call = await newCall(orgA, { externalId });

      expect(await calls.findByExternalIds(orgB, [externalId])).toEqual([]);
      expect(await calls.findByExternalIds(orgA, [externalId])).toEqual([
        { id: call.id, externalId },
      ]);
      // The same external id is free in another organization.
      await expect(newCall(orgB, { externalId })).resolves.toMatchObject({ externalId });
    });

    it("does not change another organization's call", async () => {
      const call = await newCall(orgA, { title: 'unchanged', status: 'queued' });

      expect(await calls.update(orgB, call.id, { title: 'taken' })).toBe(false);
      expect(await calls.startProcessing(orgB, call.id)).toBeNull();
      expect(await calls.findById(orgA, call.id)).toMatchObject({
        title: 'unchanged',
        mismoXml: null,
        status: 'queued',
        attempts: 0,
      });

      const started = await calls.startProcessing(orgA, call.id);
      // Answered from the UPDATE's RETURNING, converted as a read converts the row.
      expect(started).toEqual(await calls.findById(orgA, call.id));
      expect(started).toMatchObject({ status: 'processing', attempts: 1, title: 'unchanged' });
      await app.app.get(Transactions).run(async (manager) => {
        expect(
          await calls.completeProcessing(orgB, call.id, { mismoXml: '<x/>' }, manager),
        ).toBeNull();
      });
      expect(await calls.markFailed(orgB, call.id, 'taken')).toBeNull();
      expect(await calls.findById(orgA, call.id)).toMatchObject({ status: 'processing' });
      expect(await calls.markFailed(orgA, call.id, 'given up')).toMatchObject({
        status: 'failed',
      });
      expect(await calls.findById(orgA, call.id)).toMatchObject({
        status: 'failed',
        failureReason: 'given up',
        attempts: 1,
      });
    });

    it("stores the pipeline's results with the completion, once", async () => {
      const call = await newCall(orgA, { status: 'processing' });
      const transactions = app.app.get(Transactions);

      const completed = await transactions.run((manager) =>
        calls.completeProcessing(orgA, call.id, { mismoXml: '<a/>', qualityScore: 80 }, manager),
      );
      // A second run of the same call, completing it after the first, stores nothing.
      const again = await transactions.run((manager) =>
        calls.completeProcessing(orgA, call.id, { mismoXml: '<b/>', qualityScore: 10 }, manager),
      );

      expect(completed).toMatchObject({ status: 'completed', mismoXml: '<a/>', qualityScore: 80 });
      expect(completed).toEqual(await calls.findById(orgA, call.id));
      expect(again).toBeNull();
      expect(await calls.findFields(orgA, call.id, ['mismoXml', 'qualityScore'])).toMatchObject({
        mismoXml: '<a/>',
        qualityScore: 80,
      });
    });

    it('stays scoped inside a transaction someone else started', async () => {
      const call = await newCall(orgA, { title: 'unchanged' });
      await app.app.get(Transactions).run(async (manager) => {
        expect(await calls.findById(orgB, call.id, manager)).toBeNull();
        expect(await calls.update(orgB, call.id, { title: 'taken' }, manager)).toBe(false);
        expect(await calls.update(orgA, call.id, { title: 'changed' }, manager)).toBe(true);
      });
      expect(await calls.findById(orgA, call.id)).toMatchObject({ title: 'changed' });
    });
  });

  describe(CallBatchRepository.name, () => {
    it("does not read another organization's batch or its calls", async () => {
      const batch = await batches.create(orgA, 1);
      const member = await newCall(orgA, { batchId: batch.id, metadata: { batch_index: 0 } });

      expect(await batches.findById(orgB, batch.id)).toBeNull();
      expect(await calls.findBatchMembers(orgB, batch.id)).toEqual([]);
      expect(await batches.findById(orgA, batch.id)).toMatchObject({ id: batch.id, total: 1 });
      expect((await calls.findBatchMembers(orgA, batch.id)).map((c) => c.id)).toEqual([member.id]);
    });
  });
});
