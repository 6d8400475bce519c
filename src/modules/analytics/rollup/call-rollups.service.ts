import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallCompletionParticipant,
  CompletionParticipant,
} from '../../calls/pipeline/call-pipeline-step.js';
import { QualityScoreListener } from '../../quality/quality-score-changed.js';
import { rollUpCallsSql, toFixedPoint } from './rollup-sql.js';

const ROLL_UP_ONE_CALL = rollUpCallsSql('c.id = $1 AND c.organization_id = $2');

/**
 * Keeps `call_daily_rollups` equal to an aggregation over the completed calls. Every change
 * happens in the transaction that changes the call: completion runs once per call (the
 * pipeline's status guard), so a retried job adds nothing twice; a rescore moves the quality
 * sum by the difference.
 */
@Injectable()
@CallCompletionParticipant()
@QualityScoreListener()
export class CallRollups implements CompletionParticipant, QualityScoreListener {
  async onCallCompleted(call: CallRecord, manager: EntityManager): Promise<void> {
    await manager.query(ROLL_UP_ONE_CALL, [call.id, call.organizationId]);
  }

  async onQualityScoreChanged(
    call: CallRecord,
    previousScore: number | null,
    manager: EntityManager,
  ): Promise<void> {
    // Scores travel as float8, as the column stores them, and are converted as completion does.
    await manager.query(
      `UPDATE call_daily_rollups
          SET quality_score_sum_e6 = quality_score_sum_e6
                + coalesce(${toFixedPoint('$4::float8::numeric')}, 0)
                - coalesce(${toFixedPoint('$5::float8::numeric')}, 0),
              quality_score_count = quality_score_count
                + ($4::float8 IS NOT NULL)::int - ($5::float8 IS NOT NULL)::int
        WHERE organization_id = $1 AND user_id = $2
          AND day = ($3::timestamptz AT TIME ZONE 'UTC')::date`,
      [call.organizationId, call.userId, call.startedAt, call.qualityScore, previousScore],
    );
  }

  /**
   * For the tasks feature: `n` tasks created from calls of this member that started on `day`
   * (a `YYYY-MM-DD` UTC day, or the call's `started_at`). Call it in the transaction that
   * stores the tasks, and only once per set of tasks, as completion does for calls.
   */
  async addTasksCreated(
    manager: EntityManager,
    organizationId: string,
    userId: string,
    day: string | Date,
    n: number,
  ): Promise<void> {
    const utcDay = day instanceof Date ? day.toISOString().slice(0, 10) : day;
    await manager.query(
      `INSERT INTO call_daily_rollups AS r (organization_id, user_id, day, tasks_created)
       VALUES ($1, $2, $3::date, $4)
       ON CONFLICT (organization_id, user_id, day)
       DO UPDATE SET tasks_created = r.tasks_created + EXCLUDED.tasks_created`,
      [organizationId, userId, utcDay, n],
    );
  }
}
