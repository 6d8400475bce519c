import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { CallsService } from '../calls.service.js';

/**
 * The safety net behind "accepted means processed": calls still queued after a while
 * (their job never reached Redis, or Redis lost it) and calls stuck in processing (a job
 * lost with its worker) are queued again. Job ids are call ids, so a call whose job still
 * exists is not queued twice.
 */
@Injectable()
export class UnfinishedCallsSweep implements OnApplicationBootstrap {
  constructor(
    private readonly periodic: PeriodicTasks,
    private readonly calls: CallsService,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.schedule('calls.requeue-unfinished', (manager) => this.sweep(manager));
  }

  async sweep(manager: EntityManager): Promise<number> {
    const rows = (await manager.query(
      `SELECT id, organization_id AS "organizationId" FROM calls
        WHERE (status = 'queued' AND updated_at < now() - interval '10 seconds')
           OR (status = 'processing' AND updated_at < now() - interval '10 minutes')
        ORDER BY updated_at LIMIT 500`,
    )) as { id: string; organizationId: string }[];
    await this.calls.enqueue(rows);
    return rows.length;
  }
}
