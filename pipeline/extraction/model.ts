import { z } from 'zod';

/**
 * The discovery extraction model: one document yields records, each record holds fields, and every field keeps
 * its label as written, raw and normalized value, type, confidence and where it was found. These zod schemas are
 * the single source of the TypeScript types and of the JSON Schema given to the LLM extractor.
 */

export const FIELD_TYPES = [
  'string',
  'number',
  'integer',
  'money',
  'date',
  'datetime',
  'date_range',
  'duration',
  'url',
  'email',
  'phone',
  'boolean',
  'list',
  'object',
] as const;
export const FieldType = z.enum(FIELD_TYPES).describe('Type of the normalized value');
export type FieldType = z.infer<typeof FieldType>;

/** Normalized value shapes, by type: money `{amount, currency}` or `{min, max, currency}`, date `YYYY-MM-DD`, … */
export const Money = z.object({
  amount: z.number().nullable().describe('Single amount, or null for a range'),
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
  currency: z.string().nullable().describe('ISO 4217 code where known (EUR, USD, GBP, CHF)'),
});
export type Money = z.infer<typeof Money>;

export const DateRange = z.object({
  start: z.string().describe('ISO 8601 date or datetime'),
  end: z.string().describe('ISO 8601 date or datetime'),
});
export type DateRange = z.infer<typeof DateRange>;

export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export const PROVENANCE_KINDS = ['css', 'jsonld', 'microdata', 'rdfa', 'meta', 'pdf', 'text', 'xml', 'llm'] as const;
export const Provenance = z.object({
  kind: z.enum(PROVENANCE_KINDS),
  /** CSS path of the element, JSON-LD path (`$[0].location.name`), microdata/RDFa property path, XML path (`/feed/entry[2]/title`). */
  path: z.string().optional(),
  /** PDF page and line (1-based). */
  page: z.number().int().positive().optional(),
  line: z.number().int().positive().optional(),
  /** Character offsets into the parsed document's `text`. */
  start: z.number().int().nonnegative().optional(),
  end: z.number().int().nonnegative().optional(),
});
export type Provenance = z.infer<typeof Provenance>;

export const EXTRACTOR_NAMES = ['offline', 'llm', 'merged', 'schema'] as const;
export const ExtractorName = z.enum(EXTRACTOR_NAMES);
export type ExtractorName = z.infer<typeof ExtractorName>;

export interface ExtractedField {
  /** Normalized snake_case name (`start_date`, `conductor`). */
  name: string;
  /** The label as written on the page (`Dirigent`, `Date de clôture`), or the source key. */
  label: string;
  raw: string;
  value: JsonValue;
  type: FieldType;
  confidence: number;
  provenance: Provenance[];
  /** Which extractor(s) found the value. */
  sources: ExtractorName[];
  /** For `list`/`object` fields made of records (cast members, lots): the nested records. */
  records?: ExtractedRecord[] | undefined;
}

export interface ExtractedRecord {
  /** What kind of structure the record came from. */
  origin: 'page' | 'jsonld' | 'microdata' | 'table_row' | 'repeated' | 'pdf' | 'llm';
  /** Where the record sits (CSS path of its container, JSON-LD path, PDF page). */
  path: string | null;
  /** schema.org or other declared type, when the source declared one. */
  declaredType: string | null;
  fields: ExtractedField[];
}

export const ExtractedField: z.ZodType<ExtractedField> = z.lazy(() =>
  z.object({
    name: z.string().regex(/^[a-z0-9_]+$/, 'snake_case'),
    label: z.string(),
    raw: z.string(),
    value: JsonValue,
    type: FieldType,
    confidence: z.number().min(0).max(1),
    provenance: z.array(Provenance),
    sources: z.array(ExtractorName),
    records: z.array(ExtractedRecord).optional(),
  }),
);

export const ExtractedRecord: z.ZodType<ExtractedRecord> = z.lazy(() =>
  z.object({
    origin: z.enum(['page', 'jsonld', 'microdata', 'table_row', 'repeated', 'pdf', 'llm']),
    path: z.string().nullable(),
    declaredType: z.string().nullable(),
    fields: z.array(ExtractedField),
  }),
);

export const TokenUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative().optional(),
  cacheWriteTokens: z.number().int().nonnegative().optional(),
  costUsd: z.number().nonnegative().optional(),
  model: z.string().optional(),
});

export const Extraction = z.object({
  documentId: z.string().nullable(),
  url: z.string(),
  extractor: ExtractorName,
  model: z.string().nullable(),
  promptVersion: z.string().nullable(),
  /** `single`: a detail page (one main record); `many`: a listing (several records of the same shape). */
  multiplicity: z.enum(['single', 'many', 'none']),
  records: z.array(ExtractedRecord),
  /** Mean field confidence over all records (0 when there are none). */
  confidence: z.number().min(0).max(1),
  usage: TokenUsageSchema.nullable(),
  warnings: z.array(z.string()),
  extractedAt: z.string(),
});
export type Extraction = z.infer<typeof Extraction>;

/** Every field of an extraction, depth first (nested records included). */
export function* walkFields(records: readonly ExtractedRecord[]): Generator<ExtractedField> {
  for (const record of records) {
    for (const field of record.fields) {
      yield field;
      if (field.records) yield* walkFields(field.records);
    }
  }
}
