import type { JsonValue } from '../../pipeline/extraction/model.js';
import type { RawDocumentInput } from '../../pipeline/parsing/document.js';
import type { GoldenSchema } from '../golden/task.js';

/** One document to evaluate: its bytes, and whatever ground truth its dataset has. */
export interface EvalDocument {
  id: string;
  input: RawDocumentInput;
  /** Document type (golden label) for clustering and for grouping fields. */
  type?: string;
  /** Records a person expects, with field names (field-aligned scores). */
  expectedRecords?: Array<Record<string, JsonValue>>;
  /** Values a person expects anywhere in the extraction (value recall). */
  expectedValues?: JsonValue[];
  /** One expected answer per attribute (`price`, `buyer`), scored by the field a consumer would pick (answer accuracy). */
  expectedAnswers?: Record<string, JsonValue>;
  /** The main text a reader expects (article body), scored by word-shingle F1. */
  expectedBody?: string;
}

export interface EvalDataset {
  name: string;
  documents: EvalDocument[];
  /** Schemas a reviewer would approve, by document type (schema scores); generated corpora have types of their own. */
  schemas?: Array<Omit<GoldenSchema, 'documentType'> & { documentType: string }>;
  /** Clustering is scored when the documents carry types of at least two kinds. */
  clustering: boolean;
  /** For answer accuracy: the field names (snake_case tokens) that name each attribute of `expectedAnswers`. */
  answerNames?: Readonly<Record<string, readonly string[]>>;
}

/** Leaf values of a record (strings, numbers, booleans), for value recall. */
export function leafValues(value: unknown, skipKeys: ReadonlySet<string> = new Set()): JsonValue[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => leafValues(v, skipKeys));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // A money object is one value: its amount (the currency alone is rarely what a reader looks for).
    if ('amount' in o && 'currency' in o && typeof o.amount === 'number') return [o.amount];
    return Object.entries(o).flatMap(([k, v]) => (skipKeys.has(k) ? [] : leafValues(v, skipKeys)));
  }
  return [];
}
