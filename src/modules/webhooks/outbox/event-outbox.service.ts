import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Schemas } from '../../../common/http/openapi-types.js';
import { WebhookEndpointRepository } from '../webhook-endpoint.repository.js';
import { WebhookEventRepository } from './webhook-event.repository.js';
import type { WebhookEventRecord, WebhookEventType } from './webhook-event.types.js';

/**
 * The event catalogue as types: each event type's `data`, as openapi.yaml's webhooks section
 * defines it, so recording an event with the wrong payload does not compile.
 */
export type WebhookEventData = {
  [E in Schemas['WebhookEvent'] as E['type']]: E['data'];
};

/** An event to record: its type and the payload that type carries. */
export type OutboxEvent = {
  [T in WebhookEventType]: {
    organizationId: string;
    type: T;
    data: WebhookEventData[T];
    /** Who receives it, when not the endpoints subscribed to its type (a test ping's one endpoint). */
    recipientEndpointIds?: string[];
  };
}[WebhookEventType];

/**
 * Records webhook events inside the caller's transaction: nothing is sent for a change that rolled
 * back. The event's recipients are fixed here, as the transaction sees the endpoints: an endpoint
 * created, or subscribed, after the event was recorded never receives it.
 */
@Injectable()
export class EventOutbox {
  constructor(
    private readonly events: WebhookEventRepository,
    private readonly endpoints: WebhookEndpointRepository,
  ) {}

  async record(manager: EntityManager, event: OutboxEvent): Promise<WebhookEventRecord> {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const timestamp = new Date();
    // TypeScript cannot follow that `type` and `data` come from the same member of the union.
    const payload = {
      id,
      type: event.type,
      timestamp: timestamp.toISOString(),
      organization_id: event.organizationId,
      data: event.data,
    } as Schemas['WebhookEvent'];
    const recipientEndpointIds =
      event.recipientEndpointIds ??
      (await this.endpoints.findSubscriberIds(event.organizationId, event.type, manager));
    return this.events.insert(
      event.organizationId,
      { id, type: event.type, payload, createdAt: timestamp, recipientEndpointIds },
      manager,
    );
  }
}
