import { UnsafeUrlError } from '../../../common/net/address-guard.js';
import { parseRetryAfter } from '../../../common/net/retry-after.js';
import { safeRequest } from '../../../common/net/safe-http-client.js';

export const HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';
/** HubSpot-defined association type for task → contact (CRM v4 association type ids). */
export const TASK_TO_CONTACT_ASSOCIATION_TYPE_ID = 204;

export type HubSpotTaskStatus = 'NOT_STARTED' | 'COMPLETED';
export type HubSpotTaskPriority = 'LOW' | 'MEDIUM' | 'HIGH';

export interface HubSpotTaskInput {
  subject: string;
  body: string;
  /** HubSpot requires a due date (`hs_timestamp`); without one the time of the sync is used. */
  dueAt: Date | null;
  status: HubSpotTaskStatus;
  priority: HubSpotTaskPriority;
  /** The contact's HubSpot record id, when known. */
  contactId?: string;
}

export interface CreateHubSpotTaskParams {
  /** A self-hosted proxy or a test server; the connection's optional `base_url`. */
  baseUrl?: string;
  accessToken: string;
  task: HubSpotTaskInput;
  /** `ALLOW_PRIVATE_URLS`: the base URL is organization-supplied, so it passes the SSRF guard. */
  allowPrivate?: boolean;
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * A failed HubSpot call. `permanent` failures (bad token, bad request, missing object, refused
 * URL) are recorded and not retried; the others (rate limit, 5xx, network, time-out) are retried,
 * not before `retryAfterMs` when HubSpot said so.
 */
export class HubSpotError extends Error {
  override readonly name = 'HubSpotError';
  readonly permanent: boolean;
  /** Null when no HTTP answer came. */
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** HubSpot's error `category`, e.g. `VALIDATION_ERROR`, `INVALID_AUTHENTICATION`. */
  readonly category: string | null;
  readonly correlationId: string | null;

  constructor(
    message: string,
    details: {
      permanent: boolean;
      status?: number | null;
      retryAfterMs?: number | null;
      category?: string | null;
      correlationId?: string | null;
    },
  ) {
    super(message);
    this.permanent = details.permanent;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.category = details.category ?? null;
    this.correlationId = details.correlationId ?? null;
  }
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Creates a task through the CRM v3 objects API (`POST /crm/v3/objects/tasks`) and returns its id. */
export async function createHubSpotTask(params: CreateHubSpotTaskParams): Promise<{ id: string }> {
  const { task } = params;
  const dueAt = task.dueAt ?? (params.now ?? (() => new Date()))();
  const body = {
    // HubSpot takes every property value as a string.
    properties: {
      hs_task_subject: task.subject,
      hs_task_body: task.body,
      hs_timestamp: dueAt.toISOString(),
      hs_task_status: task.status,
      hs_task_priority: task.priority,
    },
    associations:
      task.contactId === undefined
        ? []
        : [
            {
              to: { id: task.contactId },
              types: [
                {
                  associationCategory: 'HUBSPOT_DEFINED',
                  associationTypeId: TASK_TO_CONTACT_ASSOCIATION_TYPE_ID,
                },
              ],
            },
          ],
  };
  const baseUrl = (params.baseUrl ?? HUBSPOT_API_BASE_URL).replace(/\/+$/, '');

  let response;
  try {
    response = await safeRequest(`${baseUrl}/crm/v3/objects/tasks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${params.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      timeoutMs: params.timeoutMs ?? 15_000,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      allowPrivate: params.allowPrivate ?? false,
    });
  } catch (error) {
    if (error instanceof UnsafeUrlError) {
      throw new HubSpotError(`HubSpot base URL ${error.message}`, { permanent: true });
    }
    const reason =
      typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : String(error);
    throw new HubSpotError(`HubSpot unreachable: ${reason}`, { permanent: false });
  }

  const answer = parseJson(response.body);
  if (response.status >= 200 && response.status < 300) {
    const id = answer?.id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new HubSpotError('HubSpot answered without a task id', {
        permanent: true,
        status: response.status,
      });
    }
    return { id: String(id) };
  }

  const status = response.status;
  const transient = status === 408 || status === 429 || status >= 500;
  const detail = typeof answer?.message === 'string' ? `: ${answer.message}` : '';
  throw new HubSpotError(`HubSpot answered ${status}${detail}`, {
    permanent: !transient,
    status,
    retryAfterMs: transient ? parseRetryAfter(response.headers['retry-after']) : null,
    category: typeof answer?.category === 'string' ? answer.category : null,
    correlationId: typeof answer?.correlationId === 'string' ? answer.correlationId : null,
  });
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
