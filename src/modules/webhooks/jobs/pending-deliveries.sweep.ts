import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { DeliveryQueue } from '../delivery/delivery-queue.service.js';
import { WebhookDeliveryRepository } from '../webhook-delivery.repository.js';

const BATCH_SIZE = 500;

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
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.schedule('webhooks.requeue-pending-deliveries', (manager) => this.sweep(manager));
  }

  async sweep(manager: EntityManager): Promise<number> {
    const rows = await this.deliveries.findOverduePendingAcrossOrganizations(BATCH_SIZE, manager);
    for (const { id, endpointId } of rows) {
      if (!(await this.queue.enqueue({ deliveryId: id, endpointId }))) break;
    }
    return rows.length;
  }
}
