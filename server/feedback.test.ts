import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../evals/generator/corpus.js';
import { serveCorpus, type ServedCorpus } from '../evals/generator/serve.js';
import { DEFAULT_CLUSTER_SERVICE_OPTIONS } from '../pipeline/clustering/service.js';
import { startPipeline, type RunningPipeline } from './pipeline.js';
import { openTestServices, type TestServices } from './testing.js';

/**
 * After approval the pipeline runs itself: productions of an opera house crawled after the productions type was
 * approved reach its table through the feedback stage (validated → VALIDATED → the lakehouse writer), once each,
 * with nobody calling a tool. Sites from the site generator (a development seed), served over HTTP.
 */
async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

describe('feedback: documents of an approved type load by themselves', () => {
  let served: ServedCorpus;
  let services: TestServices;
  let pipeline: RunningPipeline;
  let later: ServedCorpus['sites'][number];

  const crawl = async (url: string): Promise<void> => {
    const job = await services.crawl.create({ urls: [url], delayMs: 0, render: 'never' });
    await services.crawl.run(job);
  };
  const extracted = async (): Promise<number> => Number((await services.store.query<{ n: string }>('SELECT count(*) AS n FROM extractions'))[0]?.n);

  beforeAll(async () => {
    const corpus = await generateCorpus(2, { sitesPerKind: 3, itemsPerSite: 4 });
    // Opera houses only: two crawled before the approval, the third after it.
    served = await serveCorpus({ ...corpus, sites: corpus.sites.filter((s) => s.kind === 'opera') });
    services = await openTestServices({ env: { QUARRY_ALLOW_HOSTS: served.sites.map((s) => new URL(s.url).host).join(',') } });
    pipeline = await startPipeline(services, { documents: services.documents, reclusterQuietMs: 600_000, sweepMs: 300 });
    const [first, second, third] = served.sites;
    if (!first || !second || !third) throw new Error('expected three opera houses');
    later = third;
    for (const site of [first, second]) await crawl(site.url);
    await until(async () => (await services.clusters.stats()).documents === (await extracted()) && (await extracted()) > 0);
    for (let i = 0; i <= DEFAULT_CLUSTER_SERVICE_OPTIONS.stableUpdates; i++) await services.clusters.recluster();
  }, 180_000);

  afterAll(async () => {
    await pipeline.stop();
    await services.dispose();
    await served.close();
  });

  it('loads the productions of a site crawled after approval into the approved table, once each', async () => {
    const clusters = await services.clusters.listClusters();
    const productions = clusters.find((c) => c.status === 'candidate' && c.suggestedName === 'production');
    if (!productions) throw new Error(`no production candidate: ${JSON.stringify(clusters.map((c) => [c.suggestedName, c.status, c.size]))}`);
    const proposal = await services.schemas.propose(productions.id);
    // The reviewer keeps only the heading required: a site the proposal never saw may name the rest its own way.
    const optional = proposal.def.fields.filter((f) => f.required && f.name !== 'headline').map((f) => f.name);
    const { version } = await services.schemas.decide(proposal.id, { approve: true, edits: { optional }, by: 'test' });
    const table = `${version.def.namespace}.${version.def.tableName}`;
    const count = async (where = 'true'): Promise<number> => Number((await services.lakehouse.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)).rows[0]?.n);
    const before = await count();
    expect(before).toBe(version.loadReport?.rowsLoaded);
    expect(await count(`_url LIKE '${later.url}%'`)).toBe(0);

    await crawl(later.url);
    // The new site's productions join the approved type and flow on to the table; nothing else is called.
    const fromLater = (): Promise<number> => count(`_url LIKE '${later.url}%'`);
    await until(async () => (await services.clusters.stats()).documents === (await extracted()));
    const joined = ((await services.clusters.membersOf(productions.id)) ?? []).filter((m) => m.url.startsWith(later.url)).length;
    expect(joined).toBeGreaterThan(0);
    const failedOrDropped = async (): Promise<number> =>
      (await services.schemas.alerts()).filter((a) => a.kind === 'validation_failed' && String(a.message).startsWith(later.url)).length;
    await until(async () => (await fromLater()) + (await failedOrDropped()) >= joined);
    expect(await fromLater(), JSON.stringify((await services.schemas.alerts()).map((a) => a.message).slice(0, 3))).toBeGreaterThan(0);
    const rows = (await services.lakehouse.query(`SELECT _document_id FROM ${table}`, { maxRows: 10_000 })).rows.map((r) => r._document_id);
    expect(new Set(rows).size).toBe(rows.length);
    expect(pipeline.counters()['lakehouse-writer']).toMatchObject({ failed: 0, gaveUp: 0 });
  }, 180_000);
});
