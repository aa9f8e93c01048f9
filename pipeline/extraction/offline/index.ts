import type { ParsedDocument, ParsedHtml, ParsedJson, ParsedPdf, ParsedText, PdfLine } from '../../parsing/document.js';
import { dedupeFields, keyedField, labelledField, nestedField, type FieldContext } from '../field.js';
import type { ExtractedField, ExtractedRecord } from '../model.js';
import { createBudget, type Budget } from './budget.js';
import { ARTICLE_FIELD_NAMES, contentFindings, mainRoot } from './content.js';
import { domFindings } from './dom.js';
import { lineFields, textLines, type TextLine } from './lines.js';
import { inlineListGroups, pairFindings } from './pairs.js';
import { pdfLayoutFindings } from './pdf-layout.js';
import { markedPhraseFields, phraseFields } from './phrases.js';
import { valueFindings } from './values.js';
import { articleFacts, cleanTitle, prominentFields } from './prominent.js';
import { LIST_CONCEPT_NAMES } from './sections.js';
import { markupWords, readRuns, type Run } from './runs.js';
import { BOILERPLATE_ATTRIBUTE, cssPath } from '../../parsing/html.js';
import { selectElement } from '../../parsing/dom.js';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { dictionaryName } from '../labels.js';
import { metaFields } from './meta.js';
import { jsonLdRecords, microdataRecords, rdfaRecords } from './structured.js';
import { definitionListFields, tableFindings, type RecordGroup } from './tables.js';
import { xmlFindings } from './xml.js';
import { numericDateOrder } from '../normalize/dates.js';

/**
 * The unsupervised offline extractor: every value that looks like data, from every source the document offers,
 * with no schema given and no key needed. Deterministic: the same document gives the same extraction.
 */
export interface OfflineExtraction {
  multiplicity: 'single' | 'many' | 'none';
  records: ExtractedRecord[];
  warnings: string[];
  /** Why the document was taken for a detail page or a listing, in words (traced as a decision). */
  multiplicityReason: string;
}

export interface OfflineOptions {
  /** Fields extracted from one document at most (hostile pages). */
  maxFields?: number;
}

export function extractOffline(doc: ParsedDocument, opts: OfflineOptions = {}): OfflineExtraction {
  const budget = createBudget(opts.maxFields ?? 20_000);
  const ctx: FieldContext = { language: doc.language, baseUrl: doc.url, ...dateOrderOf(doc) };
  const found = sourcesOf(doc, ctx, budget);
  const result = assemble(found);
  return { ...result, warnings: budget.warnings };
}

/** The document's own evidence of how it writes numeric dates, when it has any. */
function dateOrderOf(doc: ParsedDocument): { monthFirst?: boolean } {
  const order = numericDateOrder(doc.text);
  return order === null ? {} : { monthFirst: order };
}

interface Found {
  pageOrigin: ExtractedRecord['origin'];
  pageFields: ExtractedField[];
  /** Records the document declares (JSON-LD, microdata, RDFa). */
  declared: ExtractedRecord[];
  /** Groups of same-shaped records (table rows, cards). */
  groups: RecordGroup[];
}

function sourcesOf(doc: ParsedDocument, ctx: FieldContext, budget: Budget): Found {
  switch (doc.kind) {
    case 'html':
      return htmlSources(doc, ctx, budget);
    case 'pdf': {
      const layout = pdfLayoutFindings(doc, ctx, budget);
      const rest = lineFields(pdfLines(doc).filter((l) => !layout.consumed.has(l.source)), ctx, budget);
      return { pageOrigin: 'pdf', pageFields: [...layout.fields, ...rest], declared: [], groups: layout.groups };
    }
    case 'text':
      return { pageOrigin: 'page', pageFields: lineFields(plainLines(doc), ctx, budget), declared: [], groups: [] };
    case 'json':
      return { pageOrigin: 'page', pageFields: [], declared: jsonRecords(doc, ctx, budget), groups: [] };
    case 'xml': {
      const xml = xmlFindings(doc, ctx, budget);
      return { pageOrigin: 'page', pageFields: xml.fields, declared: [], groups: xml.groups };
    }
  }
}

function htmlSources(doc: ParsedHtml, ctx: FieldContext, budget: Budget): Found {
  const declared = [...jsonLdRecords(doc.jsonLd, ctx, budget), ...microdataRecords(doc.microdata, ctx, budget), ...rdfaRecords(doc, ctx, budget)];
  const root = mainRoot(doc.dom.children);
  const dom = domFindings(doc, ctx, budget, (container, heading) => pageContent(container, heading, root));
  const runs = readRuns(doc.dom, { skip: (el) => el.name === 'table' || el.name === 'dl' || dom.members.has(el) || !readableRegion(el) });
  const pairs = pairFindings(runs, ctx, budget);
  const lists = inlineListGroups(runs.filter((r) => !pairs.consumed.has(r)), ctx, budget);
  const free = runs.filter((r) => !pairs.consumed.has(r) && !lists.consumed.has(r));
  const values = valueFindings(free, root, ctx, budget);
  const content = contentFindings(doc, ctx, budget, dom.members, values.dateline);
  const tables = tableFindings(doc.tables, ctx, budget, (path) => content.tableHeadings.get(path), (path) => selectElement(path, doc.dom));
  const meta = metaFields(doc.meta, ctx);
  // The title without the site's name (`Tosca | Teatro Verdana` → `Tosca`) where the page shows which part that is.
  const titleText = cleanTitle(doc, content.heading) ?? doc.title;
  const title = titleText ? [labelledField(ctx, 'title', titleText, 0.7, { kind: 'css', path: 'title' }, { name: 'title' })] : [];
  const pageFields = [
    ...title,
    ...meta,
    ...definitionListFields(doc.definitionLists.filter((list) => !content.consumedLists.has(list.cssPath)), ctx, budget),
    ...tables.pageFields,
    ...pairs.fields,
    ...content.fields,
    ...values.fields,
    ...prominentFields(doc, runs, content.heading, ctx, budget),
    ...articleFacts(doc, new Set([...meta, ...values.fields, ...content.fields].map((f) => f.name)), ctx, budget),
    ...lineFields(free.map(runLine), ctx, budget, 0.7, content.headings),
    ...phraseFields(free, ctx, budget),
    ...markedPhraseFields(free, ctx, budget),
  ].flatMap(withCode);
  return { pageOrigin: 'page', pageFields, declared, groups: [...tables.groups, ...pairs.groups, ...lists.groups, ...content.groups, ...dom.groups] };
}

/** Containers whose words say they hold other pages' items, not this page's. */
const RELATED_WORDS = new Set(['related', 'recommended', 'recommendations', 'similar', 'also', 'more', 'others', 'other', 'popular', 'trending', 'upsell', 'crosssell', 'cross', 'suggestions', 'teasers', 'promo', 'carousel', 'sidebar', 'aside', 'footer', 'header', 'navigation', 'nav', 'menu', 'links', 'social', 'share']);

/**
 * Whether repeated items are records of this page: inside its main content (when the page marks one) and not in a
 * block of related items, by the block's markup or its heading ("More stories", "Ook te zien").
 */
function pageContent(container: Element, heading: string | null, root: Element | null): boolean {
  if (heading && dictionaryName(heading) === 'related') return false;
  const marked = root !== null && (root.name === 'main' || root.name === 'article' || root.attribs['role'] === 'main');
  let insideRoot = !marked;
  for (let node: AnyNode | null = container; node && isTag(node); node = node.parent) {
    if (node === root) {
      insideRoot = true;
      break;
    }
    if (markupWords(node).some((w) => RELATED_WORDS.has(w))) return false;
  }
  return insideRoot;
}

/** Navigation, headers, footers and banners are never data; a sidebar may be (a facts box beside the text). */
function readableRegion(el: Element): boolean {
  const reason = el.attribs[BOILERPLATE_ATTRIBUTE];
  return reason === undefined || reason === 'aside' || reason === 'sidebar';
}

function runLine(run: Run): TextLine {
  return { text: run.text, provenance: () => ({ kind: 'css', path: cssPath(run.element) }), heading: run.heading > 0 };
}

/** A code and its description in one value (`45214200-2 – Construction work for schools`, `DE300 - Berlin`). */
const CODE_AND_DESCRIPTION = /^([A-Z0-9][A-Z0-9./-]{2,24})\s+[–—-]\s+(\p{L}.{2,})$/u;

/** A coded value also yields its code alone: `cpv_code` keeps the text, `cpv_code_id` gets the code. */
function withCode(field: ExtractedField): ExtractedField[] {
  if (field.type !== 'string') return [field];
  const m = CODE_AND_DESCRIPTION.exec(field.raw);
  if (!m || !/\d/.test(m[1] as string)) return [field];
  return [field, { ...field, name: `${field.name}_id`, raw: m[1] as string, value: m[1] as string, confidence: field.confidence * 0.9 }];
}

/**
 * Detail or listing: a listing is a page whose records of one shape outnumber what the page says about itself;
 * on a detail page those groups (performances, cast) are nested lists of the main record instead.
 */
function assemble(found: Found): Omit<OfflineExtraction, 'warnings'> {
  const pageFields = dedupeFields(found.pageFields);
  const itemsByType = new Map<string, number>();
  for (const r of found.declared) if (r.declaredType) itemsByType.set(r.declaredType, (itemsByType.get(r.declaredType) ?? 0) + 1);
  const [topType, topTypeCount] = [...itemsByType].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const largestGroup = found.groups.reduce<RecordGroup | null>((best, g) => (!best || g.records.length > best.records.length ? g : best), null);
  const groupSize = largestGroup?.records.length ?? 0;
  // What every page has (its title, heading, text, dateline, meta) says nothing about detail vs listing.
  const descriptive = pageFields.filter((f) => f.provenance[0]?.kind !== 'meta' && f.name !== 'title' && !ARTICLE_FIELD_NAMES.has(f.name)).length;
  const itemCount = Math.max(topTypeCount, groupSize);
  // Two cards make a listing when they are all the page holds (the last page of a season); a table of two rows stays a part.
  const onlyCards = groupSize >= 2 && descriptive === 0 && largestGroup !== null && (largestGroup.records.every((r) => r.origin === 'repeated') || linked(largestGroup));
  // Cards that link nowhere are parts of the page (a notice's lots, a production's dates), not items of a listing.
  const partsOfPage = largestGroup !== null && groupSize >= topTypeCount && !linksOut(largestGroup) && (descriptive > 0 || LIST_CONCEPT_NAMES.has(largestGroup.name));
  // A PDF is one document (an invoice, a notice): its tables are parts of it, however many rows they have.
  const isListing = ((itemCount >= 3 && itemCount > descriptive) || onlyCards) && !partsOfPage && found.pageOrigin !== 'pdf';
  const total = pageFields.length + found.declared.length + found.groups.length;

  if (total === 0) return { multiplicity: 'none', records: [], multiplicityReason: 'no data found' };
  const page: ExtractedRecord = { origin: found.pageOrigin, path: null, declaredType: null, fields: pageFields };
  if (isListing) {
    const groupRecords = found.groups.flatMap((g) => g.records);
    return {
      multiplicity: 'many',
      records: [...(pageFields.length > 0 ? [page] : []), ...found.declared, ...groupRecords],
      multiplicityReason:
        topTypeCount >= groupSize
          ? `${topTypeCount} declared ${topType} items outnumber the ${descriptive} page-level fields`
          : `${groupSize} repeated records in "${largestGroup?.label}" outnumber the ${descriptive} page-level fields`,
    };
  }
  const usedNames = new Set(pageFields.map((f) => f.name));
  for (const group of found.groups) {
    let name = group.name;
    for (let n = 2; usedNames.has(name); n++) name = `${group.name}_${n}`;
    usedNames.add(name);
    page.fields.push(nestedField(group.label, group.records, 0.75, { kind: 'css', path: group.path }, { list: true, name }));
  }
  const records = page.fields.length > 0 ? [page, ...found.declared] : found.declared;
  return {
    multiplicity: 'single',
    records,
    multiplicityReason: `a detail page: ${descriptive} page-level fields, at most ${itemCount} records of one shape`,
  };
}

/** Most records of a group of cards carry a link: items that open pages of their own. */
function linksOut(group: RecordGroup): boolean {
  // A table's rows without links are read like a table always was: items of their own.
  if (group.records.some((r) => r.origin === 'table_row') && !group.records.some((r) => r.fields.some((f) => f.name === 'url'))) return true;
  return linked(group);
}

function linked(group: RecordGroup): boolean {
  return group.records.filter((r) => r.fields.some((f) => f.type === 'url')).length >= 0.6 * group.records.length;
}

function pdfLines(doc: ParsedPdf): Array<TextLine & { source: PdfLine }> {
  return doc.pages.flatMap((page) => page.lines.map((l) => ({ text: l.text, provenance: { kind: 'pdf' as const, page: l.page, line: l.line }, source: l })));
}

function plainLines(doc: ParsedText): TextLine[] {
  return textLines(doc.lines.join('\n'));
}

/** A JSON payload: objects become records, leaves become fields with their JSON path. */
function jsonRecords(doc: ParsedJson, ctx: FieldContext, budget: Budget): ExtractedRecord[] {
  const toRecord = (value: Record<string, unknown>, path: string, depth: number): ExtractedRecord => {
    const fields: ExtractedField[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (!budget.take()) break;
      const p = `${path}.${key}`;
      if (v === null || v === undefined) continue;
      if (typeof v !== 'object') fields.push(keyedField(ctx, key, String(v), 0.9, { kind: 'jsonld', path: p }));
      else if (depth < 24 && Array.isArray(v)) {
        const objects = v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
        if (objects.length > 0) fields.push(nestedField(key, objects.map((o, i) => toRecord(o, `${p}[${i}]`, depth + 1)), 0.9, { kind: 'jsonld', path: p }, { list: true }));
      } else if (depth < 24) fields.push(nestedField(key, [toRecord(v as Record<string, unknown>, p, depth + 1)], 0.9, { kind: 'jsonld', path: p }, { list: false }));
    }
    return { origin: 'page', path, declaredType: null, fields };
  };
  const data = doc.data;
  if (Array.isArray(data)) return data.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)).map((o, i) => toRecord(o, `$[${i}]`, 0));
  if (typeof data === 'object' && data !== null) return [toRecord(data as Record<string, unknown>, '$', 0)];
  return [];
}
