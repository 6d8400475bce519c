import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { DeliveryQueue } from '../delivery/delivery-queue.service.js';

/**
 * The safety net behind "nothing is lost": attempts overdue by half a minute whose job never
 * reached Redis, was lost with it, or died with its worker (the lease ran out) are queued again.
 * Job ids are delivery ids, so an attempt whose job is merely waiting is not queued twice.
 */
@Injectable()
export class PendingDeliveriesSweep implements OnApplicationBootstrap {
  constructor(
    private readonly periodic: PeriodicTasks,
    private readonly queue: DeliveryQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.schedule('webhooks.requeue-pending-deliveries', (manager) => this.sweep(manager));
  }

  async sweep(manager: EntityManager): Promise<number> {
    const rows = (await manager.query(
      `SELECT id, endpoint_id AS "endpointId" FROM webhook_deliveries
        WHERE status = 'pending' AND scheduled_for < now() - interval '30 seconds'
          AND (in_flight_until IS NULL OR in_flight_until < now())
        ORDER BY scheduled_for LIMIT 500`,
    )) as { id: string; endpointId: string }[];
    for (const { id, endpointId } of rows) {
      if (!(await this.queue.enqueue({ deliveryId: id, endpointId }))) break;
    }
    return rows.length;
  }
}
