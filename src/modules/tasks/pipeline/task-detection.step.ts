import { Injectable } from '@nestjs/common';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallPipelineStep,
  PipelineStep,
  type StepOutcome,
} from '../../calls/pipeline/call-pipeline-step.js';
import { CrmIntegrationsService } from '../../integrations/crm/crm-integrations.service.js';
import { CrmSync } from '../crm-sync/crm-sync.service.js';
import { CallRollups } from '../../analytics/rollup/call-rollups.service.js';
import { EventOutbox } from '../../webhooks/outbox/event-outbox.service.js';
import { toTaskResponse } from '../task.mapper.js';
import type { Task } from '../task.entity.js';
import { TaskRepository } from '../task.repository.js';
import { TranscriptReader } from './transcript-reader.js';

/**
 * Step 7: the promises made on the call become tasks, stored with their `task.created` events in
 * the transaction that finishes the call (completes it, or fails it when a later step fails for
 * good), so a run that loses the race to finish it stores none. Fingerprints are unique per
 * call, so a call processed again (by hand) inserts nothing twice and announces (and counts for
 * team metrics) only what it inserted. With a CRM connected, each new task's push is queued once
 * that transaction has committed (the CRM sweep queues what a crash in between left pending).
 */
@Injectable()
@CallPipelineStep(70)
export class TaskDetectionStep implements PipelineStep {
  readonly name = 'tasks';

  constructor(
    private readonly tasks: TaskRepository,
    private readonly outbox: EventOutbox,
    private readonly integrations: CrmIntegrationsService,
    private readonly crmSync: CrmSync,
    private readonly rollups: CallRollups,
    private readonly nlp: TranscriptReader,
  ) {}

  async run(call: CallRecord): Promise<StepOutcome | void> {
    const segments = call.transcript?.segments ?? [];
    if (segments.length === 0 || !call.analysis) return;
    const detected = await this.nlp.detectTasks(segments, {
      startedAt: call.startedAt,
      agentSpeaker: call.analysis.agent_speaker,
      userId: call.userId,
    });
    if (detected.length === 0) return;

    let created: Task[] = [];
    return {
      onFinished: async (stored, manager) => {
        const integration = await this.integrations.find(stored.organizationId, manager);
        created = await this.tasks.insertNew(
          stored.organizationId,
          detected.map((task, position) => ({
            callId: stored.id,
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
        if (created.length === 0) return;
        // Counted once, with the rows that were really inserted, in their transaction.
        await this.rollups.addTasksCreated(
          manager,
          stored.organizationId,
          stored.userId,
          stored.startedAt,
          created.length,
        );
        await this.outbox.recordAll(
          manager,
          created.map((task) => ({
            organizationId: stored.organizationId,
            type: 'task.created' as const,
            data: toTaskResponse(task),
          })),
        );
      },
      afterCommit: () =>
        this.crmSync.enqueue(created.filter((task) => task.crmState === 'pending')),
    };
  }
}
