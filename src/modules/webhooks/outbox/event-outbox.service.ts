import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { Schemas } from '../../../common/http/openapi-types.js';
import {
  WebhookEndpointRepository,
  type EndpointSubscription,
} from '../webhook-endpoint.repository.js';
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
 * back. The event's recipients are fixed here, as the transaction sees the endpoints when it
 * first records an event (each transaction reads them once, however many events it records): an
 * endpoint created, or subscribed, after that never receives the event. An event nobody is to
 * receive is stored as already fanned out, so no dispatcher, queue job or fan-out runs for it.
 */
@Injectable()
export class EventOutbox {
  /** Each open transaction's reading of the subscriptions, by organization. */
  private readonly subscriptionsRead = new WeakMap<
    QueryRunner,
    Map<string, Promise<EndpointSubscription[]>>
  >();

  constructor(
    private readonly events: WebhookEventRepository,
    private readonly endpoints: WebhookEndpointRepository,
  ) {}

  async record(manager: EntityManager, event: OutboxEvent): Promise<WebhookEventRecord> {
    const [recorded] = await this.recordAll(manager, [event]);
    return recorded;
  }

  /** Several events of one organization, in one write. */
  async recordAll(
    manager: EntityManager,
    events: readonly OutboxEvent[],
  ): Promise<WebhookEventRecord[]> {
    if (events.length === 0) return [];
    const { organizationId } = events[0];
    if (events.some((event) => event.organizationId !== organizationId))
      throw new Error('EventOutbox.recordAll takes the events of one organization');
    const rows = [];
    for (const event of events) {
      const id = `evt_${randomBytes(12).toString('hex')}`;
      const timestamp = new Date();
      // TypeScript cannot follow that `type` and `data` come from the same member of the union.
      const payload = {
        id,
        type: event.type,
        timestamp: timestamp.toISOString(),
        organization_id: organizationId,
        data: event.data,
      } as Schemas['WebhookEvent'];
      const recipientEndpointIds =
        event.recipientEndpointIds ??
        (await this.subscriptions(manager, organizationId))
          .filter(({ events }) => events.includes(event.type) || events.includes('*'))
          .map((endpoint) => endpoint.id);
      const nothingToDo = recipientEndpointIds.length === 0 ? timestamp : null;
      rows.push({
        id,
        type: event.type,
        payload,
        createdAt: timestamp,
        recipientEndpointIds,
        dispatchedAt: nothingToDo,
        fannedOutAt: nothingToDo,
      });
    }
    return this.events.insertMany(organizationId, rows, manager);
  }

  /** The organization's enabled endpoints, read once per transaction (each time outside one). */
  private subscriptions(
    manager: EntityManager,
    organizationId: string,
  ): Promise<EndpointSubscription[]> {
    const transaction = manager.queryRunner?.isTransactionActive ? manager.queryRunner : null;
    if (!transaction) return this.endpoints.findEnabledSubscriptions(organizationId, manager);
    let byOrganization = this.subscriptionsRead.get(transaction);
    if (!byOrganization) {
      byOrganization = new Map();
      this.subscriptionsRead.set(transaction, byOrganization);
    }
    let read = byOrganization.get(organizationId);
    if (!read) {
      read = this.endpoints.findEnabledSubscriptions(organizationId, manager);
      byOrganization.set(organizationId, read);
    }
    return read;
  }
}
