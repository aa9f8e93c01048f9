import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BenchResult } from './types.js';

/**
 * `npm run bench -- crawl`: a generated local site of N pages crawled with politeness off by Quarry's crawler and by
 * Crawlee's CheerioCrawler, each in its own process, so each one's peak resident memory (the whole process, from
 * start to end) is its own. Quarry crawls into a data directory as `quarry crawl` does; the directory is created
 * beforehand in another process, as a user's first `quarry` command would have done.
 */
const SELF = fileURLToPath(import.meta.url);

/** Page n links to pages 5n+1…5n+5 (so every page is reachable from page 0) and to two pages elsewhere. */
export function linksOf(n: number, pages: number): number[] {
  const children = [1, 2, 3, 4, 5].map((d) => n * 5 + d).filter((i) => i < pages);
  return [...children, (n * 7 + 3) % pages, (n * 13 + 11) % pages];
}

function site(pages: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const n = Number(/\/p\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    if (req.url === '/robots.txt') return void res.writeHead(404).end();
    const links = linksOf(n, pages).map((i) => `<li><a href="/p/${i}">Production ${i}</a></li>`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Page ${n}</title></head><body><nav><a href="/p/0">Home</a></nav><main><h1>Production ${n}</h1><dl><dt>Conductor</dt><dd>Person ${n}</dd><dt>Date</dt><dd>2027-03-${String((n % 28) + 1).padStart(2, '0')}</dd></dl><p>${'Text about the production. '.repeat(40)}</p><ul>${links}</ul></main></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

interface Measured {
  ms: number;
  items: number;
  /** The process's peak resident set, start to end, in MiB. */
  peakMiB: number;
}

async function measure(fn: () => Promise<number>): Promise<Measured> {
  const start = performance.now();
  const items = await fn();
  const ms = performance.now() - start;
  return { ms, items, peakMiB: process.resourceUsage().maxRSS / 1024 };
}

async function openQuarry(url: string, dataDir: string) {
  const { openStore } = await import('../../pipeline/store/open.js');
  const { openCrawlProcess } = await import('../../pipeline/acquisition/testing.js');
  const store = await openStore({ dataDir });
  const quarry = await openCrawlProcess(store, {
    allowHosts: url ? [new URL(url).host] : [],
    respectRobots: false,
    userAgent: 'QuarryBench/1',
    objectsDir: join(dataDir, 'objects'),
  });
  return {
    crawl: quarry.crawl,
    async close() {
      await quarry.close();
      await store.close();
    },
  };
}

async function runCase(kind: 'quarry' | 'quarry-setup' | 'crawlee', url: string, pages: number, dataDir: string): Promise<Measured> {
  if (kind === 'quarry-setup') {
    const quarry = await openQuarry(url, dataDir);
    await quarry.close();
    return { ms: 0, items: 0, peakMiB: 0 };
  }
  if (kind === 'quarry') {
    const quarry = await openQuarry(url, dataDir);
    const result = await measure(async () => {
      const jobId = await quarry.crawl.create({ urls: [`${url}/p/0`], maxPages: pages, maxDepth: 50, delayMs: 0, concurrency: 8, sitemaps: false, render: 'never' });
      const done = await quarry.crawl.run(jobId);
      return done.counters.stored;
    });
    await quarry.close();
    return result;
  }
  const { CheerioCrawler, Configuration } = await import('@crawlee/cheerio');
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  let count = 0;
  return measure(async () => {
    const crawler = new CheerioCrawler(
      {
        maxConcurrency: 8,
        maxRequestsPerCrawl: pages,
        async requestHandler({ enqueueLinks }) {
          count++;
          await enqueueLinks({ strategy: 'same-hostname' });
        },
      },
      config,
    );
    await crawler.run([`${url}/p/0`]);
    return count;
  });
}

export async function run(opts: { quick: boolean }): Promise<BenchResult[]> {
  const pages = opts.quick ? 300 : 2_000;
  const { server, url } = await site(pages);
  const dataDir = mkdtempSync(join(tmpdir(), 'quarry-bench-crawl-'));
  try {
    // Asynchronously: the site is served from this process, so it must keep answering while a child crawls.
    const child = async (kind: string): Promise<Measured> => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SELF, kind, url, String(pages), dataDir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measured;
    };
    const crawlee = await child('crawlee');
    await child('quarry-setup');
    const quarry = await child('quarry');
    if (quarry.items !== pages || crawlee.items !== pages) throw new Error(`the crawlers stored ${quarry.items} and ${crawlee.items} pages of ${pages}`);
    const rate = (r: { ms: number; items: number }) => (r.items / r.ms) * 1000;
    return [
      {
        case: `Quarry crawler, ${pages} pages`,
        ...quarry,
        baseline: { case: `Crawlee CheerioCrawler, ${pages} pages`, ...crawlee },
        goal: { text: "at least Crawlee's pages/s at no more than its memory", met: rate(quarry) >= rate(crawlee) && quarry.peakMiB <= crawlee.peakMiB },
        note: 'politeness off (no delay, no robots), concurrency 8, same local site; peak MiB is the whole process; Quarry also stores every page by hash, parses it and publishes it',
      },
    ];
  } finally {
    server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const KINDS = ['quarry', 'quarry-setup', 'crawlee'] as const;
const kind = KINDS.find((k) => k === process.argv[2]);
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && kind) {
  const result = await runCase(kind, process.argv[3] ?? '', Number(process.argv[4] ?? 100), process.argv[5] ?? '');
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
