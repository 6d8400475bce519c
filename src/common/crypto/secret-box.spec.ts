import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

describe(SecretBox.name, () => {
  const key = randomBytes(32);
  const sut = new SecretBox(key);
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw0F4Vz5ZQfJo=';

  it('opens what it sealed', () => {
    const sealed = sut.seal(secret, 'webhook:1');

    expect(sut.open(sealed, 'webhook:1')).toBe(secret);
  });

  it('keeps the plaintext out of the sealed value and never seals the same way twice', () => {
    const first = sut.seal(secret);
    const second = sut.seal(secret);

    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toContain(secret.slice(6, 20));
    expect(first).not.toBe(second);
    expect(sut.open(second)).toBe(secret);
  });

  it('handles non-ASCII text', () => {
    expect(sut.open(sut.seal('clé secrète ✓'))).toBe('clé secrète ✓');
  });

  it('refuses a value sealed for another context', () => {
    const sealed = sut.seal(secret, 'webhook:1');

    expect(() => sut.open(sealed, 'webhook:2')).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const sealed = new SecretBox(randomBytes(32)).seal(secret);

    expect(() => sut.open(sealed)).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const [version, iv, ciphertext, tag] = sut.seal(secret).split('.');
    const bytes = Buffer.from(ciphertext, 'base64url');
    bytes[0] ^= 1;

    const tampered = [version, iv, bytes.toString('base64url'), tag].join('.');

    expect(() => sut.open(tampered)).toThrow();
  });

  it.each(['', 'v1.a.b', 'v2.a.b.c', 'v1.AAAA.AAAA.AAAA'])(
    'refuses malformed input %p',
    (value) => {
      expect(() => sut.open(value)).toThrow();
    },
  );

  it('insists on a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(RangeError);
  });
});
