import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSites, type DemoSites } from '../../evals/sites/server.js';
import { openTestServices, type TestServices } from '../testing.js';
import { progressLine, runCrawlCommand } from './crawl.js';

describe('quarry crawl', () => {
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

  it('crawls with a progress bar, keeps the configured delay between requests to a host, and summarizes', async () => {
    const site = sites.sites.find((s) => s.id === 'opera-lumiere');
    const lines: string[] = [];
    const started = Date.now();
    const summary = await runCrawlCommand(services, { urls: [site?.url ?? ''], delayMs: 150, render: 'never' }, { progress: (l) => void lines.push(l) });
    const elapsed = Date.now() - started;
    const fetched = Number(/fetched (\d+)/.exec(summary)?.[1] ?? 0);
    expect(fetched).toBeGreaterThan(5);
    expect(elapsed).toBeGreaterThanOrEqual((fetched - 1) * 150);
    expect(summary).toMatch(/skipped by robots\.txt 1/);
    expect(summary).toMatch(/next: quarry extract --all-pending/);
    expect(lines.length).toBe(fetched + 1);
    expect(lines.at(-1)).toMatch(/^\[#+\] \d+\/\d+ http/);
  });

  it('renders with one pooled browser and leaves no page or browser behind', async () => {
    const site = sites.sites.find((s) => s.id === 'staatsoper-nord');
    await runCrawlCommand(services, { urls: [site?.url ?? ''], maxPages: 3, render: 'always', delayMs: 0 }, { progress: () => undefined });
    const renderer = services.crawl.renderer;
    expect(renderer?.running()).toBe(true);
    expect(renderer?.openContexts()).toBe(0);
    await renderer?.close();
    expect(renderer?.running()).toBe(false);
  });

  it('draws a bounded progress bar', () => {
    expect(progressLine({ done: 5, queued: 5, url: 'http://x.test/a', outcome: 'stored' }, 200)).toBe('[############............] 5/10 http://x.test/a stored');
    expect(progressLine({ done: 0, queued: 0, url: 'u', outcome: 'o' }, 200)).toMatch(/^\[\.{24}\] 0\/1 u o$/);
  });
});
