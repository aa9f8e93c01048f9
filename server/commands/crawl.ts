import type { CrawlProgress } from '../../pipeline/acquisition/crawler.js';
import type { CrawlService } from '../../pipeline/acquisition/service.js';

export interface CrawlCommandOptions {
  urls: string[];
  maxPages?: number;
  maxDepth?: number;
  scope?: 'host' | 'prefix' | 'patterns';
  render?: 'auto' | 'always' | 'never';
  delayMs?: number;
  resume?: string;
  signal?: AbortSignal;
}

/** `quarry crawl URL…`: runs a crawl to its end with a one-line progress bar; returns the summary to print. */
export async function runCrawlCommand(deps: { crawl: CrawlService }, opts: CrawlCommandOptions, out: { progress(line: string): void }): Promise<string> {
  const jobId =
    opts.resume ??
    (await deps.crawl.create({
      urls: opts.urls,
      ...(opts.maxPages !== undefined ? { maxPages: opts.maxPages } : {}),
      ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}),
      ...(opts.scope ? { scope: opts.scope } : {}),
      ...(opts.render ? { render: opts.render } : {}),
      ...(opts.delayMs !== undefined ? { delayMs: opts.delayMs } : {}),
    }));
  const budget = opts.maxPages ?? 200;
  const result = await deps.crawl.run(jobId, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (p: CrawlProgress) => out.progress(progressLine(p, budget)),
  });
  const c = result.counters;
  const failures = Object.entries(c.failedByReason).map(([r, n]) => `${r} ${n}`).join(', ');
  return [
    `crawl ${jobId} ${result.status}`,
    `  fetched ${c.fetched}, stored ${c.stored}, same content elsewhere ${c.duplicates}, unchanged ${c.unchanged}, rendered ${c.rendered}`,
    `  skipped by robots.txt ${c.skippedByRobots}, out of scope ${c.outOfScope}, over budget ${c.overBudget}, failed ${c.failed}${failures ? ` (${failures})` : ''}`,
    result.status === 'stopped' ? `  resume with: quarry crawl --resume ${jobId}` : '  next: quarry extract --all-pending',
  ].join('\n');
}

export function progressLine(p: Pick<CrawlProgress, 'done' | 'queued' | 'url' | 'outcome'>, budget: number): string {
  const total = Math.max(1, Math.min(budget, p.done + p.queued));
  const width = 24;
  const filled = Math.min(width, Math.round((p.done / total) * width));
  const url = p.url.length > 60 ? `…${p.url.slice(-59)}` : p.url;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${total} ${url} ${p.outcome}`;
}
