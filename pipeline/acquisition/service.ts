import type { Bus } from '../bus/bus.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import type { Tracer } from '../tracing/tracer.js';
import { createJob, DEFAULT_CRAWL_OPTIONS, runJob, type CrawlCounters, type CrawlOptions, type CrawlProgress, type JobStatus } from './crawler.js';
import { createDocStore, type DocStore } from './docstore.js';
import { createRenderer, type Renderer } from './renderer.js';
import { checkUrl } from './ssrf.js';

/**
 * Crawl jobs for the tools and the CLI: start one in the background or run it to the end, see how one stands,
 * resume one that stopped. Jobs live in the state store, so `status` and `resume` work across restarts.
 */
export interface CrawlServiceDeps {
  store: Store;
  bus: Pick<Bus, 'publish' | 'objectStore'>;
  tracer: Tracer;
  clock: Clock;
  logger: Logger;
  userAgent: string;
  allowHosts: readonly string[];
  respectRobots: boolean;
  /** Longest fetch of a page in all (the fetcher's default when left out). */
  fetchDeadlineMs?: number;
  chromiumPath?: string | undefined;
  /** Replaces the Chromium renderer (null: never render). */
  renderer?: Renderer | null;
}

export interface CrawlJobView {
  jobId: string;
  status: JobStatus;
  options: CrawlOptions;
  counters: CrawlCounters;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  documentIds: string[];
  errors: Array<{ url: string; reason: string }>;
}

export function createCrawlService(deps: CrawlServiceDeps) {
  const docs: DocStore = createDocStore(deps);
  const renderer =
    deps.renderer === undefined ? createRenderer({ chromiumPath: deps.chromiumPath, allowHosts: deps.allowHosts, userAgent: deps.userAgent }) : deps.renderer;
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  const crawlerDeps = { ...deps, docs, renderer, allowHosts: deps.allowHosts };

  const validate = async (urls: readonly string[]): Promise<void> => {
    if (urls.length === 0) throw new CrawlRequestError('give at least one URL to crawl');
    for (const url of urls) await checkUrl(url, deps.allowHosts);
  };

  const service = {
    docs,
    /** The Chromium renderer (null when rendering is off), for status and leak checks. */
    renderer,

    /** Validates the seeds (a refused URL throws `UrlRefusedError` before anything is stored) and creates the job. */
    async create(opts: Partial<Omit<CrawlOptions, 'urls'>> & { urls: string[] }): Promise<string> {
      await validate(opts.urls);
      const jobId = newId('crawl', deps.clock.now().getTime());
      await createJob(deps.store, jobId, { ...DEFAULT_CRAWL_OPTIONS, ...opts }, deps.clock.now());
      return jobId;
    },

    /** Runs a job to its end (or until `signal`), reporting progress. */
    async run(jobId: string, hooks: { signal?: AbortSignal; onProgress?: (p: CrawlProgress) => void } = {}) {
      const controller = new AbortController();
      const signal = hooks.signal ? AbortSignal.any([hooks.signal, controller.signal]) : controller.signal;
      const done = deps.tracer.span('crawl.job', { input: { jobId } }, async (span) => {
        const result = await runJob(crawlerDeps, jobId, { signal, ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}) });
        span.setOutput(result);
        return result;
      });
      running.set(jobId, { controller, done });
      try {
        return await done;
      } finally {
        running.delete(jobId);
      }
    },

    /**
     * Continues a job that stopped (cancelled, or the process ended while it ran) from the URLs still queued; pages
     * already fetched are not fetched again. A finished job returns its counters at once.
     */
    async resume(jobId: string, hooks: { signal?: AbortSignal; onProgress?: (p: CrawlProgress) => void } = {}) {
      if (running.has(jobId)) throw new CrawlRequestError(`crawl job ${jobId} is already running; follow it with crawl_status`);
      const [job] = await deps.store.query<{ status: JobStatus; counters: CrawlCounters }>('SELECT status, counters FROM crawl_jobs WHERE id = $1', [jobId]);
      if (!job) throw new CrawlRequestError(`no crawl job ${jobId}; crawl_status lists the recent jobs`);
      if (job.status === 'done') return { status: job.status, counters: job.counters };
      return service.run(jobId, hooks);
    },

    /** Starts a job in the background; `status` reports it. */
    start(jobId: string): void {
      void service.run(jobId).catch((err: unknown) => deps.logger.error('crawl job failed', { jobId, error: String(err) }));
    },

    async status(jobId: string): Promise<CrawlJobView | null> {
      const [job] = await deps.store.query<{
        id: string;
        status: JobStatus;
        options: CrawlOptions;
        counters: CrawlCounters;
        created_at: string | Date;
        updated_at: string | Date;
        finished_at: string | Date | null;
      }>('SELECT * FROM crawl_jobs WHERE id = $1', [jobId]);
      if (!job) return null;
      const docsRows = await deps.store.query<{ document_id: string }>(
        `SELECT DISTINCT document_id FROM crawl_urls WHERE job_id = $1 AND document_id IS NOT NULL ORDER BY document_id`,
        [jobId],
      );
      const errors = await deps.store.query<{ url: string; reason: string | null; status: string }>(
        `SELECT url, reason, status FROM crawl_urls WHERE job_id = $1 AND status = 'failed' ORDER BY seq LIMIT 100`,
        [jobId],
      );
      return {
        jobId: job.id,
        status: running.has(job.id) ? 'running' : job.status === 'running' ? 'stopped' : job.status,
        options: job.options,
        counters: job.counters,
        createdAt: new Date(job.created_at).toISOString(),
        updatedAt: new Date(job.updated_at).toISOString(),
        finishedAt: job.finished_at ? new Date(job.finished_at).toISOString() : null,
        documentIds: docsRows.map((r) => r.document_id),
        errors: errors.map((e) => ({ url: e.url, reason: e.reason ?? e.status })),
      };
    },

    async list(limit = 20): Promise<Array<{ jobId: string; status: JobStatus; seeds: string[]; createdAt: string }>> {
      const rows = await deps.store.query<{ id: string; status: JobStatus; options: CrawlOptions; created_at: string | Date }>(
        'SELECT id, status, options, created_at FROM crawl_jobs ORDER BY created_at DESC LIMIT $1',
        [limit],
      );
      return rows.map((r) => ({ jobId: r.id, status: running.has(r.id) ? 'running' : r.status === 'running' ? 'stopped' : r.status, seeds: r.options.urls, createdAt: new Date(r.created_at).toISOString() }));
    },

    /** Stops running jobs (they stay resumable) and closes the browser. */
    async close(): Promise<void> {
      for (const { controller } of running.values()) controller.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
      await renderer?.close();
    },
  };
  return service;
}

export type CrawlService = ReturnType<typeof createCrawlService>;

export class CrawlRequestError extends Error {
  override readonly name = 'CrawlRequestError';
}
