import type { JsonValue } from '../../pipeline/extraction/model.js';
import { DEFAULT_CLUSTER_SERVICE_OPTIONS } from '../../pipeline/clustering/service.js';
import { startPipeline } from '../../server/pipeline.js';
import { openTestServices, type TestServices } from '../../server/testing.js';
import type { GoldenRecord } from '../golden/task.js';
import { resolveLinks } from '../generator/datasets.js';
import { serveCorpus, type ServedCorpus } from '../generator/serve.js';
import type { Corpus, GeneratedPage } from '../generator/types.js';
import { agree, valueKeys } from '../scorers/match.js';

/**
 * The table a user gets: the whole flow as a new user runs it, on generated sites served over HTTP. Crawl every
 * site → extract offline → cluster → propose a schema for every candidate → approve it **with no edits** → read the
 * tables. Per document type: how many of the type's documents have a row in the type's table (row coverage), how
 * many of the cells a reviewer expects hold the right value (cell accuracy), and whether approving a second version
 * and reloading the same documents added any row twice (duplicates).
 *
 * Golden fields are matched to table columns by their values (a column answers for the golden field it agrees with
 * most often; one column per field), because the proposal names columns itself. A document with no row counts every
 * one of its cells as wrong.
 */
export interface TypeTableScore {
  type: string;
  /** `namespace.table` holding most of the type's documents; null when none does. */
  table: string | null;
  documents: number;
  /** Documents of the type with a row in that table. */
  withRow: number;
  cells: number;
  rightCells: number;
  /** Rows beyond one per document, after the first approval and after a second version's. */
  duplicates: number;
  /** Golden field → the column read for it (null: no column agreed on any document). */
  columns: Record<string, string | null>;
  /** Some wrong cells, to see what went wrong: golden field, expected, found. */
  misses: Array<{ url: string; field: string; expected: JsonValue; found: unknown }>;
}

export interface TableAccuracyReport {
  types: TypeTableScore[];
  /** Pages of the corpus the crawl stored / the sites have. */
  crawled: number;
  pages: number;
  approved: Array<{ clusterId: string; table: string; rowsLoaded: number; rowsFailed: number; fields: string[]; failures: string[] }>;
  notes: string[];
}

interface TruthPage {
  url: string;
  page: GeneratedPage;
  record: GoldenRecord;
}

/** Fields a reviewer reads as one cell: scalars and money; lists of records go to child tables, a body is scored elsewhere. */
function cellFields(record: GoldenRecord): Array<[string, JsonValue]> {
  return Object.entries(record).filter(([k, v]) => {
    if (k === 'body' || v === null || v === undefined || v === '') return false;
    if (Array.isArray(v)) return v.length > 0 && v.every((x) => typeof x !== 'object' || x === null);
    return true;
  }) as Array<[string, JsonValue]>;
}

/** Runs the flow on every corpus (one set of services, every site served on its own port) and scores each type. */
export async function tableAccuracy(corpora: readonly Corpus[], detailTypes: readonly string[]): Promise<TableAccuracyReport> {
  const served: ServedCorpus[] = [];
  const truth = new Map<string, TruthPage>();
  let services: TestServices | null = null;
  const notes: string[] = [];
  try {
    for (const corpus of corpora) {
      const s = await serveCorpus(corpus);
      served.push(s);
      for (const [i, site] of corpus.sites.entries()) {
        const origin = (s.sites[i] as ServedCorpus['sites'][number]).url;
        for (const page of site.pages) {
          const record = page.records.length === 1 ? page.records[0] : undefined;
          if (!record || !detailTypes.includes(page.documentType)) continue;
          truth.set(`${origin}${page.path}`, { url: `${origin}${page.path}`, page, record: resolveLinks(record, origin) });
        }
      }
    }
    const hosts = served.flatMap((s) => s.sites.map((site) => new URL(site.url).host));
    services = await openTestServices({ env: { QUARRY_ALLOW_HOSTS: hosts.join(',') } });
    const pipeline = await startPipeline(services, { documents: services.documents, reclusterQuietMs: 600_000 });
    let extracted = 0;
    const stored = async (): Promise<number> => Number((await (services as TestServices).store.query<{ n: string }>('SELECT count(*) AS n FROM extractions'))[0]?.n ?? 0);
    try {
      for (const s of served) {
        for (const site of s.sites) {
          const job = await services.crawl.create({ urls: [site.url], delayMs: 0, render: 'never', maxPages: 500 });
          await services.crawl.run(job);
        }
      }
      const pending = await services.extraction.extractPending({ mode: 'offline' });
      extracted = await stored();
      if (pending.failed.length > 0) notes.push(`${pending.failed.length} documents failed extraction`);
      const deadline = Date.now() + 120_000;
      while ((await services.clusters.stats()).documents < extracted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await pipeline.stop();
    }
    // With no new documents, repeated updates are how clusters become candidates (as the pipeline's quiet timer does).
    for (let i = 0; i <= DEFAULT_CLUSTER_SERVICE_OPTIONS.stableUpdates; i++) await services.clusters.recluster();

    const approved: TableAccuracyReport['approved'] = [];
    const candidates = (await services.clusters.listClusters()).filter((c) => c.status === 'candidate');
    for (const c of candidates) {
      const proposal = await services.schemas.propose(c.id);
      const { version } = await services.schemas.decide(proposal.id, { approve: true, by: 'eval' });
      approved.push({
        clusterId: c.id,
        table: `${version.def.namespace}.${version.def.tableName}`,
        rowsLoaded: version.loadReport?.rowsLoaded ?? 0,
        rowsFailed: version.loadReport?.rowsFailed ?? 0,
        fields: version.def.fields.map((f) => `${f.name}:${f.type}${f.required ? '!' : ''} ← ${f.sources.join('|')}`),
        failures: (version.loadReport?.failures ?? []).slice(0, 5).map((f) => `${f.url}: ${f.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`),
      });
    }
    const first = await readTables(services);
    // A second version of every type, approved as proposed, must not add a row for a document already loaded.
    for (const c of candidates) {
      const again = await services.schemas.propose(c.id);
      await services.schemas.decide(again.id, { approve: true, by: 'eval' });
    }
    const second = await readTables(services);

    const types = detailTypes.map((type) => scoreType(type, [...truth.values()].filter((t) => t.page.documentType === type), first, second));
    return { types, crawled: extracted, pages: corpora.reduce((n, c) => n + c.sites.reduce((m, s) => m + s.pages.length, 0), 0), approved, notes };
  } finally {
    await services?.dispose();
    await Promise.all(served.map((s) => s.close()));
  }
}

type Tables = Map<string, Array<Record<string, unknown>>>;

/** Every parent table (child tables have `_parent_row_id`) with all its rows. */
async function readTables(services: TestServices): Promise<Tables> {
  const out: Tables = new Map();
  for (const t of await services.lakehouse.listTables()) {
    if (t.columns.some((c) => c.name === '_parent_row_id')) continue;
    const name = `${t.namespace}.${t.name}`;
    const result = await services.lakehouse.query(`SELECT * FROM "${t.namespace}"."${t.name}"`, { maxRows: 100_000 });
    out.set(name, result.rows);
  }
  return out;
}

const META = new Set(['_row_id', '_document_id', '_url', '_extraction_id']);

function duplicatesIn(rows: ReadonlyArray<Record<string, unknown>>): number {
  return rows.length - new Set(rows.map((r) => String(r._url))).size;
}

function scoreType(type: string, pages: readonly TruthPage[], first: Tables, second: Tables): TypeTableScore {
  const urls = new Set(pages.map((p) => p.url));
  let table: string | null = null;
  let best = 0;
  for (const [name, rows] of first) {
    const hits = new Set(rows.map((r) => String(r._url)).filter((u) => urls.has(u))).size;
    if (hits > best) [table, best] = [name, hits];
  }
  const rows = table ? (first.get(table) ?? []) : [];
  const rowOf = new Map(rows.map((r) => [String(r._url), r]));
  const goldenFields = [...new Set(pages.flatMap((p) => cellFields(p.record).map(([k]) => k)))];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => !META.has(c));

  // Agreement of each golden field with each column, over the type's documents.
  const agreement: Array<{ field: string; column: string; n: number }> = [];
  for (const field of goldenFields) {
    for (const column of columns) {
      let n = 0;
      for (const p of pages) {
        const expected = p.record[field];
        const row = rowOf.get(p.url);
        if (expected === undefined || !row) continue;
        if (agree(valueKeys(expected), valueKeys(row[column] as JsonValue))) n++;
      }
      if (n > 0) agreement.push({ field, column, n });
    }
  }
  agreement.sort((a, b) => b.n - a.n || a.field.localeCompare(b.field) || a.column.localeCompare(b.column));
  const assigned: Record<string, string | null> = Object.fromEntries(goldenFields.map((f) => [f, null]));
  const used = new Set<string>();
  for (const a of agreement) {
    if (assigned[a.field] !== null || used.has(a.column)) continue;
    assigned[a.field] = a.column;
    used.add(a.column);
  }

  let cells = 0;
  let right = 0;
  const misses: TypeTableScore['misses'] = [];
  for (const p of pages) {
    const row = rowOf.get(p.url);
    for (const [field, expected] of cellFields(p.record)) {
      cells++;
      const column = assigned[field];
      const found = row && column ? row[column] : undefined;
      if (row && column && agree(valueKeys(expected), valueKeys(found as JsonValue))) right++;
      else if (misses.length < 12) misses.push({ url: p.url, field, expected, found: row ? (found ?? null) : '(no row)' });
    }
  }
  const duplicates = table ? duplicatesIn(first.get(table) ?? []) + duplicatesIn(second.get(table) ?? []) : 0;
  return { type, table, documents: pages.length, withRow: pages.filter((p) => rowOf.has(p.url)).length, cells, rightCells: right, duplicates, columns: assigned, misses };
}
