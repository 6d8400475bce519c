import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  AilaApiError,
  createAilaClient,
  iterateCalls,
  verifyWebhook,
  WebhookVerificationError,
  type CallSummary,
  type WebhookEvent,
} from '../../sdk/src/index.js';
import {
  generateWebhookSecret,
  signWebhook,
} from '../../src/modules/webhooks/delivery/webhook-signer.js';
import { SALES_CALL } from '../fixtures/transcripts.js';
import { createKey, createOrganization, OrgWithKey } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/** The SDK (sdk/src) against a live server: typed calls, every page, 429 handling, webhooks. */
describe('SDK against the live server', () => {
  let sut: TestApp;
  let baseUrl: string;
  let org: OrgWithKey;
  let apiKey: string;

  beforeAll(async () => {
    sut = await createTestApp();
    const server = sut.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    org = await createOrganization(sut);
    apiKey = (await createKey(sut, org, ['calls:read', 'calls:write'])).secret;
  });

  afterAll(async () => {
    await sut.close();
  });

  it('uploads calls, lists all of them across pages with iterateCalls, and gets one', async () => {
    const client = createAilaClient({ baseUrl, apiKey });
    const userId = `rep-sdk-${randomUUID()}`;
    const uploaded: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const { data, response } = await client.POST('/calls/upload', {
        body: { user_id: userId, external_id: `sdk-${i}`, transcript: SALES_CALL },
      });
      expect(response.status).toBe(202);
      uploaded.push(data!.data.id);
    }

    const pages: CallSummary[] = [];
    for await (const call of iterateCalls(client, { user_id: userId, limit: 3 })) pages.push(call);
    expect(pages.map((c) => c.id).sort()).toEqual([...uploaded].sort());
    expect(pages.every((c) => c.user_id === userId)).toBe(true);

    const { data } = await client.GET('/calls/{call_id}', {
      params: { path: { call_id: uploaded[0] } },
    });
    expect(data?.data).toMatchObject({ id: uploaded[0], user_id: userId, external_id: 'sdk-0' });
  });

  it("uploads a batch and follows its progress at the batch's own path", async () => {
    const client = createAilaClient({ baseUrl, apiKey });
    const { data: accepted, response } = await client.POST('/calls/batch-upload', {
      body: { calls: [{ user_id: `rep-sdk-batch-${randomUUID()}`, transcript: SALES_CALL }] },
    });
    expect(response.status).toBe(202);
    const batchId = accepted!.data.id;
    expect(response.headers.get('location')).toBe(`/v1/batches/${batchId}`);
    const { data, response: progress } = await client.GET('/batches/{batch_id}', {
      params: { path: { batch_id: batchId } },
    });
    expect(progress.status).toBe(200);
    expect(data?.data).toMatchObject({ id: batchId, total: 1 });
  });

  it('reaches the health probes at the same base URL as every other operation', async () => {
    const client = createAilaClient({ baseUrl, apiKey });
    const live = await client.GET('/health/live');
    expect(live.response.status).toBe(200);
    expect(live.data).toMatchObject({ status: 'ok' });
    const ready = await client.GET('/health/ready');
    expect(ready.response.status).toBe(200);
    expect(ready.data).toMatchObject({ status: 'ok' });
  });

  it('stops iterating with the API error when the request is refused', async () => {
    const client = createAilaClient({ baseUrl, apiKey: 'aila_live_not-a-real-key' });
    const failure = await iterateCalls(client)
      .next()
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AilaApiError);
    expect(failure).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect((failure as AilaApiError).requestId).toEqual(expect.any(String));
  });

  it('waits out a 429 as Retry-After says and then succeeds', async () => {
    const limited = await createKey(sut, org, ['calls:read'], { limit: 2, window_seconds: 2 });
    const waits: number[] = [];
    const client = createAilaClient({
      baseUrl,
      apiKey: limited.secret,
      rateLimit: { onWait: (waitMs) => waits.push(waitMs) },
    });
    const raw = createAilaClient({ baseUrl, apiKey: limited.secret, rateLimit: false });

    for (let i = 0; i < 2; i += 1) expect((await client.GET('/me')).response.status).toBe(200);
    const refused = await raw.GET('/me');
    expect(refused.response.status).toBe(429);
    expect(refused.error?.error.code).toBe('RATE_LIMIT_EXCEEDED');

    const started = Date.now();
    const { data, response } = await client.GET('/me');
    expect(response.status).toBe(200);
    expect(data?.data.organization.id).toBe(org.organizationId);
    expect(waits).toHaveLength(1);
    // Retry-After is whole seconds; the wrapper's 429 came just after the one seen here.
    const retryAfter = Number(refused.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(waits[0] % 1000).toBe(0);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThanOrEqual((retryAfter + 1) * 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(waits[0]);
  });

  it('verifies a webhook signed by the server, and rejects a forged or altered one', () => {
    const secret = generateWebhookSecret();
    const event = {
      id: `evt_${randomUUID()}`,
      type: 'test.ping',
      timestamp: new Date().toISOString(),
      organization_id: org.organizationId,
      data: { message: 'ping' },
    };
    const payload = JSON.stringify(event);
    const messageId = event.id;
    const sentAt = new Date();
    const headers = new Headers({
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signWebhook(messageId, sentAt, payload, [secret]),
    });

    const verified: WebhookEvent = verifyWebhook(secret, payload, headers);
    expect(verified).toEqual(event);
    expect(verified.type).toBe('test.ping');

    // Node's IncomingHttpHeaders shape works as well.
    const nodeHeaders = {
      'Webhook-Id': messageId,
      'Webhook-Timestamp': headers.get('webhook-timestamp')!,
      'Webhook-Signature': headers.get('webhook-signature')!,
    };
    expect(verifyWebhook(secret, payload, nodeHeaders)).toEqual(event);

    expect(() => verifyWebhook(generateWebhookSecret(), payload, headers)).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyWebhook(secret, payload.replace('ping', 'pong'), headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it('verifies with either secret while a rotation signs with both', () => {
    const [previous, next] = [generateWebhookSecret(), generateWebhookSecret()];
    const payload = JSON.stringify({ type: 'test.ping' });
    const sentAt = new Date();
    const headers = {
      'webhook-id': 'msg_rotation',
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signWebhook('msg_rotation', sentAt, payload, [previous, next]),
    };
    expect(verifyWebhook(previous, payload, headers)).toEqual({ type: 'test.ping' });
    expect(verifyWebhook(next, payload, headers)).toEqual({ type: 'test.ping' });
  });
});
