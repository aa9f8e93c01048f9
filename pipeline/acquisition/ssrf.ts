import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The private-address guard. Every URL the crawler or the renderer fetches is resolved first; an address that is
 * loopback, private, link-local (cloud metadata lives there), CGNAT, multicast, unspecified, reserved or a
 * unique-local IPv6 address is refused, including IPv4 written oddly (decimal, octal, hex) and IPv4 mapped into
 * IPv6. The checked address is the one the connection then uses, so a DNS answer that changes between the check
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
// IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) forms are judged separately below: as BlockList rules they
// would also match every plain IPv4 address.
for (const [net, bits] of [
  ['::', 128],
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

/** True when the address must not be fetched. IPv4-mapped and NAT64 IPv6 forms are judged by their IPv4 part. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (embedded) return true;
  if (/^(?:::ffff:|64:ff9b::)[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(lower)) return true;
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
