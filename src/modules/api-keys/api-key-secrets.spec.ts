import {
  displayPrefix,
  generateApiKeySecret,
  hashApiKeySecret,
  hasValidChecksum,
} from './api-key-secrets.js';

describe('API key secrets', () => {
  it('generates keys in the documented format with a valid checksum', () => {
    const sut = generateApiKeySecret();
    expect(sut).toMatch(/^aila_live_[0-9A-Za-z]{38}$/);
    expect(hasValidChecksum(sut)).toBe(true);
  });

  it('tells a key with a changed character from a real one', () => {
    const key = generateApiKeySecret();
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    expect(hasValidChecksum(key.slice(0, -1) + last)).toBe(false);
    expect(hasValidChecksum('aila_live_short')).toBe(false);
  });

  it('hashes with the pepper, so the same secret under another pepper differs', () => {
    const key = generateApiKeySecret();
    expect(hashApiKeySecret('pepper-one-pepper-one-pepper-one!', key)).not.toBe(
      hashApiKeySecret('pepper-two-pepper-two-pepper-two!', key),
    );
    expect(hashApiKeySecret('p', key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows only a short prefix', () => {
    expect(displayPrefix('aila_live_ABCDEFGH')).toBe('aila_live_ABCD');
    expect(displayPrefix('custom-bootstrap-secret-value')).toBe('custom');
  });
});
