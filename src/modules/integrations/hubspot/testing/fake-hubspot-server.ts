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

/** `POST /crm/v3/properties/{objectType}` (PropertyCreate): the fields HubSpot requires. */
const createPropertySchema = {
  type: 'object',
  required: ['name', 'label', 'type', 'fieldType', 'groupName'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    label: { type: 'string', minLength: 1 },
    type: { type: 'string', enum: ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'] },
    fieldType: { type: 'string', minLength: 1 },
    groupName: { type: 'string', minLength: 1 },
  },
};

/** `POST /crm/v3/objects/tasks/search` (PublicObjectSearchRequest), with the operators modelled here. */
const searchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filterGroups: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['filters'],
        additionalProperties: false,
        properties: {
          filters: {
            type: 'array',
            maxItems: 6,
            items: {
              type: 'object',
              required: ['propertyName', 'operator'],
              additionalProperties: false,
              properties: {
                propertyName: { type: 'string' },
                operator: {
                  type: 'string',
                  enum: ['EQ', 'NEQ', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'],
                },
                value: { type: 'string' },
              },
            },
          },
        },
      },
    },
    properties: { type: 'array', items: { type: 'string' } },
    sorts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['propertyName'],
        properties: {
          propertyName: { type: 'string' },
          direction: { type: 'string', enum: ['ASCENDING', 'DESCENDING'] },
        },
      },
    },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    after: { type: 'string' },
    query: { type: 'string' },
  },
};

interface SearchBody {
  filterGroups?: { filters: { propertyName: string; operator: string; value?: string }[] }[];
  properties?: string[];
  sorts?: { propertyName: string; direction?: 'ASCENDING' | 'DESCENDING' }[];
  limit?: number;
  after?: string;
}

/** Task properties every portal has (a subset of HubSpot's defaults). */
const DEFAULT_TASK_PROPERTIES = [
  'hs_createdate',
  'hs_lastmodifieddate',
  'hs_object_id',
  'hs_task_body',
  'hs_task_priority',
  'hs_task_status',
  'hs_task_subject',
  'hs_task_type',
  'hs_timestamp',
  'hubspot_owner_id',
];

const ajv = new Ajv({ allErrors: true });
const validateCreateTask = ajv.compile<CreateTaskBody>(createTaskSchema);
const validateCreateProperty = ajv.compile<{ name: string }>(createPropertySchema);
const validateSearch = ajv.compile<SearchBody>(searchSchema);
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
  /** Custom task properties the portal has from the start; others are made with the properties API. */
  customTaskProperties?: string[];
}

export interface FakeHubSpot extends LocalHttpServer {
  /** Tasks created so far, with the id the fake gave each. */
  tasks: { id: string; body: CreateTaskBody; createdAt: string }[];
  /** Custom task properties the portal has, in the order they were made. */
  customTaskProperties: string[];
  /** Every request received, including refused ones. */
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** The next request gets this status (and `Retry-After` in seconds, when given) instead. */
  failNext(status: number, retryAfterSeconds?: number): void;
}

/**
 * A stand-in for api.hubapi.com's task endpoints (create, search) and task properties API that
 * refuses what HubSpot refuses: a missing or wrong bearer token (401), a non-JSON content type
 * (415), a body outside the schema, a property the portal does not have or an association to an
 * unknown contact (400), an existing property made again (409), with HubSpot's error body shape.
 * Search sees a task as soon as it is created: HubSpot's index lag is not modelled.
 */
export async function startFakeHubSpot(options: FakeHubSpotOptions): Promise<FakeHubSpot> {
  const tasks: FakeHubSpot['tasks'] = [];
  const requests: FakeHubSpot['requests'] = [];
  const scripted: { status: number; retryAfterSeconds?: number }[] = [];
  const contacts = new Set(options.contactIds ?? []);
  const customTaskProperties = [...(options.customTaskProperties ?? [])];
  const hasTaskProperty = (name: string) =>
    DEFAULT_TASK_PROPERTIES.includes(name) || customTaskProperties.includes(name);
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
    const route = `${request.method ?? ''} ${path}`;
    if (!ROUTES.includes(route)) {
      return sendError(response, 404, 'OBJECT_NOT_FOUND', `No route for ${route}`);
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
    const invalid = (validate: { errors?: { instancePath: string; message?: string }[] | null }) =>
      sendError(
        response,
        400,
        'VALIDATION_ERROR',
        `Invalid input: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
      );

    if (route === 'POST /crm/v3/properties/tasks') {
      if (!validateCreateProperty(body)) return invalid(validateCreateProperty);
      if (hasTaskProperty(body.name)) {
        return sendError(
          response,
          409,
          'OBJECT_ALREADY_EXISTS',
          `Property named '${body.name}' already exists.`,
        );
      }
      customTaskProperties.push(body.name);
      return sendJson(response, 201, { ...body, hidden: false, calculated: false });
    }

    if (route === 'POST /crm/v3/objects/tasks/search') {
      if (!validateSearch(body)) return invalid(validateSearch);
      const named = [
        ...(body.filterGroups ?? []).flatMap((group) => group.filters.map((f) => f.propertyName)),
        ...(body.sorts ?? []).map((sort) => sort.propertyName),
      ];
      const unknown = named.find((name) => !hasTaskProperty(name));
      if (unknown !== undefined) {
        return sendError(
          response,
          400,
          'VALIDATION_ERROR',
          `There was a problem with the request. Property '${unknown}' does not exist.`,
        );
      }
      return sendJson(response, 200, search(tasks, body));
    }

    if (!validateCreateTask(body)) return invalid(validateCreateTask);
    const missing = Object.keys(body.properties).find((name) => !hasTaskProperty(name));
    if (missing !== undefined) {
      return sendError(
        response,
        400,
        'VALIDATION_ERROR',
        `Property values were not valid: [{"isValid":false,"message":"Property \\"${missing}\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"${missing}"}]`,
      );
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
    const createdAt = new Date().toISOString();
    tasks.push({ id, body, createdAt });
    sendJson(response, 201, taskRecord({ id, body, createdAt }));
  });

  return {
    ...server,
    tasks,
    customTaskProperties,
    requests,
    failNext: (status, retryAfterSeconds) => scripted.push({ status, retryAfterSeconds }),
  };
}

const ROUTES = [
  'POST /crm/v3/objects/tasks',
  'POST /crm/v3/objects/tasks/search',
  'POST /crm/v3/properties/tasks',
];

type StoredTask = FakeHubSpot['tasks'][number];

function taskRecord({ id, body, createdAt }: StoredTask, only?: string[]) {
  const all: Record<string, string> = {
    ...body.properties,
    hs_createdate: createdAt,
    hs_lastmodifieddate: createdAt,
    hs_object_id: id,
  };
  // A search returns the properties asked for, and these three always.
  const shown = only
    ? Object.fromEntries(
        Object.entries(all).filter(
          ([name]) =>
            only.includes(name) ||
            ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'].includes(name),
        ),
      )
    : all;
  return { id, properties: shown, createdAt, updatedAt: createdAt, archived: false };
}

/** Filter groups are ORed, the filters of a group ANDed, as HubSpot documents. */
function search(tasks: StoredTask[], body: SearchBody) {
  const valueOf = (task: StoredTask, name: string): string | undefined =>
    taskRecord(task).properties[name];
  const matches = (
    task: StoredTask,
    filter: { propertyName: string; operator: string; value?: string },
  ) => {
    const actual = valueOf(task, filter.propertyName);
    switch (filter.operator) {
      case 'EQ':
        return actual === filter.value;
      case 'NEQ':
        return actual !== filter.value;
      case 'HAS_PROPERTY':
        return actual !== undefined;
      default:
        return actual === undefined;
    }
  };
  const groups = body.filterGroups ?? [];
  const found = tasks.filter(
    (task) =>
      groups.length === 0 || groups.some((group) => group.filters.every((f) => matches(task, f))),
  );
  for (const sort of [...(body.sorts ?? [])].reverse()) {
    const sign = sort.direction === 'DESCENDING' ? -1 : 1;
    found.sort(
      (a, b) =>
        sign *
        (valueOf(a, sort.propertyName) ?? '').localeCompare(valueOf(b, sort.propertyName) ?? ''),
    );
  }
  const offset = Number(body.after ?? 0);
  const limit = body.limit ?? 10;
  const page = found.slice(offset, offset + limit);
  const next = offset + limit < found.length ? { next: { after: String(offset + limit) } } : {};
  return {
    total: found.length,
    results: page.map((task) => taskRecord(task, body.properties)),
    ...(Object.keys(next).length > 0 ? { paging: next } : {}),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  response.end(JSON.stringify(body));
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
