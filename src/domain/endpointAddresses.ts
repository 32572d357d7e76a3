import { BlockList, isIP } from 'node:net';

/**
 * Where the portal may send a Subscription's notifications (issue 15): to public addresses only,
 * unless the plan trusts a host (SUBSCRIPTION_ALLOWED_HOSTS). Otherwise an API client could make the
 * portal's own server POST to itself, to the cloud's metadata service or to the plan's intranet
 * (server-side request forgery, OWASP A10:2021).
 * Pure: it classifies addresses handed to it; the DNS lookups are the caller's (route and worker).
 * node:net's BlockList only matches ranges (no I/O); it also matches an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) against the IPv4 ranges.
 * Ranges: IANA's special-purpose registries (RFC 6890 and its updates).
 * https://www.iana.org/assignments/iana-ipv4-special-registry/
 * https://www.iana.org/assignments/iana-ipv6-special-registry/
 */

/** Why an address is not public, in words that finish "The endpoint's address X is ...". */
export type NotPublic = string;

type Range = readonly [network: string, prefix: number];

const IPV4_RANGES: ReadonlyArray<readonly [NotPublic, readonly Range[]]> = [
  ['the unspecified address (this host)', [['0.0.0.0', 8]]],
  ['a loopback address (the portal\'s own server)', [['127.0.0.0', 8]]],
  ['on a private network', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]]],
  ['shared carrier-grade NAT space (100.64.0.0/10), not the public internet', [['100.64.0.0', 10]]],
  ['link-local (where cloud metadata services answer)', [['169.254.0.0', 16]]],
  ['reserved for IETF protocol assignments', [['192.0.0.0', 24], ['192.88.99.0', 24]]],
  // Never routed on the internet: no real EHR is there, but a network may use them inside.
  ['reserved for documentation and examples', [['192.0.2.0', 24], ['198.51.100.0', 24], ['203.0.113.0', 24]]],
  ['reserved for network benchmarking', [['198.18.0.0', 15]]],
  ['a multicast address', [['224.0.0.0', 4]]],
  ['the broadcast address', [['255.255.255.255', 32]]],
  ['reserved for future use', [['240.0.0.0', 4]]],
];

const IPV6_RANGES: ReadonlyArray<readonly [NotPublic, readonly Range[]]> = [
  ['the unspecified address (this host)', [['::', 128]]],
  ['a loopback address (the portal\'s own server)', [['::1', 128]]],
  ['on a private network', [['fc00::', 7], ['fec0::', 10], ['64:ff9b:1::', 48]]],
  ['link-local (where cloud metadata services answer)', [['fe80::', 10]]],
  ['a multicast address', [['ff00::', 8]]],
  ['reserved for documentation and examples', [['2001:db8::', 32], ['3fff::', 20]]],
  ['reserved for network benchmarking', [['2001:2::', 48]]],
  ['reserved for discarding traffic', [['100::', 64]]],
  // The deprecated IPv4-compatible form ::a.b.c.d (::/96 less :: and ::1 above).
  ['a deprecated IPv4-compatible IPv6 address', [['::', 96]]],
];

function blockListOf(ranges: readonly Range[], family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return list;
}
const V4 = IPV4_RANGES.map(([why, ranges]) => [why, blockListOf(ranges, 'ipv4')] as const);
const V6 = IPV6_RANGES.map(([why, ranges]) => [why, blockListOf(ranges, 'ipv6')] as const);
/** Global unicast: everything outside it is special in IPv6 (unassigned or reserved). */
const GLOBAL_UNICAST = blockListOf([['2000::', 3]], 'ipv6');

/** An IPv6 address's eight 16-bit groups (the address must already be valid IPv6). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const before = part(head);
  const after = tail === undefined ? [] : part(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

const dottedQuad = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 address an IPv6 address stands for, where it carries one that a packet really goes to:
 * IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d (RFC 6052) and 6to4 2002:AABB:CCDD:: (RFC 3056).
 */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return dottedQuad(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return dottedQuad(g6, g7);
  if (g0 === 0x2002) return dottedQuad(g1, g2);
  return undefined;
}

/**
 * Why an IP address is not public, or undefined when it is. An address that is not an IP address at
 * all (a name, garbage) is not public either: only what is certainly public passes.
 */
export function notPublicBecause(address: string): NotPublic | undefined {
  const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(ip);
  if (family === 4) return V4.find(([, list]) => list.check(ip, 'ipv4'))?.[0];
  if (family !== 6) return 'not an IP address';
  const v4 = embeddedIpv4(ip);
  if (v4 !== undefined) return notPublicBecause(v4);
  const special = V6.find(([, list]) => list.check(ip, 'ipv6'))?.[0];
  if (special) return special;
  return GLOBAL_UNICAST.check(ip, 'ipv6') ? undefined : 'reserved by IANA (outside the global unicast range 2000::/3)';
}

export function isPublicAddress(address: string): boolean {
  return notPublicBecause(address) === undefined;
}

/** The hosts and ranges a plan trusts though they are not public (SUBSCRIPTION_ALLOWED_HOSTS). */
export interface AllowedHosts {
  /** Host names, lower case, without a trailing dot. */
  names: ReadonlySet<string>;
  /** IP addresses (as /32 or /128) and CIDR ranges. */
  ranges: BlockList;
  /** The setting as given, to say what is allowed. */
  entries: readonly string[];
}

export const NO_ALLOWED_HOSTS: AllowedHosts = { names: new Set(), ranges: new BlockList(), entries: [] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const normalName = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');
const bare = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/**
 * SUBSCRIPTION_ALLOWED_HOSTS read: a comma-separated list of host names (ehr.intranet.example), IP
 * addresses (10.0.0.5, ::1 or [::1]) and CIDR ranges (10.20.0.0/16, fd00::/8). The problem with the
 * first entry that is none of those, in words, if any.
 */
export function readAllowedHosts(setting: string): { allowed: AllowedHosts } | { problem: string } {
  const entries = setting.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const names = new Set<string>();
  const ranges = new BlockList();
  for (const entry of entries) {
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    const ip = bare(cidr?.[1] ?? entry);
    const family = isIP(ip);
    if (cidr) {
      const prefix = Number(cidr[2]);
      if (family === 0 || prefix > (family === 4 ? 32 : 128)) return { problem: `"${entry}" is not a CIDR range such as 10.20.0.0/16 or fd00::/8` };
      ranges.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (family !== 0) ranges.addAddress(ip, family === 4 ? 'ipv4' : 'ipv6');
    else if (HOST_NAME.test(normalName(entry))) names.add(normalName(entry));
    else return { problem: `"${entry}" is neither a host name, an IP address nor a CIDR range` };
  }
  return { allowed: { names, ranges, entries } };
}

/** Whether the plan trusts this host name or IP address (a URL's hostname; IPv6 in brackets or not). */
export function isAllowedHost(host: string, allowed: AllowedHosts): boolean {
  const h = bare(host);
  const family = isIP(h);
  if (family !== 0) return allowed.ranges.check(h, family === 4 ? 'ipv4' : 'ipv6');
  return allowed.names.has(normalName(h));
}

/** An endpoint URL's host as a lookup takes it: IPv6 without its brackets. */
export function endpointHost(endpoint: string): string {
  return bare(new URL(endpoint).hostname);
}

/**
 * Whether notifications may go to this host at these addresses (the host's own, when it is an IP
 * literal; what its name resolved to, otherwise): the problem in plain words, or undefined. A host the
 * plan lists is trusted whatever it resolves to; otherwise every address must be public or in a
 * listed range, since a connection may go to any of them.
 */
export function endpointAddressProblem(host: string, addresses: readonly string[], allowed: AllowedHosts): string | undefined {
  if (isAllowedHost(host, allowed)) return undefined;
  if (addresses.length === 0) return `The endpoint's host ${host} does not resolve to any address: give a host name that resolves, or a public IP address`;
  for (const address of addresses) {
    const why = notPublicBecause(address);
    if (why === undefined || isAllowedHost(address, allowed)) continue;
    const resolved = isIP(bare(host)) === 0 ? ` (${host} resolves to it)` : '';
    return `The endpoint's address ${address}${resolved} is ${why}: the portal only sends notifications to public addresses, or to hosts the plan lists in SUBSCRIPTION_ALLOWED_HOSTS`;
  }
  return undefined;
}
