import type { components } from './openapi.js';

export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];

/** An answer other than 2xx, with the API's error code and the request id to quote to support. */
export class AilaApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(response: Response, body: unknown) {
    const error = (body as Partial<ErrorEnvelope> | undefined)?.error;
    super(error?.message ?? `HTTP ${response.status}`);
    this.name = 'AilaApiError';
    this.status = response.status;
    this.code = error?.code;
    this.details = error && 'details' in error ? error.details : undefined;
    this.requestId = error?.request_id ?? response.headers.get('x-request-id') ?? undefined;
  }
}
