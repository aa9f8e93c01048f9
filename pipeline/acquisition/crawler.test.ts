import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { createLocalBus } from '../bus/local.js';
import { BUCKETS, ensurePipelineStreams } from '../bus/streams.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { CrawlService } from './service.js';
import { createRenderer } from './renderer.js';
import { testCrawlService } from './testing.js';

interface Hit {
  path: string;
  at: number;
}

interface TestSite {
  url: string;
  host: string;
  hits: Hit[];
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(routes: Record<string, Route>, fallback?: (path: string, res: ServerResponse) => boolean): Promise<TestSite> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push({ path, at: Date.now() });
    const route = routes[path];
    if (route) return route(req, res);
    if (fallback?.(path, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const html = (body: string, title = 'Page'): Route => (_req, res) =>
  void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head><title>${title}</title></head><body>${body}</body></html>`);

/** pdf-lib cannot encrypt, so the Standard security handler entries are added by hand; no password opens it. */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Vertraulich');
  const { context } = doc;
  context.trailerInfo.Encrypt = context.register(
    context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('a1'.repeat(32)), U: PDFHexString.of('b2'.repeat(32)), P: -44 }),
  );
  context.trailerInfo.ID = context.obj([PDFHexString.of('c3'.repeat(16)), PDFHexString.of('c3'.repeat(16))]);
  return doc.save({ useObjectStreams: false });
}

let store: Store;
let bus: Bus;
const services: CrawlService[] = [];

beforeAll(async () => {
  store = await openStore({});
  bus = await createLocalBus({ store });
  await ensurePipelineStreams(bus);
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await bus.close();
  await store.close();
});

function crawlService(allowHosts: string[], respectRobots = true): CrawlService {
  const service = testCrawlService(store, bus, { allowHosts, respectRobots });
  services.push(service);
  return service;
}

describe('a crawl of a hostile site', () => {
  let site: TestSite;
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await encryptedPdf();
    const latin1 = Buffer.from('<html><head><title>Grüße aus München</title></head><body><p>Straße</p></body></html>', 'latin1');
    site = await serve(
      {
        '/robots.txt': (_q, r) => void r.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\nSitemap: /sitemap-extra.xml\n'),
        '/sitemap-extra.xml': (_q, r) =>
          void r.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><urlset><url><loc>${site.url}/orphan</loc></url></urlset>`),
        '/': html(
          [
            '/binary.html',
            '/malformed',
            '/corrupt.pdf',
            '/encrypted.pdf',
            '/broken',
            '/missing',
            '/private/secret',
            '/loop-a',
            '/to-private',
            '/latin1',
            '/copy-of-home',
            '/calendar?month=2027-01',
            'https://elsewhere.example/out',
            'mailto:someone@example.org',
            'javascript:alert(1)',
            'http://[bad',
          ]
            .map((href) => `<a href="${href}">${href}</a>`)
            .join(' '),
          'Home',
        ),
        '/orphan': html('<p>Only the sitemap links here.</p>', 'Orphan'),
        '/binary.html': (_q, r) => void r.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3])),
        '/malformed': (_q, r) => void r.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><div><p>unclosed <table><tr><td>cell</div></span><a href="/latin1">x</a><<<>>'),
        '/corrupt.pdf': (_q, r) => void r.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage without xref'),
        '/encrypted.pdf': (_q, r) => void r.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf),
        '/broken': (_q, r) => void r.writeHead(500).end('boom'),
        '/loop-a': (_q, r) => void r.writeHead(302, { location: '/loop-b' }).end(),
        '/loop-b': (_q, r) => void r.writeHead(302, { location: '/loop-a' }).end(),
        '/to-private': (_q, r) => void r.writeHead(302, { location: 'http://10.0.0.1/admin' }).end(),
        '/latin1': (_q, r) => void r.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' }).end(latin1),
        '/copy-of-home': (req, res) => void res.writeHead(302, { location: '/orphan-copy' }).end(),
        '/orphan-copy': html('<p>Only the sitemap links here.</p>', 'Orphan'),
      },
      (path, res) => {
        // A calendar that always links the next and the previous month: endless unless a budget stops it.
        const month = /^\/calendar\?month=(\d{4})-(\d{2})$/.exec(path);
        if (!month) return false;
        const n = Number(month[1]) * 12 + Number(month[2]) - 1;
        const at = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
        html(`<a href="/calendar?month=${at(n + 1)}">next</a> <a href="/calendar?month=${at(n - 1)}">previous</a>`, `Calendar ${at(n)}`)({} as IncomingMessage, res);
        return true;
      },
    );
  });
  afterAll(() => site.close());

  it('stores what it can, records every failure with its reason, and stays inside the page budget', async () => {
    const crawl = crawlService([site.host]);
    const jobId = await crawl.create({ urls: [`${site.url}/`], maxDepth: 100, maxPages: 25, delayMs: 0, render: 'never' });
    const result = await crawl.run(jobId);

    expect(result.status).toBe('done');
    const c = result.counters;
    const attempted = await store.query<{ url: string }>(`SELECT url FROM crawl_urls WHERE job_id = $1 AND status NOT IN ('queued', 'over_budget', 'out_of_scope')`, [jobId]);
    expect(attempted.length).toBeLessThanOrEqual(25);
    expect(c.overBudget).toBeGreaterThan(0);
    expect(c.skippedByRobots).toBe(1);
    expect(c.outOfScope).toBe(1);
    expect(c.failedByReason).toMatchObject({ http_500: 1, http_404: 1, too_many_redirects: 1, refused: 1 });
    expect(site.hits.map((h) => h.path).filter((p) => p.startsWith('/private'))).toEqual([]);

    const view = await crawl.status(jobId);
    expect(view?.errors.find((e) => e.url.endsWith('/to-private'))?.reason).toMatch(/10\.0\.0\.1.*refused/);

    const docs = await crawl.docs.listDocuments({ crawlJobId: jobId });
    const byPath = new Map(docs.map((d) => [new URL(d.url).pathname, d]));
    expect(byPath.get('/orphan')?.parseStatus, 'the sitemap-only page').toBe('ok');
    expect(byPath.get('/malformed')?.parseStatus).toBe('ok');
    expect(byPath.get('/latin1')?.title).toBe('Grüße aus München');
    expect(byPath.get('/binary.html')).toMatchObject({ parseStatus: 'failed', parseError: expect.stringMatching(/binary content/) });
    expect(byPath.get('/encrypted.pdf')).toMatchObject({ parseStatus: 'failed', parseError: 'PDF is encrypted (a password is needed to open it)' });
    expect(byPath.get('/corrupt.pdf')).toMatchObject({ parseStatus: 'failed', parseError: expect.stringMatching(/PDF/) });
  });

  it('stores the same bytes once and records every URL that served them', async () => {
    const crawl = crawlService([site.host]);
    const jobId = await crawl.create({ urls: [`${site.url}/orphan`, `${site.url}/copy-of-home`], maxDepth: 0, delayMs: 0, sitemaps: false, render: 'never' });
    await crawl.run(jobId);
    const view = await crawl.status(jobId);
    expect(view?.documentIds.length).toBe(1);
    const doc = await crawl.docs.getDocument(view?.documentIds[0] ?? '');
    expect(doc?.urls.sort()).toEqual([`${site.url}/copy-of-home`, `${site.url}/orphan`]);
    const bytes = await crawl.docs.getDocumentBytes(doc?.id ?? '');
    expect(new TextDecoder().decode(bytes ?? new Uint8Array())).toContain('Only the sitemap links here.');
    const objects = await bus.objectStore(BUCKETS.rawDocuments);
    expect(await objects.get(`sha256/${doc?.hash ?? ''}`)).not.toBeNull();
  });
});

describe('politeness', () => {
  const chain = (count: number): Record<string, Route> =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`/p/${i}`, html(i + 1 < count ? `<a href="/p/${i + 1}">next</a>` : 'end')]));
  const pageGaps = (hits: Hit[]): number[] => {
    const pages = hits.filter((h) => h.path.startsWith('/p/'));
    return pages.slice(1).map((h, i) => h.at - (pages[i]?.at ?? 0));
  };

  it('waits the configured delay between two requests to one host', async () => {
    const site = await serve(chain(4));
    try {
      const crawl = crawlService([site.host]);
      await crawl.run(await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 250, sitemaps: false, render: 'never' }));
      const gaps = pageGaps(site.hits);
      expect(gaps.length).toBe(3);
      // The server shares this process's event loop: a busy moment can delay when it notes one request, not the
      // crawler's pause, so the gaps it sees may come out a little short of the delay.
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(190);
    } finally {
      await site.close();
    }
  });

  it('renders a JavaScript-only page without fetching it again, and its browser keeps to the delay too', async () => {
    const site = await serve({
      // Two scripts a browser asks for at once: the second must still wait for the delay after the first.
      '/p/0': html('<div id="cast"></div><script src="/p/cast.js"></script><script src="/p/date.js"></script>'),
      '/p/cast.js': (_q, r) => void r.writeHead(200, { 'content-type': 'text/javascript' }).end("document.getElementById('cast').innerHTML = '<dl><dt>Dirigent</dt><dd>Ada Brandt</dd></dl>';"),
      '/p/date.js': (_q, r) => void r.writeHead(200, { 'content-type': 'text/javascript' }).end("document.getElementById('cast').insertAdjacentHTML('beforeend', '<p>Premiere 12.03.2027</p>');"),
    });
    const renderer = createRenderer({ chromiumPath: '/usr/bin/chromium', allowHosts: [site.host], userAgent: 'QuarryTest/1', timeoutMs: 15_000 });
    try {
      const crawl = testCrawlService(store, bus, { allowHosts: [site.host], renderer });
      services.push(crawl);
      const jobId = await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 250, sitemaps: false, render: 'auto' });
      const job = await crawl.run(jobId);
      expect(job.counters).toMatchObject({ fetched: 1, rendered: 1, stored: 1 });
      const [documentId] = (await crawl.status(jobId))?.documentIds ?? [];
      const stored = new TextDecoder().decode((await crawl.docs.getDocumentBytes(documentId ?? '')) ?? new Uint8Array());
      expect(stored).toContain('<dd>Ada Brandt</dd>');
      expect(stored).toContain('<p>Premiere 12.03.2027</p>');
      expect(site.hits.map((h) => h.path).filter((p) => p !== '/robots.txt').sort()).toEqual(['/p/0', '/p/cast.js', '/p/date.js']);
      const gaps = pageGaps(site.hits);
      expect(gaps.length).toBe(2);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(190);
    } finally {
      await renderer.close();
      await site.close();
    }
  });

  it('honours a longer Crawl-delay from robots.txt', async () => {
    const site = await serve({ ...chain(3), '/robots.txt': (_q, r) => void r.writeHead(200).end('User-agent: *\nCrawl-delay: 0.3\n') });
    try {
      const crawl = crawlService([site.host]);
      await crawl.run(await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 0, sitemaps: false, render: 'never' }));
      for (const gap of pageGaps(site.hits)) expect(gap).toBeGreaterThanOrEqual(240);
    } finally {
      await site.close();
    }
  });

  it('keeps to the Crawl-delay while reading a sitemap index and its sitemaps, too', async () => {
    const xml = (body: string): Route => (_q, r) => void r.writeHead(200, { 'content-type': 'application/xml' }).end(body);
    const urlset = (paths: string[]) => xml(`<urlset>${paths.map((p) => `<url><loc>/${p}</loc></url>`).join('')}</urlset>`);
    const site = await serve({
      ...chain(2),
      '/robots.txt': (_q, r) => void r.writeHead(200).end('User-agent: *\nCrawl-delay: 0.3\nSitemap: /index.xml\n'),
      '/index.xml': xml('<sitemapindex><sitemap><loc>/a.xml</loc></sitemap><sitemap><loc>/b.xml</loc></sitemap><sitemap><loc>/c.xml</loc></sitemap></sitemapindex>'),
      '/a.xml': urlset(['p/0']),
      '/b.xml': urlset(['p/1']),
      '/c.xml': urlset([]),
    });
    try {
      const crawl = crawlService([site.host]);
      await crawl.run(await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 0, render: 'never' }));
      const requests = site.hits.filter((h) => h.path !== '/robots.txt');
      expect(requests[0]?.path).toBe('/index.xml');
      expect(requests.map((h) => h.path).sort()).toEqual(['/a.xml', '/b.xml', '/c.xml', '/index.xml', '/p/0', '/p/1']);
      for (const [i, h] of requests.slice(1).entries()) expect(h.at - (requests[i]?.at ?? 0)).toBeGreaterThanOrEqual(240);
    } finally {
      await site.close();
    }
  });

  it('fetches nothing but robots.txt while robots.txt answers with a server error', async () => {
    const site = await serve({ ...chain(3), '/robots.txt': (_q, r) => void r.writeHead(503).end() });
    try {
      const crawl = crawlService([site.host]);
      const result = await crawl.run(await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 0, render: 'never' }));
      expect(result.counters.skippedByRobots).toBe(1);
      expect(site.hits.map((h) => h.path)).toEqual(['/robots.txt']);
    } finally {
      await site.close();
    }
  });

  it('uses the first 512 KiB of a longer robots.txt instead of refusing the whole site', async () => {
    const padding = `# ${'x'.repeat(1_000)}\n`.repeat(600);
    const robots = `User-agent: *\nDisallow: /p/1\n${padding}Disallow: /p/0\n`;
    const site = await serve({ ...chain(3), '/robots.txt': (_q, r) => void r.writeHead(200, { 'content-type': 'text/plain' }).end(robots) });
    try {
      const crawl = crawlService([site.host]);
      const result = await crawl.run(await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 0, sitemaps: false, render: 'never' }));
      expect(result.counters).toMatchObject({ fetched: 1, skippedByRobots: 1 });
      expect(site.hits.map((h) => h.path)).toEqual(['/robots.txt', '/p/0']);
    } finally {
      await site.close();
    }
  });

  it('records a page that trickles past the fetch deadline as failed for that reason and goes on', async () => {
    const trickle: Route = (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      const drip = setInterval(() => r.write(' '), 100);
      r.on('close', () => clearInterval(drip));
    };
    const site = await serve({ '/p/0': html('<a href="/p/1">slow</a> <a href="/p/2">fine</a>'), '/p/1': trickle, '/p/2': html('fine') });
    try {
      const crawl = testCrawlService(store, bus, { allowHosts: [site.host], fetchDeadlineMs: 500 });
      services.push(crawl);
      const result = await crawl.run(await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 0, sitemaps: false, render: 'never' }));
      expect(result.counters).toMatchObject({ fetched: 2, failedByReason: { deadline: 1 } });
    } finally {
      await site.close();
    }
  });

  // As a regular expression this pattern took about 14 s over these links, all of it blocking the event loop.
  it('applies an exclude pattern full of wildcards to every link without stalling the crawl', { timeout: 5_000 }, async () => {
    const deep = `/p/${'a'.repeat(28)}`;
    const site = await serve({ '/p/0': html(`<a href="${deep}">deep</a> <a href="${deep}b">skip</a>`), [deep]: html('kept'), [`${deep}b`]: html('excluded') });
    try {
      const crawl = crawlService([site.host]);
      const exclude = [`${'*a'.repeat(10)}*b`];
      const result = await crawl.run(await crawl.create({ urls: [`${site.url}/p/0`], exclude, delayMs: 0, sitemaps: false, render: 'never' }));
      expect(result.counters).toMatchObject({ fetched: 2, outOfScope: 1 });
    } finally {
      await site.close();
    }
  });

  it('reports a host that cannot be reached as unreachable, not as skipped by robots.txt', async () => {
    const site = await serve({});
    await site.close();
    const crawl = crawlService([site.host]);
    const jobId = await crawl.create({ urls: [`${site.url}/p/0`], delayMs: 0, sitemaps: false, render: 'never' });
    const result = await crawl.run(jobId);
    expect(result.counters).toMatchObject({ skippedByRobots: 0, failed: 1, failedByReason: { unreachable: 1 } });
    expect((await crawl.status(jobId))?.errors).toEqual([{ url: `${site.url}/p/0`, reason: expect.stringMatching(/could not be reached/) }]);
  });

  it('crawls everything when robots.txt is missing, and ignores it when told to', async () => {
    const site = await serve({ ...chain(2), '/robots.txt': (_q, r) => void r.writeHead(200).end('User-agent: *\nDisallow: /') });
    try {
      const polite = crawlService([site.host]);
      expect((await polite.run(await polite.create({ urls: [`${site.url}/p/0`], delayMs: 0, sitemaps: false, render: 'never' }))).counters.skippedByRobots).toBe(1);
      const impolite = crawlService([site.host], false);
      const result = await impolite.run(await impolite.create({ urls: [`${site.url}/p/0`], delayMs: 0, sitemaps: false, render: 'never' }));
      expect(result.counters.fetched).toBe(2);
    } finally {
      await site.close();
    }
  });
});

/** A leaf page answered after `ms`, each with its own content; `peak()` is the most requests it had in flight at once. */
function slowLeaves(ms: number): { slow: Route; peak: () => number } {
  let inFlight = 0;
  let peak = 0;
  const slow: Route = (req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>leaf ${req.url}</p>`);
    }, ms);
  };
  return { slow, peak: () => peak };
}

describe('recrawls and concurrency', () => {
  it('revalidates unchanged pages with their ETag and still walks the pages below them', async () => {
    const pages: Record<string, Route> = {};
    for (const [path, next] of [['/a', '/b'], ['/b', '/c'], ['/c', null]] as const) {
      pages[path] = (req, res) => {
        if (req.headers['if-none-match'] === `"${path}"`) return void res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'text/html', etag: `"${path}"` }).end(`<html><body><h1>${path}</h1>${next ? `<a href="${next}">next</a>` : ''}</body></html>`);
      };
    }
    const site = await serve(pages);
    try {
      const crawl = crawlService([site.host]);
      const options = { urls: [`${site.url}/a`], delayMs: 0, sitemaps: false, render: 'never' as const };
      expect((await crawl.run(await crawl.create(options))).counters).toMatchObject({ fetched: 3, stored: 3 });
      const again = await crawl.run(await crawl.create(options));
      expect(again.counters).toMatchObject({ fetched: 3, unchanged: 3, stored: 0 });
      const before = site.hits.length;
      const cachedRun = await crawl.run(await crawl.create({ ...options, revisitAfterMs: 60_000 }));
      expect(cachedRun.counters).toMatchObject({ fetched: 0, unchanged: 3 });
      expect(site.hits.slice(before).map((h) => h.path).filter((p) => p !== '/robots.txt')).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('keeps to the per-host limit on requests in flight', async () => {
    const { slow, peak } = slowLeaves(40);
    const leaves = ['a', 'b', 'c', 'd', 'e', 'f'];
    const site = await serve({ '/': html(leaves.map((l) => `<a href="/${l}">${l}</a>`).join('')), ...Object.fromEntries(leaves.map((l) => [`/${l}`, slow])) });
    try {
      const crawl = crawlService([site.host]);
      const options = { urls: [`${site.url}/`], delayMs: 0, concurrency: 4, sitemaps: false, render: 'never' as const };
      await crawl.run(await crawl.create({ ...options, hostConcurrency: 1 }));
      expect(peak()).toBe(1);
    } finally {
      await site.close();
    }
  });

  it('keeps every worker busy once links refill a frontier that was empty for a moment', async () => {
    // At the start only the seed is queued: the workers that find nothing must wait for its links, not leave.
    const { slow, peak } = slowLeaves(60);
    const leaves = Array.from({ length: 12 }, (_, i) => `/leaf${i}`);
    const site = await serve({
      '/': html('<a href="/left">left</a><a href="/right">right</a>'),
      '/left': html(leaves.slice(0, 6).map((l) => `<a href="${l}">x</a>`).join('')),
      '/right': html(leaves.slice(6).map((l) => `<a href="${l}">x</a>`).join('')),
      ...Object.fromEntries(leaves.map((l) => [l, slow])),
    });
    try {
      const crawl = crawlService([site.host]);
      const totals: number[] = [];
      const job = await crawl.run(await crawl.create({ urls: [`${site.url}/`], delayMs: 0, concurrency: 4, hostConcurrency: 4, sitemaps: false, render: 'never' }), {
        onProgress: (p) => void totals.push(p.done + p.queued),
      });
      expect(job.counters).toMatchObject({ fetched: 15, stored: 15, failed: 0 });
      expect(peak()).toBe(4);
      // A progress bar's total (done + queued) only grows, and ends at the pages there were.
      expect(totals.every((t, i) => i === 0 || t >= (totals[i - 1] ?? 0))).toBe(true);
      expect(totals.at(-1)).toBe(15);
    } finally {
      await site.close();
    }
  });
  it('puts a page whose fetch a stop cut short back in the queue, not among the failures', async () => {
    // The stop arrives while /slow is in flight: the aborted fetch is the job's doing, so the resumed job fetches it.
    let release: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (release = resolve));
    const site = await serve({
      '/': html('<a href="/slow">slow</a>'),
      '/slow': (_req, res) => {
        release();
        setTimeout(() => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Slow</h1></body></html>'), 400);
      },
    });
    try {
      const crawl = crawlService([site.host]);
      const jobId = await crawl.create({ urls: [`${site.url}/`], delayMs: 0, sitemaps: false, render: 'never' });
      const stop = new AbortController();
      void started.then(() => stop.abort());
      const first = await crawl.run(jobId, { signal: stop.signal });
      expect(first.status).toBe('stopped');
      expect(first.counters).toMatchObject({ failed: 0, failedByReason: {} });
      const second = await crawl.run(jobId);
      expect(second).toMatchObject({ status: 'done', counters: { fetched: 2, stored: 2, failed: 0 } });
      expect(site.hits.filter((h) => h.path === '/slow')).toHaveLength(2);
    } finally {
      await site.close();
    }
  });
});

describe('crawl requests', () => {
  it('refuses seeds that are private, metadata, non-HTTP or not URLs before creating a job', async () => {
    const crawl = crawlService([]);
    for (const url of ['http://127.0.0.1:9/', 'http://[::1]/', 'http://10.0.0.1/', 'http://169.254.169.254/', 'file:///etc/passwd', 'ftp://example.org/', '::::']) {
      await expect(crawl.create({ urls: [url] }), url).rejects.toThrow(/not fetched|private or reserved|not a valid URL/);
    }
    await expect(crawl.create({ urls: [] })).rejects.toThrow(/at least one URL/);
  });

  it('says which job is unknown when asked to resume it', async () => {
    await expect(crawlService([]).resume('crawl_missing')).rejects.toThrow(/no crawl job crawl_missing/);
  });
});
