import { UnsafeUrlError } from '../../../common/net/address-guard.js';
import { parseRetryAfter } from '../../../common/net/retry-after.js';
import { safeRequest } from '../../../common/net/safe-http-client.js';

export const HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';
/** HubSpot-defined association type for task → contact (CRM v4 association type ids). */
export const TASK_TO_CONTACT_ASSOCIATION_TYPE_ID = 204;

/**
 * The custom task property that holds Aila's task id. A push looks for it before creating, so a
 * task HubSpot took but whose id we failed to record is found again rather than created twice.
 */
export const AILA_TASK_ID_PROPERTY = 'aila_task_id';

export type HubSpotTaskStatus = 'NOT_STARTED' | 'COMPLETED';
export type HubSpotTaskPriority = 'LOW' | 'MEDIUM' | 'HIGH';

export interface HubSpotTaskInput {
  /** Aila's task id, written to AILA_TASK_ID_PROPERTY. */
  ailaTaskId: string;
  subject: string;
  body: string;
  /** HubSpot requires a due date (`hs_timestamp`); without one the time of the sync is used. */
  dueAt: Date | null;
  status: HubSpotTaskStatus;
  priority: HubSpotTaskPriority;
  /** The contact's HubSpot record id, when known. */
  contactId?: string;
}

/** Where and as whom to call HubSpot. */
export interface HubSpotConnection {
  /** A self-hosted proxy or a test server; the connection's optional `base_url`. */
  baseUrl?: string;
  accessToken: string;
  /** `ALLOW_PRIVATE_URLS`: the base URL is organization-supplied, so it passes the SSRF guard. */
  allowPrivate?: boolean;
  timeoutMs?: number;
}

export interface CreateHubSpotTaskParams extends HubSpotConnection {
  task: HubSpotTaskInput;
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

/**
 * Creates AILA_TASK_ID_PROPERTY on the portal's tasks (`POST /crm/v3/properties/tasks`). HubSpot
 * answers 409 when it exists already, which is as good as created.
 */
export async function ensureAilaTaskIdProperty(connection: HubSpotConnection): Promise<void> {
  await hubSpotRequest(
    connection,
    '/crm/v3/properties/tasks',
    {
      name: AILA_TASK_ID_PROPERTY,
      label: 'Aila task id',
      description: 'The id of the Aila task this task was created from.',
      groupName: 'task_information',
      type: 'string',
      fieldType: 'text',
    },
    [409],
  );
}

/**
 * The HubSpot task created for an Aila task, if any (`POST /crm/v3/objects/tasks/search`).
 * HubSpot's search index trails writes by a few seconds, which the retry backoff outlasts.
 */
export async function findHubSpotTask(
  connection: HubSpotConnection,
  ailaTaskId: string,
): Promise<{ id: string } | null> {
  const { answer } = await hubSpotRequest(connection, '/crm/v3/objects/tasks/search', {
    filterGroups: [
      { filters: [{ propertyName: AILA_TASK_ID_PROPERTY, operator: 'EQ', value: ailaTaskId }] },
    ],
    properties: [AILA_TASK_ID_PROPERTY],
    sorts: [{ propertyName: 'hs_createdate', direction: 'ASCENDING' }],
    limit: 1,
  });
  const results = answer?.results;
  if (!Array.isArray(results)) {
    throw new HubSpotError('HubSpot answered a search without results', { permanent: true });
  }
  const first: unknown = results[0];
  if (first === undefined) return null;
  return { id: recordId(first) };
}

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
      [AILA_TASK_ID_PROPERTY]: task.ailaTaskId,
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
  const { answer } = await hubSpotRequest(params, '/crm/v3/objects/tasks', body);
  return { id: recordId(answer) };
}

function recordId(record: unknown): string {
  const id = (record as Record<string, unknown> | null)?.id;
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new HubSpotError('HubSpot answered without a record id', { permanent: true });
  }
  return String(id);
}

/**
 * POSTs JSON to HubSpot. A 2xx answer, or one of `accepted`, is returned; any other answer or a
 * failure to reach HubSpot throws a HubSpotError that says whether a retry may help.
 */
async function hubSpotRequest(
  connection: HubSpotConnection,
  path: string,
  body: unknown,
  accepted: number[] = [],
): Promise<{ status: number; answer: Record<string, unknown> | null }> {
  const baseUrl = (connection.baseUrl ?? HUBSPOT_API_BASE_URL).replace(/\/+$/, '');
  let response;
  try {
    response = await safeRequest(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${connection.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      timeoutMs: connection.timeoutMs ?? 15_000,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      allowPrivate: connection.allowPrivate ?? false,
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

  const status = response.status;
  const answer = parseJson(response.body);
  if ((status >= 200 && status < 300) || accepted.includes(status)) return { status, answer };

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
