import { z } from 'zod';
import type { CrawlService } from '../pipeline/acquisition/service.js';
import { CrawlCounters } from './crawl_site.js';
import { defineResource, defineTool, ToolError } from './tool.js';

const StatusInput = z.object({ jobId: z.string().trim().min(1).max(100).optional().describe('A crawl job id; without it, the recent jobs') });

const Job = z.object({
  jobId: z.string(),
  status: z.enum(['queued', 'running', 'done', 'stopped', 'failed']),
  seeds: z.array(z.string()),
  createdAt: z.string(),
});

const StatusOutput = z.object({
  job: z
    .object({
      jobId: z.string(),
      status: z.enum(['queued', 'running', 'done', 'stopped', 'failed']),
      counters: CrawlCounters,
      createdAt: z.string(),
      updatedAt: z.string(),
      finishedAt: z.string().nullable(),
      documentIds: z.array(z.string()),
      errors: z.array(z.object({ url: z.string(), reason: z.string() })),
    })
    .nullable(),
  recent: z.array(Job),
});

export const crawlStatusTool = defineTool<typeof StatusInput, typeof StatusOutput, { crawl: CrawlService }>({
  name: 'crawl_status',
  title: 'Crawl job status',
  description: 'How a crawl job stands (status, counts, stored documents, errors per URL), or the recent jobs when no id is given. It changes nothing.',
  inputSchema: StatusInput,
  outputSchema: StatusOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async handler({ jobId }, { deps }) {
    const recent = await deps.crawl.list(20);
    if (!jobId) return { job: null, recent };
    const view = await deps.crawl.status(jobId);
    if (!view) throw new ToolError(`no crawl job ${jobId}; recent jobs: ${recent.map((j) => j.jobId).join(', ') || 'none'}`);
    const { options: _options, ...job } = view;
    return { job, recent };
  },
  summarize(out) {
    if (!out.job) return out.recent.length === 0 ? 'No crawl jobs yet; start one with crawl_site.' : `Recent crawl jobs: ${out.recent.map((j) => `${j.jobId} ${j.status}`).join(', ')}`;
    const c = out.job.counters;
    return `Crawl ${out.job.jobId} ${out.job.status}: ${c.fetched} fetched, ${c.stored} stored, ${c.failed} failed, ${out.job.documentIds.length} documents.`;
  },
});

export const crawlJobResource = defineResource<{ crawl: CrawlService }>({
  name: 'crawl_job',
  title: 'Crawl job',
  description: 'A crawl job with its counters, stored documents and errors per URL',
  mimeType: 'application/json',
  template: 'quarry://crawls/{jobId}',
  async list(deps) {
    return (await deps.crawl.list(50)).map((j) => ({ uri: `quarry://crawls/${j.jobId}`, name: j.jobId, title: `${j.seeds[0] ?? ''} (${j.status})` }));
  },
  async read(uri, { jobId = '' }, deps) {
    const view = await deps.crawl.status(jobId);
    if (!view) throw new ToolError(`no crawl job ${jobId}`);
    return [{ uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify(view, null, 2) }];
  },
});
