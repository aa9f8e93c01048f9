import { existsSync, readdirSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../pipeline/extraction/model.js';
import { loadGoldenSchemas } from '../golden/load.js';
import { demoDocuments } from '../sites/documents.js';
import { gunzipInside, MAX_TRUTH_BYTES, readInside, readJsonInside } from './files.js';
import { leafValues, type EvalDataset, type EvalDocument } from './types.js';
import { xmlFormats } from './xml-formats.js';

/**
 * Adapters turn a dataset folder into documents with ground truth. `../shared/datasets` holds four layouts (see its
 * README); each is recognized by its files, read in place and never copied. The golden demo-site fixtures are the
 * built-in dataset.
 */
export interface DatasetAdapter {
  name: string;
  /** True when `dir` has this adapter's layout. */
  detect(dir: string): boolean;
  load(dir: string): Promise<EvalDataset>;
}

export async function loadGoldenDataset(): Promise<EvalDataset> {
  const documents: EvalDocument[] = [];
  for (const doc of await demoDocuments()) {
    // A page whose content only exists after JavaScript is a shell to a static parse; the crawler renders it.
    if (doc.task.requiresJavaScript) continue;
    documents.push({
      id: `${doc.task.site}${doc.task.path}`,
      input: { bytes: doc.bytes, contentType: doc.contentType, url: doc.url },
      type: doc.task.documentType,
      expectedRecords: doc.task.records,
      expectedValues: leafValues(doc.task.records),
    });
  }
  return { name: 'demo sites (golden)', documents, schemas: await loadGoldenSchemas(), clustering: true };
}

/** How a product page's attributes are named by a consumer of the extraction (answer accuracy). */
export const PRODUCT_ANSWER_NAMES = {
  price: ['price'],
  currency: ['currency', 'price'],
  availability: ['availability'],
  sku: ['sku'],
  brand: ['brand', 'brand_name'],
  mpn: ['mpn'],
  gtin: ['gtin', 'gtin8', 'gtin12', 'gtin13', 'gtin14', 'ean', 'upc', 'isbn'],
} as const;

const zyte: DatasetAdapter = {
  name: 'zyte products',
  detect: (dir) => existsSync(join(dir, 'ground-truth.json')) && existsSync(join(dir, 'html')),
  async load(dir) {
    const truth = readJsonInside(dir, ['ground-truth.json']);
    if (!isObject(truth) || !Object.values(truth).every(isObject)) throw new Error(`${join(dir, 'ground-truth.json')} should map each page hash to an object of fields`);
    const fields = ['price', 'currency', 'availability', 'sku', 'brand', 'mpn', 'gtin'];
    const documents = Object.entries(truth as Record<string, Record<string, unknown>>).map(([hash, item]): EvalDocument => {
      const record: Record<string, JsonValue> = {};
      for (const f of fields) {
        const v = item[f];
        const first = Array.isArray(v) ? (v[0] as unknown) : v;
        if (typeof first === 'string' || typeof first === 'number') record[f] = first;
      }
      return {
        id: hash.slice(0, 12),
        input: { bytes: gunzipInside(dir, ['html', `${hash}.html.gz`]), contentType: 'text/html', url: typeof item.url === 'string' ? item.url : `https://shop.example/${hash}` },
        type: 'product',
        expectedRecords: [record],
        expectedValues: Object.values(record),
        expectedAnswers: record,
      };
    });
    return { name: 'zyte products', documents, clustering: false, answerNames: PRODUCT_ANSWER_NAMES };
  },
};

/**
 * The Zyte article benchmark: gzipped news and blog pages in `pages/`, each with the article's text as a reader sees
 * it (`articleBody`), scored by word-shingle F1. Documents come in file-name order, so the first half is the set one
 * develops on and the second half stays held out.
 */
const zyteArticles: DatasetAdapter = {
  name: 'zyte articles',
  detect: (dir) => existsSync(join(dir, 'ground-truth.json')) && existsSync(join(dir, 'pages')),
  async load(dir) {
    const truth = readJsonInside(dir, ['ground-truth.json']);
    const where = join(dir, 'ground-truth.json');
    if (!isObject(truth) || !Object.values(truth).every(isObject)) throw new Error(`${where} should map each page hash to an object with an articleBody`);
    const documents = Object.entries(truth as Record<string, Record<string, unknown>>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([hash, item]): EvalDocument => {
        if (typeof item.articleBody !== 'string') throw new Error(`${where}: page ${JSON.stringify(hash)} has no articleBody text`);
        return {
          id: hash.slice(0, 12),
          input: { bytes: gunzipInside(dir, ['pages', `${hash}.html.gz`]), contentType: 'text/html', url: typeof item.url === 'string' ? item.url : `https://news.example/${hash}` },
          type: 'article',
          expectedBody: item.articleBody,
        };
      });
    return { name: 'zyte articles', documents, clustering: false };
  },
};

/** Keys of embedded structured data that are plumbing, not content a reader expects extracted. */
const STRUCTURED_DATA_PLUMBING = new Set(['@context', '@type', 'type', '@id', 'id', 'url', 'status', 'sameAs']);

/**
 * Items of extruct's expected output as plain objects: JSON-LD as written, microdata `{type, properties}` unwrapped
 * (nested items too), lists of lists (one per script tag) flattened. `@type` keeps the item's type.
 */
export function structuredItems(truth: unknown): Array<Record<string, unknown>> {
  const unwrap = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(unwrap);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object' && !Array.isArray(o.properties)) {
      const type = Array.isArray(o.type) ? o.type[0] : o.type;
      return { '@type': typeof type === 'string' ? type.replace(/^https?:\/\/schema\.org\//, '') : null, ...(unwrap(o.properties) as Record<string, unknown>) };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrap(x)]));
  };
  const roots = Array.isArray(truth)
    ? truth
    : truth && typeof truth === 'object'
      ? ['json-ld', 'microdata', 'items'].flatMap((k) => ((truth as Record<string, unknown>)[k] as unknown[] | undefined) ?? [])
      : [];
  const flat = (roots as unknown[]).flat(4).filter((i): i is Record<string, unknown> => !!i && typeof i === 'object' && !Array.isArray(i));
  return flat.map((i) => unwrap(i) as Record<string, unknown>);
}

const itemType = (item: Record<string, unknown>): string => String(item['@type'] ?? 'Thing');

/** A structured-data item as a golden record: content keys only, nested places and offers kept as objects. */
function itemRecord(item: Record<string, unknown>): Record<string, JsonValue> {
  const clean = (v: unknown): JsonValue | undefined => {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map(clean).filter((x): x is JsonValue => x !== undefined);
    if (typeof v !== 'object') return undefined;
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !STRUCTURED_DATA_PLUMBING.has(k))
      .map(([k, x]) => [k, clean(x)] as const)
      .filter((e): e is readonly [string, JsonValue] => e[1] !== undefined && e[1] !== null && e[1] !== '');
    return Object.fromEntries(entries);
  };
  return clean(item) as Record<string, JsonValue>;
}

/**
 * extruct's test pages: real Songkick pages (a concert, or an artist's tour listing) and small schema.org examples,
 * each with the structured data extruct reads from it. A Songkick page is labelled by what its data holds (one
 * event: `songkick event`; several: `songkick listing`; none: the item's own type), a schema.org example by the
 * type its file is named after. Expected records are the page's items of that kind.
 */
const extruct: DatasetAdapter = {
  name: 'extruct events',
  detect: (dir) => existsSync(join(dir, 'songkick')) || existsSync(join(dir, 'schema.org')),
  async load(dir) {
    const documents: EvalDocument[] = [];
    for (const sub of ['songkick', 'schema.org']) {
      if (!existsSync(join(dir, sub))) continue;
      const files = readdirSync(join(dir, sub));
      for (const file of files.filter((f) => f.endsWith('.html')).sort()) {
        const base = file.slice(0, -'.html'.length);
        const truthFile = files.find((f) => f === `${base}.json` || f === `${base}.jsonld`);
        if (!truthFile) continue;
        const items = structuredItems(readJsonInside(dir, [sub, truthFile]));
        const events = items.filter((i) => /Event$/.test(itemType(i)));
        const type =
          sub === 'schema.org'
            ? `schema.org ${base.replace(/[-.].*$/, '').toLowerCase()}`
            : events.length > 1
              ? 'songkick listing'
              : events.length === 1
                ? 'songkick event'
                : `songkick ${itemType(items.find((i) => itemType(i) !== 'ItemList') ?? {}).toLowerCase()}`;
        const records = (sub === 'songkick' && events.length > 0 ? events : items).map(itemRecord).filter((r) => Object.keys(r).length > 0);
        documents.push({
          id: `${sub}/${file}`,
          input: { bytes: readInside(dir, [sub, file]), contentType: 'text/html', url: `https://example.org/${sub}/${encodeURIComponent(file)}` },
          type,
          expectedRecords: records,
          expectedValues: leafValues(items, STRUCTURED_DATA_PLUMBING),
        });
      }
    }
    return { name: 'extruct events', documents, clustering: true };
  },
};

/** invoice2data's own folder keeps its historical name; another folder in its layout is named after the folder. */
const invoiceDatasetName = (dir: string): string => (basename(dir) === 'invoice2data_compare' ? 'invoice2data' : basename(dir).replace(/_/g, ' '));

const invoices: DatasetAdapter = {
  name: 'invoice2data',
  detect: (dir) => readdirSync(dir).some((f) => f.endsWith('.pdf')) && readdirSync(dir).some((f) => f.endsWith('.json')),
  async load(dir) {
    // Keys the invoice2data templates set themselves (the template's issuer name, a description, a fixed VAT note)
    // rather than read from the invoice; line items (shaped per template) and the currency code are not scored.
    const skip = new Set(['desc', 'currency', 'issuer', 'lines', 'static_vat', 'note', 'narration']);
    const files = readdirSync(dir);
    const documents: EvalDocument[] = [];
    for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
      const base = file.slice(0, -'.json'.length);
      const source = files.find((f) => f === `${base}.pdf` || f === `${base}.txt`);
      if (!source) continue;
      const parsed = readJsonInside(dir, [file]);
      const truth = Array.isArray(parsed) ? (parsed[0] as unknown) : undefined;
      if (!isObject(truth)) throw new Error(`${join(dir, file)} should be a list holding one object of expected invoice fields`);
      const record: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(truth)) if (!skip.has(k) && (typeof v === 'string' || typeof v === 'number')) record[k] = v;
      documents.push({
        id: source,
        input: { bytes: readInside(dir, [source]), contentType: source.endsWith('.pdf') ? 'application/pdf' : 'text/plain', url: `file:///${source}` },
        type: 'invoice',
        expectedRecords: [record],
        expectedValues: Object.values(record),
      });
    }
    return { name: invoiceDatasetName(dir), documents, clustering: false };
  },
};

const pageTypes: DatasetAdapter = {
  name: 'stackoverflow page types',
  detect: (dir) => existsSync(join(dir, 'labels.csv')) && existsSync(join(dir, 'html')),
  async load(dir) {
    const lines = readInside(dir, ['labels.csv'], MAX_TRUTH_BYTES).toString('utf8').trim().split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
    const documents = lines.map((line): EvalDocument => {
      const match = /^"((?:[^"]|"")*)",(.*)$/.exec(line) ?? /^([^,]*),(.*)$/.exec(line);
      if (!match) throw new Error(`${join(dir, 'labels.csv')}: cannot read line ${JSON.stringify(line)}`);
      const file = (match[1] ?? '').replace(/""/g, '"');
      if (!(match[2] ?? '').trim()) throw new Error(`${join(dir, 'labels.csv')}: ${JSON.stringify(file)} has no page type`);
      return {
        id: file,
        input: { bytes: readInside(dir, ['html', file]), contentType: 'text/html; charset=utf-8', url: `https://stackoverflow.com/saved/${encodeURIComponent(file)}` },
        type: (match[2] ?? '').trim(),
      };
    });
    return { name: `${basename(dir).replace(/_/g, ' ')}`, documents, clustering: true };
  },
};

export const ADAPTERS: readonly DatasetAdapter[] = [zyte, zyteArticles, xmlFormats, extruct, pageTypes, invoices];

/** Loads a dataset folder with the adapter whose layout it has; a folder no adapter knows is an error naming it. */
export async function loadDatasetDir(dir: string): Promise<EvalDataset> {
  if (!existsSync(dir)) throw new Error(`dataset folder ${dir} does not exist`);
  const adapter = ADAPTERS.find((a) => a.detect(dir));
  if (!adapter) throw new Error(`no adapter knows the layout of ${dir} (expected one of: ${ADAPTERS.map((a) => a.name).join(', ')})`);
  const dataset = await adapter.load(dir);
  if (dataset.documents.length === 0) throw new Error(`dataset folder ${dir} (${adapter.name} layout) holds no documents with ground truth`);
  return dataset;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every folder of a datasets root (such as ../shared/datasets) that an adapter recognizes. */
export function datasetDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(root, e.name))
    .filter((dir) => ADAPTERS.some((a) => a.detect(dir)))
    .sort();
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the shared datasets live: `QUARRY_EVAL_DATASETS` (first entry), else `../shared/datasets` beside the
 * checkout. Null when neither exists.
 */
export function sharedDatasetsRoot(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [...(env.QUARRY_EVAL_DATASETS ?? '').split(delimiter).filter(Boolean), resolve(REPO_ROOT, '../shared/datasets')];
  return candidates.map((c) => resolve(c)).find((c) => existsSync(c)) ?? null;
}
