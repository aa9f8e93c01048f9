import { walkFields, type ExtractedRecord, type JsonValue } from '../../pipeline/extraction/model.js';
import { fold } from '../../pipeline/extraction/normalize/text.js';
import { agree, valueKeys } from './match.js';

/**
 * Value recall: the share of expected values found anywhere in an extraction, whatever the field is called. Values
 * are compared by the same normalized keys as the field scorer (text folded for case, accents and whitespace;
 * numbers, also when written with a currency; dates as ISO; currency symbols as codes; schema.org enumerations as
 * their last segment), and a relative link in the ground truth is found as the end of the resolved URL.
 */
export interface RecallReport {
  expected: number;
  found: number;
  /** 1 when nothing was expected: there was nothing to miss. */
  recall: number;
  missing: string[];
}

export function valueRecall(expected: readonly JsonValue[], records: readonly ExtractedRecord[]): RecallReport {
  const pool = new Set<string>();
  for (const field of walkFields(records)) {
    for (const k of valueKeys(field.value)) pool.add(k);
    for (const k of valueKeys(field.raw)) pool.add(k);
  }
  const texts = [...pool].filter((k) => k.startsWith('t:'));
  const missing: string[] = [];
  for (const value of expected) {
    if (!found(value, pool, texts)) missing.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  const hits = expected.length - missing.length;
  return { expected: expected.length, found: hits, recall: expected.length === 0 ? 1 : hits / expected.length, missing };
}

function found(value: JsonValue, pool: ReadonlySet<string>, texts: readonly string[]): boolean {
  if (agree(valueKeys(value), pool as Set<string>)) return true;
  if (typeof value !== 'string') return false;
  const text = value.trim();
  if (/^[\w./-]+\.\w{2,5}$/.test(text)) {
    const tail = `/${fold(text).replace(/^\.?\//, '')}`;
    return texts.some((t) => t.endsWith(tail));
  }
  return false;
}
