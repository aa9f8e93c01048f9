import { walkFields, type ExtractedRecord, type JsonValue } from './model.js';
import { detectCurrency } from './normalize/money.js';
import { parseDate } from './normalize/dates.js';
import { parseNumber } from './normalize/numbers.js';
import { fold } from './normalize/text.js';

/**
 * Value recall: the share of expected values that appear somewhere in an extraction, whatever the field is
 * called. Discovery names fields itself, so fields are aligned by value; values are compared normalized
 * (case, accents and whitespace; numbers; dates as ISO; currency symbols as codes).
 */
export interface RecallReport {
  expected: number;
  found: number;
  recall: number;
  missing: string[];
}

export function valueRecall(expected: readonly JsonValue[], records: readonly ExtractedRecord[]): RecallReport {
  const pool = valuePool(records);
  const missing: string[] = [];
  let found = 0;
  for (const value of expected) {
    if (matches(value, pool)) found++;
    else missing.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return { expected: expected.length, found, recall: expected.length === 0 ? 1 : found / expected.length, missing };
}

interface Pool {
  texts: Set<string>;
  numbers: number[];
}

function valuePool(records: readonly ExtractedRecord[]): Pool {
  const pool: Pool = { texts: new Set(), numbers: [] };
  const addText = (s: string) => {
    const key = textKey(s);
    if (key) pool.texts.add(key);
    const date = parseDate(s);
    if (date?.type === 'date') pool.texts.add(date.value);
    if (date?.type === 'datetime') pool.texts.add(date.value.slice(0, 10));
  };
  const addValue = (v: JsonValue) => {
    if (typeof v === 'number') pool.numbers.push(v);
    else if (typeof v === 'string') {
      addText(v);
      if (/^\d{4}-\d{2}-\d{2}T/.test(v)) pool.texts.add(v.slice(0, 10));
    } else if (typeof v === 'boolean') pool.texts.add(String(v));
    else if (Array.isArray(v)) v.forEach(addValue);
    else if (v && typeof v === 'object') Object.values(v).forEach(addValue);
  };
  for (const field of walkFields(records)) {
    addText(field.raw);
    addValue(field.value);
    const n = parseNumber(field.raw);
    if (n !== null) pool.numbers.push(n);
  }
  return pool;
}

function matches(value: JsonValue, pool: Pool): boolean {
  if (typeof value === 'number') return pool.numbers.some((n) => Math.abs(n - value) < 0.005);
  if (typeof value !== 'string') return pool.texts.has(textKey(JSON.stringify(value)));
  const text = value.trim();
  if (pool.texts.has(textKey(text))) return true;
  const currency = detectCurrency(text);
  if (currency.currency && currency.rest.trim() === '' && pool.texts.has(textKey(currency.currency))) return true;
  const n = parseNumber(text);
  if (n !== null && pool.numbers.some((x) => Math.abs(x - n) < 0.005)) return true;
  const date = parseDate(text);
  if (date && date.type !== 'date_range' && pool.texts.has(date.value.slice(0, 10))) return true;
  // A relative URL in the ground truth is found as the end of the resolved one.
  if (/^[\w./-]+\.\w{2,5}$/.test(text) && !text.includes(' ') && [...pool.texts].some((t) => t.endsWith(`/${textKey(text)}`))) return true;
  // schema.org enumeration URLs ("http://schema.org/InStock") are found as their last segment.
  const tail = /^https?:\/\/schema\.org\/(\w+)$/.exec(text);
  return tail ? pool.texts.has(textKey(tail[1] as string)) : false;
}

function textKey(s: string): string {
  return fold(s)
    .replace(/^https?:\/\/schema\.org\//, '')
    .replace(/\s+/g, ' ')
    .trim();
}
