import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type UnsafeUrlReason =
  'invalid_url' | 'scheme_not_allowed' | 'unresolvable' | 'forbidden_address';

/** A URL the server must not contact: malformed, wrong scheme, or resolving to a non-public address. */
export class UnsafeUrlError extends Error {
  override readonly name = 'UnsafeUrlError';

  constructor(
    readonly reason: UnsafeUrlReason,
    message: string,
    /** The offending IP address when `reason` is `forbidden_address`. */
    readonly address?: string,
  ) {
    super(message);
  }
}

export interface UrlGuardOptions {
  /** `ALLOW_PRIVATE_URLS`: any address and http are allowed (on-premises receivers, tests). */
  allowPrivate: boolean;
  /** Allow plain http to public addresses even when private addresses stay forbidden. */
  allowHttp?: boolean;
}

/**
 * Only ipaddr.js's `unicast` class counts as public. Everything else (loopback, RFC 1918, link-local,
 * CGNAT, multicast, reserved, unspecified, broadcast, unique-local, and the IPv6 forms that embed or
 * translate to an IPv4 address such as NAT64, 6to4 and Teredo) is refused, because the embedded
 * address could itself be internal. IPv4-mapped IPv6 is unwrapped first and judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) {
    return false;
  }
  return ipaddr.process(address).range() === 'unicast';
}

/** Parses the URL and checks what can be checked without DNS: the scheme and an IP-literal host. */
export function parseGuardedUrl(raw: string, options: UrlGuardOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('invalid_url', 'is not a valid absolute URL');
  }
  const httpAllowed = options.allowPrivate || options.allowHttp === true;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && httpAllowed)) {
    throw new UnsafeUrlError(
      'scheme_not_allowed',
      httpAllowed ? 'must use http or https' : 'must use https',
    );
  }
  const host = hostOf(url);
  if (host === '') {
    throw new UnsafeUrlError('invalid_url', 'has no host');
  }
  if (!options.allowPrivate && isIP(host) !== 0) {
    assertPublic(host);
  }
  return url;
}

/**
 * Resolves a host name and insists that every address is public: a name with one public and one
 * private address could be steered to the private one, so it is refused as a whole.
 */
export async function resolvePublicAddresses(hostname: string): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(hostname, { all: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
    throw new UnsafeUrlError('unresolvable', `host ${hostname} does not resolve (${code})`);
  }
  if (addresses.length === 0) {
    throw new UnsafeUrlError('unresolvable', `host ${hostname} does not resolve`);
  }
  for (const { address } of addresses) {
    assertPublic(address);
  }
  return addresses;
}

/**
 * Validates a URL before it is stored or used: scheme, then DNS. A passing URL may still resolve
 * elsewhere later, so connections must also go through `safeRequest`/`safeDownload`, which check
 * again at connection time.
 */
export async function assertPublicUrl(raw: string, options: UrlGuardOptions): Promise<URL> {
  const url = parseGuardedUrl(raw, options);
  const host = hostOf(url);
  if (!options.allowPrivate && isIP(host) === 0) {
    await resolvePublicAddresses(host);
  }
  return url;
}

/** The host without the brackets WHATWG URL keeps around IPv6 literals. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function assertPublic(address: string): void {
  if (!isPublicAddress(address)) {
    throw new UnsafeUrlError(
      'forbidden_address',
      `resolves to ${address}, which is not a public address`,
      address,
    );
  }
}
