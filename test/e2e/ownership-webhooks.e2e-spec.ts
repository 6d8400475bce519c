import { getDataSourceToken, getRepositoryToken } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { WebhookEvent } from '../../src/modules/webhooks/outbox/webhook-event.entity.js';
import { WebhookEventRepository } from '../../src/modules/webhooks/outbox/webhook-event.repository.js';
import { WebhookDeliveryRepository } from '../../src/modules/webhooks/webhook-delivery.repository.js';
import { WebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoint.entity.js';
import { WebhookEndpointRepository } from '../../src/modules/webhooks/webhook-endpoint.repository.js';
import { createOrganization } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/**
 * The webhooks module's repositories on the real database: a row of organization A, asked for,
 * changed or deleted with organization B's id, is neither found nor changed.
 */
describe('Webhooks repositories are scoped by organization', () => {
  let sut: TestApp;
  let endpoints: WebhookEndpointRepository;
  let deliveries: WebhookDeliveryRepository;
  let events: WebhookEventRepository;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    sut = await createTestApp();
    endpoints = sut.app.get(WebhookEndpointRepository);
    deliveries = sut.app.get(WebhookDeliveryRepository);
    events = sut.app.get(WebhookEventRepository);
    orgA = (await createOrganization(sut)).organizationId;
    orgB = (await createOrganization(sut)).organizationId;
  });

  afterAll(() => sut.close());

  const endpointOf = (organizationId: string) =>
    endpoints.create(organizationId, {
      id: randomUUID(),
      url: 'https://hooks.example.com/a',
      events: ['test.ping'],
      description: 'A',
      enabled: true,
      disabledReason: null,
      secretEncrypted: 'sealed',
      previousSecretEncrypted: null,
      previousSecretExpiresAt: null,
      failingSince: null,
    });

  /** An event that nobody receives, so the running app's dispatcher and fan-out send nothing. */
  const eventOf = async (organizationId: string) => {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const createdAt = new Date();
    const [event] = await events.insertMany(organizationId, [
      {
        id,
        type: 'test.ping',
        payload: {
          id,
          type: 'test.ping',
          timestamp: createdAt.toISOString(),
          organization_id: organizationId,
          data: { webhook_id: randomUUID(), message: 'scoped' },
        },
        createdAt,
        recipientEndpointIds: [],
      },
    ]);
    return event;
  };

  /** A pending attempt due in an hour: the sweep leaves it alone during the test. */
  const deliveryOf = async (organizationId: string) => {
    const endpoint = await endpointOf(organizationId);
    const event = await eventOf(organizationId);
    return deliveries.create(organizationId, {
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      seriesKey: `${event.id}:${endpoint.id}`,
      attempt: 1,
      scheduledFor: new Date(Date.now() + 3_600_000),
    });
  };

  // A second declaration would be a second instance: the outbox and the delivery side would
  // each hold their own (the app runs every role here, so the job modules are loaded too).
  it.each([
    ['WebhookEventRepository', WebhookEventRepository],
    ['WebhookEndpointRepository', WebhookEndpointRepository],
    ['Repository<WebhookEvent>', getRepositoryToken(WebhookEvent)],
    ['Repository<WebhookEndpoint>', getRepositoryToken(WebhookEndpoint)],
  ])('provides %s once in the whole app', (_name, token) => {
    expect(sut.app.get(token, { strict: false, each: true }).length).toBe(1);
  });

  describe(WebhookEndpointRepository.name, () => {
    it("does not find another organization's endpoint", async () => {
      const endpoint = await endpointOf(orgA);

      expect(await endpoints.findById(orgB, endpoint.id)).toBeNull();
      const [page, total] = await endpoints.findPage(orgB, 100, 0);
      expect(page.map((e) => e.id)).not.toContain(endpoint.id);
      expect(total).toBe(page.length);
      expect((await endpoints.findEnabledSubscriptions(orgB)).map((e) => e.id)).not.toContain(
        endpoint.id,
      );
      expect(await endpoints.findById(orgA, endpoint.id)).toMatchObject({ id: endpoint.id });
      expect(await endpoints.findEnabledSubscriptions(orgA)).toContainEqual({
        id: endpoint.id,
        events: endpoint.events,
      });
    });

    it("does not change another organization's endpoint", async () => {
      const endpoint = await endpointOf(orgA);

      expect(await endpoints.update(orgB, endpoint.id, { url: 'https://evil.example.com' })).toBe(
        null,
      );
      await endpoints.disable(orgB, endpoint.id, 'not yours', new Date());
      await endpoints.markFailingSince(orgB, endpoint.id, new Date());

      expect(await endpoints.findById(orgA, endpoint.id)).toMatchObject({
        url: 'https://hooks.example.com/a',
        enabled: true,
        disabledReason: null,
        failingSince: null,
      });
    });

    it("does not delete another organization's endpoint", async () => {
      const endpoint = await endpointOf(orgA);

      expect(await endpoints.delete(orgB, endpoint.id)).toBe(false);

      expect(await endpoints.findById(orgA, endpoint.id)).not.toBeNull();
      expect(await endpoints.delete(orgA, endpoint.id)).toBe(true);
      expect(await endpoints.findById(orgA, endpoint.id)).toBeNull();
    });

    it('changes its own endpoint', async () => {
      const endpoint = await endpointOf(orgA);
      const since = new Date('2025-03-12T15:02:11.000Z');

      await endpoints.markFailingSince(orgA, endpoint.id, since);
      expect((await endpoints.findById(orgA, endpoint.id))?.failingSince).toEqual(since);
      await endpoints.clearFailing(orgB, endpoint.id);
      expect((await endpoints.findById(orgA, endpoint.id))?.failingSince).toEqual(since);
      await endpoints.clearFailing(orgA, endpoint.id);
      expect((await endpoints.findById(orgA, endpoint.id))?.failingSince).toBeNull();
      await endpoints.disable(orgA, endpoint.id, 'gone', since);
      expect(await endpoints.findById(orgA, endpoint.id)).toMatchObject({
        enabled: false,
        disabledReason: 'gone',
      });
    });
  });

  describe(WebhookDeliveryRepository.name, () => {
    it("does not find another organization's delivery", async () => {
      const delivery = await deliveryOf(orgA);

      expect(await deliveries.findForEndpoint(orgB, delivery.endpointId, delivery.id)).toBeNull();
      const page = { limit: 100, offset: 0 };
      expect(await deliveries.findPageForEndpoint(orgB, delivery.endpointId, page)).toEqual([
        [],
        0,
      ]);
      const [own] = await deliveries.findPageForEndpoint(orgA, delivery.endpointId, page);
      expect(own.map((d) => d.id)).toEqual([delivery.id]);
    });

    it("does not change another organization's delivery", async () => {
      const delivery = await deliveryOf(orgA);
      const outcome = {
        status: 'failed',
        responseStatus: 500,
        durationMs: 12,
        responseBodyExcerpt: 'no',
        error: 'not yours',
        inFlightUntil: null,
      } as const;

      await deliveries.recordOutcome(orgB, delivery.id, outcome);
      expect(
        await deliveries.findForEndpoint(orgA, delivery.endpointId, delivery.id),
      ).toMatchObject({ status: 'pending', responseStatus: null, error: null });

      await deliveries.recordOutcome(orgA, delivery.id, outcome);
      expect(
        await deliveries.findForEndpoint(orgA, delivery.endpointId, delivery.id),
      ).toMatchObject({ status: 'failed', responseStatus: 500, error: 'not yours' });
    });

    it('writes the next attempt of a series once, in its own organization', async () => {
      const delivery = await deliveryOf(orgA);
      const next = {
        endpointId: delivery.endpointId,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        seriesKey: delivery.seriesKey,
        attempt: 2,
        scheduledFor: new Date(Date.now() + 3_600_000),
      };

      const id = await deliveries.insertNextAttempt(orgA, next);
      expect(id).toEqual(expect.any(String));
      // The same attempt of the same series exists already: nothing is written twice.
      expect(await deliveries.insertNextAttempt(orgA, next)).toBeNull();
      expect(await deliveries.findForEndpoint(orgB, delivery.endpointId, id!)).toBeNull();
    });
  });

  describe(WebhookEventRepository.name, () => {
    const marks = async (id: string) =>
      (
        (await sut.app
          .get<DataSource>(getDataSourceToken())
          .query('SELECT dispatched_at, fanned_out_at FROM webhook_events WHERE id = $1', [
            id,
          ])) as { dispatched_at: Date | null; fanned_out_at: Date | null }[]
      )[0];

    it("does not change another organization's event", async () => {
      const event = await eventOf(orgA);
      // Long past: the running dispatcher and fan-out mark the event with now(), never this.
      const at = new Date('2025-03-12T15:02:11.000Z');

      await events.markFannedOut(orgB, event.id, at);
      const after = await marks(event.id);
      expect(after.dispatched_at).not.toEqual(at);
      expect(after.fanned_out_at).not.toEqual(at);

      await events.markFannedOut(orgA, event.id, at);
      expect(await marks(event.id)).toEqual({ dispatched_at: at, fanned_out_at: at });
    });
  });
});
