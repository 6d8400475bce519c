import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../api-keys/auth-context.js';
import { AppError } from '../../common/errors/app-error.js';
import type { JobQueue } from '../../queue/job-queue.js';
import { QueueName } from '../../queue/queue-names.js';
import type { Transactions } from '../../database/transactions.js';
import type { CallRecord, CallResultChanges } from '../calls/call.types.js';
import type { CallsService } from '../calls/calls.service.js';
import type { ChecklistService } from './checklists/checklist.service.js';
import { DEFAULT_CHECKLIST } from './checklists/default-checklist.js';
import type { QualityChecklist } from './checklists/quality-checklist.entity.js';
import type { QualityScoreNotifier } from './quality-score-notifier.service.js';
import { RESCORE_CALL_JOB } from './jobs/rescore-call.job.js';
import { QualityService } from './quality.service.js';
import { scoreCall } from './scoring/quality-scorer.js';
import { AGENT, CUSTOMER, buildAnalysis, segment } from './testing/call.factory.js';

const ORG = 'org-1';
const segments = [
  segment(AGENT, 0, 6, 'Hi Tom, this is Sarah from Acme Lending, on a recorded line.'),
  segment(CUSTOMER, 6, 12, 'Hi Sarah.'),
  segment(AGENT, 12, 20, "I'll send you the forms. Next step is an appraisal."),
];
const analysis = buildAnalysis({ agent_talk_ratio: 0.6 });

const v1 = {
  id: 'checklist-v1',
  organizationId: ORG,
  version: 1,
  name: DEFAULT_CHECKLIST.name,
  items: DEFAULT_CHECKLIST.items,
  createdAt: new Date(),
} as QualityChecklist;
const v2 = { ...v1, id: 'checklist-v2', version: 2, items: v1.items.slice(0, 2) };

function completedCall(overrides: Partial<CallRecord> = {}): CallRecord {
  const quality = { ...scoreCall(v1, { segments, analysis }), scored_at: '2025-01-01T00:00:00Z' };
  return {
    id: 'call-1',
    organizationId: ORG,
    status: 'completed',
    transcript: { format: 'aila_json', language: 'en', segments },
    analysis,
    quality,
    qualityScore: quality.score,
    ...overrides,
  } as CallRecord;
}

describe(QualityService.name, () => {
  let stored: CallRecord | null;
  let updates: { criteria: unknown; values: CallResultChanges }[];
  let notified: [CallRecord, number | null, EntityManager][];
  let queued: unknown[];
  let manager: EntityManager;
  let sut: QualityService;

  beforeEach(() => {
    stored = completedCall();
    updates = [];
    notified = [];
    queued = [];
    manager = {} as EntityManager;
    const read = async () => (stored ? { ...stored } : null);
    const save = async (organizationId: string, id: string, values: CallResultChanges) => {
      updates.push({ criteria: { id, organizationId }, values });
      return true;
    };
    const calls = {
      findFields: read,
      lockRecord: read,
      saveResults: save,
    } as unknown as CallsService;
    const transactions = {
      run: <T>(work: (m: EntityManager) => Promise<T>) => work(manager),
    } as unknown as Transactions;
    const checklists = {
      active: async () => v2,
      find: async (_m: EntityManager, _org: string, id: string) =>
        [v1, v2].find((c) => c.id === id) ?? null,
    } as unknown as ChecklistService;
    const notifier = {
      scoreChanged: async (call: CallRecord, previous: number | null, m: EntityManager) => {
        notified.push([{ ...call }, previous, m]);
      },
    } as unknown as QualityScoreNotifier;
    const queue = {
      add: async (...args: unknown[]) => {
        queued.push(args);
      },
    } as unknown as JobQueue;
    sut = new QualityService(calls, transactions, checklists, notifier, queue);
  });

  describe('override', () => {
    const auth = { organization: { id: ORG }, apiKey: { id: 'key-1' } } as AuthContext;

    it('stores the recomputed score and tells the listeners in the same transaction', async () => {
      // intro, disclosure, next steps, ratio, promises pass (80 of 100); questions fail
      expect(stored?.qualityScore).toBe(80);

      const quality = await sut.override(auth, 'call-1', 'discovery-questions', {
        passed: true,
        note: 'Asked by email',
      });

      expect(quality.score).toBe(100);
      expect(quality.items[2]).toMatchObject({
        result: 'passed',
        automatic_result: 'failed',
        override: { passed: true, note: 'Asked by email', by_key_id: 'key-1' },
      });
      expect(updates).toEqual([
        { criteria: { id: 'call-1', organizationId: ORG }, values: { quality, qualityScore: 100 } },
      ]);
      expect(notified).toHaveLength(1);
      expect(notified[0][0].qualityScore).toBe(100);
      expect(notified[0][1]).toBe(80);
      expect(notified[0][2]).toBe(manager);
    });

    it('answers 404 not_scored for a call without a score, and 404 for an unknown item', async () => {
      const body = { passed: true, note: 'x' };
      stored = completedCall({ quality: null, qualityScore: null });
      const unscored = sut.override(auth, 'call-1', 'next-steps', body);
      await expect(unscored).rejects.toMatchObject({ details: { reason: 'not_scored' } });

      stored = completedCall();
      const unknown = sut.override(auth, 'call-1', 'no-such-item', body);
      await expect(unknown).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(updates).toEqual([]);
    });
  });

  describe('rescore', () => {
    it('scores against the version the job names and tells the listeners', async () => {
      await sut.rescore({ organizationId: ORG, callId: 'call-1', checklistId: 'checklist-v2' });

      // v2 keeps only intro and disclosure, both passed
      expect(updates).toHaveLength(1);
      expect(updates[0].values).toMatchObject({
        quality: { checklist_id: 'checklist-v2', checklist_version: 2, score: 100 },
        qualityScore: 100,
      });
      expect(notified.map(([call, previous]) => [call.qualityScore, previous])).toEqual([
        [100, 80],
      ]);
    });

    it('leaves a call that can no longer be rescored alone', async () => {
      stored = completedCall({ status: 'failed' });

      await sut.rescore({ organizationId: ORG, callId: 'call-1', checklistId: 'checklist-v2' });

      expect(updates).toEqual([]);
      expect(notified).toEqual([]);
    });
  });

  describe('requestRescore', () => {
    it('queues a job for the active version', async () => {
      const sutResult = await sut.requestRescore(ORG, 'call-1');

      expect(sutResult).toEqual({ callId: 'call-1', checklist: v2 });
      expect(queued).toEqual([
        [
          QueueName.Quality,
          RESCORE_CALL_JOB,
          { organizationId: ORG, callId: 'call-1', checklistId: 'checklist-v2' },
        ],
      ]);
    });

    it.each([
      ['a call still processing', { status: 'processing' as const }],
      ['a call without a transcript', { transcript: null }],
    ])('refuses %s with 409', async (_label, overrides) => {
      stored = completedCall(overrides);

      const request = sut.requestRescore(ORG, 'call-1');

      await expect(request).rejects.toBeInstanceOf(AppError);
      await expect(request).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(queued).toEqual([]);
    });
  });

  describe('scoreProcessedCall', () => {
    it('answers the first score for the pipeline to store, and none for a call scored already', async () => {
      const first = await sut.scoreProcessedCall(
        completedCall({ quality: null, qualityScore: null }),
      );
      const again = await sut.scoreProcessedCall(completedCall());

      expect(first).toMatchObject({ qualityScore: 100, quality: { score: 100 } });
      expect(again).toBeUndefined();
      // The pipeline stores it with the call's completion; scoring itself writes nothing.
      expect(updates).toEqual([]);
      expect(notified).toEqual([]);
    });
  });
});
