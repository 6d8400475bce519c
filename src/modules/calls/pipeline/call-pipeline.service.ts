import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Call } from '../call.entity.js';
import { discoverProviders } from '../../../common/discovery/discover-providers.js';
import {
  CallCompletionParticipant,
  CallPipelineStep,
  CompletionParticipant,
  PipelineStep,
} from './call-pipeline-step.js';

/** Runs a call through every registered step in order, then completes it in one transaction. */
@Injectable()
export class CallPipeline implements OnApplicationBootstrap {
  private readonly logger = new Logger(CallPipeline.name);
  private steps: PipelineStep[] = [];
  private participants: CompletionParticipant[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
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

  /** Processes a call unless it is already finished; returns false when there was nothing to do. */
  async process(organizationId: string, callId: string): Promise<boolean> {
    const repo = this.dataSource.getRepository(Call);
    const started = await repo
      .createQueryBuilder()
      .update(Call)
      .set({ status: 'processing', attempts: () => 'attempts + 1' })
      .where('id = :callId AND organization_id = :organizationId AND status IN (:...open)', {
        callId,
        organizationId,
        open: ['queued', 'processing'],
      })
      .execute();
    if (!started.affected) return false;
    for (const step of this.steps) {
      const call = await repo.findOneByOrFail({ id: callId, organizationId });
      await step.run(call);
    }
    await this.dataSource.transaction(async (manager) => {
      const call = await manager.getRepository(Call).findOneOrFail({
        where: { id: callId, organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (call.status !== 'processing') return;
      call.status = 'completed';
      call.failureReason = null;
      call.completedAt = new Date();
      await manager.save(call);
      for (const participant of this.participants) await participant.onCallCompleted(call, manager);
    });
    return true;
  }

  async fail(organizationId: string, callId: string, reason: string): Promise<void> {
    this.logger.warn(`Call ${callId} failed: ${reason}`);
    await this.dataSource
      .getRepository(Call)
      .update(
        { id: callId, organizationId, status: 'processing' },
        { status: 'failed', failureReason: reason.slice(0, 1000) },
      );
  }
}
