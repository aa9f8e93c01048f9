import type { LoadedGoldenTask } from '../golden/load.js';
import { loadGoldenTasks } from '../golden/load.js';
import { buildDemoSites } from './sites.js';

/**
 * The golden-labelled demo pages as raw documents, without a server: for evaluations that score parsing,
 * extraction or clustering against the labels. Each site gets its own origin, as when served.
 */
export interface GoldenDocument {
  task: LoadedGoldenTask;
  url: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface DemoDocumentOptions {
  /** Origin of a site (no trailing slash); default `http://<site-id>.demo.localhost`. Pass the served URLs to match a live server. */
  origin?: (siteId: string) => string;
  /** Golden fixture directory (default evals/golden). */
  goldenDir?: string;
}

export async function demoDocuments(opts: DemoDocumentOptions = {}): Promise<GoldenDocument[]> {
  const origin = opts.origin ?? ((id: string) => `http://${id}.demo.localhost`);
  const [sites, tasks] = await Promise.all([buildDemoSites(), loadGoldenTasks(opts.goldenDir)]);
  return tasks.map((task) => {
    const page = sites.find((s) => s.id === task.site)?.pages.find((p) => p.path === task.path);
    if (!page) throw new Error(`Golden task ${task.file} names ${task.site}${task.path}, which no demo site serves`);
    return { task, url: origin(task.site) + task.path, bytes: page.body, contentType: page.contentType };
  });
}
