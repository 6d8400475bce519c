import type { OutboxEvent, WebhookEventData } from './event-outbox.service.js';

/**
 * The catalogue is checked by the compiler (`npm run typecheck` and ts-jest): each
 * `@ts-expect-error` below fails the build if the payload it marks ever compiles.
 */
describe('OutboxEvent', () => {
  const organizationId = '00000000-0000-4000-8000-000000000001';
  const callId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

  it('takes each event type with the payload openapi.yaml gives it', () => {
    const events: OutboxEvent[] = [
      {
        organizationId,
        type: 'mismo.ready',
        data: { call_id: callId, url: `https://api.example.com/v1/calls/${callId}/mismo` },
      },
      { organizationId, type: 'test.ping', data: { webhook_id: callId, message: 'hello' } },
    ];
    expect(events.map((event) => event.type)).toEqual(['mismo.ready', 'test.ping']);
  });

  it('refuses a payload of another event type, or one missing a field', () => {
    const ping: WebhookEventData['test.ping'] = { webhook_id: callId, message: 'hello' };
    const wrong: OutboxEvent[] = [
      // @ts-expect-error mismo.ready carries call_id and url, not a ping's fields
      { organizationId, type: 'mismo.ready', data: ping },
      // @ts-expect-error mismo.ready needs its url
      { organizationId, type: 'mismo.ready', data: { call_id: callId } },
      // @ts-expect-error there is no such event type
      { organizationId, type: 'call.deleted', data: { call_id: callId } },
    ];
    expect(wrong).toHaveLength(3);
  });
});
