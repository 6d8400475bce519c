import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../database/postgres-errors.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import { AppError } from '../../common/errors/app-error.js';
import {
  IdempotencyService,
  IdempotentResult,
} from '../../common/idempotency/idempotency.service.js';
import { rangeEndExclusive, rangeStart } from '../../common/validation/date-range.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { JobQueue } from '../../queue/job-queue.js';
import { QueueName } from '../../queue/queue-names.js';
import type { CallBatch } from './call-batch.entity.js';
import { CallBatchRepository } from './call-batch.repository.js';
import { CallContacts } from './call-contacts.js';
import type { Call } from './call.entity.js';
import type { CallSummaryRow } from './call.mapper.js';
import { CallRepository, type NewCall } from './call.repository.js';
import { CallTasks } from './call-tasks.js';
import type { CallRecord, CallResultChanges, ContactCallStats } from './call.types.js';
import { ListCallsQueryDto } from './dto/list-calls-query.dto.js';
import { PROCESS_CALL_JOB, type ProcessCallJob } from './jobs/process-call.job.js';
import { RecordingStorage, recordingKey } from './storage/recording-storage.js';
import type { AcceptedUpload } from './upload/upload.types.js';

export interface CreatedCalls {
  calls: Call[];
  batch: CallBatch | null;
}

/**
 * Accepting calls and reading them back. Accepting is ordered so nothing accepted is lost:
 * recordings are stored first, the rows are committed second, and the jobs are queued
 * last; a job that never reached the queue is queued again by the sweep.
 */
@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);

  constructor(
    private readonly calls: CallRepository,
    private readonly batches: CallBatchRepository,
    private readonly contacts: CallContacts,
    private readonly tasks: CallTasks,
    private readonly idempotency: IdempotencyService,
    private readonly storage: RecordingStorage,
    private readonly queue: JobQueue,
  ) {}

  async accept<T>(
    auth: AuthContext,
    uploads: AcceptedUpload[],
    options: {
      batch: boolean;
      idempotencyKey?: string;
      fingerprint: string;
      respond: (created: CreatedCalls) => T;
    },
  ): Promise<IdempotentResult<T>> {
    const organizationId = auth.organization.id;
    this.assertUniqueExternalIds(uploads);
    const prepared = uploads.map((upload) => ({ upload, id: randomUUID() }));
    const storedKeys: string[] = [];
    let result: IdempotentResult<T> | undefined;
    let created: CreatedCalls | undefined;
    try {
      for (const { upload, id } of prepared) {
        if (!upload.recording) continue;
        const key = recordingKey(organizationId, id);
        await this.storage.put(key, upload.recording.path, upload.recording.contentType);
        storedKeys.push(key);
      }
      result = await this.idempotency.run(
        organizationId,
        options.idempotencyKey,
        options.fingerprint,
        async (manager) => {
          created = await this.insert(manager, organizationId, prepared, options.batch);
          return { status: 202, body: options.respond(created) };
        },
      );
    } finally {
      // The request's upload files are removed by UploadFilesInterceptor whatever happens here.
      if (!result || result.replayed)
        await Promise.all(storedKeys.map((key) => this.storage.delete(key).catch(() => undefined)));
    }
    if (created && !result.replayed) await this.enqueue(created.calls);
    return result;
  }

  /** Queues processing; a failure here is logged, not returned: the rows are committed and the sweep will retry. */
  async enqueue(calls: Pick<Call, 'id' | 'organizationId'>[]): Promise<void> {
    for (const call of calls) {
      try {
        await this.queue.add<ProcessCallJob>(
          QueueName.Calls,
          PROCESS_CALL_JOB,
          { callId: call.id, organizationId: call.organizationId },
          { jobId: call.id },
        );
      } catch (err) {
        this.logger.warn(
          `Call ${call.id} is stored but not queued yet (${(err as Error).message}); the sweep will queue it`,
        );
        return;
      }
    }
  }

  /** One page of list items and the total, newest first (the API's busiest read). */
  list(organizationId: string, query: ListCallsQueryDto): Promise<[CallSummaryRow[], number]> {
    return this.calls.listSummaries(organizationId, {
      startedFrom: query.start_date ? rangeStart(query.start_date) : undefined,
      startedBefore: query.end_date ? rangeEndExclusive(query.end_date) : undefined,
      userId: query.user_id,
      status: query.status,
      direction: query.direction,
      contactId: query.contact_id,
      limit: query.limit,
      offset: query.offset,
    });
  }

  async get(organizationId: string, id: string): Promise<Call> {
    const call = await this.calls.findById(organizationId, id);
    if (!call) throw AppError.notFound('Call');
    return call;
  }

  /** The call with its contact and its tasks (in transcript order), for the single-call view. */
  async getDetails(
    organizationId: string,
    id: string,
  ): Promise<{
    call: Call;
    contact: Schemas['ContactSummary'] | null;
    tasks: Schemas['Task'][];
  }> {
    const call = await this.get(organizationId, id);
    const [contact, tasks] = await Promise.all([
      call.contactId ? this.contacts.summary(organizationId, call.contactId) : null,
      this.tasks.forCall(organizationId, id),
    ]);
    return { call, contact, tasks };
  }

  async getBatch(
    organizationId: string,
    id: string,
  ): Promise<{ batch: CallBatch; calls: Pick<Call, 'id' | 'status' | 'metadata'>[] }> {
    const batch = await this.batches.findById(organizationId, id);
    if (!batch) throw AppError.notFound('Batch');
    return { batch, calls: await this.calls.findBatchMembers(organizationId, id) };
  }

  /** The call as other modules see it; null when it is not in the organization. */
  findRecord(
    organizationId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<CallRecord | null> {
    return this.calls.findById(organizationId, id, manager);
  }

  /** Only `fields` (and the id) of the call, for reads that need no more. */
  findFields<K extends keyof CallRecord>(
    organizationId: string,
    id: string,
    fields: readonly K[],
    manager?: EntityManager,
  ): Promise<Pick<CallRecord, K | 'id'> | null> {
    return this.calls.findFields(organizationId, id, fields, manager);
  }

  /**
   * The call with its row locked until `manager`'s transaction ends, for a read, a check and a
   * write (`saveResults` with the same manager) that no other writer may interleave with.
   */
  lockRecord(
    manager: EntityManager,
    organizationId: string,
    id: string,
  ): Promise<CallRecord | null> {
    return this.calls.lockById(organizationId, id, manager);
  }

  /** Stores results of other features on the call; false when it is not in the organization. */
  saveResults(
    organizationId: string,
    id: string,
    changes: CallResultChanges,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.calls.update(organizationId, id, changes, manager);
  }

  /** Count, total duration and average score of a contact's completed calls. */
  contactStats(organizationId: string, contactId: string): Promise<ContactCallStats> {
    return this.calls.completedStatsForContact(organizationId, contactId);
  }

  private async insert(
    manager: EntityManager,
    organizationId: string,
    prepared: { upload: AcceptedUpload; id: string }[],
    asBatch: boolean,
  ): Promise<CreatedCalls> {
    await this.assertExternalIdsFree(
      manager,
      organizationId,
      prepared.map((p) => p.upload.metadata.external_id),
    );
    const batch = asBatch
      ? await this.batches.create(organizationId, prepared.length, manager)
      : null;
    const rows = prepared.map(({ upload, id }, index): NewCall => {
      const m = upload.metadata;
      return {
        id,
        externalId: m.external_id ?? null,
        userId: m.user_id,
        userName: m.user_name ?? null,
        title: m.title ?? null,
        direction: m.direction ?? null,
        status: 'queued',
        failureReason: null,
        startedAt: m.started_at ? new Date(m.started_at) : new Date(),
        durationSeconds: m.duration_seconds ?? null,
        language: m.language ?? upload.transcript?.language ?? null,
        contactId: null,
        contactInput: m.contact ? { ...m.contact } : null,
        metadata: { ...(m.metadata ?? {}), ...(batch ? { batch_index: index } : {}) },
        recording:
          upload.recording || upload.recordingUrl
            ? {
                storage_key: upload.recording ? recordingKey(organizationId, id) : null,
                source_url: upload.recordingUrl,
                filename: upload.recording?.filename ?? null,
                content_type: upload.recording?.contentType ?? null,
                size_bytes: upload.recording?.sizeBytes ?? null,
                duration_seconds: null,
                codec: null,
                channels: null,
                sample_rate: null,
              }
            : null,
        transcript: upload.transcript,
        analysis: null,
        batchId: batch?.id ?? null,
        attempts: 0,
        completedAt: null,
      };
    });
    try {
      return { calls: await this.calls.insertMany(organizationId, rows, manager), batch };
    } catch (err) {
      if (isUniqueViolation(err)) {
        // Another request took one of these external ids after our check.
        throw AppError.conflict('A call with this external_id already exists', {
          field: 'external_id',
        });
      }
      throw err;
    }
  }

  private async assertExternalIdsFree(
    manager: EntityManager,
    organizationId: string,
    externalIds: (string | undefined)[],
  ): Promise<void> {
    const ids = externalIds.filter((id): id is string => id !== undefined);
    if (ids.length === 0) return;
    const existing = await this.calls.findByExternalIds(organizationId, ids, manager);
    if (existing.length > 0) {
      throw AppError.conflict(`A call with external_id ${existing[0].externalId} already exists`, {
        field: 'external_id',
        external_id: existing[0].externalId,
        existing_call_id: existing[0].id,
      });
    }
  }

  private assertUniqueExternalIds(uploads: AcceptedUpload[]): void {
    const seen = new Map<string, number>();
    const problems = uploads.flatMap((u, index) => {
      const id = u.metadata.external_id;
      if (id === undefined) return [];
      if (seen.has(id))
        return [
          { index, field: 'external_id', expected: `a value not used by item ${seen.get(id)}` },
        ];
      seen.set(id, index);
      return [];
    });
    if (problems.length > 0)
      throw new AppError(
        ErrorCode.ValidationError,
        'external_id must be unique within a batch',
        problems,
      );
  }
}
