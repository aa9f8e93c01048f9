import { z } from 'zod';

/**
 * A document type's schema: the one definition from which the zod source, the JSON Schema, the runtime validator
 * and the lakehouse table schema are all derived (`emit.ts`).
 */
export const SCHEMA_FIELD_TYPES = ['string', 'integer', 'number', 'money', 'money_range', 'date', 'datetime', 'date_range', 'duration', 'url', 'email', 'phone', 'boolean', 'records'] as const;
export type SchemaFieldType = (typeof SCHEMA_FIELD_TYPES)[number];

export interface SchemaFieldDef {
  /** snake_case, the column name. */
  name: string;
  type: SchemaFieldType;
  required: boolean;
  description: string;
  /** Share of the cluster's documents that have the field. */
  coverage: number;
  examples: string[];
  /** Low-cardinality text fields: the values seen. */
  enum?: string[] | undefined;
  /** Discovered field names mapped to this field (synonyms across sites), and why. */
  sources: string[];
  evidence: string[];
  stats: { distinct: number; min?: string | number | undefined; max?: string | number | undefined };
  /** For `records`: the nested records' fields (a child table). */
  fields?: SchemaFieldDef[] | undefined;
}

export interface SchemaDef {
  /** Human name of the type (`production`). */
  name: string;
  namespace: string;
  tableName: string;
  description: string;
  fields: SchemaFieldDef[];
}

export const SchemaFieldDefSchema: z.ZodType<SchemaFieldDef> = z.lazy(() =>
  z.object({
    name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'snake_case, at most 63 characters'),
    type: z.enum(SCHEMA_FIELD_TYPES),
    required: z.boolean(),
    description: z.string(),
    coverage: z.number().min(0).max(1),
    examples: z.array(z.string()),
    enum: z.array(z.string()).optional(),
    sources: z.array(z.string()),
    evidence: z.array(z.string()),
    stats: z.object({ distinct: z.number().int(), min: z.union([z.string(), z.number()]).optional(), max: z.union([z.string(), z.number()]).optional() }),
    fields: z.array(SchemaFieldDefSchema).optional(),
  }),
);

export const SchemaDefSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
  tableName: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
  description: z.string(),
  fields: z.array(SchemaFieldDefSchema).min(1),
});
