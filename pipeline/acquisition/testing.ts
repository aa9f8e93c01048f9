import type { Bus } from '../bus/bus.js';
import { createLocalBus } from '../bus/local.js';
import { ensurePipelineStreams } from '../bus/streams.js';
import { systemClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import { createTracer } from '../tracing/tracer.js';
import type { Renderer } from './renderer.js';
import { createCrawlService, type CrawlService } from './service.js';

/**
 * Crawl services for tests and benchmarks: no trace sinks, a silent logger, the system clock, no renderer unless given one; only
 * what a case varies is an option.
 */
export interface TestCrawlOptions {
  allowHosts: string[];
  respectRobots?: boolean;
  userAgent?: string;
  fetchDeadlineMs?: number;
  renderer?: Renderer;
}

export function testCrawlService(store: Store, bus: Bus, opts: TestCrawlOptions): CrawlService {
  return createCrawlService({
    store,
    bus,
    tracer: createTracer({ sinks: [], redact: (v) => v }),
    clock: systemClock,
    logger: silentLogger,
    userAgent: opts.userAgent ?? 'QuarryTest/1 (+mailto:crawler@example.org)',
    allowHosts: opts.allowHosts,
    respectRobots: opts.respectRobots ?? true,
    ...(opts.fetchDeadlineMs ? { fetchDeadlineMs: opts.fetchDeadlineMs } : {}),
    renderer: opts.renderer ?? null,
  });
}

/** What one Quarry process has for crawling: its own local bus over the (shared) state store, and a crawl service. */
export async function openCrawlProcess(store: Store, opts: TestCrawlOptions & { objectsDir?: string }) {
  const bus = await createLocalBus({ store, objectsDir: opts.objectsDir });
  await ensurePipelineStreams(bus);
  const crawl = testCrawlService(store, bus, opts);
  return {
    crawl,
    async close() {
      await crawl.close();
      await bus.close();
    },
  };
}
