import { pathToFileURL } from 'node:url';
import { createLocalBus } from '../bus/local.js';
import { ensurePipelineStreams } from '../bus/streams.js';
import { systemClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { createTracer } from '../tracing/tracer.js';
import { createCrawlService } from './service.js';

/**
 * A crawl in a process of its own, for crash.test.ts to kill with SIGKILL:
 * `node --import tsx crash-child.ts <databaseUrl> <schema> <seedUrl>` creates a job on that PostgreSQL schema,
 * prints `job <id>`, then `page <url>` for every page it finishes, then the job's final status.
 */

/** What one Quarry process has for crawling: a bus and a crawl service over the shared state store. */
export async function openCrawlProcess(store: Store, host: string) {
  const bus = await createLocalBus({ store });
  await ensurePipelineStreams(bus);
  const crawl = createCrawlService({
    store,
    bus,
    tracer: createTracer({ sinks: [], redact: (v) => v }),
    clock: systemClock,
    logger: silentLogger,
    userAgent: 'QuarryTest/1',
    allowHosts: [host],
    respectRobots: true,
    renderer: null,
  });
  return {
    crawl,
    async close() {
      await crawl.close();
      await bus.close();
    },
  };
}

async function main(databaseUrl: string, schema: string, seed: string): Promise<void> {
  const store = await openStore({ databaseUrl, schema });
  const proc = await openCrawlProcess(store, new URL(seed).host);
  try {
    const jobId = await proc.crawl.create({ urls: [seed], concurrency: 4, delayMs: 0, sitemaps: false, render: 'never', maxDepth: 50, maxPages: 1_000 });
    process.stdout.write(`job ${jobId}\n`);
    const result = await proc.crawl.run(jobId, { onProgress: (p) => void process.stdout.write(`page ${p.url}\n`) });
    process.stdout.write(`${result.status}\n`);
  } finally {
    await proc.close();
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [databaseUrl, schema, seed] = process.argv.slice(2);
  if (!databaseUrl || !schema || !seed) throw new Error('usage: crash-child.ts <databaseUrl> <schema> <seedUrl>');
  await main(databaseUrl, schema, seed);
}
