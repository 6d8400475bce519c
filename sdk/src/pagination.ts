import type { AilaClient } from './client.js';
import { AilaApiError } from './errors.js';
import type { components, operations } from './openapi.js';

export type CallSummary = components['schemas']['CallSummary'];
/** The filters of GET /calls; `limit` is the page size (default 100, the most the API allows). */
export type CallsQuery = Omit<
  NonNullable<operations['listCalls']['parameters']['query']>,
  'offset'
>;

/**
 * Every call matching `query`, page after page, as the API documents: `limit` and an offset
 * that grows until a page comes back short.
 */
export async function* iterateCalls(
  client: AilaClient,
  query: CallsQuery = {},
): AsyncGenerator<CallSummary, void, undefined> {
  const limit = query.limit ?? 100;
  for (let offset = 0; ; offset += limit) {
    const { data, error, response } = await client.GET('/calls', {
      params: { query: { ...query, limit, offset } },
    });
    if (!data) throw new AilaApiError(response, error);
    yield* data.data;
    if (data.data.length < limit) return;
  }
}
