import { pathToFileURL } from 'node:url';
import { openStore } from '../store/open.js';
import { openCrawlProcess } from './testing.js';

/**
 * A crawl in a process of its own, for crash.test.ts to kill with SIGKILL:
 * `node --import tsx crash-child.ts <databaseUrl> <schema> <seedUrl>` creates a job on that PostgreSQL schema,
 * prints `job <id>`, then `page <url>` for every page it finishes, then the job's final status.
 */

async function main(databaseUrl: string, schema: string, seed: string): Promise<void> {
  const store = await openStore({ databaseUrl, schema });
  const proc = await openCrawlProcess(store, { allowHosts: [new URL(seed).host] });
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
