import type { OpenAPIObject } from '@nestjs/swagger';
import { loadOpenApiDocument } from '../../docs/openapi-document.js';
import { WEBHOOK_EVENT_TYPES } from '../outbox/webhook-event.types.js';
import { buildWebhookEventCatalogue } from './webhook-event-catalogue.js';

describe(buildWebhookEventCatalogue.name, () => {
  const sut = buildWebhookEventCatalogue;

  it('lists every event type with the example payload openapi.yaml documents for it', () => {
    const catalogue = sut(loadOpenApiDocument());

    expect(catalogue.map((entry) => entry.type)).toEqual([...WEBHOOK_EVENT_TYPES]);
    for (const entry of catalogue) {
      expect(entry.description).not.toBe('');
      expect(entry.example).toMatchObject({
        id: expect.stringMatching(/^evt_/),
        type: entry.type,
        timestamp: expect.any(String),
        organization_id: expect.any(String),
        data: expect.any(Object),
      });
    }
  });

  it('follows $refs to the shared examples', () => {
    const document = {
      webhooks: Object.fromEntries(
        WEBHOOK_EVENT_TYPES.map((type) => [
          type,
          {
            post: {
              requestBody: {
                content: {
                  'application/json': {
                    examples: { one: { $ref: `#/components/examples/${type}` } },
                  },
                },
              },
            },
          },
        ]),
      ),
      components: {
        examples: Object.fromEntries(
          WEBHOOK_EVENT_TYPES.map((type) => [type, { value: { type, marker: `${type}!` } }]),
        ),
      },
    } as unknown as OpenAPIObject;

    const catalogue = sut(document);

    expect(catalogue[0].example).toEqual({ type: 'call.completed', marker: 'call.completed!' });
  });

  it('refuses a contract that lacks an example', () => {
    expect(() => sut({ webhooks: {} } as unknown as OpenAPIObject)).toThrow('call.completed');
  });
});
