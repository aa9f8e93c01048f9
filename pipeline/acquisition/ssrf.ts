import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The private-address guard. Every URL the crawler or the renderer fetches is resolved first; an address that is
 * loopback, private, link-local (cloud metadata lives there), CGNAT, multicast, unspecified, reserved or a
 * unique-local IPv6 address is refused, including IPv4 written oddly (decimal, octal, hex) and IPv4 carried in
 * IPv6 (mapped, compatible, SIIT, NAT64, 6to4, Teredo), judged by the IPv4 address it carries. The checked address is the one the connection then uses, so a DNS answer that changes between the check
 * and the connection (rebinding) cannot slip through. Hosts named in the allow-list (the operator's own sites,
 * test servers) are admitted.
 */
export class UrlRefusedError extends Error {
  override readonly name = 'UrlRefusedError';
}

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
// IPv6 forms that carry an IPv4 address (mapped, compatible, SIIT, NAT64, 6to4, Teredo) are judged by that address
// below: as BlockList rules they would also match every plain IPv4 address.
for (const [net, bits] of [
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part counts as two), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string | undefined): number[] => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

const dottedQuad = (high: number, low: number): string => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 addresses an IPv6 address delivers to: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), SIIT
 * (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and Teredo (2001:0::, server and obfuscated
 * client address).
 */
export function embeddedIPv4(address: string): string[] {
  const g = ipv6Groups(address);
  if (!g) return [];
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(5) && g5 === 0xffff) return [dottedQuad(g6, g7)];
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return [dottedQuad(g6, g7)];
  if (zeroTo(6) && (g6 !== 0 || g7 > 1)) return [dottedQuad(g6, g7)];
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return [dottedQuad(g6, g7)];
  if (g0 === 0x2002) return [dottedQuad(g1, g2)];
  if (g0 === 0x2001 && g1 === 0) return [dottedQuad(g2, g3), dottedQuad(g6 ^ 0xffff, g7 ^ 0xffff)];
  return [];
}

/** True when the address must not be fetched. An IPv6 address that carries an IPv4 address is judged by it as well. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const groups = ipv6Groups(address);
  if (!groups) return true;
  if (groups.every((g) => g === 0)) return true;
  if (embeddedIPv4(address).some((v4) => blocked.check(v4, 'ipv4'))) return true;
  return blocked.check(address, 'ipv6');
}

export interface CheckedTarget {
  url: URL;
  /** The address the connection must use. */
  address: string;
  family: 4 | 6;
  /** True when the host is on the allow-list (private addresses admitted). */
  allowListed: boolean;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** `host` or `host:port` patterns; `*.example.org` admits subdomains. */
export function isAllowListed(url: URL, allowHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowHosts.some((pattern) => {
    const p = pattern.toLowerCase().trim();
    const [h = '', pPort] = p.startsWith('[') ? [p.slice(1, p.indexOf(']')), p.slice(p.indexOf(']') + 2) || undefined] : p.split(':');
    if (pPort && pPort !== port) return false;
    return h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h.replace(/^\[|\]$/g, '');
  });
}

export async function checkUrl(raw: string | URL, allowHosts: readonly string[], resolve: Resolver = systemResolver): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw new UrlRefusedError(`not a valid URL: ${JSON.stringify(String(raw)).slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlRefusedError(`${url.protocol} URLs are not fetched; only http and https`);
  }
  if (url.username || url.password) throw new UrlRefusedError('URLs with credentials are not fetched');
  const allowListed = isAllowListed(url, allowHosts);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // WHATWG URL parsing already turns 2130706433, 0x7f.1 and 017700000001 into dotted IPv4.
  const answers = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host).catch((err: unknown) => {
    throw new UrlRefusedError(`cannot resolve ${host}: ${(err as Error).message}`);
  });
  if (answers.length === 0) throw new UrlRefusedError(`${host} has no address`);
  if (!allowListed) {
    const bad = answers.find((a) => isForbiddenAddress(a.address));
    if (bad) {
      throw new UrlRefusedError(
        `${host} resolves to ${bad.address}, a private or reserved address; Quarry does not fetch those unless the host is in QUARRY_ALLOW_HOSTS (crawl.allowHosts)`,
      );
    }
  }
  const first = answers[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4, allowListed };
}
