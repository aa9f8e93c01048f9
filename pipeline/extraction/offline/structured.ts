import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { MicrodataItem, ParsedHtml } from '../../parsing/document.js';
import { cssPath } from '../../parsing/css-path.js';
import { keyedField, listField, nestedField, textField, type FieldContext } from '../field.js';
import { snakeCase } from '../labels.js';
import type { ExtractedField, ExtractedRecord, JsonValue } from '../model.js';
import type { Budget } from './budget.js';

/**
 * Structured data the page declares: JSON-LD (with `@graph`), microdata and RDFa Lite. Nested objects become
 * nested records; every value keeps its path (`$[0].location.address.streetAddress`).
 */
const CONFIDENCE = { jsonld: 0.95, microdata: 0.9, rdfa: 0.9 } as const;
const MAX_DEPTH = 24;
const SKIPPED_KEYS = new Set(['@context', '@id', '@type']);
/** Properties whose value is running text: kept whole, not cut like a data value. */
const RUNNING_TEXT_KEYS = new Set(['articleBody', 'reviewBody']);

export function jsonLdRecords(blocks: readonly unknown[], ctx: FieldContext, budget: Budget): ExtractedRecord[] {
  const records: ExtractedRecord[] = [];
  blocks.forEach((block, i) => {
    for (const [path, node] of topLevelNodes(block, `$[${i}]`)) {
      const record = jsonLdRecord(node, path, ctx, budget, 0);
      if (record && record.fields.length > 0) records.push(record);
    }
  });
  return records;
}

function topLevelNodes(block: unknown, path: string): Array<[string, Record<string, unknown>]> {
  if (Array.isArray(block)) return block.flatMap((b, i) => topLevelNodes(b, `${path}[${i}]`));
  if (!isObject(block)) return [];
  const graph = block['@graph'];
  if (Array.isArray(graph)) return graph.flatMap((g, i) => topLevelNodes(g, `${path}["@graph"][${i}]`));
  return [[path, block]];
}

function jsonLdRecord(node: Record<string, unknown>, path: string, ctx: FieldContext, budget: Budget, depth: number): ExtractedRecord | null {
  const fields: ExtractedField[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (SKIPPED_KEYS.has(key) || !budget.take()) continue;
    const field = jsonLdField(key, value, `${path}${pathStep(key)}`, ctx, budget, depth);
    if (field) fields.push(field);
  }
  return { origin: 'jsonld', path, declaredType: declaredType(node['@type']), fields: withCurrency(fields) };
}

function jsonLdField(key: string, value: unknown, path: string, ctx: FieldContext, budget: Budget, depth: number): ExtractedField | null {
  const provenance = { kind: 'jsonld' as const, path };
  if (isPrimitive(value)) {
    if (String(value).trim() === '') return null;
    if (RUNNING_TEXT_KEYS.has(key)) return textField(key, String(value), CONFIDENCE.jsonld, provenance, snakeCase(key));
    return keyedField(ctx, key, String(value), CONFIDENCE.jsonld, provenance);
  }
  if (depth >= MAX_DEPTH) {
    budget.warn(`JSON-LD nested deeper than ${MAX_DEPTH} levels at ${path}; the rest was skipped`);
    return null;
  }
  if (isObject(value)) {
    // `{"@value": "...", "@language": "de"}` is a literal, not a nested thing.
    if ('@value' in value && isPrimitive(value['@value'])) return keyedField(ctx, key, String(value['@value']), CONFIDENCE.jsonld, provenance);
    const nested = jsonLdRecord(value, path, ctx, budget, depth + 1);
    if (!nested || nested.fields.length === 0) return null;
    return namedThing(key, nested) ?? nestedField(key, [nested], CONFIDENCE.jsonld, provenance, { list: false });
  }
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== null && v !== undefined);
    if (items.length === 0) return null;
    if (items.every(isPrimitive)) {
      const raws = items.map(String).filter((s) => s.trim() !== '');
      if (raws.length === 1) return keyedField(ctx, key, raws[0] as string, CONFIDENCE.jsonld, provenance);
      return raws.length > 0 ? listField(ctx, key, raws, CONFIDENCE.jsonld, provenance) : null;
    }
    const records = items.flatMap((item, i) => {
      if (!isObject(item)) return [];
      const r = jsonLdRecord(item, `${path}[${i}]`, ctx, budget, depth + 1);
      return r && r.fields.length > 0 ? [r] : [];
    });
    return records.length > 0 ? nestedField(key, records, CONFIDENCE.jsonld, provenance, { list: true }) : null;
  }
  return null;
}

export function microdataRecords(items: readonly MicrodataItem[], ctx: FieldContext, budget: Budget): ExtractedRecord[] {
  return items.map((item) => microdataRecord(item, ctx, budget, 0)).filter((r) => r.fields.length > 0);
}

function microdataRecord(item: MicrodataItem, ctx: FieldContext, budget: Budget, depth: number): ExtractedRecord {
  const fields: ExtractedField[] = [];
  for (const [prop, values] of Object.entries(item.properties)) {
    if (!budget.take()) break;
    const provenance = { kind: 'microdata' as const, path: `${item.cssPath} [itemprop=${prop}]` };
    const nested = values.filter((v): v is MicrodataItem => typeof v !== 'string');
    const texts = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (nested.length > 0 && depth < MAX_DEPTH) {
      const records = nested.map((n) => microdataRecord(n, ctx, budget, depth + 1)).filter((r) => r.fields.length > 0);
      const named = records.length === 1 ? namedThing(prop, records[0] as ExtractedRecord) : null;
      if (named) fields.push(named);
      else if (records.length > 0) fields.push(nestedField(prop, records, CONFIDENCE.microdata, provenance, { list: records.length > 1 }));
    }
    if (texts.length === 1 && RUNNING_TEXT_KEYS.has(prop)) fields.push(textField(prop, texts[0] as string, CONFIDENCE.microdata, provenance, snakeCase(prop)));
    else if (texts.length === 1) fields.push(keyedField(ctx, prop, texts[0] as string, CONFIDENCE.microdata, provenance));
    else if (texts.length > 1) fields.push(listField(ctx, prop, texts, CONFIDENCE.microdata, provenance));
  }
  return { origin: 'microdata', path: item.cssPath, declaredType: declaredType(item.type), fields: withCurrency(fields) };
}

/** What only names a thing (a brand, an author, a seller): `{name, url, logo}` reads as the name under the key. */
const NAMING_EXTRAS = new Set(['url', 'logo', 'image', 'same_as', 'id', 'identifier', 'description']);

function namedThing(key: string, record: ExtractedRecord): ExtractedField | null {
  const name = record.fields.find((f) => f.name === 'name' && f.type === 'string');
  if (!name || !record.fields.every((f) => f === name || NAMING_EXTRAS.has(f.name))) return null;
  return { ...name, name: snakeCase(key), label: key };
}

/**
 * An offer's amounts and its `priceCurrency` are separate properties: each amount (price, lowPrice, highPrice) takes
 * the currency its record states when the amount itself did not say one.
 */
function withCurrency(fields: ExtractedField[]): ExtractedField[] {
  const code = fields.find((f) => f.name === 'price_currency' || f.name === 'currency');
  const currency = typeof code?.value === 'string' && /^[A-Z]{3}$/.test(code.value.trim()) ? code.value.trim() : null;
  if (!currency) return fields;
  return fields.map((f) => {
    if (!/(?:^|_)price$/.test(f.name)) return f;
    if (f.type === 'money' && f.value && typeof f.value === 'object' && !Array.isArray(f.value) && f.value['currency'] === null) {
      const money: Record<string, JsonValue> = { ...f.value, currency };
      return { ...f, value: money };
    }
    if ((f.type === 'number' || f.type === 'integer') && typeof f.value === 'number') return { ...f, type: 'money', value: { amount: f.value, currency } };
    return f;
  });
}

/**
 * RDFa Lite (`vocab`, `typeof`, `property`, `resource`): an element with `typeof` starts a record, `property`
 * inside it adds a value (from `content`, `href`, `src`, `datetime` or the text). Top-level `property` attributes
 * outside any `typeof` are OpenGraph meta tags and are read as meta instead.
 */
export function rdfaRecords(doc: ParsedHtml, ctx: FieldContext, budget: Budget): ExtractedRecord[] {
  const records: ExtractedRecord[] = [];
  const stack: Array<{ node: AnyNode; record: ExtractedRecord | null; depth: number }> = doc.dom.children.map((node) => ({ node, record: null, depth: 0 }));
  // Elements are visited in document order; fields are pushed to the innermost open record.
  while (stack.length > 0) {
    const { node, record, depth } = stack.pop() as { node: AnyNode; record: ExtractedRecord | null; depth: number };
    if (!isTag(node)) continue;
    let current = record;
    const property = node.attribs['property'];
    const typeOf = node.attribs['typeof'];
    if (typeOf !== undefined && node.name !== 'meta') {
      const nested: ExtractedRecord = { origin: 'microdata', path: cssPath(node), declaredType: declaredType(typeOf.split(/\s+/)), fields: [] };
      if (property && record && depth < MAX_DEPTH && budget.take()) {
        record.fields.push(nestedField(localName(property), [nested], CONFIDENCE.rdfa, { kind: 'rdfa', path: nested.path ?? '' }, { list: false }));
      } else if (!record) {
        records.push(nested);
      }
      current = nested;
    } else if (property && record && budget.take()) {
      const raw = rdfaValue(node);
      if (raw.trim() !== '') record.fields.push(keyedField(ctx, localName(property), raw, CONFIDENCE.rdfa, { kind: 'rdfa', path: cssPath(node) }));
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as AnyNode, record: current, depth: depth + 1 });
  }
  return records.filter((r) => r.fields.length > 0).map((r) => ({ ...r, origin: 'microdata' }));
}

function rdfaValue(el: Element): string {
  const a = el.attribs;
  return a['content'] ?? a['datetime'] ?? a['resource'] ?? a['href'] ?? a['src'] ?? textOf(el);
}

function localName(property: string): string {
  const first = property.split(/\s+/)[0] ?? property;
  return first.replace(/^.*[/#:]/, '') || first;
}

function declaredType(type: unknown): string | null {
  const names = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string' && t !== '');
  if (names.length === 0) return null;
  return names.map((n) => n.replace(/^.*[/#:]/, '')).join(',');
}

export function textOf(el: Element, max = 4_000): string {
  let out = '';
  const stack: AnyNode[] = [el];
  while (stack.length > 0 && out.length < max) {
    const node = stack.pop() as AnyNode;
    if (isText(node)) out += node.data;
    else if (isTag(node)) {
      if (node.name === 'br' || node.name === 'p' || node.name === 'div' || node.name === 'li') out += ' ';
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

function pathStep(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPrimitive(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
