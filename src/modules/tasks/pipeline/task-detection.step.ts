import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../database/transactions.js';
import type { CallRecord } from '../../calls/call.types.js';
import { CallPipelineStep, PipelineStep } from '../../calls/pipeline/call-pipeline-step.js';
import { CrmIntegrationsService } from '../../integrations/crm/crm-integrations.service.js';
import { CrmSync } from '../crm-sync/crm-sync.service.js';
import { CallRollups } from '../../analytics/rollup/call-rollups.service.js';
import { EventOutbox } from '../../webhooks/outbox/event-outbox.service.js';
import { toTaskResponse } from '../task.mapper.js';
import { TaskRepository } from '../task.repository.js';
import { TranscriptReader } from './transcript-reader.js';

/**
 * Step 7: the promises made on the call become tasks, each with its `task.created` event in
 * the same transaction. Fingerprints are unique per call, so a retried job inserts nothing
 * twice and announces (and counts for team metrics) only what it inserted. With a CRM connected, each new task's push is
 * queued once the transaction has committed.
 */
@Injectable()
@CallPipelineStep(70)
export class TaskDetectionStep implements PipelineStep {
  readonly name = 'tasks';

  constructor(
    private readonly transactions: Transactions,
    private readonly tasks: TaskRepository,
    private readonly outbox: EventOutbox,
    private readonly integrations: CrmIntegrationsService,
    private readonly crmSync: CrmSync,
    private readonly rollups: CallRollups,
    private readonly nlp: TranscriptReader,
  ) {}

  async run(call: CallRecord): Promise<void> {
    const segments = call.transcript?.segments ?? [];
    if (segments.length === 0 || !call.analysis) return;
    const detected = await this.nlp.detectTasks(segments, {
      startedAt: call.startedAt,
      agentSpeaker: call.analysis.agent_speaker,
      userId: call.userId,
    });
    if (detected.length === 0) return;

    const created = await this.transactions.run(async (manager) => {
      const integration = await this.integrations.find(call.organizationId, manager);
      const tasks = await this.tasks.insertNew(
        call.organizationId,
        detected.map((task, position) => ({
          callId: call.id,
          title: task.title,
          description: task.description,
          dueAt: task.due_at ? new Date(task.due_at) : null,
          assigneeUserId: task.assignee_user_id,
          status: 'open' as const,
          source: task.source,
          fingerprint: task.fingerprint,
          position,
          crmProvider: integration?.provider ?? null,
          crmState: integration ? ('pending' as const) : null,
        })),
        manager,
      );
      if (tasks.length === 0) return [];
      // Counted once, with the rows that were really inserted, in their transaction.
      await this.rollups.addTasksCreated(
        manager,
        call.organizationId,
        call.userId,
        call.startedAt,
        tasks.length,
      );
      await this.outbox.recordAll(
        manager,
        tasks.map((task) => ({
          organizationId: call.organizationId,
          type: 'task.created' as const,
          data: toTaskResponse(task),
        })),
      );
      return tasks;
    });

    await this.crmSync.enqueue(created.filter((task) => task.crmState === 'pending'));
  }
}
