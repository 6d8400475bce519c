import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { WebhookEvent, WebhookEventType } from './webhook-event.entity.js';

export interface OutboxEvent {
  organizationId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/** Records webhook events inside the caller's transaction: nothing is sent for a change that rolled back. */
@Injectable()
export class EventOutbox {
  async record(manager: EntityManager, event: OutboxEvent): Promise<WebhookEvent> {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const timestamp = new Date();
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
        dispatchedAt: null,
      }),
    );
  }
}
