import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from '../parsing/index.js';
import type { JsonValue } from './model.js';
import { extractOffline } from './offline/index.js';
import { valueRecall, type RecallReport } from './recall.js';

/**
 * The offline extractor against the public datasets beside the project (`../shared/datasets`): Zyte product pages,
 * extruct event pages and invoice2data PDFs. Read in place, never copied. Expected values are the datasets' own
 * ground truth, flattened to leaves; recall is value recall (fields aligned by value).
 */
export interface DatasetReport {
  dataset: string;
  documents: number;
  expected: number;
  found: number;
  recall: number;
  perDocument: Array<{ file: string } & RecallReport>;
}

export async function evaluateDatasets(root: string): Promise<DatasetReport[]> {
  return [await zyte(join(root, 'zyte_product_benchmark')), await extruct(join(root, 'extruct_fixtures')), await invoices(join(root, 'invoice2data_compare'))];
}

const ZYTE_FIELDS = ['price', 'currency', 'availability', 'sku', 'brand', 'mpn', 'gtin'];

async function zyte(dir: string): Promise<DatasetReport> {
  const truth = JSON.parse(await readFile(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const docs: Array<{ file: string } & RecallReport> = [];
  for (const [hash, item] of Object.entries(truth)) {
    const bytes = gunzipSync(await readFile(join(dir, 'html', `${hash}.html.gz`)));
    const expected = ZYTE_FIELDS.flatMap((f) => (Array.isArray(item[f]) ? (item[f] as string[]) : []));
    docs.push({ file: hash.slice(0, 12), ...(await score(bytes, 'text/html', String(item['url']), expected)) });
  }
  return summarize('zyte products', docs);
}

async function extruct(dir: string): Promise<DatasetReport> {
  const docs: Array<{ file: string } & RecallReport> = [];
  for (const sub of ['songkick', 'schema.org']) {
    const files = (await readdir(join(dir, sub))).filter((f) => f.endsWith('.html')).sort();
    for (const file of files) {
      const base = file.slice(0, -'.html'.length);
      const truthFile = (await readdir(join(dir, sub))).find((f) => f === `${base}.json` || f === `${base}.jsonld`);
      if (!truthFile) continue;
      const parsedTruth = JSON.parse(await readFile(join(dir, sub, truthFile), 'utf8')) as Record<string, unknown> | unknown[];
      // extruct's files also hold RDFa namespaces and OpenGraph; the ground truth for events is the structured data.
      const truth = Array.isArray(parsedTruth) ? parsedTruth : [parsedTruth['json-ld'], parsedTruth['microdata'], parsedTruth['items']];
      const bytes = await readFile(join(dir, sub, file));
      docs.push({ file: `${sub}/${file}`, ...(await score(bytes, 'text/html', `https://example.org/${sub}/${encodeURIComponent(file)}`, leaves(truth))) });
    }
  }
  return summarize('extruct events', docs);
}

const INVOICE_SKIP = new Set(['desc', 'currency', 'issuer', 'lines', 'static_vat', 'note', 'narration']);

async function invoices(dir: string): Promise<DatasetReport> {
  const docs: Array<{ file: string } & RecallReport> = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const base = file.slice(0, -'.json'.length);
    const source = (await readdir(dir)).find((f) => f === `${base}.pdf` || f === `${base}.txt`);
    if (!source) continue;
    const [truth] = JSON.parse(await readFile(join(dir, file), 'utf8')) as Array<Record<string, unknown>>;
    const expected = Object.entries(truth ?? {})
      .filter(([k, v]) => !INVOICE_SKIP.has(k) && (typeof v === 'string' || typeof v === 'number'))
      .map(([, v]) => v as JsonValue);
    const bytes = await readFile(join(dir, source));
    docs.push({ file: source, ...(await score(bytes, source.endsWith('.pdf') ? 'application/pdf' : 'text/plain', `file:///${source}`, expected)) });
  }
  return summarize('invoice2data', docs);
}

async function score(bytes: Uint8Array, contentType: string, url: string, expected: JsonValue[]): Promise<RecallReport> {
  const parsed = await parseDocument({ bytes, contentType, url });
  if (!parsed.ok) return { expected: expected.length, found: 0, recall: 0, missing: [`(not parsed: ${parsed.reason})`] };
  return valueRecall(expected, extractOffline(parsed.document).records);
}

/** Leaf values of extruct's expected output, without types, contexts and empty values. */
function leaves(value: unknown, key = ''): JsonValue[] {
  if (['@context', '@type', 'type', '@id', 'id', 'url', 'status'].includes(key)) return [];
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, ''));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, k));
  return [];
}

function summarize(dataset: string, docs: Array<{ file: string } & RecallReport>): DatasetReport {
  const expected = docs.reduce((n, d) => n + d.expected, 0);
  const found = docs.reduce((n, d) => n + d.found, 0);
  return { dataset, documents: docs.length, expected, found, recall: expected === 0 ? 1 : found / expected, perDocument: docs };
}
