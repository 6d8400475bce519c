import { Injectable } from '@nestjs/common';
import { WebhookEventRepository } from '../outbox/webhook-event.repository.js';
import { WebhookDeliveryRepository } from '../webhook-delivery.repository.js';
import { DeliveryQueue } from './delivery-queue.service.js';

/**
 * Turns one event into one delivery per recipient, then marks the event fanned out. Recipients
 * are the endpoints subscribed when the event was recorded (EventOutbox), still enabled now: a
 * fan-out that runs late (the sweep, a retry after an outage) sends nothing to endpoints created
 * or subscribed since. Idempotent: the first attempt of an event's delivery to an endpoint is
 * unique, so a fan-out that runs twice sends nothing twice.
 */
@Injectable()
export class FanOutService {
  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly events: WebhookEventRepository,
    private readonly queue: DeliveryQueue,
  ) {}

  /** Throws when a delivery could not be queued, so that the queue retries the fan-out soon. */
  async run(eventId: string): Promise<number> {
    await this.deliveries.insertFirstAttemptsOfEvent(eventId);
    // Also the rows of an earlier run whose jobs did not reach the queue.
    const rows = await this.deliveries.findUntakenFirstAttemptsOfEvent(eventId);
    const queued = await Promise.all(
      rows.map(({ id, endpointId }) => this.queue.enqueue({ deliveryId: id, endpointId })),
    );
    if (queued.includes(false)) {
      throw new Error(`Only ${queued.filter(Boolean).length} of ${rows.length} deliveries queued`);
    }
    // From here on the deliveries carry the event (their own sweep re-queues them if need be).
    await this.events.completeFanOut(eventId);
    return rows.length;
  }
}
