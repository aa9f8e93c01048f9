import { normalizeLabel, snakeCase } from './labels.js';
import type { ExtractedField, ExtractedRecord, JsonValue, Provenance } from './model.js';
import { parseAvailability } from './normalize/availability.js';
import { inferValue } from './normalize/infer.js';

/** What every offline source knows when it finds a value. */
export interface FieldContext {
  language: string | null;
  baseUrl: string;
  /** The document writes numeric dates month first (or not), by its own evidence; unset: its language decides. */
  monthFirst?: boolean | undefined;
}

/** Values longer than this are cut: a "field" of 50,000 characters is running text, not data. */
export const MAX_RAW_CHARS = 2_000;

/**
 * A field from a label as written and a raw string: the name comes from the label dictionary (or snake_case),
 * the type and normalized value from the normalizers.
 */
export function labelledField(ctx: FieldContext, label: string, raw: string, confidence: number, provenance: Provenance, opts: { name?: string } = {}): ExtractedField {
  const cleanLabel = label.replace(/\s+/g, ' ').replace(/\s*[:：]\s*$/, '').trim();
  const name = opts.name ?? normalizeLabel(cleanLabel);
  const text = clipRaw(raw.replace(/\s+/g, ' ').trim());
  const availability = AVAILABILITY_NAMES.test(name) ? parseAvailability(text) : null;
  if (availability) return { name, label: cleanLabel, raw: text, value: availability, type: 'string', confidence, provenance: [provenance], sources: ['offline'] };
  const codes = codeList(text);
  if (codes) return { name, label: cleanLabel, raw: text, value: codes, type: 'list', confidence, provenance: [provenance], sources: ['offline'] };
  const inferred = inferValue(text, { name, language: ctx.language, monthFirst: ctx.monthFirst, baseUrl: ctx.baseUrl });
  return { name, label: cleanLabel, raw: text, value: inferred.value, type: inferred.type, confidence, provenance: [provenance], sources: ['offline'] };
}

const CODE = String.raw`[A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*`;
const CODE_LIST = new RegExp(String.raw`^${CODE}(?:\s*[,;]\s*${CODE})+$`);

/** "45214200-2, 45331000-6": several codes in one value are a list of codes, each kept as written. */
function codeList(text: string): string[] | null {
  if (text.length > 400 || !CODE_LIST.test(text)) return null;
  const codes = text.split(/\s*[,;]\s*/);
  // "1,5" or "12, 14, 16" are numbers and days, not codes.
  return codes.every((c) => /[A-Z-]/.test(c) || c.length >= 5) ? codes : null;
}

/** Fields whose value is a stock status, read as the schema.org enumeration whatever the language. */
const AVAILABILITY_NAMES = /(?:^|_)(?:availability|stock_status|in_stock)$/;

/** A field named after a structured-data key (`startDate` → `start_date`), without the label dictionary. */
export function keyedField(ctx: FieldContext, key: string, raw: string, confidence: number, provenance: Provenance): ExtractedField {
  return labelledField(ctx, key, raw, confidence, provenance, { name: snakeCase(key) });
}

/** A field holding nested records (`location` → Place, `performer` → [Person, …]). */
export function nestedField(
  key: string,
  records: ExtractedRecord[],
  confidence: number,
  provenance: Provenance,
  opts: { list: boolean; name?: string },
): ExtractedField {
  const name = opts.name ?? snakeCase(key);
  const single = !opts.list && records.length === 1;
  const summaries = records.map(recordSummary);
  return {
    name,
    label: key,
    raw: summaries.map((s) => (typeof s === 'object' && s !== null && !Array.isArray(s) && typeof s['name'] === 'string' ? s['name'] : '')).filter(Boolean).join('; ').slice(0, MAX_RAW_CHARS),
    value: single ? (summaries[0] ?? null) : summaries,
    type: single ? 'object' : 'list',
    confidence,
    provenance: [provenance],
    sources: ['offline'],
    records,
  };
}

/** A list of plain values under one key (`keywords: ["a", "b"]`). */
export function listField(ctx: FieldContext, key: string, raws: string[], confidence: number, provenance: Provenance): ExtractedField {
  const name = snakeCase(key);
  const values = raws.map((r) => inferValue(clipRaw(r), { name, language: ctx.language, monthFirst: ctx.monthFirst, baseUrl: ctx.baseUrl }).value);
  return { name, label: key, raw: clipRaw(raws.join('; ')), value: values, type: 'list', confidence, provenance: [provenance], sources: ['offline'] };
}

/** `{name: value}` of a record's direct fields, for the `value` of an object field. */
export function recordSummary(record: ExtractedRecord): JsonValue {
  const out: Record<string, JsonValue> = {};
  if (record.declaredType) out['@type'] = record.declaredType;
  for (const f of record.fields) if (!(f.name in out)) out[f.name] = f.value;
  return out;
}

/** Running text (an article's body) is kept whole up to this length. */
export const MAX_TEXT_CHARS = 100_000;

/**
 * A field of running text: kept whole (not cut at the data-value limit), its paragraphs on lines of their own, never
 * read as a date or a number however it opens.
 */
export function textField(label: string, text: string, confidence: number, provenance: Provenance, name: string): ExtractedField {
  const lines = text
    .split(/\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
  const joined = lines.join('\n');
  const raw = joined.length <= MAX_TEXT_CHARS ? joined : `${joined.slice(0, MAX_TEXT_CHARS)}…`;
  return { name, label, raw, value: raw, type: 'string', confidence, provenance: [provenance], sources: ['offline'] };
}

export function clipRaw(raw: string): string {
  return raw.length <= MAX_RAW_CHARS ? raw : `${raw.slice(0, MAX_RAW_CHARS)}…`;
}

/** Fields with the same name and value found twice (JSON-LD and a definition list) are kept once, the surer one. */
export function dedupeFields(fields: ExtractedField[]): ExtractedField[] {
  const seen = new Map<string, number>();
  const out: ExtractedField[] = [];
  for (const field of fields) {
    const key = `${field.name}\u0000${JSON.stringify(field.value)}`;
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.length);
      out.push(field);
      continue;
    }
    const kept = out[at] as ExtractedField;
    // The surer finding wins, but a label as written on the page beats one Quarry made up from the name.
    if (field.confidence > kept.confidence) out[at] = { ...field, label: field.label === field.name ? kept.label : field.label, provenance: [...field.provenance, ...kept.provenance] };
    else kept.provenance.push(...field.provenance);
  }
  return out;
}
