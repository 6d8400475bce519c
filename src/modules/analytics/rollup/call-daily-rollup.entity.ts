import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Fixed point: millionths of the metric's unit, so sums are exact and bigint sums are fast. */
const sum = (name: string) =>
  Column({ name: `${name}_sum_e6`, type: 'bigint', default: 0 }) as PropertyDecorator;
const count = (name: string) =>
  Column({ name: `${name}_count`, type: 'integer', default: 0 }) as PropertyDecorator;

/**
 * One member's completed calls on one UTC day (of `started_at`): counts, and for every averaged
 * metric the sum and the number of calls that have it, so averages over any range of days are
 * exact. Sums are integers (millionths), so adding and later subtracting a score (rescoring)
 * never drifts, and summing a year of rows stays cheap.
 * Maintained in the transaction that completes or rescores a call (CallRollups).
 */
@Entity('call_daily_rollups')
// Whole-team queries over a range of days without a member filter.
@Index('idx_call_daily_rollups_org_day', ['organizationId', 'day'])
export class CallDailyRollup {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  /** `YYYY-MM-DD`, the UTC day the calls started. */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  /** The `user_name` of the latest call of the day that had one, and when that call started. */
  @Column({ name: 'user_name', type: 'text', nullable: true })
  userName!: string | null;

  @Column({ name: 'user_name_at', type: 'timestamptz', nullable: true })
  userNameAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  calls!: number;

  @Column({ type: 'integer', default: 0 })
  inbound!: number;

  @Column({ type: 'integer', default: 0 })
  outbound!: number;

  @sum('duration_seconds') durationSecondsSum!: string;
  @count('duration_seconds') durationSecondsCount!: number;
  @sum('quality_score') qualityScoreSum!: string;
  @count('quality_score') qualityScoreCount!: number;
  @sum('talk_ratio') talkRatioSum!: string;
  @count('talk_ratio') talkRatioCount!: number;
  @sum('longest_monologue_seconds') longestMonologueSecondsSum!: string;
  @count('longest_monologue_seconds') longestMonologueSecondsCount!: number;
  @sum('interactivity') interactivitySum!: string;
  @count('interactivity') interactivityCount!: number;
  @sum('patience_seconds') patienceSecondsSum!: string;
  @count('patience_seconds') patienceSecondsCount!: number;
  @sum('questions_asked') questionsAskedSum!: string;
  @count('questions_asked') questionsAskedCount!: number;
  @sum('sentiment') sentimentSum!: string;
  @count('sentiment') sentimentCount!: number;

  @Column({ name: 'tasks_created', type: 'integer', default: 0 })
  tasksCreated!: number;
}
