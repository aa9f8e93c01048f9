import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { TEST_DATABASE_URL, dropSchema, probePostgres, uniqueSchema } from '../store/testing.js';
import { openCrawlProcess } from './testing.js';

const postgres = await probePostgres();

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = join(ROOT, 'pipeline/acquisition/crash-child.ts');
const PAGES = 60;
/** Pages the site answers before it holds every further request, so the kill always finds the crawl mid-way. */
const ANSWERED_BEFORE_HOLD = 24;
/** Pages the child must report finished before it is killed. */
const REPORTED_BEFORE_KILL = 15;

/** Page n links to 3n+1…3n+3 (every page is reachable from page 0) and back to page 0. */
const linksOf = (n: number): number[] => [3 * n + 1, 3 * n + 2, 3 * n + 3, 0].filter((i) => i < PAGES && i !== n);

describe.skipIf(!postgres.ok)('a crawl job killed with SIGKILL', () => {
  const schema = uniqueSchema('quarry_crash');
  const hits = new Map<string, number>();
  /** Requests the site holds unanswered; released once the child is dead. */
  const held: Array<() => void> = [];
  let answered = 0;
  let holding = true;
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const n = Number(/^\/p\/(\d+)$/.exec(path)?.[1] ?? -1);
    if (n < 0 || n >= PAGES) return void res.writeHead(404).end();
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = async (): Promise<void> => {
      if (holding && answered >= ANSWERED_BEFORE_HOLD) await new Promise<void>((release) => held.push(release));
      answered++;
      await sleep(25);
      if (res.destroyed) return;
      const links = linksOf(n).map((i) => `<li><a href="/p/${i}">Page ${i}</a></li>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Page ${n}</title></head><body><h1>Page ${n}</h1><p>Only page ${n} says this.</p><ul>${links}</ul></body></html>`);
    };
    void answer();
  });
  let origin = '';
  let store: Store;
  beforeAll(async () => {
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
  });
  afterAll(async () => {
    await store.close();
    server.closeAllConnections();
    await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    await dropSchema(schema);
  });

  it('resumes to completion, fetching again only the pages whose outcome was not yet written', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, TEST_DATABASE_URL, schema, `${origin}/p/0`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let jobId = '';
    const reported: string[] = [];
    try {
      await new Promise<void>((killed, failed) => {
        const killWhenMidway = (): void => {
          if (reported.length >= REPORTED_BEFORE_KILL && held.length > 0 && child.kill('SIGKILL')) killed();
        };
        const poll = setInterval(killWhenMidway, 5);
        createInterface({ input: child.stdout }).on('line', (line) => {
          const [kind, value = ''] = line.split(' ');
          if (kind === 'job') jobId = value;
          else if (kind === 'page') reported.push(value);
          killWhenMidway();
        });
        void exited.then(([code]) => failed(new Error(`the child ended by itself (exit ${code}) after ${reported.length} pages:\n${stderr}`)));
        void exited.finally(() => clearInterval(poll));
      });
      expect((await exited)[1]).toBe('SIGKILL');
    } finally {
      child.kill('SIGKILL');
      holding = false;
      held.splice(0).forEach((release) => release());
    }
    expect(jobId).not.toBe('');

    const frontier = async () =>
      store.query<{ url: string; status: string; document_id: string | null }>('SELECT url, status, document_id FROM crawl_urls WHERE job_id = $1 ORDER BY url', [jobId]);
    const atKill = await frontier();
    const unsettled = atKill.filter((r) => r.status === 'fetching').map((r) => new URL(r.url).pathname);
    const settled = atKill.filter((r) => r.status === 'fetched').map((r) => new URL(r.url).pathname);
    // The held requests were claimed and never answered, so the kill always leaves work behind.
    expect(unsettled.length).toBeGreaterThan(0);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.length + unsettled.length).toBeLessThan(PAGES);

    const second = await openCrawlProcess(store, { allowHosts: [new URL(origin).host] });
    try {
      expect((await second.crawl.status(jobId))?.status).toBe('stopped');
      const result = await second.crawl.resume(jobId);
      expect(result.status).toBe('done');
      // The counters are written with the outcomes they count, so the killed run's lost outcomes are counted once.
      expect(result.counters).toMatchObject({ fetched: PAGES, failed: 0 });
      expect(result.counters.stored + result.counters.duplicates).toBe(PAGES);

      const pages = Array.from({ length: PAGES }, (_, n) => `/p/${n}`);
      const after = await frontier();
      expect(after.map((r) => new URL(r.url).pathname).sort()).toEqual([...pages].sort());
      expect(after.filter((r) => r.status !== 'fetched' || r.document_id === null)).toEqual([]);
      expect(new Set(after.map((r) => r.document_id)).size).toBe(PAGES);
      expect((await second.crawl.status(jobId))?.documentIds).toHaveLength(PAGES);

      // Each page was fetched once, except those the killed process had claimed without recording an outcome.
      expect(pages.filter((p) => !hits.has(p))).toEqual([]);
      const twice = pages.filter((p) => (hits.get(p) ?? 0) > 1);
      expect(pages.filter((p) => (hits.get(p) ?? 0) > 2)).toEqual([]);
      expect(twice.filter((p) => !unsettled.includes(p))).toEqual([]);
      expect(settled.filter((p) => hits.get(p) !== 1)).toEqual([]);

      // A page fetched again found its bytes already stored: one document per page, none per fetch.
      const [documents] = await store.query<{ rows: number; hashes: number; urls: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT d.hash)::int AS hashes, count(DISTINCT d.url)::int AS urls FROM documents d
         WHERE d.id IN (SELECT document_id FROM document_urls WHERE url LIKE $1) OR d.crawl_job_id = $2`,
        [`${origin}/p/%`, jobId],
      );
      expect(documents).toEqual({ rows: PAGES, hashes: PAGES, urls: PAGES });
    } finally {
      await second.close();
    }
  });
});
