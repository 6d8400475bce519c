import { isEmail } from 'class-validator';
import {
  CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';
import type { IdentifierKind } from './contact-identifier.entity.js';

export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

const PHONE_LIKE = /^[\d\s()+./-]+$/;

function countryOf(region: string): CountryCode | undefined {
  const code = region.toUpperCase();
  return isSupportedCountry(code) ? code : undefined;
}

/** E.164, reading a number without a country code as one of `region`; null when it is not a valid number. */
export function normalizePhone(raw: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, countryOf(region));
  return parsed?.isValid() ? parsed.number : null;
}

/** Lower-cased; null when it is not an email address. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return isEmail(email) ? email : null;
}

/**
 * The E.164 prefixes a partly typed number may start: as typed when it has a `+`, otherwise
 * both as an international prefix and as a national one in `region` (trunk zeros dropped).
 */
export function phonePrefixes(term: string, region: string): string[] {
  const trimmed = term.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (!PHONE_LIKE.test(trimmed) || digits.length === 0) return [];
  if (trimmed.startsWith('+')) return [`+${digits}`];
  const country = countryOf(region);
  const national = digits.replace(/^0+/, '');
  const prefixes = new Set([`+${digits}`]);
  if (country && national) prefixes.add(`+${getCountryCallingCode(country)}${national}`);
  return [...prefixes];
}

/** Every identifier once, in one fixed order, so concurrent writers insert them in the same order and never deadlock. */
export function identifiersOf(values: { emails?: string[]; phones?: string[] }): Identifier[] {
  const all = [
    ...(values.emails ?? []).map((value) => ({ kind: 'email' as const, value })),
    ...(values.phones ?? []).map((value) => ({ kind: 'phone' as const, value })),
  ];
  const unique = new Map(all.map((id) => [identifierKey(id), id]));
  return [...unique.values()].sort((a, b) =>
    identifierKey(a) < identifierKey(b) ? -1 : identifierKey(a) > identifierKey(b) ? 1 : 0,
  );
}

export function identifierKey(id: Identifier): string {
  return `${id.kind}:${id.value}`;
}
