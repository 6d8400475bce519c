import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { UnsafeUrlError } from '../../../common/net/address-guard.js';
import { parseRetryAfter } from '../../../common/net/retry-after.js';
import { HttpTimeoutError, safeRequest } from '../../../common/net/safe-http-client.js';
import { signWebhook } from './webhook-signer.js';

export const WEBHOOK_TIMEOUT_MS = 15_000;
/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_EXCERPT_BYTES = 2048;

const RETRY_AFTER_STATUSES = new Set([429, 502, 503, 504]);

export interface SendWebhookInput {
  url: string;
  /** The event id: `webhook-id`, identical on every retry so receivers can de-duplicate. */
  eventId: string;
  /** The exact JSON text to send; it is signed byte for byte. */
  payload: string;
  /** Every secret currently valid for the endpoint (two during a rotation). */
  secrets: readonly string[];
  timeoutMs?: number;
  allowPrivate: boolean;
  userAgent: string;
  /** The clock for `webhook-timestamp`. */
  now?: () => Date;
}

/** `gone`: the receiver answered 410, so the endpoint should be disabled. */
export type WebhookOutcome = 'succeeded' | 'failed' | 'gone';

export interface WebhookAttemptResult {
  outcome: WebhookOutcome;
  /** Null when no HTTP answer came (refused URL, network error, time-out). */
  status: number | null;
  durationMs: number;
  /** The first 2 KB of the response body, as UTF-8. */
  responseExcerpt: string;
  error?: string;
  /** The receiver's `Retry-After`, reported for 429/502/503/504 only. */
  retryAfterMs?: number;
}

/**
 * One delivery attempt, signed per Standard Webhooks. Never throws for the receiver's behaviour:
 * every answer, refusal, network error and time-out becomes a result to log. Only 2xx succeeds;
 * redirects are not followed and count as failures.
 */
export async function sendWebhook(input: SendWebhookInput): Promise<WebhookAttemptResult> {
  const timestamp = (input.now ?? (() => new Date()))();
  const headers = {
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    'webhook-id': input.eventId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signWebhook(input.eventId, timestamp, input.payload, input.secrets),
  };
  const started = performance.now();
  try {
    const response = await safeRequest(input.url, {
      method: 'POST',
      headers,
      body: input.payload,
      timeoutMs: input.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: RESPONSE_EXCERPT_BYTES,
      allowPrivate: input.allowPrivate,
    });
    const result: WebhookAttemptResult = {
      outcome: 'failed',
      status: response.status,
      durationMs: response.durationMs,
      responseExcerpt: new StringDecoder('utf8').write(response.body),
    };
    if (response.status >= 200 && response.status < 300) {
      return { ...result, outcome: 'succeeded' };
    }
    if (response.status === 410) {
      return { ...result, outcome: 'gone', error: 'HTTP 410 Gone' };
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.location ?? 'nowhere';
      return { ...result, error: `redirect (HTTP ${response.status}) to ${location} not followed` };
    }
    const retryAfterMs = RETRY_AFTER_STATUSES.has(response.status)
      ? parseRetryAfter(response.headers['retry-after'])
      : null;
    return {
      ...result,
      error: `HTTP ${response.status}`,
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    };
  } catch (error) {
    return {
      outcome: 'failed',
      status: null,
      durationMs: Math.round(performance.now() - started),
      responseExcerpt: '',
      error: describeFailure(error),
    };
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof HttpTimeoutError) {
    return `timed out after ${error.timeoutMs} ms`;
  }
  if (error instanceof UnsafeUrlError) {
    return `url refused: ${error.message}`;
  }
  // Duck-typed: errors raised inside node:http need not share this realm's `Error` (Jest's VM does not).
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}
