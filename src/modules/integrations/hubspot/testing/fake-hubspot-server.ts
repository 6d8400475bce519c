import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Ajv } from 'ajv';
import {
  readRequestBody,
  startLocalHttpServer,
  type LocalHttpServer,
} from '../../../../common/net/testing/local-http-server.js';

/**
 * The request body of `POST /crm/v3/objects/tasks` as HubSpot's API describes it
 * (SimplePublicObjectInputForCreate), with the task properties' documented values.
 */
const createTaskSchema = {
  type: 'object',
  required: ['properties'],
  additionalProperties: false,
  properties: {
    properties: {
      type: 'object',
      required: ['hs_timestamp'],
      additionalProperties: { type: 'string' },
      properties: {
        hs_timestamp: {
          type: 'string',
          pattern: '^(\\d+|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)$',
        },
        hs_task_status: {
          type: 'string',
          enum: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
        },
        hs_task_priority: { type: 'string', enum: ['NONE', 'LOW', 'MEDIUM', 'HIGH'] },
      },
    },
    associations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['to', 'types'],
        additionalProperties: false,
        properties: {
          to: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', minLength: 1 } },
          },
          types: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['associationCategory', 'associationTypeId'],
              additionalProperties: false,
              properties: {
                associationCategory: {
                  type: 'string',
                  enum: ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'],
                },
                associationTypeId: { type: 'integer' },
              },
            },
          },
        },
      },
    },
  },
};

const validateCreateTask = new Ajv({ allErrors: true }).compile<CreateTaskBody>(createTaskSchema);
const TASK_TO_CONTACT = 204;

export interface CreateTaskBody {
  properties: Record<string, string>;
  associations?: {
    to: { id: string };
    types: { associationCategory: string; associationTypeId: number }[];
  }[];
}

export interface FakeHubSpotOptions {
  accessToken: string;
  /** Contact record ids that exist in the fake portal. */
  contactIds?: string[];
}

export interface FakeHubSpot extends LocalHttpServer {
  /** Tasks created so far, with the id the fake gave each. */
  tasks: { id: string; body: CreateTaskBody }[];
  /** Every request received, including refused ones. */
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** The next request gets this status (and `Retry-After` in seconds, when given) instead. */
  failNext(status: number, retryAfterSeconds?: number): void;
}

/**
 * A stand-in for api.hubapi.com's task endpoint that refuses what HubSpot refuses: a missing or
 * wrong bearer token (401), a non-JSON content type (415), a body outside the schema or an
 * association to an unknown contact (400), with HubSpot's error body shape.
 */
export async function startFakeHubSpot(options: FakeHubSpotOptions): Promise<FakeHubSpot> {
  const tasks: FakeHubSpot['tasks'] = [];
  const requests: FakeHubSpot['requests'] = [];
  const scripted: { status: number; retryAfterSeconds?: number }[] = [];
  const contacts = new Set(options.contactIds ?? []);
  let nextId = 90_000_001;

  const server = await startLocalHttpServer(async (request, response) => {
    const raw = await readRequestBody(request);
    const path = request.url ?? '';
    requests.push({
      method: request.method ?? '',
      path,
      authorization: request.headers.authorization,
    });
    const failure = scripted.shift();
    if (failure !== undefined) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(failure.retryAfterSeconds) };
      const category = failure.status === 429 ? 'RATE_LIMITS' : 'INTERNAL_ERROR';
      return sendError(response, failure.status, category, 'Scripted failure.', headers);
    }
    if (request.method !== 'POST' || path !== '/crm/v3/objects/tasks') {
      return sendError(response, 404, 'OBJECT_NOT_FOUND', `No route for ${request.method} ${path}`);
    }
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      return sendError(
        response,
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    }
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return sendError(response, 415, 'VALIDATION_ERROR', 'Unsupported content type.');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1.');
    }
    if (!validateCreateTask(body)) {
      const problems = (validateCreateTask.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message}`)
        .join('; ');
      return sendError(response, 400, 'VALIDATION_ERROR', `Invalid input: ${problems}`);
    }
    for (const association of body.associations ?? []) {
      for (const type of association.types) {
        if (
          type.associationCategory === 'HUBSPOT_DEFINED' &&
          type.associationTypeId !== TASK_TO_CONTACT
        ) {
          return sendError(response, 400, 'VALIDATION_ERROR', 'Unsupported association type.');
        }
      }
      if (!contacts.has(association.to.id)) {
        return sendError(
          response,
          400,
          'VALIDATION_ERROR',
          `No contact with id ${association.to.id} exists.`,
        );
      }
    }
    const id = String(nextId++);
    tasks.push({ id, body });
    const now = new Date().toISOString();
    response.writeHead(201, { 'content-type': 'application/json;charset=utf-8' });
    response.end(
      JSON.stringify({
        id,
        properties: {
          ...body.properties,
          hs_createdate: now,
          hs_lastmodifieddate: now,
          hs_object_id: id,
        },
        createdAt: now,
        updatedAt: now,
        archived: false,
      }),
    );
  });

  return {
    ...server,
    tasks,
    requests,
    failNext: (status, retryAfterSeconds) => scripted.push({ status, retryAfterSeconds }),
  };
}

function sendError(
  response: ServerResponse,
  status: number,
  category: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  response.end(JSON.stringify({ status: 'error', message, correlationId: randomUUID(), category }));
}
