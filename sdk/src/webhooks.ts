import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components } from './openapi.js';

export type WebhookEvent = components['schemas']['WebhookEvent'];
export { WebhookVerificationError };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks a delivery's Standard Webhooks signature (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) against the endpoint's `whsec_…` secret and returns the event.
 * `payload` must be the raw body, byte for byte. Throws WebhookVerificationError when the
 * signature does not match or the timestamp is more than five minutes off.
 */
export function verifyWebhook(
  secret: string,
  payload: string | Buffer,
  headers: HeaderSource,
): WebhookEvent {
  return new Webhook(secret).verify(payload, lowerCased(headers)) as WebhookEvent;
}

function lowerCased(headers: HeaderSource): Record<string, string> {
  const flat: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((value, name) => (flat[name] = value));
    return flat;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
