import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SecretBox } from '../../../common/crypto/secret-box.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import type { WebhookEvent } from '../outbox/webhook-event.entity.js';
import type { WebhookEndpoint } from '../webhook-endpoint.entity.js';
import { WEBHOOK_USER_AGENT } from './user-agent.js';
import { sendWebhook, type WebhookAttemptResult } from './webhook-sender.js';

export type SendableEndpoint = Pick<
  WebhookEndpoint,
  'id' | 'url' | 'secretEncrypted' | 'previousSecretEncrypted' | 'previousSecretExpiresAt'
>;
export type SendableEvent = Pick<WebhookEvent, 'id' | 'payload'>;

/** The AES-GCM context of an endpoint's secrets: a sealed secret opens only on its own row. */
export const secretContext = (endpointId: string) => `webhook_endpoint:${endpointId}`;

/** Sends one event to one endpoint, signed with every secret the endpoint currently has. */
@Injectable()
export class EndpointSender {
  private readonly allowPrivate: boolean;

  constructor(
    private readonly box: SecretBox,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.allowPrivate = config.get('ALLOW_PRIVATE_URLS', { infer: true });
  }

  send(
    endpoint: SendableEndpoint,
    event: SendableEvent,
    now = new Date(),
  ): Promise<WebhookAttemptResult> {
    return sendWebhook({
      url: endpoint.url,
      eventId: event.id,
      payload: payloadText(event),
      secrets: this.signingSecrets(endpoint, now),
      allowPrivate: this.allowPrivate,
      userAgent: WEBHOOK_USER_AGENT,
    });
  }

  /** The current secret, and during the 24 h after a rotation the previous one too. */
  signingSecrets(endpoint: SendableEndpoint, now: Date): string[] {
    const context = secretContext(endpoint.id);
    const secrets = [this.box.open(endpoint.secretEncrypted, context)];
    if (
      endpoint.previousSecretEncrypted &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > now
    ) {
      secrets.push(this.box.open(endpoint.previousSecretEncrypted, context));
    }
    return secrets;
  }
}

/**
 * The body as sent: the envelope's fields in their documented order (JSONB keeps its own key
 * order), identical on every attempt because the stored payload does not change.
 */
export function payloadText(event: SendableEvent): string {
  const { id, type, timestamp, organization_id, data } = event.payload;
  return JSON.stringify({ id, type, timestamp, organization_id, data });
}
