import { z } from 'zod';
import { FIELD_TYPES } from '../../pipeline/extraction/model.js';

/**
 * The golden fixture formats: one task per page (what a person expects to extract from it) and one reviewed
 * schema per document type. The JSON files under evals/golden are written by evals/sites/write-golden.ts.
 */

export const DOCUMENT_TYPES = ['production', 'notice', 'listing', 'about', 'contact', 'news', 'tender_pdf'] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof DocumentType>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

export const GoldenRecord = z.record(z.string().min(1), JsonValue);
export type GoldenRecord = z.infer<typeof GoldenRecord>;

export const GoldenTask = z.strictObject({
  site: z.string().regex(/^[a-z0-9-]+$/, 'a site id such as "staatsoper-nord"'),
  path: z.string().startsWith('/', 'the page path starts with "/"'),
  documentType: DocumentType,
  language: z.string().min(2),
  contentType: z.string().min(1),
  requiresJavaScript: z.boolean().optional(),
  records: z.array(GoldenRecord),
});
export type GoldenTask = z.infer<typeof GoldenTask>;

export interface SchemaField {
  name: string;
  type: (typeof FIELD_TYPES)[number];
  required: boolean;
  description: string;
  /** For `list`: the element type (and its fields when the elements are objects). */
  items?: { type: (typeof FIELD_TYPES)[number]; fields?: SchemaField[] };
  /** For `object`: its fields. */
  fields?: SchemaField[];
}

export const SchemaField: z.ZodType<SchemaField> = z.lazy(() =>
  z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'snake_case field names'),
    type: z.enum(FIELD_TYPES),
    required: z.boolean(),
    description: z.string(),
    items: z.strictObject({ type: z.enum(FIELD_TYPES), fields: z.array(SchemaField).optional() }).optional(),
    fields: z.array(SchemaField).optional(),
  }),
);

export const GoldenSchema = z.strictObject({
  documentType: DocumentType,
  tableName: z.string().regex(/^[a-z][a-z0-9_]*$/),
  description: z.string(),
  fields: z.array(SchemaField).min(1),
});
export type GoldenSchema = z.infer<typeof GoldenSchema>;
