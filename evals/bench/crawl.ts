import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

/**
 * `npm run bench -- crawl`: a generated local site of N pages (each links to a few others) crawled with politeness
 * off by Quarry's crawler and by Crawlee's CheerioCrawler, each in its own process so peak memory is its own.
 */
const SELF = fileURLToPath(import.meta.url);

function site(pages: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const n = Number(/\/p\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    if (req.url === '/robots.txt') return void res.writeHead(404).end();
    const links = [1, 2, 3, 7, 11].map((d) => (n * 5 + d) % pages).map((i) => `<li><a href="/p/${i}">Production ${i}</a></li>`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Page ${n}</title></head><body><nav><a href="/p/0">Home</a></nav><main><h1>Production ${n}</h1><dl><dt>Conductor</dt><dd>Person ${n}</dd><dt>Date</dt><dd>2027-03-${String((n % 28) + 1).padStart(2, '0')}</dd></dl><p>${'Text about the production. '.repeat(40)}</p><ul>${links}</ul></main></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function measure(fn: () => Promise<number>): Promise<{ ms: number; items: number; peakMiB: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const items = await fn();
  const ms = performance.now() - start;
  clearInterval(timer);
  return { ms, items, peakMiB: (Math.max(peak, process.memoryUsage().rss) - base) / 1024 / 1024 };
}

async function runCase(kind: 'quarry' | 'crawlee', url: string, pages: number): Promise<{ ms: number; items: number; peakMiB: number }> {
  if (kind === 'quarry') {
    const { openStore } = await import('../../pipeline/store/open.js');
    const { createLocalBus } = await import('../../pipeline/bus/local.js');
    const { ensurePipelineStreams } = await import('../../pipeline/bus/streams.js');
    const { createCrawlService } = await import('../../pipeline/acquisition/service.js');
    const { createTracer } = await import('../../pipeline/tracing/tracer.js');
    const { silentLogger } = await import('../../pipeline/shared/logger.js');
    const store = await openStore({});
    const bus = await createLocalBus({ store });
    await ensurePipelineStreams(bus);
    const crawl = createCrawlService({ store, bus, tracer: createTracer({ sinks: [], redact: (v) => v }), clock: { now: () => new Date() }, logger: silentLogger, userAgent: 'QuarryBench/1', allowHosts: [new URL(url).host], respectRobots: false, renderer: null });
    return measure(async () => {
      const jobId = await crawl.create({ urls: [`${url}/p/0`], maxPages: pages, maxDepth: 50, delayMs: 0, concurrency: 8, sitemaps: false, render: 'never' });
      const result = await crawl.run(jobId);
      return result.counters.fetched;
    });
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
  try {
    // Asynchronously: the site is served from this process, so it must keep answering while a child crawls.
    const child = async (kind: string) => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SELF, kind, url, String(pages)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; items: number; peakMiB: number };
    };
    const crawlee = await child('crawlee');
    const quarry = await child('quarry');
    const rate = (r: { ms: number; items: number }) => (r.items / r.ms) * 1000;
    return [
      {
        case: `Quarry crawler, ${pages} pages`,
        ...quarry,
        baseline: { case: `Crawlee CheerioCrawler, ${pages} pages`, ...crawlee },
        goal: { text: "at least Crawlee's pages/s at no more than its memory", met: rate(quarry) >= rate(crawlee) && quarry.peakMiB <= crawlee.peakMiB },
        note: 'politeness off (no delay, no robots), concurrency 8, same local site; Quarry also stores every page by hash and parses it',
      },
    ];
  } finally {
    server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && (process.argv[2] === 'quarry' || process.argv[2] === 'crawlee')) {
  const result = await runCase(process.argv[2], process.argv[3] ?? '', Number(process.argv[4] ?? 100));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
