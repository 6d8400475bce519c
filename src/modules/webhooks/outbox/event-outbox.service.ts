import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { WebhookEvent, WebhookEventType } from './webhook-event.entity.js';

export interface OutboxEvent {
  organizationId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** Who receives it, when not the endpoints subscribed to its type (a test ping's one endpoint). */
  recipientEndpointIds?: string[];
}

/**
 * Records webhook events inside the caller's transaction: nothing is sent for a change that rolled
 * back. The event's recipients are fixed here, as the transaction sees the endpoints: an endpoint
 * created, or subscribed, after the event was recorded never receives it.
 */
@Injectable()
export class EventOutbox {
  async record(manager: EntityManager, event: OutboxEvent): Promise<WebhookEvent> {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const timestamp = new Date();
    const recipientEndpointIds =
      event.recipientEndpointIds ?? (await this.subscribers(manager, event));
    return manager.save(
      manager.create(WebhookEvent, {
        id,
        organizationId: event.organizationId,
        type: event.type,
        payload: {
          id,
          type: event.type,
          timestamp: timestamp.toISOString(),
          organization_id: event.organizationId,
          data: event.data,
        },
        createdAt: timestamp,
        recipientEndpointIds,
        dispatchedAt: null,
      }),
    );
  }

  private async subscribers(manager: EntityManager, event: OutboxEvent): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM webhook_endpoints
        WHERE organization_id = $1 AND enabled AND events && ARRAY[$2, '*']
        ORDER BY id`,
      [event.organizationId, event.type],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
