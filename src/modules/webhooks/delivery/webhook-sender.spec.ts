import type { IncomingHttpHeaders } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  readRequestBody,
  startLocalHttpServer,
  type LocalHttpServer,
} from '../../../common/net/testing/local-http-server.js';
import { generateWebhookSecret } from './webhook-signer.js';
import { sendWebhook, type SendWebhookInput } from './webhook-sender.js';

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe(sendWebhook.name, () => {
  const sut = sendWebhook;
  const oldSecret = generateWebhookSecret();
  const newSecret = generateWebhookSecret();
  const receiverSecrets: Record<string, string> = { '/old': oldSecret, '/new': newSecret };
  const payload = JSON.stringify({
    id: 'evt_01',
    type: 'call.completed',
    timestamp: '2025-03-01T12:00:00.000Z',
    organization_id: 'org_1',
    data: { call_id: 'c1', note: 'naïve café' },
  });
  let receiver: LocalHttpServer;
  let deliveries: Delivery[];

  function input(path: string, overrides: Partial<SendWebhookInput> = {}): SendWebhookInput {
    return {
      url: `${receiver.url}${path}`,
      eventId: 'evt_01',
      payload,
      secrets: [oldSecret],
      allowPrivate: true,
      userAgent: 'Aila-Webhooks/0.1.0',
      ...overrides,
    };
  }

  function verify(secret: string, delivery: Delivery, body = delivery.body) {
    return new Webhook(secret).verify(body, delivery.headers as Record<string, string>);
  }

  beforeAll(async () => {
    // The receiver does what a customer's would: verify with the standardwebhooks package and the secret alone.
    receiver = await startLocalHttpServer(async (request, response) => {
      const path = request.url ?? '';
      const body = (await readRequestBody(request)).toString('utf8');
      deliveries.push({ path, headers: request.headers, body });
      const secret = receiverSecrets[path];
      if (secret !== undefined) {
        try {
          new Webhook(secret).verify(body, request.headers as Record<string, string>);
          response.writeHead(204).end();
        } catch (error) {
          response.writeHead(401).end((error as Error).message);
        }
        return;
      }
      switch (path) {
        case '/error':
          response.writeHead(500).end('{"error":"boom"}');
          break;
        case '/gone':
          response.writeHead(410).end();
          break;
        case '/moved':
          response.writeHead(302, { location: '/old' }).end();
          break;
        case '/busy':
          response.writeHead(503, { 'retry-after': '120' }).end();
          break;
        case '/error-with-retry-after':
          response.writeHead(500, { 'retry-after': '120' }).end();
          break;
        case '/chatty':
          // One ASCII byte first, so that byte 2048 falls inside a two-byte character.
          response.writeHead(200).end(`a${'é'.repeat(5000)}`);
          break;
        case '/slow':
          break;
        default:
          response.writeHead(404).end();
      }
    });
  });

  beforeEach(() => {
    deliveries = [];
  });

  afterAll(() => receiver.close());

  it('delivers a signed POST that the receiver verifies with only the secret', async () => {
    const before = Math.floor(Date.now() / 1000);

    const result = await sut(input('/old'));

    expect(result).toMatchObject({ outcome: 'succeeded', status: 204, responseExcerpt: '' });
    expect(result.error).toBeUndefined();
    const [delivery] = deliveries;
    expect(delivery.body).toBe(payload);
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Aila-Webhooks/0.1.0',
      'webhook-id': 'evt_01',
      'content-length': String(Buffer.byteLength(payload)),
    });
    const timestamp = Number(delivery.headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(verify(oldSecret, delivery)).toEqual(JSON.parse(payload));
  });

  it('fails verification when the body is tampered with', async () => {
    await sut(input('/old'));

    const [delivery] = deliveries;
    const tampered = delivery.body.replace('"c1"', '"c2"');
    expect(() => verify(oldSecret, delivery, tampered)).toThrow(WebhookVerificationError);
  });

  it('fails verification with the wrong secret', async () => {
    const result = await sut(input('/new', { secrets: [oldSecret] }));

    expect(result).toMatchObject({ outcome: 'failed', status: 401 });
    expect(result.responseExcerpt).toBe('No matching signature found');
    expect(() => verify(newSecret, deliveries[0])).toThrow(WebhookVerificationError);
  });

  it('fails verification when the timestamp is 10 minutes old', async () => {
    const tenMinutesAgo = () => new Date(Date.now() - 10 * 60_000);

    const result = await sut(input('/old', { now: tenMinutesAgo }));

    expect(result).toMatchObject({ outcome: 'failed', status: 401 });
    expect(result.responseExcerpt).toBe('Message timestamp too old');
  });

  it('during a rotation, receivers with only the old or only the new secret both verify', async () => {
    const secrets = [oldSecret, newSecret];

    const results = await Promise.all([
      sut(input('/old', { secrets })),
      sut(input('/new', { secrets })),
    ]);

    expect(results.map((result) => result.outcome)).toEqual(['succeeded', 'succeeded']);
    expect(String(deliveries[0].headers['webhook-signature']).split(' ')).toHaveLength(2);
  });

  it('reports a 500 as failed with the response excerpt', async () => {
    const result = await sut(input('/error'));

    expect(result).toMatchObject({
      outcome: 'failed',
      status: 500,
      responseExcerpt: '{"error":"boom"}',
      error: 'HTTP 500',
    });
    expect(result.retryAfterMs).toBeUndefined();
  });

  it('reports 410 as gone', async () => {
    const result = await sut(input('/gone'));

    expect(result).toMatchObject({ outcome: 'gone', status: 410 });
  });

  it('does not follow a redirect and counts it as a failure', async () => {
    const result = await sut(input('/moved'));

    expect(result).toMatchObject({ outcome: 'failed', status: 302 });
    expect(result.error).toContain('not followed');
    expect(deliveries.map((delivery) => delivery.path)).toEqual(['/moved']);
  });

  it('gives up on a slow receiver after the time-out', async () => {
    const result = await sut(input('/slow', { timeoutMs: 200 }));

    expect(result).toMatchObject({
      outcome: 'failed',
      status: null,
      error: 'timed out after 200 ms',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
  });

  it('passes on Retry-After for 503', async () => {
    const result = await sut(input('/busy'));

    expect(result).toMatchObject({ outcome: 'failed', status: 503, retryAfterMs: 120_000 });
  });

  it('ignores Retry-After on statuses that do not call for it', async () => {
    const result = await sut(input('/error-with-retry-after'));

    expect(result.retryAfterMs).toBeUndefined();
  });

  it('keeps only the first 2 KB of the answer, without a broken character', async () => {
    const result = await sut(input('/chatty'));

    expect(result.outcome).toBe('succeeded');
    expect(result.responseExcerpt).toBe(`a${'é'.repeat(1023)}`);
  });

  it('refuses a private receiver unless private URLs are allowed', async () => {
    const result = await sut(input('/old', { allowPrivate: false }));

    expect(result).toMatchObject({ outcome: 'failed', status: null });
    expect(result.error).toMatch(/^url refused: /);
    expect(deliveries).toEqual([]);
  });

  it('reports a connection failure without throwing', async () => {
    const closed = await startLocalHttpServer(() => undefined);
    await closed.close();

    const result = await sut({ ...input('/'), url: `${closed.url}/hook` });

    expect(result).toMatchObject({ outcome: 'failed', status: null });
    expect(result.error).toContain('ECONNREFUSED');
  });
});
