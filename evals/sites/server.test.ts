import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSites } from './server.js';
import { serveDemoSites } from './server.js';
import { buildDemoSites } from './sites.js';
import type { BuiltSite } from './site.js';
import { decodeHtml, links, visibleText } from './testing.js';

let demo: DemoSites;
let built: BuiltSite[];

beforeAll(async () => {
  demo = await serveDemoSites();
  built = await buildDemoSites();
});
afterAll(async () => {
  await demo?.close();
});

function siteUrl(id: string): string {
  const site = demo.sites.find((s) => s.id === id);
  if (!site) throw new Error(`no demo site ${id}`);
  return site.url;
}

describe('serveDemoSites', () => {
  it('serves three opera houses and a procurement portal, each on its own origin', () => {
    expect(demo.sites.map((s) => [s.id, s.kind, s.lang])).toEqual([
      ['staatsoper-nord', 'opera', 'de'],
      ['teatro-lirico', 'opera', 'it'],
      ['opera-lumiere', 'opera', 'fr'],
      ['eastmere-tenders', 'procurement', 'en'],
    ]);
    expect(new Set(demo.sites.map((s) => new URL(s.url).origin)).size).toBe(4);
    expect(demo.sites.every((s) => s.url.startsWith('http://127.0.0.1:'))).toBe(true);
  });

  it('serves every page of every site with its content type, ETag and Last-Modified', async () => {
    for (const site of built) {
      for (const page of site.pages) {
        const res = await fetch(siteUrl(site.id) + page.path);
        expect(res.status, `${site.id}${page.path}`).toBe(200);
        expect(res.headers.get('content-type')).toBe(page.contentType);
        expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
        expect(new Date(res.headers.get('last-modified') ?? '').getTime()).toBe(Math.floor(page.lastModified.getTime() / 1000) * 1000);
        await res.arrayBuffer();
      }
    }
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    const url = `${siteUrl('teatro-lirico')}/spettacoli/tosca.html`;
    const first = await fetch(url);
    const etag = first.headers.get('etag') ?? '';
    await first.text();
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const stale = await fetch(url, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
    await stale.text();
  });

  it('answers 304 to If-Modified-Since at or after Last-Modified, and 200 before it', async () => {
    const url = `${siteUrl('staatsoper-nord')}/kontakt`;
    const first = await fetch(url);
    const lastModified = first.headers.get('last-modified') ?? '';
    await first.text();
    expect((await fetch(url, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    const older = new Date(Date.parse(lastModified) - 86_400_000).toUTCString();
    const res = await fetch(url, { headers: { 'if-modified-since': older } });
    expect(res.status).toBe(200);
    await res.text();
  });

  it('answers HEAD without a body, 405 to other methods and a 404 page to unknown paths', async () => {
    const head = await fetch(`${siteUrl('opera-lumiere')}/saison/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    const post = await fetch(`${siteUrl('opera-lumiere')}/saison/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    await post.text();
    const missing = await fetch(`${siteUrl('opera-lumiere')}/no/such/page`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await missing.text()).toContain('404 Not Found');
  });

  it('gives every site a robots.txt that disallows a page which exists', async () => {
    for (const site of demo.sites) {
      const robots = await (await fetch(`${site.url}/robots.txt`)).text();
      expect(robots).toMatch(/^User-agent: \*$/m);
      expect(site.disallowed.length).toBeGreaterThan(0);
      for (const path of site.disallowed) {
        const rule = robots.match(/^Disallow: (.+)$/gm)?.map((l) => l.slice('Disallow: '.length)) ?? [];
        expect(rule.some((prefix) => path.startsWith(prefix)), `${site.id} disallows ${path}`).toBe(true);
        const res = await fetch(site.url + path);
        expect(res.status, `${site.id}${path} exists`).toBe(200);
        await res.text();
      }
      expect(robots).not.toMatch(/Crawl-delay: [1-9]/);
    }
  });

  it('lists in each sitemap only pages that exist and robots.txt allows', async () => {
    const withSitemap = demo.sites.filter((s) => s.id !== 'opera-lumiere');
    for (const site of withSitemap) {
      const robots = await (await fetch(`${site.url}/robots.txt`)).text();
      expect(robots).toContain(`Sitemap: ${site.url}/sitemap.xml`);
      const res = await fetch(`${site.url}/sitemap.xml`);
      expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
      const locs = [...(await res.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
      expect(locs.length).toBeGreaterThan(5);
      for (const loc of locs) {
        expect(loc.startsWith(site.url)).toBe(true);
        expect(site.disallowed).not.toContain(loc.slice(site.url.length));
        const page = await fetch(loc);
        expect(page.status, loc).toBe(200);
        await page.arrayBuffer();
      }
    }
    const none = await fetch(`${siteUrl('opera-lumiere')}/sitemap.xml`);
    expect(none.status).toBe(404);
    await none.text();
  });

  it('resolves every link on every page, except the deliberately broken one', async () => {
    const broken: string[] = [];
    for (const site of demo.sites) {
      const pages = (built.find((b) => b.id === site.id)?.pages ?? []).filter((p) => p.contentType.startsWith('text/html'));
      const targets = new Set<string>();
      for (const page of pages) {
        for (const href of links(decodeHtml(page.body, page.contentType))) {
          const url = new URL(href, site.url + page.path);
          if (url.protocol === 'mailto:' || url.protocol === 'tel:') continue;
          expect(url.origin, `${site.id}${page.path} links off-site to ${href}`).toBe(new URL(site.url).origin);
          url.hash = '';
          targets.add(url.href);
        }
      }
      for (const target of targets) {
        const res = await fetch(target, { method: 'HEAD' });
        if (res.status !== 200) broken.push(`${res.status} ${site.id}${target.slice(site.url.length)}`);
      }
    }
    expect(broken).toEqual(['404 eastmere-tenders/archive/2019']);
    expect(demo.sites.find((s) => s.id === 'eastmere-tenders')?.deliberatelyMissing).toEqual(['/archive/2019']);
  });

  it('puts navigation, a footer and a cookie banner on every HTML page', () => {
    const banner = /cookie|rgpd|consent/i;
    for (const site of built) {
      for (const page of site.pages.filter((p) => p.contentType.startsWith('text/html'))) {
        const html = decodeHtml(page.body, page.contentType);
        expect(html, `${site.id}${page.path}`).toMatch(/<nav|id="menu"/);
        expect(html, `${site.id}${page.path}`).toMatch(/<footer|id="piede"/);
        expect(html, `${site.id}${page.path}`).toMatch(banner);
      }
    }
  });

  it('serves one Latin-1 page declared only by <meta charset>, whose umlauts decode from that declaration', async () => {
    const res = await fetch(`${siteUrl('staatsoper-nord')}/haus/geschichte`);
    expect(res.headers.get('content-type')).toBe('text/html');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = visibleText(decodeHtml(bytes, res.headers.get('content-type') ?? ''));
    expect(text).toContain('Gründung als Großherzogliches Hoftheater');
    expect(text).toContain('Mo–Fr 10–18 Uhr');
  });

  it('embeds JSON-LD on the German production pages, microdata on the Italian ones and neither on the French ones', async () => {
    const de = await (await fetch(`${siteUrl('staatsoper-nord')}/produktionen/salome`)).text();
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(de)?.[1] ?? 'null') as Record<string, unknown>;
    expect(ld['@type']).toBe('TheaterEvent');
    expect(ld['name']).toBe('Salome');
    const it = await (await fetch(`${siteUrl('teatro-lirico')}/spettacoli/norma.html`)).text();
    expect(it).toContain('itemtype="https://schema.org/TheaterEvent"');
    expect(it).not.toContain('application/ld+json');
    const fr = await (await fetch(`${siteUrl('opera-lumiere')}/spectacles/carmen/`)).text();
    expect(fr).not.toMatch(/itemscope|ld\+json/);
    expect(visibleText(fr)).toContain('Chef d’orchestre Hélène Marchal');
  });

  it('serves the calendar as an empty shell whose content only a script builds', async () => {
    const html = await (await fetch(`${siteUrl('staatsoper-nord')}/spielplan/kalender`)).text();
    expect(html).toContain('<div id="kalender" class="kalender" aria-live="polite"></div>');
    expect(visibleText(html)).not.toContain('Tristan und Isolde');
    const script = await fetch(`${siteUrl('staatsoper-nord')}/assets/kalender.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('Tristan und Isolde');
  });

  it('records every request in the access log with path, status and user agent', async () => {
    const before = demo.accessLog.length;
    const res = await fetch(`${siteUrl('eastmere-tenders')}/notices?page=2`, { headers: { 'user-agent': 'QuarryTest/1.0' } });
    await res.text();
    expect(demo.accessLog.slice(before)).toEqual([
      { site: 'eastmere-tenders', method: 'GET', path: '/notices?page=2', status: 200, userAgent: 'QuarryTest/1.0' },
    ]);
  });

  it('lists the sites on an index page at baseUrl', async () => {
    const html = await (await fetch(demo.baseUrl)).text();
    for (const site of demo.sites) expect(html).toContain(`href="${site.url}/"`);
  });
});

describe('serveDemoSites lifecycle', () => {
  it('runs two instances side by side and frees every port on close', async () => {
    const other = await serveDemoSites();
    const urls = other.sites.map((s) => s.url);
    expect(urls.some((u) => demo.sites.some((s) => s.url === u))).toBe(false);
    await other.close();
    for (const url of urls) await expect(fetch(`${url}/robots.txt`)).rejects.toThrow();
  });

  it('refuses a port that is already taken with an error naming the address', async () => {
    const port = Number(new URL(demo.sites[0]?.url ?? '').port);
    await expect(serveDemoSites({ port: port - 1 })).rejects.toThrow(`Demo sites cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
  });
});
