import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '../../../common/discovery/discover-providers.js';
import { PermanentError } from '../../../common/errors/permanent-error.js';
import { Transactions } from '../../../database/transactions.js';
import { OrganizationsService } from '../../organizations/organizations.service.js';
import type { OrganizationProfile } from '../../organizations/organization.types.js';
import { CallRepository } from '../call.repository.js';
import type { CallRecord, CallResultChanges } from '../call.types.js';
import {
  CallCompletionParticipant,
  CallPipelineStep,
  CompletionParticipant,
  PipelineStep,
  type PipelineContext,
  type StepOutcome,
} from './call-pipeline-step.js';

/** Runs a call through every registered step in order, then completes it in one transaction. */
@Injectable()
export class CallPipeline implements OnApplicationBootstrap {
  private readonly logger = new Logger(CallPipeline.name);
  private steps: PipelineStep[] = [];
  private participants: CompletionParticipant[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly calls: CallRepository,
    private readonly transactions: Transactions,
    private readonly organizations: OrganizationsService,
  ) {}

  onApplicationBootstrap(): void {
    this.steps = discoverProviders(this.discovery, CallPipelineStep)
      .sort((a, b) => a.metadata - b.metadata)
      .map((s) => s.instance as PipelineStep);
    this.participants = discoverProviders(this.discovery, CallCompletionParticipant).map(
      (p) => p.instance as CompletionParticipant,
    );
  }

  get stepNames(): string[] {
    return this.steps.map((s) => s.name);
  }

  /**
   * Processes a call unless it is already finished; returns false when there was nothing to do.
   * The call is read once, as it is moved to processing, and its organization at most once; each
   * step gets the call with what the steps before found. One transaction then completes it: the
   * update that marks it completed stores the steps' results, and their `onFinished` work and
   * the participants get the call as stored. A run that finds the call finished meanwhile stores
   * nothing. Once that transaction has committed, the steps' `afterCommit` work runs (queueing
   * what reads the rows it stored); its failure is logged, not thrown: the call is finished.
   *
   * A step that fails for good (a PermanentError, or any error on the job's `lastAttempt`) fails
   * the call instead, which keeps what the steps before it found, with their events. An error
   * that will be retried stores nothing: the next attempt works it all out again.
   */
  async process(
    organizationId: string,
    callId: string,
    { lastAttempt = false }: { lastAttempt?: boolean } = {},
  ): Promise<boolean> {
    let call: CallRecord | null = await this.calls.startProcessing(organizationId, callId);
    if (!call) return false;
    let results: CallResultChanges = {};
    const onFinished: NonNullable<StepOutcome['onFinished']>[] = [];
    const afterCommit: NonNullable<StepOutcome['afterCommit']>[] = [];
    let failure: string | null = null;
    let organization: Promise<OrganizationProfile> | undefined;
    const context: PipelineContext = {
      organization: () => (organization ??= this.organizations.get(organizationId)),
    };
    try {
      for (const step of this.steps) {
        const outcome = await step.run(call, context);
        if (!outcome) continue;
        call = { ...call, ...outcome.stored, ...outcome.results };
        results = { ...results, ...outcome.results };
        if (outcome.onFinished) onFinished.push(outcome.onFinished);
        if (outcome.afterCommit) afterCommit.push(outcome.afterCommit);
      }
    } catch (err) {
      if (!(err instanceof PermanentError) && !lastAttempt) throw err;
      failure = (err as Error).message;
      this.logger.warn(`Call ${callId} failed: ${failure}`);
    }
    const finishedHere = await this.transactions.run(async (manager) => {
      const finished =
        failure === null
          ? await this.calls.completeProcessing(organizationId, callId, results, manager)
          : await this.calls.markFailed(organizationId, callId, failure, results, manager);
      if (!finished) return false;
      for (const work of onFinished) await work(finished, manager);
      if (failure !== null) return true;
      for (const participant of this.participants)
        await participant.onCallCompleted(finished, manager);
      return true;
    });
    if (finishedHere) {
      for (const work of afterCommit) {
        await work().catch((err: Error) =>
          this.logger.warn(
            `Call ${callId} is finished, but work after its commit failed: ${err.message}`,
          ),
        );
      }
    }
    return true;
  }

  /** Fails a call that is processing, for an error outside the steps (the database, the queue). */
  async fail(organizationId: string, callId: string, reason: string): Promise<void> {
    this.logger.warn(`Call ${callId} failed: ${reason}`);
    await this.calls.markFailed(organizationId, callId, reason);
  }
}
