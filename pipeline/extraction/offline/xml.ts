import type { ParsedXml, XmlElement } from '../../parsing/document.js';
import { collapse } from '../../parsing/dom.js';
import { allText } from '../../parsing/xml.js';
import { labelledField, listField, nestedField, type FieldContext } from '../field.js';
import { snakeCase } from '../labels.js';
import type { ExtractedField, ExtractedRecord, JsonValue, Provenance } from '../model.js';
import { detectCurrency } from '../normalize/money.js';
import type { Budget } from './budget.js';
import type { RecordGroup } from './tables.js';

/**
 * Any XML read by its structure, with no vocabulary known in advance (a procurement notice, a product feed, RSS, a
 * sitemap). Elements that repeat are records; everything else is flattened into the record around it, so a
 * notice is one row with its lots as nested records, not a chain of one-row wrappers:
 *
 * - a leaf element's text, or an empty element's single attribute (`<CPV_CODE CODE="…"/>`), is a field;
 * - a wrapper around one value names it (`<TITLE><P>…</P></TITLE>` → `title`, `<PartyName><Name>…` → `party_name`);
 * - an amount with an attribute holding a currency code (`currencyID="EUR"`, `CURRENCY="EUR"`) is money;
 * - repeated values are one list field, repeated structures (and the children of a plural wrapper such as
 *   `<Organizations>`) records.
 *
 * A field is named after its element (humanized: `CityName` → `city_name`, `UBLVersionID` → `ubl_version_id`),
 * qualified by as many enclosing element names as it takes to tell it from the record's other fields
 * (`address_contracting_body_officialname` beside `address_review_body_officialname`).
 */
export interface XmlFindings {
  /** Fields of the document element's record. */
  fields: ExtractedField[];
  /** The repeated structures of the document element's record: a feed's items, a notice's lots. */
  groups: RecordGroup[];
}

const CONFIDENCE = 0.9;
/** Repeated structures nested in repeated structures deeper than this are left out (hostile documents). */
const MAX_RECORD_DEPTH = 24;
/** XML Schema's date with a zone (`2018-05-07+01:00`, `2018-05-07Z`): a day, whatever zone it was written in. */
const ZONED_DATE = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$/;
/** Field names stay as short as snake_case names elsewhere (`snakeCase` keeps 64 characters). */
const MAX_NAME_CHARS = 64;

export function xmlFindings(doc: ParsedXml, ctx: FieldContext, budget: Budget): XmlFindings {
  // XML writes values for machines, numbers with XML Schema's decimal point, whatever language its text is in.
  return readRecord(doc.root, `/${doc.root.name}`, { ctx: { ...ctx, language: null }, budget }, 0);
}

interface Reader {
  ctx: FieldContext;
  budget: Budget;
}

/** What a record holds before its fields are named: each item knows the element names leading to it. */
type Item =
  | { kind: 'value'; chain: string[]; raw: string; currency: string | null; path: string; attribute?: true }
  | { kind: 'list'; chain: string[]; raws: string[]; path: string }
  | { kind: 'records'; chain: string[]; records: ExtractedRecord[]; path: string };

function readRecord(element: XmlElement, path: string, reader: Reader, depth: number): XmlFindings {
  const items: Item[] = [];
  const value = valueOf(element);
  // A record's own attributes are its fields (`<row id="7" price="3.50"/>` → `id`, `price`).
  if (value) items.push(...valueItems(value, [element.name], path, []));
  else {
    items.push(...attributeItems(element, [], path));
    readChildren(element, [], path, items, reader, depth);
  }
  const fields: ExtractedField[] = [];
  const groups: RecordGroup[] = [];
  for (const { item, name, label } of named(items)) {
    if (!reader.budget.take()) break;
    const provenance: Provenance = { kind: 'xml', path: item.path };
    if (item.kind === 'value') fields.push(valueField(reader.ctx, name, label, item, provenance));
    else if (item.kind === 'list') fields.push({ ...listField(reader.ctx, name, item.raws, CONFIDENCE, provenance), name, label });
    else if (item.records.length === 0) continue;
    else if (depth === 0) groups.push({ name, label, path: item.path, records: item.records });
    else fields.push(nestedField(label, item.records, CONFIDENCE, provenance, { list: true, name }));
  }
  return { fields, groups };
}

/** A container's children: values become items, repeated structures records, other containers are flattened. */
function readChildren(container: XmlElement, chain: string[], path: string, items: Item[], reader: Reader, depth: number): void {
  const children = container.children.filter((c): c is XmlElement => typeof c === 'object');
  const counts = new Map<string, number>();
  for (const child of children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const plural = counts.size === 1 && pluralOf(container.name, children[0]?.name ?? '');
  // A wrapper holding nothing but the repeats of one element (`<SHORT_DESCR>` of `<P>`s) names them.
  const listWrapper = chain.length > 0 && counts.size === 1 && (plural || children.length > 1);
  const seen = new Map<string, number>();
  for (const child of children) {
    const at = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, at);
    const repeated = plural || (counts.get(child.name) ?? 0) > 1;
    const childChain = [...chain, child.name];
    if (repeated) {
      // The occurrences of a repeated name are read together, at the first one.
      if (at === 1) items.push(repeatedItem(children.filter((c) => c.name === child.name), listWrapper ? chain : childChain, `${path}/${child.name}`, reader, depth));
      continue;
    }
    const childPath = `${path}/${child.name}`;
    const value = valueOf(child);
    if (value) items.push(...valueItems(value, childChain, childPath));
    else {
      items.push(...attributeItems(child, childChain, childPath));
      readChildren(child, childChain, childPath, items, reader, depth);
    }
  }
}

/** The one value an element stands for: its text (all of it in mixed content) and attributes, through wrappers. */
interface XmlValue {
  text: string;
  attributes: Record<string, string>;
  /** The element holding the value, as a path below the one asked about (`/P` under `TITLE`), or ''. */
  below: string;
}

function valueOf(element: XmlElement): XmlValue | null {
  let current = element;
  let below = '';
  for (;;) {
    const elements = current.children.filter((c): c is XmlElement => typeof c === 'object');
    const ownText = collapse(current.children.filter((c) => typeof c === 'string').join(' '));
    if (elements.length === 0) return { text: ownText, attributes: current.attributes, below };
    if (ownText !== '') return { text: collapse(allText(current)), attributes: current.attributes, below };
    const [only] = elements;
    if (elements.length > 1 || !only || Object.keys(current.attributes).length > 0 || pluralOf(current.name, only.name)) return null;
    current = only;
    below = `${below}/${only.name}`;
  }
}

/** An amount's currency, whatever the attribute is called (`currencyID`, `CURRENCY`, `waehrung`): an ISO 4217 code. */
function isCurrencyOf(text: string, code: string): boolean {
  return /^[-+]?\d[\d\s.,']*$/.test(text) && /^[A-Z]{3}$/.test(code) && detectCurrency(code).currency === code;
}

/**
 * A value's text and its attributes (named after `attributeChain`, the element's own chain unless the element is
 * the record) or, for an empty element, its attributes.
 */
function valueItems(value: XmlValue, chain: string[], elementPath: string, attributeChain = chain): Item[] {
  const path = `${elementPath}${value.below}`;
  const attributes = Object.entries(value.attributes).filter(([, v]) => collapse(v) !== '');
  const currency = attributes.find(([, v]) => isCurrencyOf(value.text, v.trim()));
  if (value.text !== '') {
    const rest = attributes.filter((a) => a !== currency).map(([name, v]): Item => ({ kind: 'value', chain: [...attributeChain, name], raw: v, currency: null, path: `${path}/@${name}`, attribute: true }));
    return [{ kind: 'value', chain, raw: value.text, currency: currency?.[1].trim() ?? null, path }, ...rest];
  }
  const [only] = attributes;
  if (attributes.length === 1 && only) return [{ kind: 'value', chain, raw: only[1], currency: null, path: `${path}/@${only[0]}` }];
  return attributes.map(([name, v]): Item => ({ kind: 'value', chain: [...attributeChain, name], raw: v, currency: null, path: `${path}/@${name}`, attribute: true }));
}

function attributeItems(element: XmlElement, chain: string[], path: string): Item[] {
  return Object.entries(element.attributes)
    .filter(([, v]) => collapse(v) !== '')
    .map(([name, v]): Item => ({ kind: 'value', chain: [...chain, name], raw: v, currency: null, path: `${path}/@${name}`, attribute: true }));
}

/**
 * Occurrences of one repeated name: plain texts (or the same lone attribute) are one list of values, anything richer
 * is one record per occurrence.
 */
function repeatedItem(occurrences: XmlElement[], chain: string[], path: string, reader: Reader, depth: number): Item {
  const values = occurrences.map(valueOf);
  if (values.every((v): v is XmlValue => v !== null && v.text !== '' && Object.keys(v.attributes).length === 0)) {
    return { kind: 'list', chain, raws: values.map((v) => v.text), path };
  }
  const lone = values.map((v) => (v && v.text === '' ? Object.entries(v.attributes) : []));
  const attribute = lone[0]?.[0]?.[0];
  if (attribute && lone.every((a) => a.length === 1 && a[0]?.[0] === attribute)) {
    return { kind: 'list', chain, raws: lone.map((a) => a[0]?.[1] ?? ''), path: `${path}/@${attribute}` };
  }
  if (depth >= MAX_RECORD_DEPTH) {
    reader.budget.warn(`XML records nested deeper than ${MAX_RECORD_DEPTH} levels at ${path}; the rest was skipped`);
    return { kind: 'records', chain, records: [], path };
  }
  const records = occurrences.map((occurrence, i): ExtractedRecord => {
    const recordPath = `${path}[${i + 1}]`;
    const { fields } = readRecord(occurrence, recordPath, reader, depth + 1);
    return { origin: 'repeated', path: recordPath, declaredType: null, fields };
  });
  return { kind: 'records', chain, records: records.filter((r) => r.fields.length > 0), path };
}

/** `Organizations` around `Organization`s, `LANGUAGES` around `LANGUAGE`s, `Categories` around `Category`s. */
function pluralOf(container: string, child: string): boolean {
  const c = snakeCase(humanize(container)).replace(/_/g, '');
  const one = snakeCase(humanize(child)).replace(/_/g, '');
  if (one === '') return false;
  return c === `${one}s` || c === `${one}es` || c === `${one}list` || (one.endsWith('y') && c === `${one.slice(0, -1)}ies`);
}

/** `UBLVersionID` → `UBL Version ID`, `CITY_NAME` → `CITY NAME`, `lastmod` stays. */
function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim();
}

/**
 * Each item named by the shortest tail of its element chain that no other item of the record shares; items whose
 * whole chains agree (an element and an attribute spelled alike) are told apart by a number.
 */
function named(items: Item[]): Array<{ item: Item; name: string; label: string }> {
  // An attribute (`schemeName`, `CODE`) says little without its element: it is named with it from the start.
  const lengths = items.map((item) => (item.kind === 'value' && item.attribute ? Math.min(2, item.chain.length) : 1));
  const nameAt = (i: number): string => nameOf(tail(items[i] as Item, lengths[i] as number));
  for (;;) {
    const byName = new Map<string, number[]>();
    items.forEach((_, i) => byName.set(nameAt(i), [...(byName.get(nameAt(i)) ?? []), i]));
    let grew = false;
    for (const indexes of byName.values()) {
      if (indexes.length < 2) continue;
      for (const i of indexes) {
        if ((lengths[i] as number) < (items[i] as Item).chain.length) {
          lengths[i] = (lengths[i] as number) + 1;
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  const used = new Set<string>();
  const nextNumber = new Map<string, number>();
  return items.map((item, i) => {
    const base = nameAt(i);
    let name = base;
    // Counting on from the last number taken keeps a thousand alike names linear, not quadratic.
    for (let n = nextNumber.get(base) ?? 2; used.has(name); n++) {
      name = `${base}_${n}`;
      nextNumber.set(base, n + 1);
    }
    used.add(name);
    return { item, name, label: tail(item, lengths[i] as number).join('/') };
  });
}

/** Element names as one snake_case name; a long one keeps its end, where the element itself is named. */
function nameOf(chain: string[]): string {
  const name = chain.map((part) => snakeCase(humanize(part))).join('_');
  if (name.length <= MAX_NAME_CHARS) return name;
  const cut = name.slice(name.length - MAX_NAME_CHARS);
  return cut.slice(cut.indexOf('_') + 1);
}

function tail(item: Item, length: number): string[] {
  return item.chain.slice(Math.max(0, item.chain.length - length));
}

function valueField(ctx: FieldContext, name: string, label: string, item: Extract<Item, { kind: 'value' }>, provenance: Provenance): ExtractedField {
  const field = labelledField(ctx, label, item.raw, CONFIDENCE, provenance, { name });
  const day = ZONED_DATE.exec(field.raw)?.[1];
  if (day) return { ...field, type: 'date', value: day };
  if (!item.currency) return field;
  if (typeof field.value === 'number') return { ...field, type: 'money', value: { amount: field.value, currency: item.currency } };
  if (field.type === 'money' && isObject(field.value) && field.value['currency'] === null) return { ...field, value: { ...field.value, currency: item.currency } };
  return field;
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
