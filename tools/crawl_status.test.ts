import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, openTestServices, type TestServices } from '../server/testing.js';
import { crawlSiteTool } from './crawl_site.js';
import { crawlJobResource, crawlStatusTool } from './crawl_status.js';

interface JobOut {
  jobId: string;
  status: string;
  counters: { fetched: number; stored: number };
  documentIds: string[];
}

describe('background crawls through crawl_site, crawl_status and the crawl job resource', () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const n = Number(/^\/p\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
    if (n < 0 || n > 5) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><h1>Item ${n}</h1>${n < 5 ? `<a href="/p/${n + 1}">next</a>` : ''}</body></html>`);
  });
  let base = '';
  let services: TestServices;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = `http://${host}`;
    services = await openTestServices({ env: { QUARRY_ALLOW_HOSTS: host } });
  });
  afterAll(async () => {
    await services.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const untilSettled = async (call: () => Promise<{ job: JobOut | null }>): Promise<JobOut> => {
    for (;;) {
      const { job } = await call();
      if (job && job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('returns at once with wait=false, then reports the finished job and reads it as a resource', async () => {
    const { client, close } = await connectClient({ services, tools: [crawlSiteTool, crawlStatusTool], resources: [crawlJobResource] });
    const started = (await client.callTool({ name: 'crawl_site', arguments: { urls: [`${base}/p/0`], wait: false, maxDepth: 10, delayMs: 0, render: 'never' } })).structuredContent as JobOut;
    expect(started.status).toBe('running');
    const job = await untilSettled(async () => (await client.callTool({ name: 'crawl_status', arguments: { jobId: started.jobId } })).structuredContent as { job: JobOut });
    expect(job).toMatchObject({ status: 'done', counters: { stored: 6 } });
    expect(job.documentIds.length).toBe(6);

    const resource = await client.readResource({ uri: `quarry://crawls/${started.jobId}` });
    const first = resource.contents[0];
    expect(JSON.parse(first && 'text' in first ? first.text : '{}')).toMatchObject({ jobId: started.jobId, status: 'done' });
    await close();
  });

  it('continues a stopped job by its id and refuses one that does not exist', async () => {
    const jobId = await services.crawl.create({ urls: [`${base}/p/0`], maxDepth: 10, delayMs: 0, sitemaps: false, render: 'never' });
    const stop = new AbortController();
    let seen = 0;
    await services.crawl.run(jobId, { signal: stop.signal, onProgress: () => void (++seen === 2 && stop.abort()) });
    const before = hits.length;

    const { client, close } = await connectClient({ services, tools: [crawlSiteTool] });
    const resumed = (await client.callTool({ name: 'crawl_site', arguments: { jobId } })).structuredContent as JobOut;
    expect(resumed).toMatchObject({ jobId, status: 'done' });
    expect(resumed.documentIds.length).toBe(6);
    const pagesAfter = hits.slice(before).filter((p) => p.startsWith('/p/'));
    expect(new Set(pagesAfter).size).toBe(pagesAfter.length);
    expect(pagesAfter).not.toContain('/p/0');

    const missing = await client.callTool({ name: 'crawl_site', arguments: { jobId: 'crawl_nope' } });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toMatch(/no crawl job crawl_nope/);
    const empty = await client.callTool({ name: 'crawl_site', arguments: {} });
    expect(empty.isError).toBe(true);
    expect(JSON.stringify(empty.content)).toMatch(/at least one start URL/);
    await close();
  });
});
