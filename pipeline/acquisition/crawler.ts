import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import type { Tracer } from '../tracing/tracer.js';
import type { DocStore } from './docstore.js';
import { FetchError, fetchUrl } from './fetcher.js';
import type { Renderer } from './renderer.js';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, ROBOTS_MAX_BYTES, unreachableHost, type RobotsRules } from './robots.js';
import { canonicalizeUrl } from './url.js';
import { wildcardMatcher } from './wildcard.js';

/**
 * The crawler: a persisted frontier (`crawl_urls`) walked breadth-first within a scope, depth and page budget,
 * politely (robots.txt, one request at a time per host with a minimum delay, Crawl-delay honoured), with every
 * outcome counted and kept per URL. A job that stops (cancelled, process ended) resumes from the rows still queued.
 */
export interface CrawlOptions {
  urls: string[];
  /** `host`: same host as a seed; `prefix`: same host and under the seed's path; `patterns`: only `include` matches. */
  scope: 'host' | 'prefix' | 'patterns';
  include: string[];
  exclude: string[];
  maxDepth: number;
  maxPages: number;
  render: 'auto' | 'always' | 'never';
  /** Minimum time between two requests to one host. */
  delayMs: number;
  /** Requests in flight across hosts. */
  concurrency: number;
  /** Requests in flight to one host; null: one at a time when there is a delay, else up to `concurrency`. */
  hostConcurrency: number | null;
  /** A URL fetched less than this long ago is counted unchanged without asking the server (0: always revalidate). */
  revisitAfterMs: number;
  sitemaps: boolean;
}

export const DEFAULT_CRAWL_OPTIONS: Omit<CrawlOptions, 'urls'> = {
  scope: 'host',
  include: [],
  exclude: [],
  maxDepth: 3,
  maxPages: 200,
  render: 'auto',
  delayMs: 250,
  concurrency: 4,
  hostConcurrency: null,
  revisitAfterMs: 0,
  sitemaps: true,
};

export interface CrawlCounters {
  fetched: number;
  stored: number;
  duplicates: number;
  unchanged: number;
  rendered: number;
  skippedByRobots: number;
  outOfScope: number;
  overBudget: number;
  failed: number;
  failedByReason: Record<string, number>;
}

export const emptyCounters = (): CrawlCounters => ({
  fetched: 0,
  stored: 0,
  duplicates: 0,
  unchanged: 0,
  rendered: 0,
  skippedByRobots: 0,
  outOfScope: 0,
  overBudget: 0,
  failed: 0,
  failedByReason: {},
});

export interface CrawlProgress {
  jobId: string;
  done: number;
  /** URLs known and not done yet: in the frontier, claimed, or being fetched. */
  queued: number;
  url: string;
  outcome: string;
  counters: CrawlCounters;
}

export interface CrawlerDeps {
  store: Store;
  docs: DocStore;
  tracer: Tracer;
  clock: Clock;
  logger: Logger;
  renderer: Renderer | null;
  userAgent: string;
  allowHosts: readonly string[];
  respectRobots: boolean;
  /** Longest fetch of a page in all (the fetcher's default when left out). */
  fetchDeadlineMs?: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'stopped' | 'failed';

/** The outcome of a fetched page, recorded with the links it adds. */
interface Settled {
  url: string;
  status: string;
  reason: string | null;
  documentId: string | null;
}

/** A URL taken from the frontier, with what an earlier fetch of it said. */
interface Claimed {
  url: string;
  depth: number;
  referrer: string | null;
  cached: { documentId: string; etag: string | null; lastModified: string | null; fetchedAt: Date } | null;
}

interface CachedRow {
  document_id: string;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
}

export async function createJob(store: Store, id: string, options: CrawlOptions, now: Date): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('INSERT INTO crawl_jobs (id, status, options, counters, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)', [
      id,
      'queued',
      JSON.stringify(options),
      JSON.stringify(emptyCounters()),
      now.toISOString(),
    ]);
    for (const raw of options.urls) {
      const url = canonicalizeUrl(raw);
      if (url) await tx.query(`INSERT INTO crawl_urls (job_id, url, depth, status) VALUES ($1, $2, 0, 'queued') ON CONFLICT DO NOTHING`, [id, url]);
    }
  });
}

/** Runs (or resumes) a job until its frontier is empty, its budget is spent or `signal` aborts. */
export async function runJob(
  deps: CrawlerDeps,
  jobId: string,
  hooks: { signal?: AbortSignal; onProgress?: (p: CrawlProgress) => void } = {},
): Promise<{ status: JobStatus; counters: CrawlCounters }> {
  const [job] = await deps.store.query<{ options: CrawlOptions; counters: CrawlCounters; status: JobStatus }>(
    'SELECT options, counters, status FROM crawl_jobs WHERE id = $1',
    [jobId],
  );
  if (!job) throw new Error(`no crawl job ${jobId}`);
  const options: CrawlOptions = { ...DEFAULT_CRAWL_OPTIONS, ...job.options };
  const counters: CrawlCounters = { ...emptyCounters(), ...job.counters };
  await deps.store.query(`UPDATE crawl_urls SET status = 'queued' WHERE job_id = $1 AND status = 'fetching'`, [jobId]);
  await setJob(deps, jobId, 'running', counters);
  /** URLs waiting in the frontier, kept in step with it so progress reports need no query. */
  let queueLength = await queuedCount(deps.store, jobId);

  const seeds = options.urls.map((u) => canonicalizeUrl(u)).filter((u): u is string => u !== null).map((u) => new URL(u));
  const robots = new Map<string, Promise<RobotsRules>>();
  const nextSlot = new Map<string, number>();
  const signal = hooks.signal;

  const robotsFor = (url: URL): Promise<RobotsRules> => {
    if (!deps.respectRobots) return Promise.resolve(ALLOW_ALL);
    let rules = robots.get(url.origin);
    if (!rules) {
      rules = fetchUrl(`${url.origin}/robots.txt`, { userAgent: deps.userAgent, allowHosts: deps.allowHosts, maxBytes: ROBOTS_MAX_BYTES, truncate: true, timeoutMs: 10_000 })
        .then((r) => (r.status >= 500 ? DISALLOW_ALL : r.status >= 400 ? ALLOW_ALL : parseRobots(new TextDecoder().decode(r.bytes), deps.userAgent, { truncated: r.truncated })))
        .catch((err: unknown) => {
          if (!(err instanceof FetchError)) return DISALLOW_ALL;
          return err.reason === 'refused' ? ALLOW_ALL : unreachableHost(`${url.origin} could not be reached (robots.txt: ${err.message})`);
        });
      robots.set(url.origin, rules);
    }
    return rules;
  };

  const waitForHost = async (host: string, delay: number): Promise<void> => {
    for (;;) {
      const now = Date.now();
      const slot = nextSlot.get(host) ?? 0;
      if (slot <= now) {
        nextSlot.set(host, now + delay);
        return;
      }
      await sleep(slot - now, undefined, { signal });
    }
  };

  /** Waits for a request to the URL's host: the crawl's delay, or the longer Crawl-delay its robots.txt asks for. */
  const politely = async (url: string): Promise<void> => {
    const target = new URL(url);
    const rules = await robotsFor(target);
    await waitForHost(target.host, Math.max(options.delayMs, rules.crawlDelayMs ?? 0));
  };

  const inScope = (url: URL): boolean => {
    const text = url.toString();
    if (options.exclude.some((p) => matchesPattern(p, text))) return false;
    if (options.scope === 'patterns') return options.include.some((p) => matchesPattern(p, text));
    const seed = seeds.find((s) => s.host === url.host);
    if (!seed) return false;
    if (options.scope === 'prefix') {
      const prefix = seed.pathname.endsWith('/') ? seed.pathname : seed.pathname.replace(/[^/]*$/, '');
      return url.pathname.startsWith(prefix);
    }
    return options.include.length === 0 || options.include.some((p) => matchesPattern(p, text));
  };

  /**
   * Frontier writes wait here and go to the store in one statement just before the next claim (and at least once
   * a second): a page's outcome and the links it found cost a statement per batch of pages, not one per page. A
   * process that dies with writes still waiting loses nothing: their URLs are still marked `fetching`, and a resumed
   * job fetches them again (their bytes are already stored, so that only re-finds the links).
   */
  const waiting = { settled: new Map<string, Settled>(), found: new Map<string, { depth: number; referrer: string; inside: boolean }>() };
  let flushedAt = Date.now();

  /** Records a page's outcome, to be written with the next flush. */
  const settle = (outcome: Settled): void => {
    waiting.settled.set(outcome.url, { ...outcome, reason: outcome.reason === null ? null : withoutNul(outcome.reason) });
  };

  /** Adds links to the frontier (in scope queued, out of scope recorded) with the next flush; the first finder wins. */
  const enqueue = (raws: readonly string[], base: string, depth: number, referrer: string): void => {
    if (depth > options.maxDepth) return;
    for (const raw of raws) {
      const url = canonicalizeUrl(raw, base);
      if (url && !waiting.found.has(url)) waiting.found.set(url, { depth, referrer: withoutNul(referrer), inside: inScope(new URL(url)) });
    }
  };

  /** Writes what waits, with the counters as they stand: a job's saved counters always match its saved outcomes. */
  const flush = async (): Promise<void> => {
    flushedAt = Date.now();
    if (waiting.settled.size === 0 && waiting.found.size === 0) return;
    const settled = [...waiting.settled.values()];
    const found = [...waiting.found];
    waiting.settled = new Map();
    waiting.found = new Map();
    const inside = found.filter(([, f]) => f.inside);
    const outside = found.filter(([, f]) => !f.inside);
    const [row] = await deps.store.query<{ queued: number; outside: number }>(
      `WITH settled AS (
         UPDATE crawl_urls c SET status = s.status, reason = s.reason, document_id = s.document_id
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS s(url, status, reason, document_id)
         WHERE c.job_id = $1 AND c.url = s.url),
       outside AS (
         INSERT INTO crawl_urls (job_id, url, depth, status, reason, referrer)
         SELECT $1, o.url, o.depth, 'out_of_scope', $12, o.referrer FROM unnest($6::text[], $7::int[], $8::text[]) AS o(url, depth, referrer)
         ON CONFLICT DO NOTHING RETURNING 1),
       inside AS (
         INSERT INTO crawl_urls (job_id, url, depth, status, referrer)
         SELECT $1, i.url, i.depth, 'queued', i.referrer FROM unnest($9::text[], $10::int[], $11::text[]) WITH ORDINALITY AS i(url, depth, referrer, n)
         ORDER BY i.n ON CONFLICT DO NOTHING RETURNING 1),
       job AS (
         UPDATE crawl_jobs SET updated_at = $14,
           counters = jsonb_set($13::jsonb, '{outOfScope}', to_jsonb(($13::jsonb ->> 'outOfScope')::int + (SELECT count(*) FROM outside)::int))
         WHERE id = $1)
       SELECT (SELECT count(*) FROM inside)::int AS queued, (SELECT count(*) FROM outside)::int AS outside`,
      [
        jobId,
        settled.map((s) => s.url),
        settled.map((s) => s.status),
        settled.map((s) => s.reason),
        settled.map((s) => s.documentId),
        outside.map(([u]) => u),
        outside.map(([, f]) => f.depth),
        outside.map(([, f]) => f.referrer),
        inside.map(([u]) => u),
        inside.map(([, f]) => f.depth),
        inside.map(([, f]) => f.referrer),
        `outside the ${options.scope} scope`,
        JSON.stringify(counters),
        deps.clock.now().toISOString(),
      ],
    );
    counters.outOfScope += row?.outside ?? 0;
    queueLength += row?.queued ?? 0;
  };

  if (options.sitemaps && counters.fetched === 0) {
    for (const seed of seeds) {
      const rules = await robotsFor(seed);
      // Sitemaps robots.txt names are invited; the conventional location is only tried where robots.txt allows it.
      const named = rules.sitemaps.map((loc) => canonicalizeUrl(loc, seed.origin)).filter((u): u is string => u !== null);
      const locations = named.length > 0 ? named : rules.isAllowed('/sitemap.xml') ? [`${seed.origin}/sitemap.xml`] : [];
      for (const loc of locations.slice(0, 5)) {
        const urls = await sitemapUrls(loc, deps, { signal, politely }).catch(() => []);
        enqueue(urls.slice(0, options.maxPages * 2), loc, 1, loc);
      }
    }
  }

  /**
   * Claims up to `max` queued URLs, breadth first, with what an earlier fetch of each said (for a conditional
   * request): one statement for a batch, so the workers do not ask the store for every page.
   */
  const claimMany = async (max: number): Promise<Claimed[]> => {
    const rows = await deps.store.query<{ url: string; depth: number; referrer: string | null; seq: string | number; cached: CachedRow | null }>(
      `UPDATE crawl_urls c SET status = 'fetching'
       FROM (SELECT url FROM crawl_urls WHERE job_id = $1 AND status = 'queued' ORDER BY depth, seq LIMIT $2 FOR UPDATE SKIP LOCKED) q
       WHERE c.job_id = $1 AND c.url = q.url
       RETURNING c.url, c.depth, c.referrer, c.seq,
         (SELECT json_build_object('document_id', d.document_id, 'etag', d.etag, 'last_modified', d.last_modified, 'fetched_at', d.fetched_at)
            FROM document_urls d WHERE d.url = c.url) AS cached`,
      [jobId, max],
    );
    return rows
      .sort((a, b) => a.depth - b.depth || Number(a.seq) - Number(b.seq))
      .map((r) => ({
        url: r.url,
        depth: r.depth,
        referrer: r.referrer,
        cached: r.cached ? { documentId: r.cached.document_id, etag: r.cached.etag, lastModified: r.cached.last_modified, fetchedAt: new Date(r.cached.fetched_at) } : null,
      }));
  };

  const fail = (url: string, reason: string, detail: string): string => {
    counters.failed++;
    counters.failedByReason[reason] = (counters.failedByReason[reason] ?? 0) + 1;
    settle({ url, status: 'failed', reason: detail, documentId: null });
    return `failed (${reason})`;
  };

  const hosts = hostLimiter(options.hostConcurrency ?? (options.delayMs > 0 ? 1 : Math.max(1, options.concurrency)));

  // An unchanged page still leads to the pages below it, which may have changed.
  const enqueueLinksOfStored = async (documentId: string, item: { url: string; depth: number }): Promise<void> => {
    if (item.depth >= options.maxDepth) return;
    const parsed = await deps.docs.parseStored(documentId);
    if (parsed?.kind !== 'html') return;
    enqueue(parsed.links.map((l) => l.url), item.url, item.depth + 1, item.url);
  };

  let done = 0;
  // Budget is reserved when a URL is claimed, so parallel workers cannot overshoot it.
  // On resume the frontier itself says how much of the budget is spent (the saved counters may lag behind it).
  let claimed = await attemptedCount(deps.store, jobId);
  const processOne = async (item: Claimed): Promise<string> => {
    const url = new URL(item.url);
    const rules = await robotsFor(url);
    if (!rules.isAllowed(url.pathname + url.search)) {
      if (rules.unreachable) return fail(item.url, 'unreachable', rules.unreachable);
      counters.skippedByRobots++;
      deps.tracer.decision('crawl.robots', { input: { url: item.url }, output: 'skipped', reason: 'robots.txt disallows this path' });
      settle({ url: item.url, status: 'robots', reason: 'disallowed by robots.txt', documentId: null });
      return 'skipped by robots.txt';
    }
    const cached = item.cached;
    if (cached && options.revisitAfterMs > 0 && deps.clock.now().getTime() - cached.fetchedAt.getTime() < options.revisitAfterMs) {
      counters.unchanged++;
      settle({ url: item.url, status: 'unchanged', reason: 'fetched recently; not asked again', documentId: cached.documentId });
      await enqueueLinksOfStored(cached.documentId, item);
      return 'unchanged (fetched recently)';
    }
    let result;
    await hosts.acquire(url.host);
    try {
      await waitForHost(url.host, Math.max(options.delayMs, rules.crawlDelayMs ?? 0));
      result = await fetchUrl(item.url, {
        userAgent: deps.userAgent,
        allowHosts: deps.allowHosts,
        etag: cached?.etag ?? null,
        lastModified: cached?.lastModified ?? null,
        ...(deps.fetchDeadlineMs ? { deadlineMs: deps.fetchDeadlineMs } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      // A fetch cut short by the job's own stop is not the page's failure: the worker puts it back in the queue.
      if (signal?.aborted) throw err;
      if (err instanceof FetchError) return fail(item.url, err.reason, err.message);
      throw err;
    } finally {
      hosts.release(url.host);
    }
    // Counters change only together with settle(), so the counters written with a flush match the outcomes in it.
    if (result.notModified && cached) {
      await deps.docs.touch(item.url);
      counters.fetched++;
      counters.unchanged++;
      settle({ url: item.url, status: 'unchanged', reason: 'not modified since the last fetch', documentId: cached.documentId });
      await enqueueLinksOfStored(cached.documentId, item);
      return 'unchanged';
    }
    if (result.status >= 400) {
      counters.fetched++;
      return fail(item.url, `http_${result.status}`, `HTTP ${result.status}`);
    }
    let saved = await deps.docs.save({ url: item.url, result, crawlJobId: jobId, referrer: item.referrer });
    const isHtml = saved.parsed?.kind === 'html';
    const shell = isHtml && saved.parsed?.kind === 'html' && saved.parsed.looksLikeShell;
    let wasRendered = false;
    if (deps.renderer && isHtml && (options.render === 'always' || (options.render === 'auto' && shell))) {
      try {
        // The browser gets the bytes just fetched, and its own requests keep to the host's delay like the crawler's.
        const rendered = await deps.renderer.render(result.finalUrl, {
          document: { url: result.finalUrl, status: result.status, headers: result.headers, bytes: result.bytes },
          beforeRequest: (asset) => waitForHost(new URL(asset).host, Math.max(options.delayMs, rules.crawlDelayMs ?? 0)),
        });
        saved = await deps.docs.save({
          url: item.url,
          result: { ...result, contentType: 'text/html; charset=utf-8', headers: { ...result.headers, 'x-quarry-rendered': 'chromium' } },
          bytes: new TextEncoder().encode(rendered.html),
          crawlJobId: jobId,
          referrer: item.referrer,
        });
        wasRendered = true;
        deps.tracer.decision('crawl.render', { input: { url: item.url, mode: options.render }, output: 'rendered', reason: shell ? 'the static page is an empty shell' : 'render mode always' });
      } catch (err) {
        deps.logger.warn('rendering failed; kept the static page', { url: item.url, error: String(err) });
      }
    }
    counters.fetched++;
    if (wasRendered) counters.rendered++;
    if (saved.duplicate) counters.duplicates++;
    else counters.stored++;
    const links = saved.parsed?.kind === 'html' && item.depth < options.maxDepth ? saved.parsed.links.map((l) => l.url) : [];
    enqueue(links, result.finalUrl, item.depth + 1, item.url);
    settle({ url: item.url, status: 'fetched', reason: saved.parseError, documentId: saved.documentId });
    return saved.duplicate ? 'stored (same content as another URL)' : saved.parseError ? `stored, not parsed: ${saved.parseError}` : 'stored';
  };

  // Claimed URLs waiting for a worker; a worker that finds none claims the next batch for all of them.
  const ready: Claimed[] = [];
  let claiming: Promise<void> | null = null;
  /** Workers with a page in hand: while one is busy, the links it will find may refill an empty frontier. */
  let busy = 0;
  let idle: Array<() => void> = [];
  const wakeIdle = (): void => {
    const waiters = idle;
    idle = [];
    for (const wake of waiters) wake();
  };
  /** The next URL to fetch, counted busy from the moment it is handed out (so no other worker sees an idle crawl). */
  const nextItem = async (): Promise<Claimed | null> => {
    for (;;) {
      const item = ready.shift();
      if (item) {
        busy++;
        return item;
      }
      if (signal?.aborted || claimed >= options.maxPages) return null;
      claiming ??= (async () => {
        await flush();
        const batch = await claimMany(Math.min(Math.max(1, options.concurrency), options.maxPages - claimed));
        claimed += batch.length;
        queueLength -= batch.length;
        ready.push(...batch);
      })().finally(() => (claiming = null));
      await claiming;
      if (ready.length > 0) continue;
      // The frontier is empty for now. Wait for a busy worker to finish its page rather than leave the crawl to it.
      if (busy === 0) return null;
      await new Promise<void>((resolve) => idle.push(resolve));
    }
  };

  const worker = async (): Promise<void> => {
    while (!signal?.aborted) {
      const item = await nextItem();
      if (!item) break;
      let outcome: string;
      try {
        outcome = await processOne(item);
      } catch (err) {
        if (signal?.aborted) {
          settle({ url: item.url, status: 'queued', reason: null, documentId: null });
          queueLength++;
          busy--;
          break;
        }
        outcome = fail(item.url, 'error', err instanceof Error ? err.message : String(err));
      }
      busy--;
      wakeIdle();
      done++;
      if (Date.now() - flushedAt >= 1000) await (claiming ?? flush());
      // Waiting: in the frontier, claimed for a worker, or in another worker's hands; so done + queued never shrinks.
      hooks.onProgress?.({ jobId, done, queued: queueLength + ready.length + busy, url: item.url, outcome, counters });
    }
    // A worker that leaves must not strand the ones waiting on it.
    wakeIdle();
  };

  // Workers stop when the queue is momentarily empty, but links found by a page still in flight refill it.
  do {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
    await flush();
  } while (!signal?.aborted && claimed < options.maxPages && (await queuedCount(deps.store, jobId)) > 0);

  if (signal?.aborted) {
    // Claimed but never started: back to the queue, so a resumed job fetches them.
    if (ready.length > 0) {
      await deps.store.query(`UPDATE crawl_urls SET status = 'queued' WHERE job_id = $1 AND url = ANY($2::text[])`, [jobId, ready.splice(0).map((r) => r.url)]);
    }
    await setJob(deps, jobId, 'stopped', counters);
    return { status: 'stopped', counters };
  }
  const over = await deps.store.query(
    `UPDATE crawl_urls SET status = 'over_budget', reason = 'page budget spent' WHERE job_id = $1 AND status = 'queued' RETURNING url`,
    [jobId],
  );
  counters.overBudget += over.length;
  await setJob(deps, jobId, 'done', counters);
  return { status: 'done', counters };
}

async function attemptedCount(store: Store, jobId: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM crawl_urls WHERE job_id = $1 AND status NOT IN ('queued', 'out_of_scope', 'over_budget')`,
    [jobId],
  );
  return row?.n ?? 0;
}

async function queuedCount(store: Store, jobId: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM crawl_urls WHERE job_id = $1 AND status = 'queued'`, [jobId]);
  return row?.n ?? 0;
}

async function setJob(deps: Pick<CrawlerDeps, 'store' | 'clock'>, jobId: string, status: JobStatus, counters: CrawlCounters): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.store.query(
    `UPDATE crawl_jobs SET status = $2, counters = $3, updated_at = $4, finished_at = CASE WHEN $2 IN ('done', 'stopped', 'failed') THEN $4::timestamptz ELSE NULL END WHERE id = $1`,
    [jobId, status, JSON.stringify(counters), now],
  );
}

/** At most `limit` holders per host; the others wait in arrival order. */
function hostLimiter(limit: number) {
  const active = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  return {
    async acquire(host: string): Promise<void> {
      const n = active.get(host) ?? 0;
      if (n < limit) {
        active.set(host, n + 1);
        return;
      }
      await new Promise<void>((resolve) => waiting.set(host, [...(waiting.get(host) ?? []), resolve]));
    },
    /** Hands the slot to the next waiter, if any. */
    release(host: string): void {
      const next = waiting.get(host)?.shift();
      if (next) next();
      else active.set(host, Math.max(0, (active.get(host) ?? 1) - 1));
    },
  };
}

/** PostgreSQL text cannot hold NUL; a reason quoting a binary page must still be stored. */
function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
}

/** `*` matches anything; otherwise a plain substring. */
function matchesPattern(pattern: string, url: string): boolean {
  return wildcardMatcher(pattern, { start: false, end: false })(url);
}

/**
 * Page URLs of a sitemap; a sitemap index is followed one level down (at most 20 child sitemaps). Each fetch first
 * waits its turn at the host (`politely`), as page fetches do.
 */
async function sitemapUrls(
  location: string,
  deps: Pick<CrawlerDeps, 'userAgent' | 'allowHosts'>,
  how: { signal: AbortSignal | undefined; politely: (url: string) => Promise<void> },
  nested = false,
): Promise<string[]> {
  const { signal } = how;
  await how.politely(location);
  const result = await fetchUrl(location, { userAgent: deps.userAgent, allowHosts: deps.allowHosts, maxBytes: 10 * 1024 * 1024, timeoutMs: 10_000, ...(signal ? { signal } : {}) });
  if (result.status !== 200) return [];
  const text = new TextDecoder().decode(result.bytes);
  const locs = [...text.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&')).filter(Boolean);
  if (!/<sitemapindex[\s>]/i.test(text)) return locs;
  if (nested) return [];
  const children = await Promise.all(locs.slice(0, 20).map((loc) => sitemapUrls(new URL(loc, location).toString(), deps, how, true).catch(() => [])));
  return children.flat();
}
