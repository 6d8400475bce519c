import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Call } from '../calls/call.entity.js';
import { CallPipelineStep, PipelineStep } from '../calls/pipeline/call-pipeline-step.js';
import { CrmIntegrationsService } from '../integrations/crm/crm-integrations.service.js';
import { CrmSync } from './crm-sync/crm-sync.service.js';
import { CallRollups } from '../analytics/rollup/call-rollups.service.js';
import { NlpPool } from '../nlp/nlp-pool.js';
import { EventOutbox } from '../webhooks/outbox/event-outbox.service.js';
import { Task } from './task.entity.js';
import { toTaskResponse } from './task.mapper.js';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
    private readonly integrations: CrmIntegrationsService,
    private readonly crmSync: CrmSync,
    private readonly rollups: CallRollups,
    private readonly nlp: NlpPool,
  ) {}

  async run(call: Call): Promise<void> {
    const segments = call.transcript?.segments ?? [];
    if (segments.length === 0 || !call.analysis) return;
    const detected = await this.nlp.detectTasks(segments, {
      startedAt: call.startedAt,
      agentSpeaker: call.analysis.agent_speaker,
      userId: call.userId,
    });
    if (detected.length === 0) return;

    const created = await this.dataSource.transaction(async (manager) => {
      const integration = await this.integrations.find(manager, call.organizationId);
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Task)
        .values(
          detected.map((task, position) => ({
            organizationId: call.organizationId,
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
        )
        .orIgnore()
        .returning(['id'])
        .execute();
      const ids = (result.raw as { id: string }[]).map((row) => row.id);
      if (ids.length === 0) return [];
      const tasks = await manager.find(Task, {
        where: { organizationId: call.organizationId, id: In(ids) },
        order: { position: 'ASC' },
      });
      // Counted once, with the rows that were really inserted, in their transaction.
      await this.rollups.addTasksCreated(
        manager,
        call.organizationId,
        call.userId,
        call.startedAt,
        tasks.length,
      );
      for (const task of tasks) {
        await this.outbox.record(manager, {
          organizationId: call.organizationId,
          type: 'task.created',
          data: toTaskResponse(task),
        });
      }
      return tasks;
    });

    await this.crmSync.enqueue(created.filter((task) => task.crmState === 'pending'));
  }
}
