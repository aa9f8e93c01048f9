import type { ExtractedField, ExtractedRecord, Extraction } from '../extraction/model.js';
import type { ParsedDocument } from '../parsing/document.js';
import { LABEL_DICTIONARY } from '../extraction/labels.js';
import { hash32 } from './embedder.js';

/**
 * The structural signature of one extracted document: what kinds of values it holds and how they repeat, with the
 * page's template and site kept apart so the embedding can weigh them separately. Two opera houses publishing the
 * same kind of production page in German and Italian share shapes (date:iso, money:EUR, a list of person records)
 * and multiplicity; they differ in labels, names and template, which therefore weigh less (see README.md).
 */
export interface Signature {
  version: 1;
  /** Stable key of the document: its stored id, or its URL when it has none. */
  documentKey: string;
  documentId: string | null;
  url: string;
  /** Lower-cased host with a non-default port (`www.` removed); `local` for files and unparsable URLs. */
  site: string;
  title: string | null;
  kind: ParsedDocument['kind'] | 'unknown';
  multiplicity: Extraction['multiplicity'];
  recordCount: number;
  fieldCount: number;
  /** schema.org (or other declared) types, short and lower-cased (`event`, `product`). */
  declaredTypes: string[];
  /** Value shape → count (mean per record on listings) (`t:money`, `f:money:EUR`, `>t:string` for nested records). */
  shapes: Record<string, number>;
  /** Normalized field name → count (mean per record on listings). */
  names: Record<string, number>;
  /** Tokens of the labels as written (any language). */
  labelTokens: string[];
  /** Tag-path shingles of the page template (site-independent text; the site prefix is added when embedding). */
  template: string[];
  /**
   * Parent>child tag pairs without classes (`article>time`, `dl>dd`): semantic HTML layout, comparable across sites,
   * unlike the class-bearing template. Optional for signatures stored before it existed.
   */
  layout?: string[];
  /**
   * What kind of page this is, in words no language or site owns (`dated`, `priced`, `contact`, `people`,
   * `items:dated`): see `pageEvidence`. Optional for signatures stored before it existed.
   */
  evidence?: string[];
  /** One entry per distinct field name: what a cluster shows as top fields, examples and per-site labels. */
  fields: FieldSummary[];
  /**
   * A listing's item links (absolute, without fragment): what it lists is what the pages it links to are. Optional
   * for signatures stored before it existed.
   */
  links?: string[];
}

export interface FieldSummary {
  name: string;
  label: string;
  type: ExtractedField['type'];
  shape: string;
  example: string;
}

/** Caps keep a document with ten thousand fields as cheap to store and embed as an ordinary one. */
export const SIGNATURE_LIMITS = { names: 200, labelTokens: 200, template: 400, layout: 200, fields: 64, example: 80, links: 50 } as const;

export function buildSignature(extraction: Extraction, parsed?: ParsedDocument | null): Signature {
  const url = cleanText(parsed?.url ?? extraction.url);
  const { records, multiplicity } = effectiveRecords(extraction);
  const shapes = new Map<string, number>();
  const names = new Map<string, number>();
  const labelTokens = new Map<string, number>();
  const fields = new Map<string, FieldSummary>();
  let fieldCount = 0;

  const declared = new Set(extraction.records.map((r) => shortType(r.declaredType)).filter((t): t is string => t !== null));
  const visit = (record: ExtractedRecord, prefix: string): void => {
    for (const field of record.fields) {
      fieldCount++;
      if (isMetadata(field)) {
        // `og:title`, `twitter:card`: every page of a site has them, whatever it is; only a declared page kind
        // (`og:type` article, product) says something about the document.
        const kind = field.name === 'og_type' && typeof field.value === 'string' ? shortType(field.value.split('.')[0] ?? null) : null;
        if (kind && !GENERIC_PAGE_KINDS.has(kind)) declared.add(kind);
        continue;
      }
      const name = normalizeFieldName(field.name);
      const shape = valueShape(field);
      bump(shapes, `${prefix}t:${field.type}`);
      if (shape !== field.type) bump(shapes, `${prefix}f:${shape}`);
      if (prefix === '') bump(names, name);
      for (const token of labelWords(field.label)) bump(labelTokens, token);
      if (prefix === '' && !fields.has(name) && fields.size < SIGNATURE_LIMITS.fields) {
        fields.set(name, { name, label: cleanText(field.label.slice(0, 120)), type: field.type, shape, example: exampleOf(field) });
      }
      for (const nested of field.records ?? []) visit(nested, '>');
    }
  };
  for (const record of records) visit(record, '');

  // A listing's records are instances of one shape: average them. A detail page's records (the page, its JSON-LD)
  // describe one thing together: add them up.
  const perRecord = multiplicity === 'many' ? Math.max(1, records.length) : 1;
  return {
    version: 1,
    documentKey: extraction.documentId === null ? url : cleanText(extraction.documentId),
    documentId: extraction.documentId === null ? null : cleanText(extraction.documentId),
    url,
    site: siteOf(url),
    title: parsed?.title ? cleanText(parsed.title.slice(0, 300)) : null,
    kind: parsed?.kind ?? 'unknown',
    multiplicity,
    recordCount: records.length,
    fieldCount,
    declaredTypes: [...declared].sort(),
    shapes: averaged(shapes, perRecord, Infinity),
    names: averaged(names, perRecord, SIGNATURE_LIMITS.names),
    labelTokens: topKeys(labelTokens, SIGNATURE_LIMITS.labelTokens),
    template: parsed?.kind === 'html' ? templateShingles(parsed.templatePaths) : [],
    layout: parsed?.kind === 'html' ? layoutPairs(parsed.templatePaths) : [],
    evidence: pageEvidence(records, multiplicity),
    fields: [...fields.values()],
    links: multiplicity === 'many' ? itemLinks(records, url) : [],
  };
}

/** The first link of each listed item, absolute and without its fragment. */
function itemLinks(records: readonly ExtractedRecord[], base: string): string[] {
  const links = new Set<string>();
  for (const record of records) {
    const field = record.fields.find((f) => f.type === 'url' && valueShape(f) === 'url');
    const href = field ? (typeof field.value === 'string' ? field.value : field.raw) : null;
    const link = href ? linkKey(href, base) : null;
    if (link) links.add(link);
    if (links.size >= SIGNATURE_LIMITS.links) break;
  }
  return [...links];
}

/** A URL as documents and links are matched: absolute, no fragment, no trailing slash. */
export function linkKey(href: string, base?: string): string | null {
  try {
    const u = new URL(href, base);
    u.hash = '';
    return cleanText(u.href.replace(/\/$/, ''));
  } catch {
    return null;
  }
}

/**
 * A page whose one record is mostly a list of records (`open_notices: [{…}, {…}]` next to a title) is a listing,
 * however the extractor nested it: its items become the records. A production page with a cast list stays a detail
 * page, because its own fields outweigh the list.
 */
export function effectiveRecords(extraction: Extraction): { records: ExtractedRecord[]; multiplicity: Extraction['multiplicity'] } {
  if (extraction.multiplicity === 'many') return { records: extraction.records, multiplicity: 'many' };
  let best: ExtractedRecord[] | null = null;
  let bestFields = 0;
  let total = 0;
  for (const record of extraction.records) {
    for (const field of record.fields) {
      total++;
      const items = field.records ?? [];
      const nested = items.reduce((sum, r) => sum + r.fields.length, 0);
      total += nested;
      if (items.length >= 2 && nested > bestFields) [best, bestFields] = [items, nested];
    }
  }
  if (best && bestFields > 2 * (total - bestFields)) return { records: best, multiplicity: 'many' };
  return { records: extraction.records, multiplicity: extraction.multiplicity };
}

/**
 * Page-kind evidence from the types of the values, whatever they are called: the same on a German production page
 * with JSON-LD and on a French one without, on an English news page and an Italian one. A detail page says whether
 * it holds dates, a schedule (several times or a range), prices, a duration, contact details, running text, a
 * dateline, a list of records (people, lots), a file; a listing says what most of its items hold.
 */
export function pageEvidence(records: readonly ExtractedRecord[], multiplicity: Extraction['multiplicity']): string[] {
  if (multiplicity === 'many') {
    const counts = new Map<string, number>();
    for (const record of records) for (const e of new Set(record.fields.flatMap((f) => valueEvidence(f)))) bump(counts, e);
    const items = Math.max(1, records.length);
    return ['listing', ...[...counts].filter(([, n]) => n >= items / 2).map(([e]) => `items:${e}`)].sort();
  }
  if (multiplicity === 'none') return ['empty'];
  const evidence = new Set<string>(['detail']);
  let datetimes = 0;
  const types = new Set<string>();
  const visit = (fields: readonly ExtractedField[], depth: number): void => {
    for (const field of fields) {
      for (const e of valueEvidence(field)) evidence.add(e);
      if (field.type === 'datetime') datetimes++;
      if (field.type === 'date_range') evidence.add('schedule');
      if (depth === 0 && field.type !== 'string' && field.type !== 'list' && field.type !== 'object') types.add(field.type);
      if (depth === 0 && field.type === 'date' && DATELINE_NAMES.test(field.name)) evidence.add('dateline');
      const nested = field.records ?? [];
      if (nested.length >= 2) evidence.add('records');
      if (depth < 4) for (const r of nested) visit(r.fields, depth + 1);
    }
  };
  for (const record of records) visit(record.fields, 0);
  if (datetimes >= 2) evidence.add('schedule');
  evidence.add(`typed:${types.size === 0 ? '0' : types.size < 2 ? '1' : types.size < 4 ? '2-3' : '4+'}`);
  return [...evidence].sort();
}

const DATELINE_NAMES = /^(?:published|date_published|datepublished|article_published_time|date_created|datecreated|pub_date)$/;

function valueEvidence(field: ExtractedField): string[] {
  switch (field.type) {
    case 'date':
    case 'datetime':
    case 'date_range':
      return ['dated'];
    case 'money':
      return ['priced'];
    case 'duration':
      return ['timed'];
    case 'email':
    case 'phone':
      return ['contact'];
    case 'url': {
      const shape = valueShape(field);
      return shape === 'url:pdf' ? ['linked', 'file'] : shape === 'url:image' ? ['pictured'] : ['linked'];
    }
    case 'string': {
      if (field.raw.length > 120) return ['text'];
      const shape = valueShape(field);
      return shape === 'string:code' ? ['coded'] : shape === 'string:name' ? ['named'] : [];
    }
    default:
      return [];
  }
}

/** Page metadata (`<meta>` tags): the same set on every page of a site, so it says nothing about the page's type. */
function isMetadata(field: ExtractedField): boolean {
  return field.provenance.length > 0 && field.provenance.every((p) => p.kind === 'meta');
}

const GENERIC_PAGE_KINDS = new Set(['website', 'webpage', 'object', 'thing']);

/** Field names that are concepts of the label dictionary (`conductor`, `deadline`): the same in every language. */
export const CONCEPT_NAMES: ReadonlySet<string> = new Set(Object.keys(LABEL_DICTIONARY));

/** `price_2` and `price` are the same field; digits in names are positions, not meaning. */
export function normalizeFieldName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_?\d+$/g, '')
    .replace(/^_+|_+$/g, '');
  return cleaned.length > 0 ? cleaned : 'field';
}

/** Type plus format: `date:iso`, `money:EUR`, `money_range:USD`, `url:image`, `string:text`, `list:records`. */
export function valueShape(field: Pick<ExtractedField, 'type' | 'value' | 'raw' | 'records'>): string {
  const { type, value, raw } = field;
  switch (type) {
    case 'money': {
      const money = isObject(value) ? value : {};
      const currency = typeof money['currency'] === 'string' ? money['currency'].toUpperCase() : 'unknown';
      const ranged = money['amount'] === null || money['amount'] === undefined;
      return `${ranged && (money['min'] !== undefined || money['max'] !== undefined) ? 'money_range' : 'money'}:${currency}`;
    }
    case 'date':
      return `date:${typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'iso' : 'text'}`;
    case 'datetime':
      return `datetime:${typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? 'iso' : 'text'}`;
    case 'url': {
      const target = (typeof value === 'string' ? value : raw).toLowerCase().split(/[?#]/)[0] ?? '';
      if (/\.(png|jpe?g|gif|webp|svg|avif)$/.test(target)) return 'url:image';
      if (/\.pdf$/.test(target)) return 'url:pdf';
      return 'url';
    }
    case 'string': {
      const text = (typeof value === 'string' ? value : raw).trim();
      if (/^[\d\s.,:/+-]+$/.test(text) && /\d/.test(text)) return 'string:numeric';
      if (isCode(text)) return 'string:code';
      if (QUANTITY.test(text)) return 'string:quantity';
      if (isProperName(text)) return 'string:name';
      if (text.length > 120) return 'string:text';
      return text.length > 32 ? 'string:medium' : 'string:short';
    }
    case 'list':
      return field.records && field.records.length > 0 ? 'list:records' : 'list';
    case 'number':
    case 'integer':
      return /%/.test(raw) ? `${type}:percent` : type;
    default:
      return type;
  }
}

/** A reference, SKU or file number: `2027-ZWA-5451`, `INV/2023/03/0008`, `AZ 65.10-27/486`, `SKU 4411`. */
export function isCode(text: string): boolean {
  if (text.length < 3 || text.length > 40 || !/\d/.test(text) || !/^[\p{L}\p{N}#]/u.test(text)) return false;
  if (!/^[\p{L}\p{N}#][\p{L}\p{N} ./_#:()-]*$/u.test(text) || text.split(' ').length > 3) return false;
  // A word of four lower-case letters or more is language, not a code ("3 Akte", "page 2").
  return !/\p{Ll}{4,}/u.test(text) && (/\p{Lu}/u.test(text) || /[./_#-]/.test(text)) && !/^\d{1,2}[:.]\d{2}$/.test(text);
}

/** A count with its unit: `12,345 questions`, `2 kg`, `3 Akte`, `120 Plätze`. */
const QUANTITY = /^[~≈]?\d[\d.,\s]{0,12}\s?\p{L}[\p{L}.]{0,15}$/u;

/** Two to five capitalized words, no digits: a person, an organization, a place. */
function isProperName(text: string): boolean {
  if (text.length > 60 || /\d/.test(text)) return false;
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length < 2 || words.length > 5) return false;
  const capitalized = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalized >= words.length - 1 && capitalized >= 2;
}

/** Host without `www.`; the port stays when it is not the default, so two local test servers are two sites. */
export function siteOf(url: string): string {
  try {
    const { host, protocol } = new URL(url);
    if (protocol === 'file:' || host === '') return 'local';
    return host.toLowerCase().replace(/^www\./, '');
  } catch {
    return 'local';
  }
}

/**
 * Tag-path shingles: each template path with class names that carry numbers or hashes generalized, plus its last
 * three steps, so pages built from the same template share most shingles even when one has more items than another.
 * Large pages keep a bottom-k sample by hash (the same shingles survive on every page that has them), not the first
 * k in document order, which would depend on how long the content above is.
 */
export function templateShingles(paths: readonly string[]): string[] {
  const shingles = new Set<string>();
  for (const path of paths.slice(0, MAX_TEMPLATE_PATHS)) {
    const steps = cleanText(path).split('>').map(normalizeStep).filter((s) => s.length > 0);
    if (steps.length === 0) continue;
    shingles.add(steps.join('>'));
    if (steps.length > 3) shingles.add(`…>${steps.slice(-3).join('>')}`);
  }
  const all = [...shingles];
  if (all.length <= SIGNATURE_LIMITS.template) return all;
  return all
    .map((s) => [hash32(s), s] as const)
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1))
    .slice(0, SIGNATURE_LIMITS.template)
    .map(([, s]) => s);
}

/** Distinct parent>child tag pairs of the template paths, classes dropped. */
export function layoutPairs(paths: readonly string[]): string[] {
  const pairs = new Set<string>();
  for (const path of paths.slice(0, MAX_TEMPLATE_PATHS)) {
    const tags = cleanText(path)
      .split('>')
      .map((step) => step.trim().toLowerCase().split(/[.#[:]/)[0] ?? '')
      .filter((t) => /^[a-z][a-z0-9-]*$/.test(t));
    if (tags.length >= 2) pairs.add(`${tags[tags.length - 2]}>${tags[tags.length - 1]}`);
    if (pairs.size >= SIGNATURE_LIMITS.layout) break;
  }
  return [...pairs].sort();
}

/** Paths read from one page at most; beyond this a page is not telling us more about its template. */
const MAX_TEMPLATE_PATHS = 20_000;

function normalizeStep(step: string): string {
  const [tag = '', ...classes] = step.trim().toLowerCase().split('.');
  const kept = classes
    .map((c) => c.replace(/[0-9a-f]{6,}|\d+/g, '#'))
    .filter((c) => c.length > 0)
    .sort()
    .slice(0, 3);
  return [tag.replace(/\[.*$|:.*$|#.*$/, ''), ...kept].join('.');
}

export function labelWords(label: string): string[] {
  return label
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && !/^\d+$/.test(t));
}

function shortType(declared: string | null): string | null {
  if (!declared) return null;
  const last = declared.split(/[/#:]/).filter(Boolean).at(-1);
  return last ? last.toLowerCase() : null;
}

/**
 * Control characters and lone surrogates removed: PostgreSQL text and jsonb refuse NUL, and page text is hostile
 * input like any other.
 */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

function exampleOf(field: ExtractedField): string {
  const raw = field.raw.trim();
  const text = raw.length > 0 ? raw : (JSON.stringify(field.value) ?? '');
  return cleanText(text.length > SIGNATURE_LIMITS.example ? `${text.slice(0, SIGNATURE_LIMITS.example - 1)}…` : text);
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function averaged(map: Map<string, number>, divisor: number, limit: number): Record<string, number> {
  const entries = [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  return Object.fromEntries(entries.map(([k, v]) => [k, round(v / divisor)]));
}

function topKeys(map: Map<string, number>, limit: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([k]) => k);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
