import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook } from './webhook-signer.js';

describe(generateWebhookSecret.name, () => {
  const sut = generateWebhookSecret;

  it('returns whsec_ and base64 of 32 random bytes', () => {
    const secret = sut();

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('never returns the same secret twice', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => sut()));

    expect(secrets.size).toBe(50);
  });
});

describe(signWebhook.name, () => {
  const sut = signWebhook;
  const payload = JSON.stringify({ id: 'evt_1', type: 'test.ping', data: {} });

  function headersFor(signature: string, timestamp: Date) {
    return {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
  }

  it('produces a v1 signature the standardwebhooks package accepts', () => {
    const secret = generateWebhookSecret();
    const now = new Date();

    const signature = sut('evt_1', now, payload, [secret]);

    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(payload, headersFor(signature, now))).toEqual(
      JSON.parse(payload),
    );
  });

  it('signs with every secret, space-separated, so either secret verifies', () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const now = new Date();

    const signature = sut('evt_1', now, payload, [oldSecret, newSecret]);

    expect(signature.split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(() => new Webhook(secret).verify(payload, headersFor(signature, now))).not.toThrow();
    }
    expect(() =>
      new Webhook(generateWebhookSecret()).verify(payload, headersFor(signature, now)),
    ).toThrow(WebhookVerificationError);
  });

  it('refuses to sign without a secret', () => {
    expect(() => sut('evt_1', new Date(), payload, [])).toThrow('at least one signing secret');
  });
});
