import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSites, type DemoSites } from '../evals/sites/server.js';
import { connectClient, openTestServices, type TestServices } from '../server/testing.js';
import type { z } from 'zod';
import type { CrawlCounters} from './crawl_site.js';
import { crawlSiteTool } from './crawl_site.js';

type Counters = z.infer<typeof CrawlCounters>;
import { crawlStatusTool } from './crawl_status.js';

describe('crawl_site through a real MCP client on the demo sites', () => {
  let sites: DemoSites;
  let services: TestServices;
  beforeAll(async () => {
    sites = await serveDemoSites();
    services = await openTestServices({ env: { QUARRY_ALLOW_HOSTS: sites.sites.map((s) => new URL(s.url).host).join(',') } });
  });
  afterAll(async () => {
    await services.dispose();
    await sites.close();
  });

  const site = (id: string) => {
    const s = sites.sites.find((x) => x.id === id);
    if (!s) throw new Error(`no demo site ${id}`);
    return s;
  };

  it('stores every in-scope page once, never asks for a disallowed path and renders the JavaScript-only page', async () => {
    const nord = site('staatsoper-nord');
    const { client, close } = await connectClient({ services, tools: [crawlSiteTool, crawlStatusTool] });
    const progress: string[] = [];
    const result = await client.callTool({ name: 'crawl_site', arguments: { urls: [nord.url], delayMs: 20 } }, undefined, {
      onprogress: (p) => void progress.push(p.message ?? ''),
    });
    const out = result.structuredContent as { status: string; counters: Counters; documentIds: string[] };
    expect(out.status).toBe('done');
    expect(out.counters.skippedByRobots).toBe(1);
    expect(out.counters.rendered).toBe(1);
    expect(out.documentIds.length).toBe(out.counters.stored);
    expect(progress.length).toBeGreaterThanOrEqual(out.counters.fetched);

    const log = sites.accessLog.filter((e) => e.site === nord.id);
    expect(log.filter((e) => nord.disallowed.some((d) => e.path.startsWith(d)))).toEqual([]);
    const pages = log.filter((e) => e.path !== '/robots.txt' && !e.path.startsWith('/sitemap'));
    const perPath = new Map<string, number>();
    for (const e of pages.filter((p) => p.userAgent?.includes('Quarry'))) perPath.set(e.path, (perPath.get(e.path) ?? 0) + 1);
    // Every path once: Chromium renders the JavaScript-only page from the bytes already fetched, asking only for its script.
    expect([...perPath.entries()].filter(([, n]) => n > 1)).toEqual([]);

    const calendar = (await services.crawl.docs.listDocuments()).find((d) => d.url.endsWith('/spielplan/kalender'));
    const html = new TextDecoder().decode((await services.crawl.docs.getDocumentBytes(calendar?.id ?? '')) ?? new Uint8Array());
    expect(html).toContain('<table');

    const again = await client.callTool({ name: 'crawl_site', arguments: { urls: [nord.url], delayMs: 0, render: 'never' } });
    const second = again.structuredContent as { counters: Counters };
    expect(second.counters.stored).toBe(0);
    expect(second.counters.unchanged + second.counters.duplicates).toBe(second.counters.fetched);
    await close();
  });

  it('refuses private, metadata and non-HTTP URLs with advice, storing nothing', async () => {
    const { client, close } = await connectClient({ services, tools: [crawlSiteTool] });
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:8080/', 'file:///etc/passwd', 'ftp://example.org/', 'not a url']) {
      const r = await client.callTool({ name: 'crawl_site', arguments: { urls: [url] } });
      expect(r.isError, url).toBe(true);
      expect(JSON.stringify(r.content)).toMatch(/URL refused/);
    }
    await close();
  });

  it('stops on cancellation and resumes where it stopped without fetching a page twice', async () => {
    const tenders = site('eastmere-tenders');
    const jobId = await services.crawl.create({ urls: [tenders.url], delayMs: 30, sitemaps: false });
    const stop = new AbortController();
    let seen = 0;
    const first = await services.crawl.run(jobId, { signal: stop.signal, onProgress: () => void (++seen === 4 && stop.abort()) });
    expect(first.status).toBe('stopped');
    const before = sites.accessLog.filter((e) => e.site === tenders.id && e.path !== '/robots.txt').length;
    const second = await services.crawl.run(jobId);
    expect(second.status).toBe('done');
    const paths = sites.accessLog.filter((e) => e.site === tenders.id && e.path !== '/robots.txt').map((e) => e.path);
    expect(paths.length).toBeGreaterThan(before);
    expect(new Set(paths).size).toBe(paths.length);
    expect(second.counters.failedByReason).toEqual({ http_404: 1 });
  });

  it('keeps a calendar spider trap inside the page budget', async () => {
    const { client, close } = await connectClient({ services, tools: [crawlSiteTool] });
    const lirico = site('teatro-lirico');
    const r = await client.callTool({ name: 'crawl_site', arguments: { urls: [lirico.url], maxPages: 3, delayMs: 0, render: 'never' } });
    const out = r.structuredContent as { counters: Counters };
    expect(out.counters.fetched + out.counters.failed).toBeLessThanOrEqual(3);
    expect(out.counters.overBudget).toBeGreaterThan(0);
    await close();
  });

  it('reports a job through crawl_status, and an unknown one with the recent ids', async () => {
    const { client, close } = await connectClient({ services, tools: [crawlStatusTool] });
    const list = (await client.callTool({ name: 'crawl_status', arguments: {} })).structuredContent as { recent: Array<{ jobId: string }> };
    expect(list.recent.length).toBeGreaterThan(0);
    const missing = await client.callTool({ name: 'crawl_status', arguments: { jobId: 'crawl_nope' } });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain(list.recent[0]?.jobId ?? '');
    await close();
  });
});
