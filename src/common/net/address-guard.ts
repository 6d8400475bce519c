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

/** Where IPv6 keeps its globally routable unicast addresses (RFC 4291). */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/**
 * Only public unicast addresses are allowed. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is unwrapped
 * first and judged as the IPv4 address it is. Otherwise an IPv4 address must be in ipaddr.js's
 * `unicast` class (not loopback, RFC 1918, link-local, CGNAT, multicast, reserved, unspecified
 * or broadcast), and an IPv6 address must be in global unicast `2000::/3` and in no special
 * range of ipaddr.js either. That refuses the IPv4-compatible `::/96` (`[::127.0.0.1]` parses to
 * `::7f00:1`), rfc6145 and the rest of `::/8`, discard, unique local, link local, site local,
 * multicast and unassigned space, which all lie outside `2000::/3`, and inside it Teredo, 6to4,
 * documentation, benchmarking, ORCHID and the other reserved blocks. The forms that embed an IPv4
 * address for a translator or tunnel (NAT64 `64:ff9b::/96` and `/48`, 6to4, Teredo) are refused
 * whatever that address is: the relay they go through may itself be internal.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) {
    return false;
  }
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv6' && !(ip as ipaddr.IPv6).match(IPV6_GLOBAL_UNICAST)) {
    return false;
  }
  return ip.range() === 'unicast';
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
