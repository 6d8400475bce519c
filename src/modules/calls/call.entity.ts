import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../common/entities/tenant-owned.entity.js';
import type { CallAnalysis, ParsedTranscript } from '../conversation/index.js';
import type {
  CallDirection,
  CallRecord,
  CallStatus,
  ContactInput,
  RecordingInfo,
  StoredCallQuality,
  StoredExtractedData,
} from './call.types.js';

@Entity('calls')
// Listing newest first per organization, with or without a team-member filter, and counting them.
@Index('idx_calls_org_started', ['organizationId', 'startedAt', 'id'])
@Index('idx_calls_org_user_started', ['organizationId', 'userId', 'startedAt'])
@Index('idx_calls_org_contact_started', ['organizationId', 'contactId', 'startedAt'])
@Index('uq_calls_org_external_id', ['organizationId', 'externalId'], {
  unique: true,
  where: 'external_id IS NOT NULL',
})
// The sweep looks for unfinished calls across organizations.
@Index('idx_calls_unfinished', ['status', 'updatedAt'], {
  where: "status IN ('queued', 'processing')",
})
export class Call extends TenantOwnedEntity implements CallRecord {
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'user_name', type: 'text', nullable: true })
  userName!: string | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  direction!: CallDirection | null;

  @Column({ type: 'text', default: 'queued' })
  status!: CallStatus;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'duration_seconds', type: 'double precision', nullable: true })
  durationSeconds!: number | null;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  /** The contact details given at upload, kept for the contacts step. */
  @Column({ name: 'contact_input', type: 'jsonb', nullable: true })
  contactInput!: ContactInput | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  recording!: RecordingInfo | null;

  @Column({ type: 'jsonb', nullable: true })
  transcript!: ParsedTranscript | null;

  @Column({ type: 'jsonb', nullable: true })
  analysis!: CallAnalysis | null;

  /** The quality result (issue: quality), with `scored_at`; `qualityScore` repeats its score for lists and analytics. */
  @Column({ type: 'jsonb', nullable: true })
  quality!: StoredCallQuality | null;

  @Column({ name: 'quality_score', type: 'double precision', nullable: true })
  qualityScore!: number | null;

  @Column({ name: 'extracted_data', type: 'jsonb', nullable: true })
  extractedData!: StoredExtractedData | null;

  /** The MISMO 3.4 XML generated for a mortgage call. */
  @Column({ name: 'mismo_xml', type: 'text', nullable: true })
  mismoXml!: string | null;

  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
