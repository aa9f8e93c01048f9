import type { Queryable } from '../store/store.js';
import type { Extraction } from './model.js';

/** The `extractions` table: one row per extraction run of a document. */
export interface StoredExtraction extends Extraction {
  id: string;
}

export async function saveExtraction(db: Queryable, id: string, extraction: Extraction, rawResponse: string | null): Promise<void> {
  await db.query(
    `INSERT INTO extractions (id, document_id, url, extractor, model, prompt_version, multiplicity, confidence, records, warnings, raw_response, usage, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      id,
      extraction.documentId,
      extraction.url,
      extraction.extractor,
      extraction.model,
      extraction.promptVersion,
      extraction.multiplicity,
      extraction.confidence,
      JSON.stringify(extraction.records),
      JSON.stringify(extraction.warnings),
      rawResponse,
      extraction.usage ? JSON.stringify(extraction.usage) : null,
      extraction.extractedAt,
    ],
  );
}

interface Row {
  id: string;
  document_id: string | null;
  url: string;
  extractor: Extraction['extractor'];
  model: string | null;
  prompt_version: string | null;
  multiplicity: Extraction['multiplicity'];
  confidence: number;
  records: Extraction['records'] | string;
  warnings: string[] | string;
  usage: Extraction['usage'] | string | null;
  created_at: Date | string;
}

export async function latestExtraction(db: Queryable, documentId: string): Promise<StoredExtraction | null> {
  const [row] = await db.query<Row>(`SELECT * FROM extractions WHERE document_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [documentId]);
  return row ? fromRow(row) : null;
}

/** Of the given document ids, those with no extraction yet. */
export async function unextracted(db: Queryable, documentIds: readonly string[]): Promise<string[]> {
  if (documentIds.length === 0) return [];
  const rows = await db.query<{ document_id: string }>(`SELECT DISTINCT document_id FROM extractions WHERE document_id = ANY($1::text[])`, [documentIds]);
  const done = new Set(rows.map((r) => r.document_id));
  return documentIds.filter((id) => !done.has(id));
}

function fromRow(row: Row): StoredExtraction {
  const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return {
    id: row.id,
    documentId: row.document_id,
    url: row.url,
    extractor: row.extractor,
    model: row.model,
    promptVersion: row.prompt_version,
    multiplicity: row.multiplicity,
    confidence: row.confidence,
    records: json(row.records),
    warnings: json(row.warnings),
    usage: row.usage === null ? null : json(row.usage),
    extractedAt: new Date(row.created_at).toISOString(),
  };
}
