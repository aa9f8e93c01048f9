import type { JsonValue } from '../../pipeline/extraction/model.js';
import { PRODUCT_ANSWER_NAMES } from '../datasets/adapters.js';
import { leafValues, type EvalDataset, type EvalDocument } from '../datasets/types.js';
import type { GoldenRecord } from '../golden/task.js';
import { generateCorpus } from './corpus.js';
import { bytesAt } from './serve.js';
import { DETAIL_TYPES, type Corpus, type CorpusOptions, type GeneratedPage, type GeneratedSite } from './types.js';

/**
 * Generated corpora as eval datasets: one mixed dataset (every page, typed, clustered, with the expected schemas)
 * and one per detail type (value recall, field F1 and schema scores of that type alone). Documents carry the
 * site's invented origin (`https://<host>`); relative links in the ground truth are resolved against it, as the
 * extractor resolves them. An article's body is scored by shingle F1 (`expectedBody`), not as one exact value.
 */

/** Fields whose golden value is a link as written on the page (relative), resolved against the page's origin. */
const LINK_FIELDS = new Set(['url', 'tender_document']);
/** Fields scored on their own (body shingle F1), not as values. */
const BODY_FIELDS = new Set(['body']);

export function resolveLinks(record: GoldenRecord, origin: string): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(record)) {
    if (BODY_FIELDS.has(k)) continue;
    out[k] = LINK_FIELDS.has(k) && typeof v === 'string' && v.startsWith('/') ? `${origin}${v}` : v;
  }
  return out;
}

function productAnswers(record: Record<string, JsonValue>): Record<string, JsonValue> {
  const price = record['price'];
  const answers: Record<string, JsonValue> = {};
  if (price && typeof price === 'object' && !Array.isArray(price) && typeof price['amount'] === 'number') answers['price'] = price['amount'];
  for (const key of ['currency', 'availability', 'sku', 'brand', 'mpn', 'gtin']) {
    const v = record[key];
    if (typeof v === 'string') answers[key] = v;
  }
  return answers;
}

export function documentOf(seed: number, site: GeneratedSite, page: GeneratedPage): EvalDocument {
  const origin = `https://${site.host}`;
  const expectedRecords = page.records.map((r) => resolveLinks(r, origin));
  const doc: EvalDocument = {
    id: `${seed}/${site.id}${page.path}`,
    input: { bytes: new Uint8Array(bytesAt(page.bytes, origin)), contentType: page.contentType, url: `${origin}${page.path}` },
    type: page.documentType,
    expectedRecords,
    expectedValues: leafValues(expectedRecords),
  };
  if (page.body) doc.expectedBody = page.body;
  if (page.documentType === 'product' && expectedRecords[0]) doc.expectedAnswers = productAnswers(expectedRecords[0]);
  return doc;
}

export function corpusDocuments(corpus: Corpus): EvalDocument[] {
  return corpus.sites.flatMap((site) => site.pages.map((page) => documentOf(corpus.seed, site, page)));
}

/** The mixed dataset and one dataset per detail type, named `generated (<label>) …`. */
export function datasetsOf(corpora: readonly Corpus[], label: string): EvalDataset[] {
  const documents = corpora.flatMap(corpusDocuments);
  const schemas = corpora[0]?.schemas ?? [];
  const mixed: EvalDataset = { name: `generated (${label}) mixed`, documents, schemas, clustering: true, answerNames: PRODUCT_ANSWER_NAMES };
  const perType = DETAIL_TYPES.map(
    (type): EvalDataset => ({
      name: `generated (${label}) ${type}`,
      documents: documents.filter((d) => d.type === type),
      schemas: schemas.filter((s) => s.documentType === type),
      clustering: false,
      ...(type === 'product' ? { answerNames: PRODUCT_ANSWER_NAMES } : {}),
    }),
  );
  return [mixed, ...perType.filter((d) => d.documents.length > 0)];
}

/** The corpora of the given seeds. */
export async function generatedCorpora(seeds: readonly number[], options: CorpusOptions = {}): Promise<Corpus[]> {
  const corpora: Corpus[] = [];
  for (const seed of seeds) corpora.push(await generateCorpus(seed, options));
  return corpora;
}

/** Datasets of the given seeds, pooled: `label` names them in the table (`held-out`, `seed 1`). */
export async function generatedDatasets(seeds: readonly number[], label: string, options: CorpusOptions = {}): Promise<EvalDataset[]> {
  if (seeds.length === 0) return [];
  return datasetsOf(await generatedCorpora(seeds, options), label);
}
