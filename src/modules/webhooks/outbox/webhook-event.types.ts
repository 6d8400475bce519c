import type { Schemas } from '../../../common/http/openapi-types.js';

export const WEBHOOK_EVENT_TYPES = [
  'call.completed',
  'call.data.extracted',
  'task.created',
  'task.synced',
  'mismo.ready',
  'test.ping',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A recorded webhook event, as `EventOutbox.record` hands it back. */
export interface WebhookEventRecord {
  /** `evt_` + 24 hex characters: the `webhook-id` receivers de-duplicate by. */
  id: string;
  organizationId: string;
  type: WebhookEventType;
  /** The whole payload as delivered: {id, type, timestamp, organization_id, data}. */
  payload: Schemas['WebhookEvent'];
  createdAt: Date;
}
