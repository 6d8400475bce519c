import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity.js';
import { ApiKey } from '../modules/api-keys/api-key.entity.js';
import { CallBatch } from '../modules/calls/call-batch.entity.js';
import { Call } from '../modules/calls/call.entity.js';
import { Organization } from '../modules/organizations/organization.entity.js';
import { WebhookEvent } from '../modules/webhooks/outbox/webhook-event.entity.js';

/** Every entity, listed once: the app, the migration CLI and the tests load the same set. */
export const ENTITIES = [Organization, ApiKey, IdempotencyKey, Call, CallBatch, WebhookEvent];
