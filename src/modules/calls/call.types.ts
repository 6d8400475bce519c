import type { Schemas } from '../../common/http/openapi-types.js';
import type { CallAnalysis, ParsedTranscript } from '../conversation/index.js';

export type CallStatus = 'queued' | 'processing' | 'completed' | 'failed';
export type CallDirection = 'inbound' | 'outbound';

export interface ContactInput {
  name?: string;
  phone?: string;
  email?: string;
  company?: string;
}

/** What we know of the audio; `storage_key` is internal and never leaves the API. */
export interface RecordingInfo {
  storage_key: string | null;
  source_url: string | null;
  filename: string | null;
  content_type: string | null;
  size_bytes: number | null;
  duration_seconds: number | null;
  codec: string | null;
  channels: number | null;
  sample_rate: number | null;
}

/**
 * The results other features store on a call are JSONB documents in the shape the contract
 * gives them, so the calls module types them with the generated schemas and needs none of
 * the features that produce them: the quality scorer's result plus `scored_at` is
 * `CallQuality`; the extraction step's document is `ExtractedData`.
 */
export type StoredCallQuality = Schemas['CallQuality'];
export type StoredExtractedData = Schemas['ExtractedData'];

/**
 * A call as other modules see it: what pipeline steps, completion participants and score
 * listeners read. The calls module owns the row; others change it only through
 * `CallsService` (see `CallResultChanges`).
 */
export interface CallRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly externalId: string | null;
  readonly userId: string;
  readonly userName: string | null;
  readonly status: CallStatus;
  readonly direction: CallDirection | null;
  readonly startedAt: Date;
  readonly durationSeconds: number | null;
  readonly language: string | null;
  readonly contactId: string | null;
  /** The contact details given at upload, kept for the contacts step. */
  readonly contactInput: ContactInput | null;
  readonly recording: RecordingInfo | null;
  readonly transcript: ParsedTranscript | null;
  readonly analysis: CallAnalysis | null;
  readonly quality: StoredCallQuality | null;
  readonly qualityScore: number | null;
  readonly extractedData: StoredExtractedData | null;
  /** The MISMO 3.4 XML generated for a mortgage call. */
  readonly mismoXml: string | null;
}

/** The results other features' steps and services store on a call. */
export type CallResultChanges = Partial<
  Pick<
    CallRecord,
    | 'contactId'
    | 'analysis'
    | 'durationSeconds'
    | 'quality'
    | 'qualityScore'
    | 'extractedData'
    | 'mismoXml'
  >
>;

/** A contact's completed calls, summed (the contact view's stats). */
export interface ContactCallStats {
  calls: number;
  totalDurationSeconds: number;
  avgQualityScore: number | null;
}
