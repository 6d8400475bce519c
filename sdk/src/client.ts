import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './openapi.js';
import { rateLimitAwareFetch, type RateLimitOptions } from './rate-limit.js';

export type AilaClient = Client<paths>;

export interface AilaClientOptions {
  /** Where the server is, without /v1: `https://api.aila.com` or `http://localhost:3000`. */
  baseUrl: string;
  apiKey: string;
  /** Waiting on 429 and retrying is on by default; false hands every 429 back as it is. */
  rateLimit?: RateLimitOptions | false;
  fetch?: typeof globalThis.fetch;
}

/**
 * A client whose paths, parameters, bodies and answers are typed from openapi.yaml:
 * `client.GET('/calls/{call_id}', { params: { path: { call_id } } })`.
 */
export function createAilaClient(options: AilaClientOptions): AilaClient {
  const base = options.fetch ?? globalThis.fetch;
  return createClient<paths>({
    baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/v1`,
    headers: { Authorization: `Bearer ${options.apiKey}` },
    fetch: options.rateLimit === false ? base : rateLimitAwareFetch(base, options.rateLimit),
  });
}
