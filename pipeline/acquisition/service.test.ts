import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { openCrawlProcess } from './testing.js';

describe('a crawl job across a restart', () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const n = Number(/^\/p\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
    if (n < 0 || n > 9) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><h1>Page ${n}</h1>${n < 9 ? `<a href="/p/${n + 1}">next</a>` : ''}</body></html>`);
  });
  let host = '';
  // The state store outlives the "process" the way PGlite's data dir or PostgreSQL does (their persistence is tested
  // with the store); everything the crawler keeps in memory goes away with the service.
  let store: Store;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await openStore({});
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  /** One "process": its bus and crawl service over the shared state store. */
  const open = async () => ({ store, ...(await openCrawlProcess(store, { allowHosts: [host] })) });

  it('resumes after the process ended mid-crawl, without fetching a page twice', async () => {
    const first = await open();
    const jobId = await first.crawl.create({ urls: [`http://${host}/p/0`], maxDepth: 20, delayMs: 0, sitemaps: false, render: 'never' });
    const stop = new AbortController();
    let seen = 0;
    await first.crawl.run(jobId, { signal: stop.signal, onProgress: () => void (++seen === 3 && stop.abort()) });
    // What a killed process leaves behind: the job still marked running and a page it had claimed.
    await first.store.query(`UPDATE crawl_jobs SET status = 'running', finished_at = NULL WHERE id = $1`, [jobId]);
    await first.store.query(`UPDATE crawl_urls SET status = 'fetching' WHERE job_id = $1 AND status = 'queued'`, [jobId]);
    await first.close();

    const second = await open();
    try {
      expect((await second.crawl.status(jobId))?.status).toBe('stopped');
      expect((await second.crawl.list()).find((j) => j.jobId === jobId)?.status).toBe('stopped');
      const result = await second.crawl.resume(jobId);
      expect(result.status).toBe('done');
      expect(result.counters.stored).toBe(10);
      const pages = hits.filter((p) => p.startsWith('/p/'));
      expect(pages.length).toBe(10);
      expect(new Set(pages).size).toBe(10);
      expect((await second.crawl.status(jobId))?.documentIds.length).toBe(10);
      expect(await second.crawl.resume(jobId)).toMatchObject({ status: 'done' });
      expect(hits.filter((p) => p.startsWith('/p/')).length).toBe(10);
    } finally {
      await second.close();
    }
  });
});
