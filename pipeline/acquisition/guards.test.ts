import { describe, expect, it } from 'vitest';
import { parseRobots } from './robots.js';
import { checkUrl, isForbiddenAddress, UrlRefusedError } from './ssrf.js';
import { canonicalizeUrl } from './url.js';

describe('the private-address guard', () => {
  it.each([
    ['127.0.0.1'],
    ['10.0.0.1'],
    ['172.16.5.4'],
    ['192.168.1.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['224.0.0.1'],
    ['255.255.255.255'],
    ['::1'],
    ['::'],
    ['fe80::1'],
    ['fc00::1'],
    ['fd12:3456::1'],
    ['ff02::1'],
    ['::ffff:127.0.0.1'],
    ['::ffff:7f00:1'],
    ['64:ff9b::10.0.0.1'],
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    ['IPv4-mapped, dotted', '::ffff:127.0.0.1'],
    ['IPv4-mapped, hex', '::ffff:7f00:1'],
    ['IPv4-mapped, written out', '0:0:0:0:0:ffff:a9fe:a9fe'],
    ['IPv4-compatible', '::127.0.0.1'],
    ['IPv4-compatible, hex', '::a00:1'],
    ['SIIT', '::ffff:0:192.168.1.1'],
    ['NAT64', '64:ff9b::7f00:1'],
    ['NAT64, dotted', '64:ff9b::169.254.169.254'],
    ['6to4 of loopback', '2002:7f00:1::'],
    ['6to4 of a private network', '2002:c0a8:101::1'],
    ['Teredo to a private client', '2001:0:4136:e378:8000:63bf:f5ff:fffe'],
    ['Teredo via a private server', '2001:0:a00:1::1'],
  ])('refuses an IPv6 form carrying a private IPv4 address: %s (%s)', (_form, address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([['::ffff:8.8.8.8'], ['64:ff9b::808:808'], ['2002:808:808::1'], ['2001:0:4136:e378:8000:63bf:f7f7:f7f7']])(
    'admits %s, which carries a public IPv4 address',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );

  it('refuses URLs whose IPv6 literal carries a private IPv4 address', async () => {
    for (const url of ['http://[::127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:a00:1::]/', 'http://[::ffff:0:10.0.0.1]/']) {
      await expect(checkUrl(url, []), url).rejects.toThrow(/private or reserved/);
    }
  });

  it.each([['93.184.216.34'], ['8.8.8.8'], ['2606:4700:4700::1111']])('admits the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it('refuses non-HTTP schemes, credentials and garbage with a reason', async () => {
    await expect(checkUrl('file:///etc/passwd', [])).rejects.toThrow(/file: URLs are not fetched/);
    await expect(checkUrl('ftp://example.org/x', [])).rejects.toThrow(/ftp: URLs are not fetched/);
    await expect(checkUrl('http://user:pw@example.org/', [])).rejects.toThrow(/credentials/);
    await expect(checkUrl('not a url', [])).rejects.toThrow(/not a valid URL/);
  });

  it('refuses loopback and metadata addresses however they are written', async () => {
    for (const url of ['http://127.0.0.1/', 'http://[::1]/', 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://2130706433/', 'http://0x7f.1/', 'http://017700000001/', 'http://[::ffff:127.0.0.1]/']) {
      await expect(checkUrl(url, []), url).rejects.toBeInstanceOf(UrlRefusedError);
    }
  });

  it('refuses a public-looking name that resolves to loopback, unless the host is allow-listed', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    await expect(checkUrl('http://innocent.example/', [], resolve)).rejects.toThrow(/resolves to 127\.0\.0\.1, a private or reserved address/);
    const ok = await checkUrl('http://innocent.example:8080/', ['innocent.example:8080'], resolve);
    expect(ok).toMatchObject({ address: '127.0.0.1', allowListed: true });
    await expect(checkUrl('http://innocent.example:9090/', ['innocent.example:8080'], resolve)).rejects.toBeInstanceOf(UrlRefusedError);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.1.2.3', family: 4 },
    ];
    await expect(checkUrl('http://mixed.example/', [], resolve)).rejects.toThrow(/10\.1\.2\.3/);
  });
});

describe('robots.txt', () => {
  const text = `# comment
User-agent: *
Disallow: /private
Allow: /private/open
Disallow: /*.pdf$
Crawl-delay: 2
Sitemap: https://site.example/sitemap.xml

User-agent: QuarryBot
User-agent: otherbot
Disallow: /not-for-quarry
Allow: /`;

  it('uses the most specific group for our agent', () => {
    const rules = parseRobots(text, 'QuarryBot/0.1 (+contact)');
    expect(rules.isAllowed('/not-for-quarry/x')).toBe(false);
    expect(rules.isAllowed('/private')).toBe(true);
    expect(rules.sitemaps).toEqual(['https://site.example/sitemap.xml']);
  });

  it('picks the longest match, Allow winning a tie, with * and $ wildcards', () => {
    const rules = parseRobots(text, 'SomeOtherBot');
    expect(rules.isAllowed('/private/secret')).toBe(false);
    expect(rules.isAllowed('/private/open/page')).toBe(true);
    expect(rules.isAllowed('/docs/tender.pdf')).toBe(false);
    expect(rules.isAllowed('/docs/tender.pdf?x=1')).toBe(true);
    expect(rules.crawlDelayMs).toBe(2000);
    expect(parseRobots('User-agent: *\nDisallow: /a\nAllow: /a', 'x').isAllowed('/a')).toBe(true);
  });

  // Google's examples for `*` and `$` (developers.google.com/search/docs/crawling-indexing/robots/robots_txt).
  it.each([
    ['/fish*', '/fish', true],
    ['/fish*', '/fishheads/yummy.html', true],
    ['/fish*', '/Fish.asp', false],
    ['/fish*', '/catfish', false],
    ['/*.php', '/folder/any.php.file.html', true],
    ['/*.php', '/filename.php?parameters', true],
    ['/*.php', '/windows.PHP', false],
    ['/*.php', '/', false],
    ['/*.php$', '/folder/filename.php', true],
    ['/*.php$', '/filename.php?parameters', false],
    ['/*.php$', '/filename.php5', false],
    ['/fish*.php', '/fishheads/catfish.php?parameters', true],
    ['/fish*.php', '/Fish.PHP', false],
    ['/*a*a$', '/aa', true],
    ['/*ab*ba$', '/aba', false],
    ['/a$b', '/a$bc', true],
    ['/x$', '/x', true],
    ['/x$', '/xy', false],
    ['/**/end$', '/a/b/end', true],
  ])('Disallow: %s applies to %s: %s', (pattern, path, disallowed) => {
    expect(parseRobots(`User-agent: *\nDisallow: ${pattern}`, 'x').isAllowed(path)).toBe(!disallowed);
  });

  // Ten `*`s on a path that almost matches took a backtracking regular expression about nine seconds; the test's
  // own time limit is what fails if matching is not linear again.
  it('matches a rule full of wildcards against a path that almost matches at once', { timeout: 1_000 }, () => {
    const rules = parseRobots(`User-agent: *\nDisallow: /${'*a'.repeat(10)}*b`, 'x');
    expect(rules.isAllowed(`/${'a'.repeat(36)}`)).toBe(true);
    expect(rules.isAllowed(`/${'a'.repeat(36)}b`)).toBe(false);
  });

  it('drops the line the size limit cut, so a shortened Allow cannot open more than it said', () => {
    const cut = 'User-agent: *\nDisallow: /\nAllow: /drafts/public\nAllow: /';
    expect(parseRobots(cut, 'x', { truncated: true }).isAllowed('/anything')).toBe(false);
    expect(parseRobots(cut, 'x', { truncated: true }).isAllowed('/drafts/public/1')).toBe(true);
    expect(parseRobots(cut, 'x').isAllowed('/anything')).toBe(true);
  });

  it('allows everything for an empty or garbage file and caps the delay', () => {
    expect(parseRobots('', 'x').isAllowed('/anything')).toBe(true);
    expect(parseRobots('\u0000\u0001 garbage ::: ', 'x').isAllowed('/x')).toBe(true);
    expect(parseRobots('User-agent: *\nCrawl-delay: 99999', 'x').crawlDelayMs).toBe(60_000);
  });
});

describe('URL canonicalization', () => {
  it.each([
    ['HTTP://Example.ORG:80/a?b=2&a=1#frag', 'http://example.org/a?a=1&b=2'],
    ['https://example.org:443/x', 'https://example.org/x'],
    ['https://example.org./p?utm_source=news&id=3&fbclid=zz', 'https://example.org/p?id=3'],
    ['https://example.org', 'https://example.org/'],
    ['https://example.org/%7euser', 'https://example.org/%7euser'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalizeUrl(raw)).toBe(expected);
  });

  it('resolves relative links and drops what is not http(s)', () => {
    expect(canonicalizeUrl('../b?x=1', 'https://e.org/a/c/d')).toBe('https://e.org/a/b?x=1');
    expect(canonicalizeUrl('mailto:a@b.c')).toBeNull();
    expect(canonicalizeUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalizeUrl('http://[bad')).toBeNull();
  });
});
