import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity.js';
import { CallDailyRollup } from '../modules/analytics/rollup/call-daily-rollup.entity.js';
import { ApiKey } from '../modules/api-keys/api-key.entity.js';
import { CallBatch } from '../modules/calls/call-batch.entity.js';
import { Call } from '../modules/calls/call.entity.js';
import { ContactIdentifier } from '../modules/contacts/contact-identifier.entity.js';
import { Contact } from '../modules/contacts/contact.entity.js';
import { CrmIntegration } from '../modules/integrations/crm/crm-integration.entity.js';
import { Organization } from '../modules/organizations/organization.entity.js';
import { QualityChecklist } from '../modules/quality/checklists/quality-checklist.entity.js';
import { Task } from '../modules/tasks/task.entity.js';
import { WebhookEvent } from '../modules/webhooks/outbox/webhook-event.entity.js';
import { WebhookDelivery } from '../modules/webhooks/webhook-delivery.entity.js';
import { WebhookEndpoint } from '../modules/webhooks/webhook-endpoint.entity.js';

/** Every entity, listed once: the app, the migration CLI and the tests load the same set. */
export const ENTITIES = [
  Organization,
  ApiKey,
  IdempotencyKey,
  Call,
  CallBatch,
  WebhookEvent,
  WebhookEndpoint,
  WebhookDelivery,
  Task,
  CrmIntegration,
  Contact,
  ContactIdentifier,
  QualityChecklist,
  CallDailyRollup,
];
