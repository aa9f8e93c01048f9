import { Document } from 'domhandler';
import type { ExtractedField, ExtractedRecord, Extraction, FieldType, JsonValue } from '../extraction/model.js';
import type { ParsedHtml } from '../parsing/document.js';

/**
 * Builders for invented extractions and parsed pages, shared by the clustering tests and the cluster benchmark.
 * Shorthand field: `[name, type, value, label?]`.
 */
export type FieldSpec = [name: string, type: FieldType, value: JsonValue, label?: string];

export function field([name, type, value, label]: FieldSpec): ExtractedField {
  return {
    name,
    label: label ?? name.replace(/_/g, ' '),
    raw: typeof value === 'string' ? value : JSON.stringify(value),
    value,
    type,
    confidence: 0.9,
    provenance: [{ kind: 'css', path: `main > .${name}` }],
    sources: ['offline'],
  };
}

export function record(fields: FieldSpec[], extra: Partial<ExtractedRecord> = {}): ExtractedRecord {
  return { origin: 'page', path: 'main', declaredType: null, fields: fields.map(field), ...extra };
}

export function extraction(url: string, records: ExtractedRecord[], extra: Partial<Extraction> = {}): Extraction {
  const multiplicity = records.length === 0 || records.every((r) => r.fields.length === 0) ? 'none' : records.length > 1 ? 'many' : 'single';
  return {
    documentId: null,
    url,
    extractor: 'offline',
    model: null,
    promptVersion: null,
    multiplicity,
    records,
    confidence: records.length > 0 ? 0.9 : 0,
    usage: null,
    warnings: [],
    extractedAt: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

export function parsedHtml(url: string, templatePaths: string[], title: string | null = null): ParsedHtml {
  return {
    kind: 'html',
    url,
    title,
    language: null,
    text: '',
    dom: new Document([]),
    links: [],
    tables: [],
    definitionLists: [],
    jsonLd: [],
    microdata: [],
    meta: [],
    templatePaths,
    looksLikeShell: false,
    warnings: [],
  };
}
