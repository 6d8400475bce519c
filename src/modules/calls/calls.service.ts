import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { isUniqueViolation } from '../../database/postgres-errors.js';
import { isoTimestamp, queryPrepared } from '../../database/prepared-query.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import type { AuthContext } from '../auth/auth-context.js';
import { AppError } from '../../common/errors/app-error.js';
import {
  IdempotencyService,
  IdempotentResult,
} from '../../common/idempotency/idempotency.service.js';
import { rangeEndExclusive, rangeStart } from '../../common/validation/date-range.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { JobQueue } from '../../queue/job-queue.js';
import { QueueName } from '../../queue/queue-names.js';
import { CallBatch } from './call-batch.entity.js';
import { Call } from './call.entity.js';
import { CALL_SUMMARY_FIELDS, type CallSummaryRow } from './call.mapper.js';
import { Contact } from '../contacts/contact.entity.js';
import { Task } from '../tasks/task.entity.js';
import { ListCallsQueryDto } from './dto/list-calls-query.dto.js';
import { PROCESS_CALL_JOB, type ProcessCallJob } from './jobs/process-call.job.js';
import { RecordingStorage, recordingKey } from './storage/recording-storage.js';
import type { AcceptedUpload } from './upload/upload.types.js';

/**
 * The select list of a list item: each field's column aliased to the entity's property name,
 * timestamps formatted by PostgreSQL. Built from the entity's metadata at start-up, so a field
 * without a column stops the app rather than a request.
 */
function listItemColumns(dataSource: DataSource): string {
  const metadata = dataSource.getMetadata(Call);
  return CALL_SUMMARY_FIELDS.map((field) => {
    const column = metadata.findColumnWithPropertyName(field);
    if (!column) throw new Error(`Call has no column for the list field ${field}`);
    const name = `c.${column.databaseName}`;
    return `${column.type === 'timestamptz' ? isoTimestamp(name) : name} AS "${field}"`;
  })
    .concat(`${QUALITY_SUMMARY_SQL} AS "qualitySummary"`)
    .join(', ');
}

/** The quality headline, built by PostgreSQL so the items and their evidence never leave it. */
const QUALITY_SUMMARY_SQL = `CASE WHEN c.quality IS NULL THEN NULL ELSE jsonb_build_object(${(
  [
    'score',
    'checklist_version',
    'auto_failed',
    'passed_items',
    'failed_items',
  ] as const satisfies readonly (keyof Schemas['CallQualitySummary'])[]
)
  .map((key) => `'${key}', c.quality->'${key}'`)
  .join(', ')}) END`;

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
  /** The list item's select list, built once from the entity's metadata. */
  private readonly listItemColumns: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly storage: RecordingStorage,
    private readonly queue: JobQueue,
  ) {
    this.listItemColumns = listItemColumns(dataSource);
  }

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

  /**
   * One page of list items and the total, newest first. This is the API's busiest read, so
   * it skips the QueryBuilder and entity hydration: one prepared statement per combination
   * of filters, whose rows are already list items with their timestamps formatted by
   * PostgreSQL. The page and a plain count(*) run in parallel when the pool allows.
   */
  async list(
    organizationId: string,
    query: ListCallsQueryDto,
  ): Promise<[CallSummaryRow[], number]> {
    const values: unknown[] = [organizationId];
    const where = ['c.organization_id = $1'];
    const filter = (condition: string, value: unknown) => {
      values.push(value);
      where.push(`${condition} $${values.length}`);
    };
    if (query.start_date) filter('c.started_at >=', rangeStart(query.start_date));
    if (query.end_date) filter('c.started_at <', rangeEndExclusive(query.end_date));
    if (query.user_id) filter('c.user_id =', query.user_id);
    if (query.status) filter('c.status =', query.status);
    if (query.direction) filter('c.direction =', query.direction);
    if (query.contact_id) filter('c.contact_id =', query.contact_id);
    const matching = `FROM calls c WHERE ${where.join(' AND ')}`;
    const [page, [counted]] = await Promise.all([
      queryPrepared<CallSummaryRow>(
        this.dataSource,
        `SELECT ${this.listItemColumns} ${matching}
          ORDER BY c.started_at DESC, c.id DESC
          LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
        [...values, query.limit, query.offset],
      ),
      queryPrepared<{ total: number }>(
        this.dataSource,
        `SELECT count(*)::int AS total ${matching}`,
        values,
      ),
    ]);
    return [page, counted.total];
  }

  async get(organizationId: string, id: string): Promise<Call> {
    const call = await this.dataSource.getRepository(Call).findOneBy({ organizationId, id });
    if (!call) throw AppError.notFound('Call');
    return call;
  }

  /** The call with its contact and its tasks (in transcript order), for the single-call view. */
  async getDetails(
    organizationId: string,
    id: string,
  ): Promise<{ call: Call; contact: Contact | null; tasks: Task[] }> {
    const call = await this.get(organizationId, id);
    const contact = call.contactId
      ? await this.dataSource
          .getRepository(Contact)
          .findOneBy({ organizationId, id: call.contactId })
      : null;
    const tasks = await this.dataSource
      .getRepository(Task)
      .find({ where: { organizationId, callId: id }, order: { position: 'ASC' } });
    return { call, contact, tasks };
  }

  async getBatch(organizationId: string, id: string): Promise<{ batch: CallBatch; calls: Call[] }> {
    const batch = await this.dataSource.getRepository(CallBatch).findOneBy({ organizationId, id });
    if (!batch) throw AppError.notFound('Batch');
    const calls = await this.dataSource.getRepository(Call).find({
      where: { organizationId, batchId: id },
      select: {
        id: true,
        status: true,
        failureReason: true,
        externalId: true,
        metadata: true,
        createdAt: true,
      },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { batch, calls };
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
      ? await manager.save(manager.create(CallBatch, { organizationId, total: prepared.length }))
      : null;
    const rows = prepared.map(({ upload, id }, index) => {
      const m = upload.metadata;
      return manager.create(Call, {
        id,
        organizationId,
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
      });
    });
    try {
      return { calls: await manager.save(rows), batch };
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
    const existing = await manager.find(Call, {
      where: { organizationId, externalId: In(ids) },
      select: { id: true, externalId: true },
    });
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
