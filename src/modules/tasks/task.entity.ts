import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../common/entities/tenant-owned.entity.js';
import type { CrmProvider } from '../integrations/crm/crm-integration.types.js';
import type { DetectedTask } from './detection/task-detection.types.js';

export type TaskStatus = 'open' | 'completed';
/** Where the task's CRM copy stands: queued to push, pushed, or given up on (the reason is in crm_last_error). */
export type CrmSyncState = 'pending' | 'synced' | 'failed';

@Entity('tasks')
// A retried pipeline job inserts the same fingerprints again; this makes those inserts no-ops.
@Index('uq_tasks_call_fingerprint', ['callId', 'fingerprint'], { unique: true })
// Listing by due date per organization, and a call's tasks in transcript order.
@Index('idx_tasks_org_due', ['organizationId', 'dueAt', 'createdAt'])
@Index('idx_tasks_org_call', ['organizationId', 'callId', 'position'])
// The sweep looks for tasks whose CRM push is still owed, across organizations.
@Index('idx_tasks_crm_pending', ['createdAt'], { where: "crm_state = 'pending'" })
export class Task extends TenantOwnedEntity {
  @Column({ name: 'call_id', type: 'uuid' })
  callId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'assignee_user_id', type: 'text', nullable: true })
  assigneeUserId!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: TaskStatus;

  /** The promise in the transcript, as the detector found it. */
  @Column({ type: 'jsonb' })
  source!: DetectedTask['source'];

  @Column({ type: 'text' })
  fingerprint!: string;

  /** Order among the call's tasks, as detected (transcript order). */
  @Column({ type: 'integer' })
  position!: number;

  /** Set when the organization had a CRM connected as the task was created; null: never pushed. */
  @Column({ name: 'crm_provider', type: 'text', nullable: true })
  crmProvider!: CrmProvider | null;

  @Column({ name: 'crm_state', type: 'text', nullable: true })
  crmState!: CrmSyncState | null;

  @Column({ name: 'crm_external_id', type: 'text', nullable: true })
  crmExternalId!: string | null;

  @Column({ name: 'crm_synced_at', type: 'timestamptz', nullable: true })
  crmSyncedAt!: Date | null;

  @Column({ name: 'crm_last_error', type: 'text', nullable: true })
  crmLastError!: string | null;
}
