import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { CallRecord } from '../calls/call.types.js';

/**
 * Told when the score of an already completed call changes (a rescore or a reviewer's override),
 * inside the transaction that writes the new score and with the call's row locked, so a roll-up
 * and the score commit or roll back together. `call` already carries the new `quality` and
 * `qualityScore`.
 *
 * Not told about the first score: the pipeline scores a call before it completes, so completion
 * participants already see it. Not told when the score stays the same.
 */
export interface QualityScoreListener {
  onQualityScoreChanged(
    call: CallRecord,
    previousScore: number | null,
    manager: EntityManager,
  ): Promise<void>;
}

/** Marks a provider implementing QualityScoreListener; it is found at start-up, like pipeline steps. */
export const QualityScoreListener = DiscoveryService.createDecorator();
