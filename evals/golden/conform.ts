import type { GoldenRecord, GoldenSchema, JsonValue, SchemaField } from './task.js';

/**
 * Whether a record fits a reviewed schema: required fields present, values of the declared type and shape
 * (the normalized shapes of pipeline/extraction/model.ts), no undeclared fields. Returns the problems found.
 */
export function recordProblems(record: GoldenRecord, schema: Pick<GoldenSchema, 'fields'>): string[] {
  return objectProblems(record, schema.fields, '');
}

function objectProblems(record: { [k: string]: JsonValue }, fields: readonly SchemaField[], prefix: string): string[] {
  const problems: string[] = [];
  const declared = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(record)) if (!declared.has(key)) problems.push(`${prefix}${key}: not in the schema`);
  for (const field of fields) {
    const value = record[field.name];
    if (value === undefined || value === null) {
      if (field.required) problems.push(`${prefix}${field.name}: required but missing`);
      continue;
    }
    problems.push(...valueProblems(value, field, `${prefix}${field.name}`));
  }
  return problems;
}

function valueProblems(value: JsonValue, field: Pick<SchemaField, 'type' | 'items' | 'fields'>, at: string): string[] {
  if (field.type === 'list') {
    if (!Array.isArray(value)) return [`${at}: expected a list`];
    const items = field.items;
    if (!items) return [];
    return value.flatMap((v, i) => valueProblems(v, { type: items.type, fields: items.fields }, `${at}.${i}`));
  }
  if (field.type === 'object') {
    if (!isObject(value)) return [`${at}: expected an object`];
    return field.fields ? objectProblems(value, field.fields, `${at}.`) : [];
  }
  return SCALAR_CHECKS[field.type](value) ? [] : [`${at}: ${JSON.stringify(value)} is not a ${field.type}`];
}

function isObject(value: JsonValue): value is { [k: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const isNumberOrNull = (v: JsonValue | undefined) => v === undefined || v === null || typeof v === 'number';

const SCALAR_CHECKS: Record<Exclude<SchemaField['type'], 'list' | 'object'>, (v: JsonValue) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && ISO_DATE.test(v),
  datetime: (v) => typeof v === 'string' && ISO_DATETIME.test(v),
  date_range: (v) => isObject(v) && typeof v['start'] === 'string' && typeof v['end'] === 'string' && v['start'] <= v['end'],
  duration: (v) => typeof v === 'string' && /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(v),
  money: (v) =>
    isObject(v) &&
    typeof v['currency'] === 'string' &&
    isNumberOrNull(v['amount']) &&
    isNumberOrNull(v['min']) &&
    isNumberOrNull(v['max']) &&
    (typeof v['amount'] === 'number' || (typeof v['min'] === 'number' && typeof v['max'] === 'number')),
  url: (v) => typeof v === 'string' && (v.startsWith('/') || /^https?:\/\//.test(v)),
  email: (v) => typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  phone: (v) => typeof v === 'string' && /^\+?[\d\s()-]{6,}$/.test(v),
};
