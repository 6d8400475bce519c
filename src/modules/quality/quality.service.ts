import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../api-keys/auth-context.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { JobQueue } from '../../queue/job-queue.js';
import { QueueName } from '../../queue/queue-names.js';
import { Transactions } from '../../database/transactions.js';
import type { CallRecord, CallResultChanges, StoredCallQuality } from '../calls/call.types.js';
import { CallsService } from '../calls/calls.service.js';
import { ChecklistService, toVersionedChecklist } from './checklists/checklist.service.js';
import type { QualityChecklist } from './checklists/quality-checklist.entity.js';
import type { OverrideQualityItemDto } from './dto/override-quality-item.dto.js';
import { RESCORE_CALL_JOB, type RescoreCallJob } from './jobs/rescore-call.job.js';
import { QualityScoreNotifier } from './quality-score-notifier.service.js';
import type { QualityResult } from './scoring/quality-result.types.js';
import {
  applyOverride,
  QualityItemNotFoundError,
  reapplyOverrides,
  scoreCall,
} from './scoring/quality-scorer.js';

function hasTranscript(call: Pick<CallRecord, 'transcript'>): boolean {
  return (call.transcript?.segments.length ?? 0) > 0;
}

function isRescorable(call: Pick<CallRecord, 'status' | 'transcript'>): boolean {
  return call.status === 'completed' && hasTranscript(call);
}

function score(
  checklist: QualityChecklist,
  call: Pick<CallRecord, 'transcript' | 'analysis'>,
): QualityResult {
  return scoreCall(toVersionedChecklist(checklist), {
    segments: call.transcript?.segments ?? null,
    analysis: call.analysis,
  });
}

function notScored(call: Pick<CallRecord, 'status'>): AppError {
  return new AppError(ErrorCode.NotFound, 'The call has not been scored', {
    reason: 'not_scored',
    call_status: call.status,
  });
}

/** Scoring calls against their organization's checklist, rescoring them, and reviewers' overrides. */
@Injectable()
export class QualityService {
  constructor(
    private readonly calls: CallsService,
    private readonly transactions: Transactions,
    private readonly checklists: ChecklistService,
    private readonly notifier: QualityScoreNotifier,
    private readonly queue: JobQueue,
  ) {}

  async get(organizationId: string, callId: string): Promise<StoredCallQuality> {
    const call = await this.calls.findFields(organizationId, callId, ['status', 'quality']);
    if (!call) throw AppError.notFound('Call');
    if (!call.quality) throw notScored(call);
    return call.quality;
  }

  /**
   * The pipeline's first score, which the pipeline stores when it finishes the call. A call
   * scored already (an older run stored its score) keeps it, with any override made since.
   */
  async scoreProcessedCall(call: CallRecord): Promise<CallResultChanges | void> {
    if (call.quality !== null || !hasTranscript(call) || call.analysis === null) return;
    const checklist = await this.checklists.active(call.organizationId);
    const result = score(checklist, call);
    return {
      quality: { ...result, scored_at: new Date().toISOString() },
      qualityScore: result.score,
    };
  }

  /** Checks the call can be rescored and queues the job; the answer names the version it will use. */
  async requestRescore(
    organizationId: string,
    callId: string,
  ): Promise<{ callId: string; checklist: QualityChecklist }> {
    const call = await this.calls.findFields(organizationId, callId, ['status', 'transcript']);
    if (!call) throw AppError.notFound('Call');
    if (!isRescorable(call)) {
      throw AppError.conflict('Only a completed call with a transcript can be rescored', {
        call_status: call.status,
      });
    }
    const checklist = await this.checklists.active(organizationId);
    try {
      await this.queue.add<RescoreCallJob>(QueueName.Quality, RESCORE_CALL_JOB, {
        organizationId,
        callId,
        checklistId: checklist.id,
      });
    } catch {
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        'The job queue is unavailable; the rescore was not queued, try again later',
      );
    }
    return { callId, checklist };
  }

  /** The rescore job: scores the call against the requested version, keeping overrides of items that remain. */
  async rescore(job: RescoreCallJob): Promise<void> {
    await this.transactions.run(async (manager) => {
      const call = await this.calls.lockRecord(manager, job.organizationId, job.callId);
      if (!call || !isRescorable(call)) return;
      const checklist =
        (await this.checklists.find(manager, job.organizationId, job.checklistId)) ??
        (await this.checklists.active(job.organizationId, manager));
      await this.store(manager, call, reapplyOverrides(score(checklist, call), call.quality));
    });
  }

  async override(
    auth: AuthContext,
    callId: string,
    itemId: string,
    dto: OverrideQualityItemDto,
  ): Promise<StoredCallQuality> {
    return this.transactions.run(async (manager) => {
      const call = await this.calls.lockRecord(manager, auth.organization.id, callId);
      if (!call) throw AppError.notFound('Call');
      if (!call.quality) throw notScored(call);
      let result: QualityResult;
      try {
        result = applyOverride(call.quality, itemId, {
          passed: dto.passed,
          note: dto.note,
          by_key_id: auth.apiKey.id,
          at: new Date().toISOString(),
        });
      } catch (err) {
        if (err instanceof QualityItemNotFoundError) {
          throw new AppError(ErrorCode.NotFound, err.message, { item_id: itemId });
        }
        throw err;
      }
      return this.store(manager, call, result);
    });
  }

  /** Writes a changed score and tells the listeners, in the caller's transaction. */
  private async store(
    manager: EntityManager,
    call: CallRecord,
    result: QualityResult,
  ): Promise<StoredCallQuality> {
    const quality: StoredCallQuality = { ...result, scored_at: new Date().toISOString() };
    const changes = { quality, qualityScore: result.score };
    await this.calls.saveResults(call.organizationId, call.id, changes, manager);
    await this.notifier.scoreChanged({ ...call, ...changes }, call.qualityScore, manager);
    return quality;
  }
}
