import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus.js';
import { serveCorpus, type ServedCorpus } from './serve.js';
import { DEV_SEEDS } from './seeds.js';
import type { Corpus } from './types.js';

let corpus: Corpus;
let served: ServedCorpus;

beforeAll(async () => {
  corpus = await generateCorpus(DEV_SEEDS[1] ?? 2, { sitesPerKind: 1, itemsPerSite: 2 });
  served = await serveCorpus(corpus);
}, 60_000);
afterAll(() => served?.close());

/** Ports nobody listens on right now (the OS hands out a free one per listener). */
async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    ports.push(
      await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const address = probe.address();
          probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
      }),
    );
  }
  return ports;
}

describe('serveCorpus', () => {
  it('serves every page and resource of every site on its own origin, with its content type', async () => {
    expect(new Set(served.sites.map((s) => s.url)).size).toBe(corpus.sites.length);
    for (const [i, site] of corpus.sites.entries()) {
      const origin = served.sites[i]?.url ?? '';
      for (const file of [...site.pages, ...site.resources]) {
        const res = await fetch(`${origin}${file.path}`);
        expect(res.status, `${site.id}${file.path}`).toBe(200);
        expect(res.headers.get('content-type')).toBe(file.contentType);
        const body = Buffer.from(await res.arrayBuffer());
        if (file.contentType === 'application/pdf') expect(body.equals(Buffer.from(file.bytes))).toBe(true);
      }
    }
  });

  it('writes the served origin into canonical links, robots.txt and the sitemap', async () => {
    const site = served.sites[0];
    const page = corpus.sites[0]?.pages[1];
    if (!site || !page) throw new Error('the corpus has pages');
    const html = await (await fetch(`${site.url}${page.path}`)).text();
    expect(html).toContain(`<link rel="canonical" href="${site.url}${page.path}">`);
    const robots = await (await fetch(`${site.url}/robots.txt`)).text();
    expect(robots).toContain(`Disallow: ${site.disallowed[0]}`);
    const withSitemap = corpus.sites.findIndex((s) => s.hasSitemap);
    if (withSitemap >= 0) {
      const origin = served.sites[withSitemap]?.url ?? '';
      expect(await (await fetch(`${origin}/robots.txt`)).text()).toContain(`Sitemap: ${origin}/sitemap.xml`);
      expect(await (await fetch(`${origin}/sitemap.xml`)).text()).toContain(`<loc>${origin}/</loc>`);
    }
  });

  it('answers 404 for unknown paths, 405 for other methods, HEAD without a body and 304 for a known ETag', async () => {
    const origin = served.sites[0]?.url ?? '';
    expect((await fetch(`${origin}/no/such/page`)).status).toBe(404);
    expect((await fetch(`${origin}/robots.txt`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${origin}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag') ?? '';
    expect((await fetch(`${origin}/`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const log = served.accessLog.filter((e) => e.path === '/no/such/page');
    expect(log).toEqual([expect.objectContaining({ site: corpus.sites[0]?.id, method: 'GET', status: 404 })]);
  });

  it('lists the sites with their invented hosts on an index page', async () => {
    const index = await (await fetch(served.baseUrl)).text();
    for (const s of served.sites) {
      expect(index).toContain(s.host);
      expect(index).toContain(s.url);
    }
  });

  it('serves the same corpus under ports the caller chooses, with the same pages but for their origin', async () => {
    const ports = await freePorts(corpus.sites.length);
    const again = await serveCorpus(corpus, { ports });
    try {
      expect(again.sites.map((s) => Number(new URL(s.url).port))).toEqual(ports);
      for (const [i, site] of corpus.sites.entries()) {
        const path = site.pages[0]?.path ?? '/';
        const [a, b] = await Promise.all([served, again].map(async (s) => (await (await fetch(`${s.sites[i]?.url}${path}`)).text()).replaceAll(s.sites[i]?.url ?? '', 'ORIGIN')));
        expect(b).toBe(a);
      }
    } finally {
      await again.close();
    }
    await expect(serveCorpus(corpus, { ports: ports.slice(0, 1) })).rejects.toThrow(/1 ports given for more sites/);
  });

  it('says which port it cannot listen on, and leaves nothing listening', async () => {
    const taken = Number(new URL(served.sites[0]?.url ?? '').port);
    await expect(serveCorpus(corpus, { ports: [taken, ...(await freePorts(corpus.sites.length - 1))] })).rejects.toThrow(new RegExp(`cannot listen on 127.0.0.1:${taken} \\(EADDRINUSE\\)`));
  });
});
