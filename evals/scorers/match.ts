import { walkFields, type ExtractedField, type ExtractedRecord, type JsonValue } from '../../pipeline/extraction/model.js';
import { detectCurrency } from '../../pipeline/extraction/normalize/money.js';
import { parseDate } from '../../pipeline/extraction/normalize/dates.js';
import { parseNumber } from '../../pipeline/extraction/normalize/numbers.js';
import { fold } from '../../pipeline/extraction/normalize/text.js';

/**
 * Values are compared normalized: text folded (case, accents, whitespace), numbers rounded to cents, dates as ISO,
 * currency symbols as codes, money objects by their amounts and currency, schema.org enumerations by their last
 * segment. A value becomes a set of keys; two values agree when their key sets meet.
 */
export function valueKeys(value: JsonValue | undefined): Set<string> {
  const keys = new Set<string>();
  const add = (v: JsonValue | undefined): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'number') keys.add(`n:${Math.round(v * 100) / 100}`);
    else if (typeof v === 'boolean') keys.add(`b:${v}`);
    else if (typeof v === 'string') {
      const text = v.trim();
      if (!text) return;
      keys.add(`t:${fold(text).replace(/\s+/g, ' ')}`);
      // A schema.org enumeration (`http://schema.org/InStock`) means what a page shows as its last segment.
      const enumeration = /^https?:\/\/schema\.org\/(\w+)$/i.exec(text);
      if (enumeration) keys.add(`t:${fold(enumeration[1] ?? '')}`);
      if (/^\d{4}-\d{2}-\d{2}/.test(text)) keys.add(`d:${text.slice(0, 10)}`);
      const date = parseDate(text);
      if (date && date.type !== 'date_range') keys.add(`d:${date.value.slice(0, 10)}`);
      const currency = detectCurrency(text);
      if (currency.currency && currency.rest.trim() === '') keys.add(`c:${currency.currency}`);
      // A number alone, or a number with a currency ("€ 45", "45,00 EUR"), also counts as that number.
      const numeric = currency.currency ? currency.rest.trim() : text;
      const n = /^[-+]?[\d.,'\s]+$/.test(numeric) ? parseNumber(numeric) : null;
      if (n !== null) keys.add(`n:${Math.round(n * 100) / 100}`);
    } else if (Array.isArray(v)) v.forEach(add);
    else for (const inner of Object.values(v)) add(inner);
  };
  add(value);
  return keys;
}

export function agree(a: Set<string>, b: Set<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}

/** Golden records as flat `path → value` pairs: nested objects and lists of objects become `cast.singer`. */
export function flattenGolden(record: Record<string, JsonValue>, prefix = ''): Map<string, JsonValue[]> {
  const out = new Map<string, JsonValue[]>();
  const push = (path: string, v: JsonValue): void => {
    const list = out.get(path) ?? [];
    list.push(v);
    out.set(path, list);
  };
  for (const [key, value] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const items = Array.isArray(value) ? value : [value];
    const objects = items.filter((i): i is Record<string, JsonValue> => i !== null && typeof i === 'object' && !Array.isArray(i) && !isMoney(i));
    if (objects.length > 0 && objects.length === items.length) {
      for (const o of objects) for (const [p, vs] of flattenGolden(o, path)) vs.forEach((v) => push(p, v));
    } else push(path, value);
  }
  return out;
}

function isMoney(o: Record<string, JsonValue>): boolean {
  return 'currency' in o || 'amount' in o;
}

/** Discovered fields as `path → values`, nested records under their parent's name. */
export function flattenDiscovered(records: readonly ExtractedRecord[]): Map<string, JsonValue[]> {
  const out = new Map<string, JsonValue[]>();
  const visit = (fields: readonly ExtractedField[], prefix: string): void => {
    for (const f of fields) {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      if (f.records && f.records.length > 0) {
        for (const r of f.records) visit(r.fields, path);
        continue;
      }
      const list = out.get(path) ?? [];
      list.push(f.value, f.raw);
      out.set(path, list);
    }
  };
  for (const r of records) visit(r.fields, '');
  return out;
}

export { walkFields };
