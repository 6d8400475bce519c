import type { Schemas } from '../../common/http/openapi-types.js';
import type { CallBatch } from './call-batch.entity.js';
import type { Call } from './call.entity.js';
import type { StoredCallQuality } from './call.types.js';

/** The fields a list item is made of, as entity properties. */
export const CALL_SUMMARY_FIELDS = [
  'id',
  'externalId',
  'userId',
  'userName',
  'title',
  'direction',
  'status',
  'failureReason',
  'startedAt',
  'durationSeconds',
  'language',
  'contactId',
  'metadata',
  'recording',
  'qualityScore',
  'batchId',
  'createdAt',
  'updatedAt',
  'completedAt',
] as const satisfies readonly (keyof Call)[];

type SummaryFields = Pick<Call, (typeof CALL_SUMMARY_FIELDS)[number]>;

/**
 * A list item as the list query reads it: the same fields, timestamps already in ISO 8601,
 * its contact's `{id, name}` (null when the organization has no such contact), and only the
 * headline of the quality result (its items and evidence stay in the database).
 */
export type CallSummaryRow = {
  [K in keyof SummaryFields]: SummaryFields[K] extends Date
    ? string
    : SummaryFields[K] extends Date | null
      ? string | null
      : SummaryFields[K];
} & {
  contact: Schemas['ContactRef'] | null;
  qualitySummary: Schemas['CallQualitySummary'] | null;
};

function iso(d: Date | string): string;
function iso(d: Date | string | null): string | null;
function iso(d: Date | string | null): string | null {
  return d === null || typeof d === 'string' ? d : d.toISOString();
}

function recordingOf(call: SummaryFields | CallSummaryRow): Schemas['RecordingInfo'] | null {
  const r = call.recording;
  if (!r) return null;
  return {
    filename: r.filename,
    content_type: r.content_type,
    size_bytes: r.size_bytes,
    duration_seconds: r.duration_seconds,
    codec: r.codec,
    channels: r.channels,
    sample_rate: r.sample_rate,
    url: `/v1/calls/${call.id}/recording`,
  };
}

/** The call's own fields, shared by the list item and the single-call view. */
/**
 * The call's own fields, then `rest`: one object built once, since list items are serialised
 * by the thousand (spreading a finished base into a new object showed in the list's profile).
 */
function toCallBase<T extends object>(
  call: SummaryFields | CallSummaryRow,
  rest: T,
): Schemas['CallBase'] & T {
  return {
    id: call.id,
    external_id: call.externalId,
    user_id: call.userId,
    user_name: call.userName,
    title: call.title,
    direction: call.direction,
    status: call.status,
    failure_reason: call.failureReason,
    started_at: iso(call.startedAt),
    duration_seconds: call.durationSeconds,
    language: call.language,
    contact_id: call.contactId,
    metadata: call.metadata,
    recording: recordingOf(call),
    batch_id: call.batchId,
    created_at: iso(call.createdAt),
    updated_at: iso(call.updatedAt),
    completed_at: iso(call.completedAt),
    ...rest,
  };
}

/** The list item: the call's own fields, its contact's id and name, and the quality headline. */
export function toCallSummary(call: CallSummaryRow): Schemas['CallSummary'] {
  return toCallBase(call, {
    contact: call.contact,
    quality: call.qualitySummary,
    quality_score: call.qualityScore,
  });
}

/**
 * A stored quality result as the API shows it (the single-call view and
 * `GET /calls/{id}/quality`): field by field, so nothing else kept in the column leaves.
 */
export function toCallQuality(quality: StoredCallQuality): Schemas['CallQuality'] {
  return {
    checklist_id: quality.checklist_id,
    checklist_version: quality.checklist_version,
    score: quality.score,
    passed_items: quality.passed_items,
    failed_items: quality.failed_items,
    not_applicable_items: quality.not_applicable_items,
    auto_failed: quality.auto_failed,
    scored_at: quality.scored_at,
    items: quality.items.map((item) => ({
      item_id: item.item_id,
      name: item.name,
      result: item.result,
      weight: item.weight,
      points_earned: item.points_earned,
      reason: item.reason,
      auto_fail: item.auto_fail,
      evidence: item.evidence.map(({ speaker, start, end, quote }) => ({
        speaker,
        start,
        end,
        quote,
      })),
      automatic_result: item.automatic_result,
      override: item.override && { ...item.override },
    })),
  };
}

/** The single-call view; its contact and tasks come in their API shape from their modules. */
export function toCallResponse(
  call: Call,
  contact: Schemas['ContactSummary'] | null = null,
  tasks: Schemas['Task'][] = [],
): Schemas['Call'] {
  return toCallBase(call, {
    contact,
    quality: call.quality ? toCallQuality(call.quality) : null,
    transcript: call.transcript,
    analysis: call.analysis,
    extracted_data: call.extractedData,
    tasks,
  });
}

/** Where a batch's progress is: the URL `POST /calls/batch-upload` answers with in `Location`. */
export function batchLocation(batchId: string): string {
  return `/v1/batches/${batchId}`;
}

export function toBatchResponse(
  batch: CallBatch,
  calls: Pick<Call, 'id' | 'status' | 'metadata'>[],
): Schemas['Batch'] {
  const counts = { queued: 0, processing: 0, completed: 0, failed: 0 };
  for (const call of calls) counts[call.status] += 1;
  const finished = counts.completed + counts.failed === batch.total;
  const status = !finished
    ? counts.processing + counts.completed + counts.failed > 0
      ? 'processing'
      : 'queued'
    : counts.failed === 0
      ? 'completed'
      : counts.completed === 0
        ? 'failed'
        : 'partially_failed';
  return {
    id: batch.id,
    status,
    total: batch.total,
    counts,
    calls: calls.map((call, index) => ({
      index: Number(call.metadata.batch_index ?? index),
      call_id: call.id,
      status: call.status,
    })),
    created_at: batch.createdAt.toISOString(),
  };
}
