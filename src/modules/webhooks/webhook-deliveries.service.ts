import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors/app-error.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { Transactions } from '../../database/transactions.js';
import { DELIVERY_LEASE_MS } from './delivery/delivery-attempts.service.js';
import { DeliveryQueue } from './delivery/delivery-queue.service.js';
import { EndpointSender } from './delivery/endpoint-sender.service.js';
import { ListDeliveriesQueryDto } from './dto/webhook.dto.js';
import { EventOutbox } from './outbox/event-outbox.service.js';
import { WebhookEventRepository } from './outbox/webhook-event.repository.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { toTestDeliveryResult } from './webhook.mapper.js';
import { WebhooksService } from './webhooks.service.js';

export const TEST_PING_MESSAGE = 'This is a test event from Aila.';

/** The delivery log of an endpoint, test sends and redelivery by hand. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly events: WebhookEventRepository,
    private readonly endpoints: WebhooksService,
    private readonly outbox: EventOutbox,
    private readonly sender: EndpointSender,
    private readonly queue: DeliveryQueue,
  ) {}

  async list(
    organizationId: string,
    endpointId: string,
    query: ListDeliveriesQueryDto,
  ): Promise<[WebhookDelivery[], number]> {
    await this.endpoints.get(organizationId, endpointId);
    return this.deliveries.findPageForEndpoint(organizationId, endpointId, query);
  }

  /**
   * Sends a `test.ping` to this endpoint only, now, whatever it subscribes to and even when it is
   * disabled; one attempt, logged, never retried and never counted against the endpoint's health.
   */
  async test(organizationId: string, endpointId: string): Promise<Schemas['TestDeliveryResult']> {
    const endpoint = await this.endpoints.get(organizationId, endpointId);
    const { event, delivery } = await this.transactions.run(async (manager) => {
      const event = await this.outbox.record(manager, {
        organizationId,
        type: 'test.ping',
        data: { webhook_id: endpoint.id, message: TEST_PING_MESSAGE },
        recipientEndpointIds: [endpoint.id],
      });
      // Its one delivery is made here: no fan-out (nor the sweep of lost ones) is to run for it.
      await this.events.markFannedOut(organizationId, event.id, event.createdAt, manager);
      const delivery = await this.deliveries.create(
        organizationId,
        {
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          seriesKey: `${event.id}:${endpoint.id}`,
          attempt: 1,
          scheduledFor: event.createdAt,
          inFlightUntil: new Date(Date.now() + DELIVERY_LEASE_MS),
        },
        manager,
      );
      return { event, delivery };
    });
    const result = await this.sender.send(endpoint, event);
    await this.deliveries.recordOutcome(organizationId, delivery.id, {
      status: result.outcome === 'succeeded' ? 'succeeded' : 'failed',
      responseStatus: result.status,
      durationMs: result.durationMs,
      responseBodyExcerpt: result.responseExcerpt,
      error: result.error ?? null,
      inFlightUntil: null,
    });
    return toTestDeliveryResult(delivery, result);
  }

  /** A new delivery of the same event (same `webhook-id`) with a fresh retry schedule. */
  async redeliver(
    organizationId: string,
    endpointId: string,
    deliveryId: string,
  ): Promise<WebhookDelivery> {
    await this.endpoints.get(organizationId, endpointId);
    const original = await this.deliveries.findForEndpoint(organizationId, endpointId, deliveryId);
    if (!original) throw AppError.notFound('Delivery');
    const id = randomUUID();
    const delivery = await this.deliveries.create(organizationId, {
      id,
      endpointId,
      eventId: original.eventId,
      eventType: original.eventType,
      seriesKey: `${original.eventId}:${endpointId}:${id}`,
      attempt: 1,
      scheduledFor: new Date(),
    });
    await this.queue.enqueue({ deliveryId: delivery.id, endpointId });
    return delivery;
  }
}
