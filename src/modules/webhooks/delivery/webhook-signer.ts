import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The `webhook-signature` header value: one `v1,<base64>` signature per secret, space-separated.
 * During a secret rotation both the old and the new secret sign, so a receiver holding either
 * verifies, as the Standard Webhooks specification allows.
 */
export function signWebhook(
  messageId: string,
  timestamp: Date,
  payload: string,
  secrets: readonly string[],
): string {
  if (secrets.length === 0) {
    throw new Error('at least one signing secret is required');
  }
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, payload)).join(' ');
}
