import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallCompletionParticipant,
  CompletionParticipant,
} from '../../calls/pipeline/call-pipeline-step.js';
import { QualityScoreListener } from '../../quality/quality-score-changed.js';
import { CallDailyRollupRepository } from './call-daily-rollup.repository.js';

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
  constructor(private readonly rollups: CallDailyRollupRepository) {}

  async onCallCompleted(call: CallRecord, manager: EntityManager): Promise<void> {
    await this.rollups.addCompletedCall(call, manager);
  }

  async onQualityScoreChanged(
    call: CallRecord,
    previousScore: number | null,
    manager: EntityManager,
  ): Promise<void> {
    await this.rollups.moveQualityScore(
      call.organizationId,
      {
        userId: call.userId,
        startedAt: call.startedAt,
        score: call.qualityScore,
        previousScore,
      },
      manager,
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
    await this.rollups.addTasksCreated(organizationId, userId, utcDay, n, manager);
  }
}
