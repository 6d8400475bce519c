import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { PermanentError } from '../../../common/errors/permanent-error.js';
import type { OrganizationProfile } from '../../organizations/organization.types.js';
import type { CallRecord, CallResultChanges } from '../call.types.js';

/**
 * Where a step runs. Steps are independent providers, found at start-up and run by
 * `order`: a feature adds its step without touching the others.
 *   10 recording, 20 transcript, 30 analysis, 40 contact, 50 quality,
 *   60 extraction, 70 tasks, 80 MISMO.
 */
export const CallPipelineStep = DiscoveryService.createDecorator<number>();

/**
 * One step of processing a call. A step must be idempotent: a retried or stalled job
 * runs it again on the same call and the end result must be the same.
 */
export interface PipelineStep {
  readonly name: string;
  /**
   * Runs the step on the call as the steps before it left it, and answers what it found
   * (nothing when it found nothing): the pipeline hands the next step the call with it, rather
   * than reading the call again before each step.
   */
  run(call: CallRecord, context: PipelineContext): Promise<StepOutcome | void>;
}

/** What the steps of one run share, read once for all of them. */
export interface PipelineContext {
  /** The call's organization (its region and vertical), read when a step first asks. */
  organization(): Promise<OrganizationProfile>;
}

/** The fields of the call a step changed. */
export type StepChanges = Partial<CallRecord>;

/**
 * What a step answers. A step whose work has its own identity (a contact it created, a
 * transcript it fetched) stores it as it goes and answers the fields it `stored`. A step that
 * works something out answers its `results` unstored, with what must commit with them
 * (`onFinished`: its events, another module's rows such as tasks): the pipeline stores them all
 * in the transaction that completes the call (or fails it, when a later step fails for good), so
 * a run that loses the race to finish it (a stalled job's second run) stores and announces
 * nothing, and a call costs one transaction, not one per step.
 */
export interface StepOutcome {
  /** Call fields the step has already stored. */
  stored?: StepChanges;
  /** Call fields to store when the call is finished. */
  results?: CallResultChanges;
  /** Runs in the transaction that finishes the call, with the call as stored with the results. */
  onFinished?: (call: CallRecord, manager: EntityManager) => Promise<void>;
  /**
   * Runs once that transaction has committed, when `onFinished` ran (to queue jobs that read
   * what it stored). The call is finished by then, so a failure is only logged: whatever it
   * queues must have a sweep that queues it again (after a crash in between, too).
   */
  afterCommit?: () => Promise<void>;
}

/** Work done in the transaction that marks a call completed (events, roll-ups, counters). */
export const CallCompletionParticipant = DiscoveryService.createDecorator();

export interface CompletionParticipant {
  onCallCompleted(call: CallRecord, manager: EntityManager): Promise<void>;
}

/** A step's error that retrying will not fix (unreadable audio, a provider's 4xx): the call fails at once. */
export class PermanentStepError extends PermanentError {}
