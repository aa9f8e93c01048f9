import { z } from 'zod';
import { DEFAULT_CRAWL_OPTIONS } from '../pipeline/acquisition/crawler.js';
import type { CrawlProgress } from '../pipeline/acquisition/crawler.js';
import { CrawlRequestError, type CrawlService } from '../pipeline/acquisition/service.js';
import { UrlRefusedError } from '../pipeline/acquisition/ssrf.js';
import { defineTool, ToolError } from './tool.js';

const CrawlInput = z.object({
  urls: z.array(z.string().trim().min(1).max(2048)).max(50).default([]).describe('Start URLs (http or https); not needed with jobId'),
  jobId: z.string().trim().min(1).max(100).optional().describe('Continue this stopped crawl job (from crawl_status) instead of starting a new one; the other options are the job\'s own'),
  scope: z.enum(['host', 'prefix', 'patterns']).default('host').describe('host: stay on the start hosts; prefix: also under the start path; patterns: only URLs matching include'),
  include: z.array(z.string().max(500)).max(50).default([]).describe('URL substrings or * patterns to keep'),
  exclude: z.array(z.string().max(500)).max(50).default([]).describe('URL substrings or * patterns to skip'),
  maxDepth: z.number().int().min(0).max(10).default(DEFAULT_CRAWL_OPTIONS.maxDepth),
  maxPages: z.number().int().min(1).max(10_000).default(DEFAULT_CRAWL_OPTIONS.maxPages),
  render: z.enum(['auto', 'always', 'never']).default('auto').describe('Render JavaScript in Chromium: auto renders pages whose static HTML is an empty shell'),
  delayMs: z.number().int().min(0).max(60_000).default(DEFAULT_CRAWL_OPTIONS.delayMs).describe('Minimum pause between two requests to one host (robots.txt Crawl-delay can raise it)'),
  wait: z.boolean().default(true).describe('true: return when the crawl is done (with progress); false: return the job id at once and crawl in the background'),
});

export const CrawlCounters = z.object({
  fetched: z.number().int(),
  stored: z.number().int(),
  duplicates: z.number().int(),
  unchanged: z.number().int(),
  rendered: z.number().int(),
  skippedByRobots: z.number().int(),
  outOfScope: z.number().int(),
  overBudget: z.number().int(),
  failed: z.number().int(),
  failedByReason: z.record(z.string(), z.number().int()),
});

const CrawlOutput = z.object({
  jobId: z.string(),
  status: z.enum(['queued', 'running', 'done', 'stopped', 'failed']),
  counters: CrawlCounters,
  documentIds: z.array(z.string()).describe('Stored documents; extract them with extract_document (allPending: true)'),
  errors: z.array(z.object({ url: z.string(), reason: z.string() })),
});

export const crawlSiteTool = defineTool<typeof CrawlInput, typeof CrawlOutput, { crawl: CrawlService }>({
  name: 'crawl_site',
  title: 'Crawl a website',
  description:
    'Crawl a site politely (robots.txt, a delay per host, private addresses refused) from the start URLs, within a scope and depth/page budget, following links to PDFs and other documents. Every page is stored once by content hash and queued for extraction. Returns the job id, counts (fetched, stored, unchanged, skipped by robots, out of scope, failed by reason) and the stored document ids. With wait=false it returns at once; follow the job with crawl_status. With jobId it continues a stopped crawl where it stopped. Next: extract_document with allPending: true.',
  inputSchema: CrawlInput,
  outputSchema: CrawlOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { deps, signal, progress }) {
    const jobId = input.jobId ?? (await createJob(deps.crawl, input));
    const hooks = {
      signal,
      onProgress: (p: CrawlProgress) => void progress(p.done, input.jobId ? p.done + p.queued : Math.min(input.maxPages, p.done + p.queued), `${p.url}: ${p.outcome}`),
    };
    try {
      if (input.jobId) {
        if (!input.wait) {
          const view = await deps.crawl.status(jobId);
          if (!view) throw new CrawlRequestError(`no crawl job ${jobId}; crawl_status lists the recent jobs`);
          if (view.status === 'running') throw new CrawlRequestError(`crawl job ${jobId} is already running; follow it with crawl_status`);
          if (view.status !== 'done') deps.crawl.start(jobId);
        } else {
          await deps.crawl.resume(jobId, hooks);
        }
      } else if (!input.wait) {
        deps.crawl.start(jobId);
      } else {
        await deps.crawl.run(jobId, hooks);
      }
    } catch (err) {
      if (err instanceof CrawlRequestError) throw new ToolError(err.message);
      throw err;
    }
    if (!input.wait) {
      const view = await deps.crawl.status(jobId);
      return { jobId, status: 'running' as const, counters: view?.counters ?? emptyCounts(), documentIds: [], errors: [] };
    }
    const view = await deps.crawl.status(jobId);
    if (!view) throw new Error(`crawl job ${jobId} vanished`);
    return { jobId, status: view.status, counters: view.counters, documentIds: view.documentIds, errors: view.errors };
  },
  summarize(out) {
    const c = out.counters;
    const failures = Object.entries(c.failedByReason).map(([r, n]) => `${r} ${n}`).join(', ');
    return `Crawl ${out.jobId} ${out.status}: ${c.fetched} fetched, ${c.stored} stored, ${c.duplicates} duplicates, ${c.unchanged} unchanged, ${c.rendered} rendered, ${c.skippedByRobots} skipped by robots.txt, ${c.outOfScope} out of scope, ${c.overBudget} over budget, ${c.failed} failed${failures ? ` (${failures})` : ''}.${out.status === 'running' ? ' Follow it with crawl_status.' : ' Next: extract_document with allPending: true.'}`;
  },
});

async function createJob(crawl: CrawlService, input: Parameters<CrawlService['create']>[0]): Promise<string> {
  if (input.urls.length === 0) throw new ToolError('give at least one start URL in urls, or the jobId of a stopped crawl to continue it');
  try {
    return await crawl.create(input);
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new ToolError(`URL refused: ${err.message}`);
    throw err;
  }
}

function emptyCounts(): z.input<typeof CrawlCounters> {
  return { fetched: 0, stored: 0, duplicates: 0, unchanged: 0, rendered: 0, skippedByRobots: 0, outOfScope: 0, overBudget: 0, failed: 0, failedByReason: {} };
}
