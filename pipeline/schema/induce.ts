import { walkFields, type ExtractedField, type ExtractedRecord, type Extraction, type FieldType, type JsonValue } from '../extraction/model.js';
import { siteOf } from '../clustering/signature.js';
import { fold } from '../extraction/normalize/text.js';
import type { SchemaDef, SchemaFieldDef, SchemaFieldType } from './model.js';

/**
 * Schema induction from a cluster's samples. Each document contributes its main record (the one with the most
 * fields); fields are grouped by their normalized name (extraction already maps multilingual labels such as
 * Dirigent/Direttore to `conductor`, and that is recorded as evidence), typed by majority with widening, marked
 * required from coverage, given enums when few distinct values repeat, and nested records become child fields.
 */
export interface InduceOptions {
  name: string;
  namespace?: string;
  /** Coverage at or above which a field is required. */
  requiredCoverage?: number;
  /** Coverage below which a field is left out of the proposal (listed as an open question instead). */
  minCoverage?: number;
  maxEnum?: number;
  /** Induces a nested record field's child fields (the cross-site induction passes itself, so children merge too). */
  nested?: (samples: Extraction[], opts: InduceOptions) => Induction;
}

export interface Induction {
  schema: SchemaDef;
  /** Fields seen too rarely to propose, with their coverage. */
  rare: Array<{ name: string; coverage: number }>;
  /** Fields whose values disagreed on type (the chosen type is the widest). */
  mixedTypes: Array<{ name: string; types: string[] }>;
  /** Page metadata left out of the proposal, and why (it repeats a visible field, or is one value per site). */
  leftOut: Array<{ name: string; reason: string }>;
}

/** The record a document is about: the one with the most fields (a detail page's main record). */
export function mainRecord(extraction: Pick<Extraction, 'records'>): ExtractedRecord | null {
  let best: ExtractedRecord | null = null;
  for (const r of extraction.records) if (!best || r.fields.length > best.fields.length) best = r;
  return best;
}

interface Observed {
  types: Map<FieldType, number>;
  values: string[];
  labels: Set<string>;
  docs: number;
  nested: ExtractedRecord[];
  /** The URL of the document each nested record came from (its site, for merging child fields across sites). */
  nestedUrls: string[];
  numeric: number[];
  /** Occurrences read only from page metadata (`<title>`, `<meta>`), which a reader does not see on the page. */
  metaOnly: number;
  /** Money values given as a range (`{min, max}`). */
  ranges: number;
  /** Folded value per document index, for the metadata checks. */
  byDoc: Map<number, string>;
}

export function induceSchema(samples: readonly Extraction[], opts: InduceOptions): Induction {
  const requiredCoverage = opts.requiredCoverage ?? 0.9;
  const minCoverage = opts.minCoverage ?? 0.3;
  const maxEnum = opts.maxEnum ?? 6;
  const docs = samples.map(mainRecord).filter((r): r is ExtractedRecord => r !== null);
  const n = Math.max(1, docs.length);
  const observed = new Map<string, Observed>();
  const siteOfDoc: string[] = [];
  const urlOfDoc: string[] = [];
  for (const sample of samples) {
    if (!mainRecord(sample)) continue;
    siteOfDoc.push(siteOf(sample.url ?? ''));
    urlOfDoc.push(sample.url ?? '');
  }
  for (const [docIndex, record] of docs.entries()) {
    const seenHere = new Set<string>();
    for (const field of record.fields) {
      const o: Observed = observed.get(field.name) ?? { types: new Map(), values: [], labels: new Set(), docs: 0, nested: [], numeric: [], metaOnly: 0, ranges: 0, byDoc: new Map(), nestedUrls: [] };
      if (isRange(field.value)) o.ranges++;
      if (isPageMetadata(field)) o.metaOnly++;
      if (!o.byDoc.has(docIndex) && !(field.records && field.records.length > 0)) o.byDoc.set(docIndex, fold(display(field.value)));
      o.types.set(field.type, (o.types.get(field.type) ?? 0) + 1);
      if (field.records && field.records.length > 0) {
        o.nested.push(...field.records);
        o.nestedUrls.push(...field.records.map(() => urlOfDoc[docIndex] ?? ''));
      }
      else {
        o.values.push(display(field.value));
        const num = numericOf(field);
        if (num !== null) o.numeric.push(num);
      }
      o.labels.add(field.label);
      if (!seenHere.has(field.name)) o.docs++;
      seenHere.add(field.name);
      observed.set(field.name, o);
    }
  }

  const rare: Induction['rare'] = [];
  const mixedTypes: Induction['mixedTypes'] = [];
  const fields: SchemaFieldDef[] = [];
  const leftOut = metadataLeftOut(observed, siteOfDoc);
  for (const [name, o] of [...observed.entries()].sort((a, b) => b[1].docs - a[1].docs || a[0].localeCompare(b[0]))) {
    const coverage = round(o.docs / n);
    if (leftOut.some((l) => l.name === name)) continue;
    if (coverage < minCoverage) {
      rare.push({ name, coverage });
      continue;
    }
    const fromMetadata = o.metaOnly >= 0.9 * o.values.length;
    const types = [...o.types.keys()];
    const widened = o.nested.length > 0 ? 'records' : widen(types, o.types);
    // Money given as a range on some documents ("29–160 €") is a range column pair; one amount fills both ends.
    const type = widened === 'money' && o.ranges > 0 ? 'money_range' : widened;
    if (types.length > 1) mixedTypes.push({ name, types });
    const distinct = new Set(o.values);
    const labels = [...o.labels].filter((l) => l !== name);
    const field: SchemaFieldDef = {
      name: safeName(name),
      type,
      // Page metadata is not something a reviewer reads on the page, so it never keeps a row out.
      // Nor does running text (a page's body): the row is the facts, the prose comes with them when it is there.
      required: coverage >= requiredCoverage && !fromMetadata && !isProse(o.values),
      description: describe(name, [...o.labels]),
      coverage,
      examples: [...distinct].slice(0, 3),
      sources: [name],
      evidence: labels.length > 0 ? [`labels as written: ${labels.slice(0, 6).join(', ')}`] : [],
      stats: {
        distinct: distinct.size,
        ...(o.numeric.length > 0 ? { min: Math.min(...o.numeric), max: Math.max(...o.numeric) } : {}),
      },
    };
    if (type === 'string' && distinct.size > 0 && distinct.size <= maxEnum && o.values.length >= 2 * distinct.size && docs.length >= 5) field.enum = [...distinct].sort();
    if (type === 'records') {
      const childOpts: InduceOptions = { name, requiredCoverage, minCoverage, maxEnum, ...(opts.nested ? { nested: opts.nested } : {}) };
      field.fields = (opts.nested ?? induceSchema)(
        o.nested.map((r, i) => ({ records: [r], url: o.nestedUrls[i] ?? '' }) as Extraction),
        childOpts,
      ).schema.fields;
    }
    fields.push(field);
  }
  // The document's heading is what a reviewer calls its title, once the `<title>` repeating it is left out.
  const heading = fields.find((f) => f.name === 'headline');
  if (heading && !fields.some((f) => f.name === 'title')) heading.name = 'title';
  const tableName = safeName(plural(opts.name));
  return {
    schema: {
      name: opts.name,
      namespace: opts.namespace ?? 'quarry',
      tableName,
      description: `${opts.name}: induced from ${docs.length} documents`,
      fields,
    },
    rare,
    mixedTypes,
    leftOut,
  };
}

/**
 * Page metadata that is not a field of the document type: a metadata field that, on most documents, repeats the
 * value of a visible field (`og:title` = the heading), or holds one value per site (`og:site_name`).
 */
function metadataLeftOut(observed: ReadonlyMap<string, Observed>, siteOfDoc: readonly string[]): Induction['leftOut'] {
  const out: Induction['leftOut'] = [];
  const visible = [...observed].filter(([, o]) => o.metaOnly < 0.9 * Math.max(1, o.values.length) && o.byDoc.size > 0);
  for (const [name, o] of observed) {
    if (o.byDoc.size === 0 || o.metaOnly < 0.9 * o.values.length) continue;
    const perSite = new Map<string, Set<string>>();
    for (const [doc, value] of o.byDoc) {
      const site = siteOfDoc[doc] ?? '';
      perSite.set(site, (perSite.get(site) ?? new Set()).add(value));
    }
    const docsPerSite = new Map<string, number>();
    for (const doc of o.byDoc.keys()) docsPerSite.set(siteOfDoc[doc] ?? '', (docsPerSite.get(siteOfDoc[doc] ?? '') ?? 0) + 1);
    const judged = [...perSite].filter(([site]) => (docsPerSite.get(site) ?? 0) >= 2);
    if (judged.length > 0 && judged.every(([, values]) => values.size === 1)) {
      out.push({ name, reason: 'page metadata with one value per site (the site, not the document)' });
      continue;
    }
    for (const [other, v] of visible) {
      let repeats = 0;
      for (const [doc, value] of o.byDoc) {
        const seen = v.byDoc.get(doc);
        if (seen && value && (value === seen || (seen.length >= 4 && value.includes(seen)))) repeats++;
      }
      if (repeats >= 0.8 * o.byDoc.size) {
        out.push({ name, reason: `page metadata repeating the visible field ${other}` });
        break;
      }
    }
  }
  return out;
}

/** Values that are running text: most of them long. */
function isProse(values: readonly string[]): boolean {
  return values.length > 0 && values.filter((v) => v.length >= 160).length >= values.length / 2;
}

function isRange(value: JsonValue): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && ('min' in value || 'max' in value) && typeof value.amount !== 'number';
}

/** Read from `<meta>` or the `<title>` element only: the head of the page, which a reader does not see in it. */
function isPageMetadata(field: ExtractedField): boolean {
  return field.provenance.length > 0 && field.provenance.every((p) => p.kind === 'meta' || (p.kind === 'css' && p.path === 'title'));
}


const WIDEN_ORDER: Array<[FieldType[], SchemaFieldType]> = [
  [['integer'], 'integer'],
  [['integer', 'number'], 'number'],
  [['date'], 'date'],
  // Some documents give a time and some only the day: a timestamp column, holding the day where no time is given.
  [['date', 'datetime'], 'datetime'],
];

/** The narrowest schema type that holds every observed type; anything irreconcilable is text. */
function widen(types: FieldType[], counts?: ReadonlyMap<FieldType, number>): SchemaFieldType {
  // A typed value most documents agree on (two thirds or more) wins over stray text some page put under the same
  // label ("Newsletter" under a price): the strays load as null, and the proposal says so.
  if (counts && types.length > 1 && types.includes('string')) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const typed = types.filter((t) => t !== 'string');
    const n = typed.reduce((sum, t) => sum + (counts.get(t) ?? 0), 0);
    // The typed values must agree among themselves (dates with date-times, integers with numbers).
    const agreed = widen(typed);
    if (agreed !== 'string' && n >= (2 / 3) * total) return agreed;
  }
  if (types.length === 1) {
    const t = types[0] as FieldType;
    if (t === 'list' || t === 'object') return 'string';
    return t;
  }
  for (const [group, result] of WIDEN_ORDER) if (types.every((t) => group.includes(t))) return result;
  return 'string';
}

function numericOf(field: ExtractedField): number | null {
  if (typeof field.value === 'number') return field.value;
  if (field.type === 'money' && field.value && typeof field.value === 'object' && !Array.isArray(field.value)) {
    const amount = (field.value as Record<string, JsonValue>).amount;
    return typeof amount === 'number' ? amount : null;
  }
  return null;
}

export function display(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value.slice(0, 200);
  if (typeof value === 'object' && !Array.isArray(value) && 'amount' in value) {
    const v = value as Record<string, JsonValue>;
    return `${v.amount ?? `${v.min ?? ''}–${v.max ?? ''}`} ${v.currency ?? ''}`.trim();
  }
  if (typeof value === 'object' && !Array.isArray(value) && 'start' in value) return `${String((value as Record<string, JsonValue>).start)}/${String((value as Record<string, JsonValue>).end)}`;
  return JSON.stringify(value).slice(0, 200);
}

function describe(name: string, labels: string[]): string {
  const shown = labels.filter((l) => l && l !== name).slice(0, 4);
  return shown.length > 0 ? `${name.replace(/_/g, ' ')} (written as ${shown.join(', ')})` : name.replace(/_/g, ' ');
}

function safeName(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'field';
  return (/^[a-z_]/.test(s) ? s : `f_${s}`).slice(0, 63);
}

function plural(name: string): string {
  return name.endsWith('s') ? name : `${name}s`;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export { walkFields };
