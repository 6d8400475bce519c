import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { CrmSync } from '../crm-sync/crm-sync.service.js';

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
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.schedule('crm.requeue-unsynced', (manager) => this.sweep(manager));
  }

  async sweep(manager: EntityManager): Promise<number> {
    const rows = (await manager.query(
      `SELECT id, organization_id AS "organizationId" FROM tasks
        WHERE crm_state = 'pending' AND created_at < now() - interval '30 seconds'
        ORDER BY created_at LIMIT 500`,
    )) as { id: string; organizationId: string }[];
    await this.sync.enqueue(rows);
    return rows.length;
  }
}
