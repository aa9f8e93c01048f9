import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { createLocalBus } from '../bus/local.js';
import type { Clock } from '../shared/clock.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { createTracer, type SpanRecord } from '../tracing/tracer.js';
import { createHashingEmbedder } from './embedder.js';
import { extraction, parsedHtml, record } from './fixtures.js';
import { addDemoCorpus, noticePage, productionPage } from './testing.js';
import { createClusterService, type ClusterService, type ClusterServiceOptions } from './service.js';

let store: Store;
let bus: Bus;
let spans: SpanRecord[];
let now: number;
const clock: Clock = { now: () => new Date(now) };

function service(options: Partial<ClusterServiceOptions> = {}): ClusterService {
  const tracer = createTracer({ sinks: [{ name: 'memory', onEnd: (s) => void spans.push(s), flush: async () => {}, shutdown: async () => {} }], redact: (v) => v });
  return createClusterService({ store, bus, tracer, clock, embedder: createHashingEmbedder(), options: { minSamples: 4, stableUpdates: 2, ...options } });
}

const addCorpus = addDemoCorpus;
const production = productionPage;

// One in-memory database for the file (opening PGlite is the slow part); every test starts from empty tables.
beforeAll(async () => {
  store = await openStore({});
});

afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  await store.exec('TRUNCATE clusters, cluster_members, cluster_history, bus_streams, bus_messages, bus_consumers, bus_pending CASCADE');
  bus = await createLocalBus({ store });
  spans = [];
  now = Date.parse('2025-06-01T10:00:00Z');
});

afterEach(async () => {
  await bus.close();
});

describe('the cluster service', () => {
  it('groups the same page type across sites and languages and keeps page types apart', async () => {
    const svc = service();
    await addCorpus(svc, 4);
    const report = await svc.recluster();
    expect(report).toMatchObject({ documents: 16, clusters: 2, noise: 0 });
    const clusters = await svc.listClusters();
    for (const c of clusters) {
      expect(c.size).toBe(8);
      expect(c.sites.sort()).toEqual(['staatsoper.example.de', 'teatro.example.it']);
      const urls = (await svc.membersOf(c.id))?.map((m) => m.url) ?? [];
      expect(new Set(urls.map((u) => u.split('/')[3]))).toHaveProperty('size', 1);
    }
  });

  it('records per-site labels for each field inside a cluster', async () => {
    const svc = service();
    await addCorpus(svc, 3);
    await svc.recluster();
    const [first] = await svc.listClusters({ site: 'teatro.example.it' });
    const detail = await svc.getCluster(first?.id ?? '');
    const productions = detail?.representatives[0]?.url.includes('/prod/') ? detail : await svc.getCluster((await svc.listClusters())[1]?.id ?? '');
    const sites = Object.fromEntries((productions?.subTemplates ?? []).map((t) => [t.site, t.fields.map((f) => f.labels[0])]));
    expect(sites['staatsoper.example.de']).toEqual(expect.arrayContaining(['Dirigent', 'Preis']));
    expect(sites['teatro.example.it']).toEqual(expect.arrayContaining(['Direttore', 'Prezzo']));
    expect(productions?.topFields.find((f) => f.name === 'dauer')).toMatchObject({ coverage: 1, type: 'duration' });
  });

  it('makes a stable cluster a candidate after the configured updates, traces why, and publishes it once', async () => {
    const svc = service();
    await addCorpus(svc, 3);
    const first = await svc.recluster();
    expect(first.becameCandidate).toEqual([]);
    expect((await svc.listClusters()).every((c) => c.status === 'forming')).toBe(true);
    await svc.recluster();
    const third = await svc.recluster();
    expect(third.becameCandidate).toHaveLength(2);
    const candidates = await svc.listClusters({ status: 'candidate' });
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toMatchObject({ stableUpdates: 2 });

    const decisions = spans.filter((s) => s.name === 'clustering.status');
    expect(decisions).toHaveLength(2);
    expect(decisions[0]?.reason).toMatch(/stable for 2 updates/);
    expect(decisions[0]?.output).toEqual({ status: 'candidate' });

    const consumer = await bus.consumer('SCHEMA_PROPOSALS', { durableName: 'test', filterSubject: 'proposals.cluster.>' });
    const messages = await consumer.fetch({ max: 10, expiresMs: 50 });
    expect(messages.map((m) => m.subject).sort()).toEqual(candidates.map((c) => `proposals.cluster.${c.id}`).sort());
    expect(messages[0]?.json()).toMatchObject({ type: 'cluster.candidate', size: 6 });
    expect(messages[0]?.headers).toBeDefined();

    expect((await svc.recluster()).becameCandidate).toEqual([]);
    const detail = await svc.getCluster(candidates[0]?.id ?? '');
    expect(detail?.history.map((h) => h.event)).toEqual(['created', 'updated', 'updated', 'candidate', 'updated']);
  });

  it('keeps cluster ids across re-clustering when documents are added', async () => {
    const svc = service();
    await addCorpus(svc, 3);
    await svc.recluster();
    const before = (await svc.listClusters()).map((c) => c.id).sort();
    now += 60_000;
    await addCorpus(svc, 2, 10);
    await svc.recluster();
    const after = await svc.listClusters();
    expect(after.map((c) => c.id).sort()).toEqual(before);
    expect(after.map((c) => c.size)).toEqual([10, 10]);
  });

  it('assigns a new document to the nearest cluster between re-clusterings, or keeps it as noise', async () => {
    const svc = service();
    await addCorpus(svc, 3);
    await svc.recluster();
    const joined = await svc.addExtraction(...production('it', 42));
    expect(joined.clusterId).not.toBeNull();
    expect(joined.similarity).toBeGreaterThanOrEqual(0.5);
    const members = await svc.membersOf(joined.clusterId as string);
    expect(members?.map((m) => m.url)).toContain('https://teatro.example.it/prod/42');

    const odd = await svc.addExtraction(
      extraction('https://other.example.com/weather', [record([['temperature', 'number', 21], ['wind', 'string', 'NW 3']])]),
      parsedHtml('https://other.example.com/weather', ['body>div.weather>span']),
    );
    expect(odd).toMatchObject({ clusterId: null });
    expect(spans.filter((s) => s.name === 'clustering.assign').at(-1)?.reason).toMatch(/waiting as noise/);
    expect(await svc.stats()).toEqual({ documents: 14, noise: 1, clusters: 2 });
  });

  it('survives a restart: clusters, members and stability come back from the store', async () => {
    const svc = service();
    await addCorpus(svc, 3);
    await svc.recluster();
    await svc.recluster();
    const before = await svc.listClusters();
    const restarted = service();
    const after = await restarted.listClusters();
    expect(after.map((c) => [c.id, c.size, c.stableUpdates, c.suggestedName])).toEqual(before.map((c) => [c.id, c.size, c.stableUpdates, c.suggestedName]));
    expect((await restarted.recluster()).becameCandidate).toHaveLength(2);
  });

  it('leaves one document alone as noise without inventing a cluster', async () => {
    const svc = service();
    await svc.addExtraction(...production('de', 1));
    expect(await svc.recluster()).toMatchObject({ documents: 1, clusters: 0, noise: 1 });
    expect(await svc.listClusters()).toEqual([]);
  });

  it('puts documents with no fields into a cluster of their own kind', async () => {
    const svc = service();
    for (let i = 0; i < 4; i++) {
      const url = `https://teatro.example.it/about/${i}`;
      await svc.addExtraction(extraction(url, []), parsedHtml(url, ['body>main.about>p']));
    }
    await addCorpus(svc, 2);
    await svc.recluster();
    const clusters = await svc.listClusters();
    const empty = clusters.find((c) => c.representatives[0]?.url.includes('/about/'));
    expect(empty).toMatchObject({ size: 4, topFields: [] });
  });

  it('takes documents with one field and with ten thousand fields, and hostile text, in its stride', async () => {
    const svc = service();
    const one = await svc.addExtraction(extraction('https://a.example/one', [record([['email', 'email', 'x@a.example']])]));
    const hugeFields = Array.from({ length: 10_000 }, (_, i) => [`f_${i}`, 'string', `'; DROP TABLE clusters; -- ${i}`, `\u0000${'é'.repeat(i % 50)}`] as [string, 'string', string, string]);
    const huge = await svc.addExtraction(extraction('https://a.example/huge', [record(hugeFields)]), parsedHtml('https://a.example/huge', Array.from({ length: 10_000 }, (_, i) => `body>div.r${i}>span`)));
    expect([one.clusterId, huge.clusterId]).toEqual([null, null]);
    expect(await svc.recluster()).toMatchObject({ documents: 2 });
    const [row] = await store.query<{ n: number }>(`SELECT length(signature::text) AS n FROM cluster_members WHERE doc_key = 'https://a.example/huge'`);
    expect(row?.n).toBeLessThan(100_000);
    expect(await service().stats()).toEqual({ documents: 2, noise: 2, clusters: 0 });
  });

  it('clusters a thousand identical documents into one cluster', async () => {
    const svc = service();
    const [ext, parsed] = production('de', 1);
    for (let i = 0; i < 1000; i++) await svc.addExtraction({ ...ext, documentId: `doc_${i}` }, parsed);
    const report = await svc.recluster();
    expect(report).toMatchObject({ documents: 1000, clusters: 1, noise: 0, leaders: 1 });
    const [only] = await svc.listClusters();
    expect(only).toMatchObject({ size: 1000, cohesion: 1 });
  });

  it('replaces a document that is added again instead of counting it twice', async () => {
    const svc = service();
    await addCorpus(svc, 3);
    await svc.recluster();
    await svc.addExtraction(...production('de', 0));
    expect((await svc.stats()).documents).toBe(12);
    expect((await svc.listClusters()).map((c) => c.size)).toEqual([6, 6]);
  });

  it('keeps a document where re-clustering put it when the same structure arrives again', async () => {
    const svc = service({ assignThreshold: 0.99 });
    await addCorpus(svc, 3);
    await svc.recluster();
    const [doc] = production('it', 1);
    let before: string | undefined;
    for (const c of await svc.listClusters()) if ((await svc.membersOf(c.id))?.some((m) => m.url === doc.url)) before = c.id;
    expect(before).toBeDefined();
    // Incrementally this document would be noise at 0.99; arriving unchanged (a replayed message), it stays put.
    const again = await svc.addExtraction(...production('it', 1));
    expect(again.clusterId).toBe(before);
    expect(await svc.stats()).toMatchObject({ documents: 12, noise: 0 });
    expect(spans.filter((s) => s.name === 'clustering.assign').at(-1)?.reason).toMatch(/membership unchanged/);
    // A changed structure is assigned afresh (and is noise at this threshold).
    const changed = await svc.addExtraction(extraction(doc.url, [record([['temperature', 'number', 21]])]), null);
    expect(changed.clusterId).toBeNull();
  });

  it('filters clusters and answers unknown ids with null', async () => {
    const svc = service();
    await addCorpus(svc, 3);
    await svc.recluster();
    expect(await svc.listClusters({ minSize: 7 })).toEqual([]);
    expect(await svc.listClusters({ site: 'nowhere.example' })).toEqual([]);
    expect(await svc.getCluster('clu_missing')).toBeNull();
    expect(await svc.membersOf('clu_missing')).toBeNull();
    const [c] = await svc.listClusters();
    await svc.markHasSchema(c?.id ?? '', 'sch_1');
    expect(await svc.listClusters({ status: 'has_schema' })).toMatchObject([{ id: c?.id, schemaId: 'sch_1' }]);
    await expect(svc.markHasSchema('clu_missing', 'sch_1')).rejects.toThrow(/unknown cluster/);
  });

  it('never moves members of an approved type silently: the move is drift, the type keeps its id and takes new members', async () => {
    const svc = service();
    await addCorpus(svc, 4);
    await svc.recluster();
    const approved = (await svc.listClusters()).find((c) => c.representatives.every((r) => r.url.includes('/prod/')));
    expect(approved).toBeDefined();
    await svc.markHasSchema(approved?.id as string, 'sch_prod');
    // Two approved pages come back looking like notices (their site changed the template).
    for (const lang of ['de', 'it'] as const) {
      const [prod] = productionPage(lang, 1);
      const [notice, parsed] = noticePage(lang, 9);
      await svc.addExtraction({ ...notice, url: prod.url, documentId: prod.documentId }, { ...parsed, url: prod.url });
    }
    // And ten new productions were crawled.
    for (let i = 10; i < 15; i++) for (const lang of ['de', 'it'] as const) await svc.addExtraction(...productionPage(lang, i));
    await svc.recluster();
    const after = await svc.getCluster(approved?.id as string);
    expect(after).toMatchObject({ status: 'has_schema', schemaId: 'sch_prod', size: 18 });
    const urls = ((await svc.membersOf(approved?.id as string)) ?? []).map((m) => m.url);
    expect(urls).toEqual(expect.arrayContaining([productionPage('de', 1)[0].url, productionPage('it', 1)[0].url, productionPage('de', 14)[0].url]));
    const drift = spans.filter((s) => s.name === 'clustering.drift');
    expect(drift).toHaveLength(1);
    expect(drift[0]?.output).toMatchObject({ wouldMove: 2 });
    expect(drift[0]?.reason).toMatch(/reported as drift, not made/);
    expect(after?.history.some((h) => h.event === 'drift' && (h.detail as { wouldMove?: number }).wouldMove === 2)).toBe(true);
  });
});
