import type { Schemas } from '../../common/http/openapi-types.js';
import type { WebhookAttemptResult } from './delivery/webhook-sender.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import type { WebhookEndpoint } from './webhook-endpoint.entity.js';

export function toWebhookResponse(endpoint: WebhookEndpoint): Schemas['Webhook'] {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

export function toWebhookWithSecret(
  endpoint: WebhookEndpoint,
  secret: string,
): Schemas['WebhookWithSecret'] {
  return { ...toWebhookResponse(endpoint), secret };
}

export function toDeliveryResponse(delivery: WebhookDelivery): Schemas['WebhookDelivery'] {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    attempt: delivery.attempt,
    status: delivery.status,
    response_status: delivery.responseStatus,
    duration_ms: delivery.durationMs,
    response_body_excerpt: delivery.responseBodyExcerpt,
    error: delivery.error,
    next_retry_at: delivery.nextRetryAt?.toISOString() ?? null,
    created_at: delivery.createdAt.toISOString(),
  };
}

export function toTestDeliveryResult(
  delivery: Pick<WebhookDelivery, 'id' | 'eventId'>,
  result: WebhookAttemptResult,
): Schemas['TestDeliveryResult'] {
  return {
    event_id: delivery.eventId,
    delivery_id: delivery.id,
    status: result.outcome === 'succeeded' ? 'succeeded' : 'failed',
    response_status: result.status,
    duration_ms: result.durationMs,
    response_body_excerpt: result.responseExcerpt,
    error: result.error ?? null,
  };
}
