import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { PermanentError } from '../../../common/errors/permanent-error.js';
import type { CallRecord } from '../call.types.js';

/**
 * Where a step runs. Steps are independent providers, found at start-up and run by
 * `order`: a feature adds its step without touching the others.
 *   10 recording, 20 transcript, 30 analysis, 40 contact, 50 quality,
 *   60 extraction, 70 tasks, 80 MISMO.
 */
export const CallPipelineStep = DiscoveryService.createDecorator<number>();

/**
 * One step of processing a call. A step must be idempotent: a retried or stalled job
 * runs it again on the same call and the end result must be the same. A step that
 * writes results together with an event does both in one transaction.
 */
export interface PipelineStep {
  readonly name: string;
  /**
   * Runs the step on the call as the steps before it left it, and answers the call's fields it
   * changed (nothing when it changed none): the pipeline hands the next step the call with
   * them, rather than reading the call again before each step.
   */
  run(call: CallRecord): Promise<StepChanges | void>;
}

/** The fields of the call a step changed, as it stored them. */
export type StepChanges = Partial<CallRecord>;

/** Work done in the transaction that marks a call completed (events, roll-ups, counters). */
export const CallCompletionParticipant = DiscoveryService.createDecorator();

export interface CompletionParticipant {
  onCallCompleted(call: CallRecord, manager: EntityManager): Promise<void>;
}

/** A step's error that retrying will not fix (unreadable audio, a provider's 4xx): the call fails at once. */
export class PermanentStepError extends PermanentError {}
