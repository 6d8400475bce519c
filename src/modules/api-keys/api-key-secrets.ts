import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const API_KEY_PREFIX = 'aila_live_';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const KEY_PATTERN = new RegExp(
  `^${API_KEY_PREFIX}([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);

function toBase62(value: number, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksum(random: string): string {
  return toBase62(crc32(random), CHECKSUM_LENGTH);
}

/**
 * `aila_live_` + 32 random base62 characters (~190 bits) + a CRC32 checksum in base62,
 * the way GitHub's tokens let secret scanners tell a real key from noise offline.
 */
export function generateApiKeySecret(): string {
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i += 1) random += BASE62[randomInt(62)];
  return `${API_KEY_PREFIX}${random}${checksum(random)}`;
}

/** True when the string has our format and its checksum holds (no database lookup needed). */
export function hasValidChecksum(secret: string): boolean {
  const match = KEY_PATTERN.exec(secret);
  return match !== null && checksum(match[1]) === match[2];
}

/** Keyed hash stored instead of the secret: a database dump alone cannot be used to call the API. */
export function hashApiKeySecret(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** What is shown to tell keys apart: the format prefix plus four characters. */
export function displayPrefix(secret: string): string {
  return secret.startsWith(API_KEY_PREFIX)
    ? secret.slice(0, API_KEY_PREFIX.length + 4)
    : secret.slice(0, 6);
}
