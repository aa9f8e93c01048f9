import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ExtractedField, ExtractedRecord, JsonValue } from '../extraction/model.js';
import type { LakeField, LakeTableSchema } from '../lakehouse/schema.js';
import type { SchemaDef, SchemaFieldDef } from './model.js';

/**
 * Everything derived from one `SchemaDef`: the runtime validator for a row, the same validator as zod source text
 * a developer can paste, the JSON Schema, the lakehouse tables (a parent and one child table per nested record
 * field), and the mapping of an extraction's record to rows.
 *
 * Row shape (flat, as stored): money → `<name>` amount + `<name>_currency`; a money range → `<name>_min`,
 * `<name>_max` + `<name>_currency` (one amount fills both); date ranges → `<name>_start`,
 * `<name>_end`; nested records → child rows with `_parent_row_id`; every row has `_row_id`, `_document_id`,
 * `_url`, `_extraction_id`; child rows `_row_id`, `_parent_row_id` and `_document_id` (a changed document replaces
 * its rows in both).
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_OR_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}|$)/;

type Columns = Array<{ name: string; zod: z.ZodType; source: string; lake: LakeField['type'] }>;

function columnsOf(field: SchemaFieldDef): Columns {
  const text = (extra?: (s: z.ZodString) => z.ZodType): z.ZodType => (extra ? extra(z.string()) : z.string());
  switch (field.type) {
    case 'money':
      return [
        { name: field.name, zod: z.number(), source: 'z.number()', lake: 'double' },
        { name: `${field.name}_currency`, zod: z.string().regex(/^[A-Z]{3}$/), source: 'z.string().regex(/^[A-Z]{3}$/)', lake: 'string' },
      ];
    case 'money_range':
      return [
        { name: `${field.name}_min`, zod: z.number(), source: 'z.number()', lake: 'double' },
        { name: `${field.name}_max`, zod: z.number(), source: 'z.number()', lake: 'double' },
        { name: `${field.name}_currency`, zod: z.string().regex(/^[A-Z]{3}$/), source: 'z.string().regex(/^[A-Z]{3}$/)', lake: 'string' },
      ];
    case 'date_range':
      return [
        { name: `${field.name}_start`, zod: z.string().regex(DATE), source: 'z.string().regex(/^\\d{4}-\\d{2}-\\d{2}$/)', lake: 'date' },
        { name: `${field.name}_end`, zod: z.string().regex(DATE), source: 'z.string().regex(/^\\d{4}-\\d{2}-\\d{2}$/)', lake: 'date' },
      ];
    case 'integer':
      return [{ name: field.name, zod: z.number().int(), source: 'z.number().int()', lake: 'long' }];
    case 'number':
      return [{ name: field.name, zod: z.number(), source: 'z.number()', lake: 'double' }];
    case 'boolean':
      return [{ name: field.name, zod: z.boolean(), source: 'z.boolean()', lake: 'boolean' }];
    case 'date':
      return [{ name: field.name, zod: z.string().regex(DATE), source: 'z.string().regex(/^\\d{4}-\\d{2}-\\d{2}$/)', lake: 'date' }];
    case 'datetime':
      // A local date-time, or the day alone where the document gives no time.
      return [{ name: field.name, zod: z.string().regex(DATETIME_OR_DATE), source: 'z.string().regex(/^\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}|$)/)', lake: 'timestamp' }];
    case 'email':
      return [{ name: field.name, zod: text((s) => s.email()), source: 'z.string().email()', lake: 'string' }];
    case 'url':
      return [{ name: field.name, zod: text((s) => s.url()), source: 'z.string().url()', lake: 'string' }];
    case 'records':
      return [];
    default:
      if (field.enum && field.enum.length > 0) {
        return [{ name: field.name, zod: z.enum(field.enum as [string, ...string[]]), source: `z.enum(${JSON.stringify(field.enum)})`, lake: 'string' }];
      }
      return [{ name: field.name, zod: z.string(), source: 'z.string()', lake: 'string' }];
  }
}

/** The row columns a field fills (none for nested records, which fill a child table). */
export function columnNames(field: SchemaFieldDef): string[] {
  return columnsOf(field).map((c) => c.name);
}

const META_COLUMNS: Columns = [
  { name: '_row_id', zod: z.string(), source: 'z.string()', lake: 'string' },
  { name: '_document_id', zod: z.string().nullable(), source: 'z.string().nullable()', lake: 'string' },
  { name: '_url', zod: z.string(), source: 'z.string()', lake: 'string' },
  { name: '_extraction_id', zod: z.string(), source: 'z.string()', lake: 'string' },
];
const CHILD_META: Columns = [
  { name: '_row_id', zod: z.string(), source: 'z.string()', lake: 'string' },
  { name: '_parent_row_id', zod: z.string(), source: 'z.string()', lake: 'string' },
  { name: '_document_id', zod: z.string().nullable(), source: 'z.string().nullable()', lake: 'string' },
];

function tableColumns(fields: readonly SchemaFieldDef[], meta: Columns): Array<{ column: Columns[number]; required: boolean; field: SchemaFieldDef | null }> {
  return [
    ...meta.map((column) => ({ column, required: true, field: null })),
    ...fields.flatMap((f) => columnsOf(f).map((column) => ({ column, required: f.required, field: f }))),
  ];
}

/** The runtime validator of one parent row. */
export function toZod(def: SchemaDef): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const { column, required } of tableColumns(def.fields, META_COLUMNS)) shape[column.name] = required ? column.zod : column.zod.nullable().optional();
  return z.strictObject(shape);
}

/** The same validator as zod source code. */
export function emitZodSource(def: SchemaDef): string {
  const lines = tableColumns(def.fields, META_COLUMNS).map(
    ({ column, required }) => `  ${column.name}: ${column.source}${required ? '' : '.nullable().optional()'},`,
  );
  const children = def.fields
    .filter((f) => f.type === 'records')
    .map((f) => {
      const body = tableColumns(f.fields ?? [], CHILD_META).map(({ column, required }) => `  ${column.name}: ${column.source}${required ? '' : '.nullable().optional()'},`);
      return `\n/** ${f.description} (child table ${def.tableName}_${f.name}) */\nexport const ${camel(def.tableName)}${pascal(f.name)}Row = z.strictObject({\n${body.join('\n')}\n});`;
    });
  return `import { z } from 'zod';\n\n/** ${def.description} */\nexport const ${camel(def.tableName)}Row = z.strictObject({\n${lines.join('\n')}\n});\n${children.join('\n')}\n`;
}

export function toJsonSchema(def: SchemaDef): Record<string, unknown> {
  return { title: def.name, description: def.description, ...(z.toJSONSchema(toZod(def)) as Record<string, unknown>) };
}

/** The lakehouse tables: the parent and one child table per nested record field. */
export function toLakeTables(def: SchemaDef): Array<{ name: string; schema: LakeTableSchema; parentField: string | null }> {
  const lake = (cols: ReturnType<typeof tableColumns>): LakeTableSchema => ({
    fields: cols.map(({ column, required, field }) => ({ name: column.name, type: column.lake, required, ...(field?.description ? { doc: field.description } : {}) })),
  });
  return [
    { name: def.tableName, schema: lake(tableColumns(def.fields, META_COLUMNS)), parentField: null },
    ...def.fields
      .filter((f) => f.type === 'records')
      .map((f) => ({ name: `${def.tableName}_${f.name}`.slice(0, 63), schema: lake(tableColumns(f.fields ?? [], CHILD_META)), parentField: f.name })),
  ];
}

export interface MappedRows {
  row: Record<string, unknown>;
  children: Record<string, Array<Record<string, unknown>>>;
  /** Raw strings of every mapped value, for grounding. */
  raw: Record<string, string>;
}

/** Maps a record to a row: each schema field takes the first discovered field named like one of its sources. */
export function mapRecord(def: SchemaDef, record: ExtractedRecord, meta: { rowId: string; documentId: string | null; url: string; extractionId: string }): MappedRows {
  const raw: Record<string, string> = {};
  const row: Record<string, unknown> = { _row_id: meta.rowId, _document_id: meta.documentId, _url: meta.url, _extraction_id: meta.extractionId };
  const children: MappedRows['children'] = {};
  for (const f of def.fields) {
    const found = record.fields.find((x) => f.sources.includes(x.name));
    if (!found) continue;
    if (f.type === 'records') {
      children[f.name] = (found.records ?? []).map((child, i) => {
        const c = mapNested(f.fields ?? [], child, raw, `${f.name}[${i}]`);
        return { _row_id: `${meta.rowId}:${f.name}:${i}`, _parent_row_id: meta.rowId, _document_id: meta.documentId, ...c };
      });
      continue;
    }
    Object.assign(row, valueColumns(f, found));
    raw[f.name] = found.raw;
  }
  return { row, children, raw };
}

function mapNested(fields: readonly SchemaFieldDef[], record: ExtractedRecord, raw: Record<string, string>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const found = record.fields.find((x) => f.sources.includes(x.name));
    if (!found || f.type === 'records') continue;
    Object.assign(out, valueColumns(f, found));
    raw[`${prefix}.${f.name}`] = found.raw;
  }
  return out;
}

function valueColumns(f: SchemaFieldDef, found: ExtractedField): Record<string, unknown> {
  const v = found.value;
  const obj = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JsonValue>) : null;
  switch (f.type) {
    case 'money':
      return { [f.name]: obj ? (obj.amount ?? obj.min ?? null) : typeof v === 'number' ? v : null, [`${f.name}_currency`]: obj?.currency ?? null };
    case 'money_range': {
      const single = obj && typeof obj.amount === 'number' ? obj.amount : typeof v === 'number' ? v : null;
      return { [`${f.name}_min`]: obj?.min ?? single, [`${f.name}_max`]: obj?.max ?? single, [`${f.name}_currency`]: obj?.currency ?? null };
    }
    case 'date_range':
      return { [`${f.name}_start`]: obj?.start ?? (typeof v === 'string' ? v.slice(0, 10) : null), [`${f.name}_end`]: obj?.end ?? (typeof v === 'string' ? v.slice(0, 10) : null) };
    case 'integer':
    case 'number':
      return { [f.name]: typeof v === 'number' ? v : obj && typeof obj.amount === 'number' ? obj.amount : null };
    case 'boolean':
      return { [f.name]: typeof v === 'boolean' ? v : null };
    case 'date':
      return { [f.name]: typeof v === 'string' ? v.slice(0, 10) : null };
    case 'datetime':
      // With an offset, the engines read a time with its seconds only ("09:30+01:00" → "09:30:00+01:00").
      return { [f.name]: typeof v === 'string' ? v.replace(/T(\d{2}:\d{2})(?=[+-]\d{2}:\d{2}$|Z$)/, 'T$1:00') : null };
    default:
      return { [f.name]: typeof v === 'string' ? v : v === null ? null : JSON.stringify(v) };
  }
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string): string => camel(s).replace(/^./, (c) => c.toUpperCase());

/**
 * The event a loaded row stands for: one extraction under one schema definition. A replay of it is recognized and
 * not loaded twice; the same extraction under a changed schema is a new event, so approving a new version reloads
 * (and, keyed by document, replaces) every row.
 */
export function rowEventId(extractionId: string, def: SchemaDef): string {
  return `${extractionId}@${createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 12)}`;
}
