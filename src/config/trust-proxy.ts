import proxyaddr from 'proxy-addr';

/** What Express's `trust proxy` setting takes. */
export type TrustProxy = boolean | number | string[];

/**
 * Reads TRUST_PROXY the way Express reads `trust proxy`: `true`/`false`, a number of hops, or
 * comma-separated addresses, CIDR ranges and the names `loopback`, `linklocal` and
 * `uniquelocal`. Addresses are compiled by proxy-addr, the library Express itself uses, so
 * a value that would fail there fails here, at start-up.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const list = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  proxyaddr.compile(list);
  return list;
}

export function isTrustProxy(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    parseTrustProxy(value);
    return true;
  } catch {
    return false;
  }
}
