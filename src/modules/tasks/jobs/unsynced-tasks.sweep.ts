import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { CrmSync } from '../crm-sync/crm-sync.service.js';
import { TaskRepository } from '../task.repository.js';

/** Younger pending tasks may still be on their way: the pipeline queues them after its commit. */
const GRACE_SECONDS = 30;
const BATCH = 500;

/**
 * Tasks whose push is still owed a while after they were created (their job never reached
 * Redis, or Redis lost it) are queued again. Job ids are task ids, so a task whose job still
 * waits or backs off is not queued twice.
 */
@Injectable()
export class UnsyncedTasksSweep implements OnApplicationBootstrap {
  constructor(
    private readonly periodic: PeriodicTasks,
    private readonly sync: CrmSync,
    private readonly tasks: TaskRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.schedule('crm.requeue-unsynced', (manager) => this.sweep(manager));
  }

  async sweep(manager: EntityManager): Promise<number> {
    const rows = await this.tasks.findPendingCrmPushesAcrossOrganizations(
      GRACE_SECONDS,
      BATCH,
      manager,
    );
    await this.sync.enqueue(rows);
    return rows.length;
  }
}
