import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
  ) {}

  /** Throws when a delivery could not be queued, so that the queue retries the fan-out soon. */
  async run(eventId: string): Promise<number> {
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries
              (organization_id, endpoint_id, event_id, event_type, series_key, attempt, status, scheduled_for)
       SELECT endpoint.organization_id, endpoint.id, event.id, event.type,
              event.id || ':' || endpoint.id, 1, 'pending', now()
         FROM webhook_events event
         JOIN webhook_endpoints endpoint
           ON endpoint.organization_id = event.organization_id
          AND endpoint.id = ANY(event.recipient_endpoint_ids)
          AND endpoint.enabled
        WHERE event.id = $1
       ON CONFLICT (series_key, attempt) DO NOTHING`,
      [eventId],
    );
    // Also the rows of an earlier run whose jobs did not reach the queue.
    const rows = (await this.dataSource.query(
      `SELECT id, endpoint_id AS "endpointId" FROM webhook_deliveries
        WHERE event_id = $1 AND attempt = 1 AND series_key = event_id || ':' || endpoint_id
          AND status = 'pending' AND in_flight_until IS NULL`,
      [eventId],
    )) as { id: string; endpointId: string }[];
    const queued = await Promise.all(
      rows.map(({ id, endpointId }) => this.queue.enqueue({ deliveryId: id, endpointId })),
    );
    if (queued.includes(false)) {
      throw new Error(`Only ${queued.filter(Boolean).length} of ${rows.length} deliveries queued`);
    }
    // From here on the deliveries carry the event (their own sweep re-queues them if need be).
    await this.dataSource.query(
      `UPDATE webhook_events SET fanned_out_at = now() WHERE id = $1 AND fanned_out_at IS NULL`,
      [eventId],
    );
    return rows.length;
  }
}
