import type { ExtractedField, ExtractedRecord } from './model.js';
import { fold } from './normalize/text.js';

/**
 * Offline and LLM extractions combined. Fields are aligned by normalized value: a value both found gains
 * confidence (noisy-OR of the two) and keeps both sources and provenances; a field both named alike but valued
 * differently is a conflict and both lose confidence; what only one found is kept with its own confidence.
 */
export interface MergeResult {
  records: ExtractedRecord[];
  agreed: number;
  conflicts: number;
  llmOnly: number;
}

const CONFLICT_FACTOR = 0.7;

export function mergeExtractions(offline: readonly ExtractedRecord[], llm: readonly ExtractedRecord[], multiplicity: 'single' | 'many' | 'none'): MergeResult {
  const records = structuredClone(offline) as ExtractedRecord[];
  const byValue = new Map<string, ExtractedField>();
  const byName = new Map<string, ExtractedField[]>();
  for (const field of fieldsOf(records)) {
    const key = valueKey(field);
    if (key && !byValue.has(key)) byValue.set(key, field);
    byName.set(field.name, [...(byName.get(field.name) ?? []), field]);
  }
  let agreed = 0;
  let conflicts = 0;
  let llmOnly = 0;
  const leftovers: ExtractedRecord[] = [];
  for (const record of llm) {
    const rest: ExtractedField[] = [];
    for (const field of record.fields) {
      const key = valueKey(field);
      const twin = key ? byValue.get(key) : undefined;
      if (twin) {
        agreed++;
        twin.confidence = round(1 - (1 - twin.confidence) * (1 - field.confidence));
        twin.sources = [...new Set([...twin.sources, 'llm' as const])];
        twin.provenance.push(...field.provenance);
        continue;
      }
      const rivals = (byName.get(field.name) ?? []).filter((f) => f.type === field.type);
      if (rivals.length > 0 && !field.records) {
        conflicts++;
        for (const rival of rivals) rival.confidence = round(rival.confidence * CONFLICT_FACTOR);
        rest.push({ ...field, confidence: round(field.confidence * CONFLICT_FACTOR) });
        continue;
      }
      llmOnly++;
      rest.push(field);
    }
    if (rest.length > 0) leftovers.push({ ...record, fields: rest });
  }
  const main = records[0];
  if (multiplicity !== 'many' && main && leftovers.length > 0) {
    // On a detail page what only the LLM found belongs to the one main record.
    const first = leftovers.shift() as ExtractedRecord;
    main.fields.push(...first.fields);
  }
  return { records: [...records, ...leftovers], agreed, conflicts, llmOnly };
}

function* fieldsOf(records: readonly ExtractedRecord[]): Generator<ExtractedField> {
  for (const r of records) {
    for (const f of r.fields) {
      yield f;
      if (f.records) yield* fieldsOf(f.records);
    }
  }
}

/** Normalized equality: folded strings, numbers as numbers, objects by their canonical JSON. Lists do not align. */
function valueKey(field: ExtractedField): string | null {
  if (field.records || field.type === 'list') return null;
  const v = field.value;
  if (v === null || v === '') return null;
  if (typeof v === 'string') return `${field.type === 'datetime' ? 'date' : 's'}:${fold(v).replace(/\s+/g, ' ').trim()}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `n:${String(v)}`;
  return `j:${JSON.stringify(v, Object.keys(v as object).sort())}`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
