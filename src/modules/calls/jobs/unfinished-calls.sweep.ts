import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { CallRepository } from '../call.repository.js';
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
    private readonly repository: CallRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.schedule('calls.requeue-unfinished', (manager) => this.sweep(manager));
  }

  async sweep(manager: EntityManager): Promise<number> {
    const rows = await this.repository.findUnfinishedAcrossOrganizations(500, manager);
    await this.calls.enqueue(rows);
    return rows.length;
  }
}
