import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Schemas } from '../../../common/http/openapi-types.js';
import { loadOpenApiDocument } from '../../docs/openapi-document.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../outbox/webhook-event.types.js';

const DESCRIPTIONS: Record<WebhookEventType, string> = {
  'call.completed': 'A call finished processing.',
  'call.data.extracted': 'Structured data was pulled from the transcript.',
  'task.created': 'An auto-task was generated from a call.',
  'task.synced': 'An auto-task was pushed to a connected CRM.',
  'mismo.ready': 'A MISMO 3.4 XML document was generated (mortgage lending).',
  'test.ping': 'A test delivery.',
};

type Node = Record<string, unknown>;

/**
 * Every event with an example payload. The examples are the ones openapi.yaml documents for each
 * event in its `webhooks` section, so the catalogue and the contract cannot tell different stories.
 */
export function buildWebhookEventCatalogue(document: OpenAPIObject): Schemas['WebhookEventInfo'][] {
  const root = document as unknown as Node;
  const resolve = (node: Node): Node =>
    typeof node.$ref === 'string'
      ? resolve(
          node.$ref
            .slice(2)
            .split('/')
            .reduce<Node>((at, part) => at[part] as Node, root),
        )
      : node;
  return WEBHOOK_EVENT_TYPES.map((type) => {
    const path = [
      'webhooks',
      type,
      'post',
      'requestBody',
      'content',
      'application/json',
      'examples',
    ];
    const examples = path.reduce<Node | undefined>(
      (at, part) => at?.[part] as Node | undefined,
      root,
    );
    const first = examples && Object.values(examples)[0];
    if (!first) throw new Error(`openapi.yaml documents no example payload for ${type}`);
    return {
      type,
      description: DESCRIPTIONS[type],
      example: resolve(first as Node).value as Schemas['WebhookEvent'],
    };
  });
}

@Injectable()
export class WebhookEventCatalogue {
  private readonly events = buildWebhookEventCatalogue(loadOpenApiDocument());

  list(): Schemas['WebhookEventInfo'][] {
    return this.events;
  }
}
