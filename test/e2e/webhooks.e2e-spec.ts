import { jest } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import {
  readRequestBody,
  startLocalHttpServer,
  type LocalHttpServer,
} from '../../src/common/net/testing/local-http-server.js';
import { ENDPOINT_IN_FLIGHT_LIMIT } from '../../src/modules/webhooks/delivery/delivery-attempts.service.js';
import { FanOutService } from '../../src/modules/webhooks/delivery/fan-out.service.js';
import { FAN_OUT_DEADLINE_MINUTES } from '../../src/modules/webhooks/jobs/outbox-dispatcher.service.js';
import { WebhookEndpointRepository } from '../../src/modules/webhooks/webhook-endpoint.repository.js';
import {
  EventOutbox,
  type OutboxEvent,
  type WebhookEventData,
} from '../../src/modules/webhooks/outbox/event-outbox.service.js';
import { JobQueue } from '../../src/queue/job-queue.js';
import type { WebhookEventType } from '../../src/modules/webhooks/outbox/webhook-event.types.js';
import { SALES_CALL } from '../fixtures/transcripts.js';
import { createKey, createOrganization, eventually, OrgWithKey } from '../utils/factories.js';
import { schemaProblems } from '../utils/spec-validator.js';
import { PrivateRedis } from '../utils/private-redis.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * Receivers in the test process: every request is kept; each path answers as told (default 200),
 * or is held unanswered until released.
 */
class Receivers {
  readonly received: Received[] = [];
  /** The most requests a held path had open at once. */
  readonly mostOpen = new Map<string, number>();
  private readonly answers = new Map<string, (nth: number) => number>();
  private readonly held = new Map<string, (() => void)[]>();
  private server!: LocalHttpServer;

  async start(): Promise<this> {
    this.server = await startLocalHttpServer(async (request, response) => {
      const path = request.url ?? '/';
      const body = (await readRequestBody(request)).toString('utf8');
      this.received.push({ path, headers: request.headers, body, at: Date.now() });
      const status = this.answers.get(path)?.(this.at(path).length) ?? 200;
      const answer = () =>
        response.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
      const parked = this.held.get(path);
      if (!parked) return answer();
      parked.push(answer);
      this.mostOpen.set(path, Math.max(this.mostOpen.get(path) ?? 0, parked.length));
    });
    return this;
  }

  hold(path: string): void {
    this.held.set(path, []);
  }

  release(path: string): void {
    const parked = this.held.get(path) ?? [];
    this.held.delete(path);
    for (const answer of parked) answer();
  }

  url(path: string): string {
    return `${this.server.url}${path}`;
  }

  answer(path: string, status: (nth: number) => number): void {
    this.answers.set(path, status);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

const verify = (secret: string, delivery: Received, body = delivery.body) =>
  new Webhook(secret).verify(body, delivery.headers as Record<string, string>);

/** Helpers bound to one app, organization and key. */
function webhooksOf(app: TestApp, org: OrgWithKey, key: string) {
  const base = `/v1/organizations/${org.organizationId}/webhooks`;
  const dataSource = app.app.get<DataSource>(getDataSourceToken());
  return {
    base,
    dataSource,
    create: async (body: Record<string, unknown>) =>
      (await app.http.post(base).set('X-API-Key', key).send(body).expect(201)).body.data as {
        id: string;
        secret: string;
      },
    deliveries: async (webhookId: string, query = '') =>
      (
        await app.http
          .get(`${base}/${webhookId}/deliveries${query}`)
          .set('X-API-Key', key)
          .expect(200)
      ).body,
    /** Records an event the way features do: in a transaction of their own. */
    record: <T extends WebhookEventType>(type: T, data: WebhookEventData[T]) =>
      dataSource.transaction((manager) =>
        app.app
          .get(EventOutbox)
          .record(manager, { organizationId: org.organizationId, type, data } as OutboxEvent),
      ),
  };
}

const mismoReady = (callId = '3fa85f64-5717-4562-b3fc-2c963f66afa6') => ({
  call_id: callId,
  url: `https://api.example.com/v1/calls/${callId}/mismo`,
});

describe('Webhooks', () => {
  let sut: TestApp;
  let org: OrgWithKey;
  let key: string;
  let receivers: Receivers;
  let hooks: ReturnType<typeof webhooksOf>;

  beforeAll(async () => {
    sut = await createTestApp();
    org = await createOrganization(sut);
    key = (
      await createKey(sut, org, ['webhooks:read', 'webhooks:write', 'calls:read', 'calls:write'])
    ).secret;
    receivers = await new Receivers().start();
    hooks = webhooksOf(sut, org, key);
  });

  afterAll(async () => {
    await sut.close();
    await receivers.close();
  });

  describe('endpoints', () => {
    it('shows the secret only at creation and keeps it encrypted at rest', async () => {
      const created = await sut.http
        .post(hooks.base)
        .set('X-API-Key', key)
        .send({ url: receivers.url('/crud'), events: ['call.completed'], description: 'CRM' })
        .expect(201);
      const endpoint = created.body.data;
      expect(endpoint).toMatchObject({
        url: receivers.url('/crud'),
        events: ['call.completed'],
        description: 'CRM',
        enabled: true,
        disabled_reason: null,
      });
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

      const [stored] = (await hooks.dataSource.query(
        'SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1',
        [endpoint.id],
      )) as { secret_encrypted: string }[];
      expect(stored.secret_encrypted).not.toContain(endpoint.secret.slice('whsec_'.length));

      const fetched = await sut.http.get(`${hooks.base}/${endpoint.id}`).set('X-API-Key', key);
      expect(fetched.status).toBe(200);
      expect(fetched.body.data.secret).toBeUndefined();
      const listed = await sut.http
        .get(`${hooks.base}?limit=100`)
        .set('X-API-Key', key)
        .expect(200);
      expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(endpoint.id);
      expect(listed.body.data.every((e: object) => !('secret' in e))).toBe(true);
    });

    it('updates url, events, description and enabled, and refuses an empty update', async () => {
      const { id } = await hooks.create({ url: receivers.url('/patch'), events: ['task.created'] });

      const updated = await sut.http
        .patch(`${hooks.base}/${id}`)
        .set('X-API-Key', key)
        .send({ events: ['*'], description: null, enabled: false })
        .expect(200);

      expect(updated.body.data).toMatchObject({ events: ['*'], description: null, enabled: false });
      const empty = await sut.http
        .patch(`${hooks.base}/${id}`)
        .set('X-API-Key', key)
        .send({})
        .expect(400);
      expect(empty.body.error.code).toBe('VALIDATION_ERROR');
    });

    it.each([
      ['an empty list', []],
      ['an unknown event', ['call.deleted']],
      ['* with other events', ['*', 'call.completed']],
      ['a repeated event', ['task.created', 'task.created']],
    ])('refuses %s as events', async (_name, events) => {
      const res = await sut.http
        .post(hooks.base)
        .set('X-API-Key', key)
        .send({ url: receivers.url('/x'), events })
        .expect(400);

      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: { field: 'events' },
      });
    });

    it('refuses a URL that is not http(s), naming url', async () => {
      const res = await sut.http
        .post(hooks.base)
        .set('X-API-Key', key)
        .send({ url: 'ftp://files.example.com/hook', events: ['*'] })
        .expect(400);

      expect(res.body.error.details.field).toBe('url');
    });

    it("answers 404 for another organization's endpoint and for a malformed id", async () => {
      const other = await createOrganization(sut);
      const theirs = await webhooksOf(sut, other, other.adminKey).create({
        url: receivers.url('/theirs'),
        events: ['*'],
      });

      await sut.http.get(`${hooks.base}/${theirs.id}`).set('X-API-Key', key).expect(404);
      await sut.http.delete(`${hooks.base}/${theirs.id}`).set('X-API-Key', key).expect(404);
      await sut.http.get(`${hooks.base}/not-a-uuid`).set('X-API-Key', key).expect(404);
      await sut.http
        .get(`/v1/organizations/${other.organizationId}/webhooks`)
        .set('X-API-Key', key)
        .expect(404);
    });

    it('needs webhooks:write to change endpoints and webhooks:read to see them', async () => {
      const reader = (await createKey(sut, org, ['webhooks:read'])).secret;
      const stranger = (await createKey(sut, org, ['calls:read'])).secret;

      await sut.http
        .post(hooks.base)
        .set('X-API-Key', reader)
        .send({ url: receivers.url('/x'), events: ['*'] })
        .expect(403);
      await sut.http.get(hooks.base).set('X-API-Key', reader).expect(200);
      await sut.http.get(hooks.base).set('X-API-Key', stranger).expect(403);
      await sut.http.get('/v1/webhook-events').set('X-API-Key', stranger).expect(403);
    });

    it('deletes an endpoint', async () => {
      const { id } = await hooks.create({ url: receivers.url('/gone-soon'), events: ['*'] });

      const deleted = await sut.http
        .delete(`${hooks.base}/${id}`)
        .set('X-API-Key', key)
        .expect(200);

      expect(deleted.body.data.id).toBe(id);
      await sut.http.get(`${hooks.base}/${id}`).set('X-API-Key', key).expect(404);
    });
  });

  it('lists the event catalogue with an example payload of each event', async () => {
    const res = await sut.http.get('/v1/webhook-events').set('X-API-Key', key).expect(200);

    expect(res.body.data.map((e: { type: string }) => e.type)).toEqual([
      'call.completed',
      'call.data.extracted',
      'task.created',
      'task.synced',
      'mismo.ready',
      'test.ping',
    ]);
    for (const entry of res.body.data) {
      expect(entry.example.type).toBe(entry.type);
      expect(schemaProblems('WebhookEvent', entry.example)).toEqual([]);
    }
  });

  it('delivers a payload that standardwebhooks verifies with only the secret; tampering, a wrong secret or a 10-minute-old timestamp fail', async () => {
    const { id, secret } = await hooks.create({
      url: receivers.url('/verify'),
      events: ['mismo.ready'],
    });

    const event = await hooks.record('mismo.ready', mismoReady());

    const [delivery] = await eventually(async () => {
      const got = receivers.at('/verify');
      expect(got).toHaveLength(1);
      return got;
    });
    expect(delivery.headers).toMatchObject({
      'webhook-id': event.id,
      'content-type': 'application/json',
      'user-agent': `Aila-Webhooks/${VERSION}`,
    });
    const payload = verify(secret, delivery) as Record<string, unknown>;
    expect(payload).toEqual({
      id: event.id,
      type: 'mismo.ready',
      timestamp: event.createdAt.toISOString(),
      organization_id: org.organizationId,
      data: mismoReady(),
    });
    expect(schemaProblems('WebhookEvent', payload)).toEqual([]);

    expect(() => verify(secret, delivery, delivery.body.replace('mismo', 'MISMO'))).toThrow(
      WebhookVerificationError,
    );
    const otherSecret = (await hooks.create({ url: receivers.url('/other'), events: ['*'] }))
      .secret;
    expect(() => verify(otherSecret, delivery)).toThrow(WebhookVerificationError);
    const tenMinutesLater = Date.now() + 10 * 60_000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(tenMinutesLater);
    try {
      expect(() => verify(secret, delivery)).toThrow('Message timestamp too old');
    } finally {
      clock.mockRestore();
    }

    const log = await eventually(async () => {
      const body = await hooks.deliveries(id);
      expect(body.data[0]?.status).toBe('succeeded');
      return body;
    });
    expect(log.meta.total).toBe(1);
    expect(log.data[0]).toMatchObject({
      event_id: event.id,
      event_type: 'mismo.ready',
      attempt: 1,
      response_status: 200,
      response_body_excerpt: '{"ok":true}',
      error: null,
      next_retry_at: null,
    });
  });

  it('fans one event out to exactly the subscribed endpoints of its organization, once each', async () => {
    const fanOrg = await createOrganization(sut);
    const fan = webhooksOf(sut, fanOrg, fanOrg.adminKey);
    const onlyCalls = await fan.create({
      url: receivers.url('/fan/calls'),
      events: ['call.completed'],
    });
    const mismo = await fan.create({
      url: receivers.url('/fan/mismo'),
      events: ['task.created', 'mismo.ready'],
    });
    const everything = await fan.create({ url: receivers.url('/fan/all'), events: ['*'] });
    const disabled = await fan.create({
      url: receivers.url('/fan/disabled'),
      events: ['*'],
      enabled: false,
    });
    await hooks.create({ url: receivers.url('/fan/other-org'), events: ['*'] });

    const event = await fan.record('mismo.ready', mismoReady());

    // Once both deliveries are logged as succeeded, the fan-out is over: no other row exists to send.
    await eventually(async () => {
      for (const endpoint of [mismo, everything]) {
        const log = await fan.deliveries(endpoint.id);
        expect(
          log.data.map((d: { event_id: string; status: string }) => [d.event_id, d.status]),
        ).toEqual([[event.id, 'succeeded']]);
      }
    });
    const received = (path: string) =>
      receivers.at(path).filter((r) => r.headers['webhook-id'] === event.id).length;
    expect(received('/fan/mismo')).toBe(1);
    expect(received('/fan/all')).toBe(1);
    expect(received('/fan/calls')).toBe(0);
    expect(received('/fan/disabled')).toBe(0);
    expect(received('/fan/other-org')).toBe(0);
    expect((await fan.deliveries(onlyCalls.id)).meta.total).toBe(0);
    expect((await fan.deliveries(disabled.id)).meta.total).toBe(0);
    const [{ count }] = (await fan.dataSource.query(
      'SELECT count(*)::int AS count FROM webhook_deliveries WHERE event_id = $1',
      [event.id],
    )) as { count: number }[];
    expect(count).toBe(2);
  });

  it('records an event nobody subscribes to as already fanned out, and one with a subscriber for the dispatcher', async () => {
    const quietOrg = await createOrganization(sut);
    const quiet = webhooksOf(sut, quietOrg, quietOrg.adminKey);
    await quiet.create({ url: receivers.url('/quiet/mismo'), events: ['mismo.ready'] });
    const stateOf = async (id: string) =>
      (
        (await quiet.dataSource.query(
          `SELECT recipient_endpoint_ids AS recipients, dispatched_at = created_at AS "atRecord",
                fanned_out_at IS NOT NULL AS "fannedOut"
           FROM webhook_events WHERE id = $1`,
          [id],
        )) as { recipients: string[]; atRecord: boolean | null; fannedOut: boolean }[]
      )[0];

    const unheard = await quiet.record('test.ping', { webhook_id: randomUUID(), message: 'x' });
    const heard = await quiet.record('mismo.ready', mismoReady());

    // Nothing is left to do for the first: no dispatcher run, queue job or fan-out.
    expect(await stateOf(unheard.id)).toEqual({ recipients: [], atRecord: true, fannedOut: true });
    await eventually(async () =>
      expect(await stateOf(heard.id)).toMatchObject({ atRecord: false, fannedOut: true }),
    );
    expect((await stateOf(heard.id)).recipients).toHaveLength(1);
    await eventually(async () =>
      expect(receivers.at('/quiet/mismo').map((r) => r.headers['webhook-id'])).toEqual([heard.id]),
    );
  });

  it("fixes a transaction's recipients when it records its first event, reading the endpoints once", async () => {
    const txOrg = await createOrganization(sut);
    const tx = webhooksOf(sut, txOrg, txOrg.adminKey);
    const first = await tx.create({ url: receivers.url('/tx/first'), events: ['*'] });
    const reads = jest.spyOn(sut.app.get(WebhookEndpointRepository), 'findEnabledSubscriptions');

    const [ping, ready] = await tx.dataSource.transaction(async (manager) => {
      const outbox = sut.app.get(EventOutbox);
      const one = await outbox.record(manager, {
        organizationId: txOrg.organizationId,
        type: 'test.ping',
        data: { webhook_id: randomUUID(), message: 'first' },
      });
      // Committed by another connection while this transaction is open.
      await tx.create({ url: receivers.url('/tx/later'), events: ['*'] });
      const two = await outbox.record(manager, {
        organizationId: txOrg.organizationId,
        type: 'mismo.ready',
        data: mismoReady(),
      });
      return [one, two];
    });
    const readsInTransaction = reads.mock.calls.length;
    reads.mockRestore();
    const alone = await tx.record('mismo.ready', mismoReady());

    const recipientsOf = async (id: string) =>
      (
        (await tx.dataSource.query(
          `SELECT recipient_endpoint_ids AS ids FROM webhook_events WHERE id = $1`,
          [id],
        )) as { ids: string[] }[]
      )[0].ids;

    expect(readsInTransaction).toBe(1);
    expect(await recipientsOf(ping.id)).toEqual([first.id]);
    expect(await recipientsOf(ready.id)).toEqual([first.id]);
    // The next transaction reads the endpoints again, and sees both.
    expect(await recipientsOf(alone.id)).toHaveLength(2);
  });

  it('fans out late only to the endpoints subscribed when the event was recorded', async () => {
    const lateOrg = await createOrganization(sut);
    const late = webhooksOf(sut, lateOrg, lateOrg.adminKey);
    const old = await late.create({ url: receivers.url('/late/old'), events: ['mismo.ready'] });
    const resubscribed = await late.create({
      url: receivers.url('/late/resubscribed'),
      events: ['call.completed'],
    });
    // Recorded, and its fan-out job lost to an outage: dispatched, not fanned out, and too recent
    // for the sweep, so nothing fans it out until this test does.
    const event = await late.dataSource.transaction(async (manager) => {
      const recorded = await sut.app.get(EventOutbox).record(manager, {
        organizationId: lateOrg.organizationId,
        type: 'mismo.ready',
        data: mismoReady(),
      });
      await manager.query(`UPDATE webhook_events SET dispatched_at = now() WHERE id = $1`, [
        recorded.id,
      ]);
      return recorded;
    });
    const created = await late.create({ url: receivers.url('/late/new'), events: ['*'] });
    await sut.http
      .patch(`${late.base}/${resubscribed.id}`)
      .set('X-API-Key', lateOrg.adminKey)
      .send({ events: ['*'] })
      .expect(200);

    // The late fan-out, then its job retried once more.
    await sut.app.get(FanOutService).run(event.id);
    await sut.app.get(FanOutService).run(event.id);

    await eventually(async () => {
      const log = await late.deliveries(old.id);
      expect(log.data.map((d: { status: string }) => d.status)).toEqual(['succeeded']);
    });
    const deliveries = (await late.dataSource.query(
      'SELECT endpoint_id FROM webhook_deliveries WHERE event_id = $1',
      [event.id],
    )) as { endpoint_id: string }[];
    expect(deliveries.map((d) => d.endpoint_id)).toEqual([old.id]);
    expect(receivers.at('/late/old').map((r) => r.headers['webhook-id'])).toEqual([event.id]);
    expect((await late.deliveries(created.id)).meta.total).toBe(0);
    expect((await late.deliveries(resubscribed.id)).meta.total).toBe(0);
  });

  it('sends a test.ping to the tested endpoint alone, even through a late fan-out', async () => {
    const pingOrg = await createOrganization(sut);
    const ping = webhooksOf(sut, pingOrg, pingOrg.adminKey);
    const tested = await ping.create({ url: receivers.url('/ping/tested'), events: ['*'] });
    const bystander = await ping.create({ url: receivers.url('/ping/bystander'), events: ['*'] });

    await sut.http
      .post(`${ping.base}/${tested.id}/test`)
      .set('X-API-Key', pingOrg.adminKey)
      .expect(200);
    const [{ id, fanned_out_at: fannedOutAt }] = (await ping.dataSource.query(
      `SELECT id, fanned_out_at FROM webhook_events WHERE organization_id = $1`,
      [pingOrg.organizationId],
    )) as { id: string; fanned_out_at: Date | null }[];
    // What the lost fan-out sweep would do with it, were it not marked fanned out.
    await sut.app.get(FanOutService).run(id);

    expect(fannedOutAt).not.toBeNull();
    expect((await ping.deliveries(tested.id)).meta.total).toBe(1);
    expect((await ping.deliveries(bystander.id)).meta.total).toBe(0);
  });

  it('marks an event fanned out once its deliveries exist, and fans out again an event whose job was lost', async () => {
    const lostOrg = await createOrganization(sut);
    const lost = webhooksOf(sut, lostOrg, lostOrg.adminKey);
    await lost.create({ url: receivers.url('/lost'), events: ['*'] });
    const first = await lost.record('mismo.ready', mismoReady());
    await eventually(async () => expect(receivers.at('/lost')).toHaveLength(1));
    const fannedOut = async (id: string) =>
      (
        (await lost.dataSource.query('SELECT fanned_out_at FROM webhook_events WHERE id = $1', [
          id,
        ])) as { fanned_out_at: Date | null }[]
      )[0].fanned_out_at;
    await eventually(async () => expect(await fannedOut(first.id)).not.toBeNull());

    // The state Redis leaves behind when it loses a queued fan-out job: dispatched, never fanned
    // out, and no job anywhere. Old enough for the sweep, which must fan it out once.
    const orphan = `evt_${randomBytes(12).toString('hex')}`;
    await lost.dataSource.query(
      `INSERT INTO webhook_events
              (id, organization_id, type, payload, recipient_endpoint_ids, created_at, dispatched_at)
       SELECT $2, organization_id, type, jsonb_set(payload, '{id}', to_jsonb($2::text)),
              recipient_endpoint_ids,
              now() - make_interval(mins => $3 + 1), now() - make_interval(mins => $3 + 1)
         FROM webhook_events WHERE id = $1`,
      [first.id, orphan, FAN_OUT_DEADLINE_MINUTES],
    );
    await eventually(
      async () =>
        expect(receivers.at('/lost').map((r) => r.headers['webhook-id'])).toContain(orphan),
      20_000,
    );
    await eventually(async () => expect(await fannedOut(orphan)).not.toBeNull());
    // Later sweeps find nothing to do: the orphan is received once.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receivers.at('/lost').filter((r) => r.headers['webhook-id'] === orphan)).toHaveLength(1);
  });

  it('retries a receiver that answers 500 twice: three attempts with the same webhook-id, all in the log, then redelivers by hand', async () => {
    receivers.answer('/flaky', (nth) => (nth <= 2 ? 500 : 200));
    const { id, secret } = await hooks.create({
      url: receivers.url('/flaky'),
      events: ['mismo.ready'],
    });

    const event = await hooks.record('mismo.ready', mismoReady());

    const log = await eventually(
      async () => {
        const body = await hooks.deliveries(id);
        expect(body.data.map((d: { status: string }) => d.status)).toEqual([
          'succeeded',
          'failed',
          'failed',
        ]);
        return body;
      },
      20_000,
      100,
    );
    const attempts = receivers.at('/flaky');
    expect(attempts).toHaveLength(3);
    expect(attempts.map((a) => a.headers['webhook-id'])).toEqual([event.id, event.id, event.id]);
    for (const attempt of attempts) expect(() => verify(secret, attempt)).not.toThrow();
    // WEBHOOK_RETRY_SCHEDULE=1,1,1: one second ±20 % between attempts.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(750);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(750);
    expect(log.data).toMatchObject([
      { attempt: 3, status: 'succeeded', response_status: 200, next_retry_at: null },
      { attempt: 2, status: 'failed', response_status: 500, error: 'HTTP 500' },
      { attempt: 1, status: 'failed', response_status: 500, response_body_excerpt: '{"ok":true}' },
    ]);
    expect(log.data[1].next_retry_at).not.toBeNull();
    expect(log.data[2].next_retry_at).not.toBeNull();
    const failed = await hooks.deliveries(id, '?status=failed');
    expect(failed.meta.total).toBe(2);

    const redelivery = await sut.http
      .post(`${hooks.base}/${id}/deliveries/${log.data[2].id}/redeliver`)
      .set('X-API-Key', key)
      .expect(202);

    expect(redelivery.body.data).toMatchObject({
      event_id: event.id,
      attempt: 1,
      status: 'pending',
    });
    await eventually(async () => expect(receivers.at('/flaky')).toHaveLength(4));
    expect(receivers.at('/flaky')[3].headers['webhook-id']).toBe(event.id);
    await eventually(async () =>
      expect((await hooks.deliveries(id, '?status=succeeded')).meta.total).toBe(2),
    );
  });

  it('keeps a slow endpoint to its in-flight limit so that other endpoints are not held up', async () => {
    receivers.hold('/slow');
    const slow = await hooks.create({
      url: receivers.url('/slow'),
      events: ['call.data.extracted'],
    });
    await hooks.create({ url: receivers.url('/quick'), events: ['call.data.extracted'] });
    const data = {
      call_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      entity_counts: {
        emails: 0,
        phones: 0,
        money: 0,
        dates: 0,
        people: 0,
        organizations: 0,
        addresses: 0,
      },
      mortgage_fields: null,
    };

    // More events than WEBHOOK_CONCURRENCY (20): without a per-endpoint limit the slow receiver
    // would hold every worker.
    const events = [];
    for (let i = 0; i < 25; i += 1) events.push(await hooks.record('call.data.extracted', data));

    try {
      await eventually(async () => expect(receivers.at('/quick')).toHaveLength(25), 12_000, 100);
      expect(receivers.mostOpen.get('/slow')).toBeLessThanOrEqual(ENDPOINT_IN_FLIGHT_LIMIT);
    } finally {
      receivers.release('/slow');
    }
    await eventually(
      async () => {
        const log = await hooks.deliveries(slow.id, '?status=succeeded&limit=100');
        expect(log.meta.total).toBe(25);
      },
      45_000,
      250,
    );
    const ids = new Set(receivers.at('/slow').map((r) => r.headers['webhook-id']));
    expect(events.filter((e) => !ids.has(e.id))).toEqual([]);
  });

  it('stops after the schedule is used up and leaves the delivery failed', async () => {
    receivers.answer('/down', () => 503);
    const { id } = await hooks.create({ url: receivers.url('/down'), events: ['mismo.ready'] });

    await hooks.record('mismo.ready', mismoReady());

    // The first attempt and the three retries of WEBHOOK_RETRY_SCHEDULE=1,1,1.
    const log = await eventually(
      async () => {
        const body = await hooks.deliveries(id);
        expect(body.data.map((d: { status: string }) => d.status)).toEqual([
          'failed',
          'failed',
          'failed',
          'failed',
        ]);
        return body;
      },
      20_000,
      100,
    );
    expect(log.data[0]).toMatchObject({ attempt: 4, next_retry_at: null, response_status: 503 });
    expect(receivers.at('/down')).toHaveLength(4);
    const endpoint = await sut.http.get(`${hooks.base}/${id}`).set('X-API-Key', key).expect(200);
    expect(endpoint.body.data.enabled).toBe(true);
  });

  it('disables an endpoint that answers 410 Gone, and enabling it again clears the reason', async () => {
    receivers.answer('/410', () => 410);
    const { id } = await hooks.create({ url: receivers.url('/410'), events: ['mismo.ready'] });

    await hooks.record('mismo.ready', mismoReady());

    const disabled = await eventually(async () => {
      const res = await sut.http.get(`${hooks.base}/${id}`).set('X-API-Key', key).expect(200);
      expect(res.body.data.enabled).toBe(false);
      return res.body.data;
    });
    expect(disabled.disabled_reason).toContain('410');
    const log = await hooks.deliveries(id);
    expect(log.data).toMatchObject([
      { status: 'failed', response_status: 410, next_retry_at: null },
    ]);

    const enabled = await sut.http
      .patch(`${hooks.base}/${id}`)
      .set('X-API-Key', key)
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body.data).toMatchObject({ enabled: true, disabled_reason: null });
  });

  it('sends a test.ping now, to a disabled endpoint too, and answers with the outcome', async () => {
    const { id, secret } = await hooks.create({
      url: receivers.url('/ping'),
      events: ['call.completed'],
      enabled: false,
    });

    const res = await sut.http.post(`${hooks.base}/${id}/test`).set('X-API-Key', key).expect(200);

    expect(res.body.data).toMatchObject({
      status: 'succeeded',
      response_status: 200,
      response_body_excerpt: '{"ok":true}',
      error: null,
    });
    const [delivery] = receivers.at('/ping');
    expect(verify(secret, delivery)).toMatchObject({
      id: res.body.data.event_id,
      type: 'test.ping',
      data: { webhook_id: id, message: expect.any(String) },
    });
    const log = await hooks.deliveries(id);
    expect(log.data).toMatchObject([
      { id: res.body.data.delivery_id, event_type: 'test.ping', status: 'succeeded' },
    ]);

    receivers.answer('/ping-fails', () => 500);
    const failing = await hooks.create({ url: receivers.url('/ping-fails'), events: ['*'] });
    const failed = await sut.http
      .post(`${hooks.base}/${failing.id}/test`)
      .set('X-API-Key', key)
      .expect(200);
    expect(failed.body.data).toMatchObject({ status: 'failed', response_status: 500 });
  });

  it('signs with both secrets after a rotation: a receiver with only the old and one with only the new both verify', async () => {
    const created = await hooks.create({ url: receivers.url('/rotate'), events: ['mismo.ready'] });

    const rotated = await sut.http
      .post(`${hooks.base}/${created.id}/rotate-secret`)
      .set('X-API-Key', key)
      .expect(200);
    const newSecret = rotated.body.data.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(created.secret);

    const event = await hooks.record('mismo.ready', mismoReady());
    const [delivery] = await eventually(async () => {
      const got = receivers.at('/rotate');
      expect(got).toHaveLength(1);
      return got;
    });
    expect(delivery.headers['webhook-id']).toBe(event.id);
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(created.secret, delivery)).toMatchObject({ id: event.id });
    expect(verify(newSecret, delivery)).toMatchObject({ id: event.id });
  });

  it('sends call.completed with the call summary after an upload', async () => {
    const { secret } = await hooks.create({
      url: receivers.url('/calls'),
      events: ['call.completed'],
    });

    const upload = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .send({ user_id: 'rep-7', external_id: 'webhook-call-1', transcript: SALES_CALL })
      .expect(202);
    const callId = upload.body.data.id as string;

    const [delivery] = await eventually(
      async () => {
        const got = receivers.at('/calls');
        expect(got).toHaveLength(1);
        return got;
      },
      30_000,
      100,
    );
    const payload = verify(secret, delivery) as { data: Record<string, unknown> };
    expect(schemaProblems('CallCompletedEvent', payload)).toEqual([]);
    const [stored] = (await hooks.dataSource.query(
      'SELECT quality_score, duration_seconds FROM calls WHERE id = $1',
      [callId],
    )) as { quality_score: number | null; duration_seconds: number | null }[];
    expect(payload).toMatchObject({
      type: 'call.completed',
      organization_id: org.organizationId,
      data: {
        id: callId,
        external_id: 'webhook-call-1',
        user_id: 'rep-7',
        status: 'completed',
        duration_seconds: stored.duration_seconds,
        quality_score: stored.quality_score,
      },
    });
  });
});

describe('Webhooks without ALLOW_PRIVATE_URLS (SSRF guard)', () => {
  let sut: TestApp;
  let org: OrgWithKey;

  beforeAll(async () => {
    // API only: this app must not pick up other tests' delivery jobs it would refuse to send.
    sut = await createTestApp({ ALLOW_PRIVATE_URLS: 'false', APP_ROLE: 'api' });
    org = await createOrganization(sut);
  });

  afterAll(async () => {
    await sut.close();
  });

  const create = (url: string) =>
    sut.http
      .post(`/v1/organizations/${org.organizationId}/webhooks`)
      .set('X-API-Key', org.adminKey)
      .send({ url, events: ['*'] });

  it.each([
    'http://127.0.0.1/hook',
    'http://10.0.0.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data',
  ])('refuses %s with a 400 naming url', async (url) => {
    const res = await create(url).expect(400);

    expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'url' } });
  });

  it.each([
    'https://127.0.0.1/hook',
    'https://10.0.0.1/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/hook',
    'https://localhost/hook',
    'https://[::127.0.0.1]/hook',
    'https://[::169.254.169.254]/latest/meta-data',
    'https://[::10.0.0.1]/hook',
    'https://[64:ff9b::10.0.0.1]/hook',
    'https://[2002:7f00:1::1]/hook',
    'https://[fd00::1]/hook',
  ])('refuses %s, whose address is not public, over https too', async (url) => {
    const res = await create(url).expect(400);

    expect(res.body.error.details.field).toBe('url');
    expect(res.body.error.message).toContain('not a public address');
  });

  it('refuses a private URL on update as well', async () => {
    const created = await create('https://93.184.215.14/hook').expect(201);

    const res = await sut.http
      .patch(`/v1/organizations/${org.organizationId}/webhooks/${created.body.data.id}`)
      .set('X-API-Key', org.adminKey)
      .send({ url: 'https://192.168.1.10/hook' })
      .expect(400);

    expect(res.body.error.details.field).toBe('url');
  });
});

describe('Webhooks while Redis is down', () => {
  let sut: TestApp;
  let redis: PrivateRedis;
  let receivers: Receivers;

  beforeAll(async () => {
    redis = await PrivateRedis.onFreePort();
    await redis.start();
    sut = await createTestApp({
      REDIS_URL: redis.url,
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}_outage`,
    });
    receivers = await new Receivers().start();
  });

  afterAll(async () => {
    await sut.close();
    await receivers.close();
    await redis.stop();
  });

  it('delivers every event recorded during the outage once Redis is back', async () => {
    const org = await createOrganization(sut);
    const hooks = webhooksOf(sut, org, org.adminKey);
    await hooks.create({ url: receivers.url('/outage'), events: ['*'] });
    const before = await hooks.record('mismo.ready', mismoReady());
    await eventually(async () => expect(receivers.at('/outage')).toHaveLength(1));
    expect(receivers.at('/outage')[0].headers['webhook-id']).toBe(before.id);

    // Counts the queue's refusals, to know the dispatcher really met the outage.
    const queue = sut.app.get(JobQueue);
    const add = queue.add.bind(queue);
    let refused = 0;
    const spy = jest.spyOn(queue, 'add').mockImplementation(((
      ...args: Parameters<JobQueue['add']>
    ) =>
      add(...args).catch((err: unknown) => {
        refused += 1;
        throw err;
      })) as JobQueue['add']);

    await redis.stop();
    const during = [];
    for (let i = 0; i < 5; i += 1) during.push(await hooks.record('mismo.ready', mismoReady()));
    const undispatched = (await hooks.dataSource.query(
      'SELECT count(*)::int AS count FROM webhook_events WHERE id = ANY($1) AND dispatched_at IS NULL',
      [during.map((e) => e.id)],
    )) as { count: number }[];
    expect(undispatched[0].count).toBe(5);
    await eventually(async () => expect(refused).toBeGreaterThan(0), 15_000, 100);
    await redis.start();
    spy.mockRestore();

    const ids = during.map((e) => e.id);
    await eventually(
      async () => {
        const got = receivers.at('/outage').map((r) => r.headers['webhook-id']);
        expect(ids.filter((id) => !got.includes(id))).toEqual([]);
      },
      60_000,
      250,
    );
    const received = receivers.at('/outage').map((r) => r.headers['webhook-id']);
    for (const id of ids) expect(received.filter((got) => got === id)).toHaveLength(1);
  });
});
