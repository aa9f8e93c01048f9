import type { Extraction } from '../../pipeline/extraction/model.js';
import { mapRecord, type MappedRows } from '../../pipeline/schema/emit.js';
import { induceSchema, mainRecord } from '../../pipeline/schema/induce.js';
import type { SchemaDef } from '../../pipeline/schema/model.js';
import { groundingText, validateRow } from '../../pipeline/validation/validate.js';
import type { EvalDataset } from '../datasets/types.js';
import { validationCatchRate, type CatchRate, type Corruption, type Row } from '../scorers/validation.js';
import type { StageDocument } from './run.js';

/**
 * Validation catch rate on a dataset with golden schemas. For each schema'd document type the schema is induced from
 * the stage's extractions, each document's main record is mapped to a row, and the rows validation accepts are
 * corrupted one way at a time (a value not in the source, an end before its start, a wrong type, a required field
 * removed). A corrupted row counts as caught when `validateRow` reports a problem.
 */
export async function validationCatchRateOf(dataset: EvalDataset, docs: ReadonlyMap<string, StageDocument>): Promise<CatchRate | null> {
  if (!dataset.schemas || dataset.schemas.length === 0) return null;
  const rows: Row[] = [];
  const contextOf = new Map<string, Context>();
  for (const schema of dataset.schemas) {
    const typed = dataset.documents.flatMap((d) => {
      const done = d.type === schema.documentType ? docs.get(d.id) : undefined;
      return done?.parsed ? [{ id: d.id, extraction: done.extraction, grounding: groundingText(done.parsed) }] : [];
    });
    if (typed.length === 0) continue;
    const def = induceSchema(typed.map((t) => t.extraction), { name: schema.documentType }).schema;
    for (const t of typed) {
      const mapped = acceptedRow(def, t.id, t.extraction, t.grounding);
      if (!mapped) continue;
      contextOf.set(t.id, { def, grounding: t.grounding, clean: mapped });
      rows.push(mapped.row);
    }
  }
  if (rows.length === 0) return null;
  return validationCatchRate(rows, rowCorruptions(contextOf), (row) => {
    const context = contextOf.get(String(row._row_id));
    if (!context) return true;
    return validateRow(context.def, { row, raw: rawStrings(context.clean, row), children: {} }, context.grounding).length > 0;
  });
}

interface Context {
  def: SchemaDef;
  grounding: string;
  clean: MappedRows;
}

function acceptedRow(def: SchemaDef, id: string, extraction: Extraction, grounding: string): MappedRows | null {
  const record = mainRecord(extraction);
  if (!record) return null;
  const mapped = mapRecord(def, record, { rowId: id, documentId: id, url: extraction.url, extractionId: id });
  return validateRow(def, mapped, grounding).length === 0 ? mapped : null;
}

/** Columns that hold text as the document wrote it (the ones grounding checks). */
const textColumns = (row: Row): string[] => Object.keys(row).filter((k) => !k.startsWith('_') && typeof row[k] === 'string' && !/_(start|end|currency)$/.test(k));

/**
 * The raw strings validation grounds for a corrupted row: the clean row's, with a changed column written as its new
 * value and a removed one left out, so validation sees exactly what the corruption did.
 */
function rawStrings(clean: MappedRows, row: Row): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [k, text] of Object.entries(clean.raw)) {
    if (!(k in row) && !(`${k}_start` in row)) continue;
    raw[k] = k in row && row[k] !== clean.row[k] ? String(row[k]) : text;
  }
  return raw;
}

function rowCorruptions(contextOf: ReadonlyMap<string, Context>): Corruption[] {
  return [
    {
      name: 'value not in the source',
      apply: (row) => {
        const k = textColumns(row)[0];
        return k ? { ...row, [k]: 'Zyxwvut Qponmlk (invented)' } : null;
      },
    },
    {
      name: 'end before start',
      apply: (row) => {
        const start = Object.keys(row).find((k) => k.endsWith('_start') && typeof row[k] === 'string' && typeof row[k.replace(/_start$/, '_end')] === 'string');
        return start ? { ...row, [start.replace(/_start$/, '_end')]: '1900-01-01' } : null;
      },
    },
    {
      name: 'wrong type',
      apply: (row) => {
        const k = textColumns(row)[0];
        return k ? { ...row, [k]: 12345 } : null;
      },
    },
    {
      name: 'required field removed',
      apply: (row) => {
        const def = contextOf.get(String(row._row_id))?.def;
        const required = def?.fields.find((f) => f.required && f.type !== 'records' && (f.name in row || `${f.name}_start` in row));
        if (!required) return null;
        const copy = { ...row };
        for (const k of [required.name, `${required.name}_start`, `${required.name}_end`, `${required.name}_currency`]) delete copy[k];
        return copy;
      },
    },
  ];
}
