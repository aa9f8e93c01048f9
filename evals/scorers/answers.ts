import { walkFields, type ExtractedField, type ExtractedRecord, type JsonValue } from '../../pipeline/extraction/model.js';
import { agree, valueKeys } from './match.js';

/**
 * One answer per attribute, as a consumer of the extraction would take it: for each attribute the ground truth has
 * (a product's price, a notice's buyer), the scorer picks the highest-confidence field whose name names the
 * attribute and checks its value. Finding the value somewhere is not enough; it has to be the field a person would
 * read. Names are snake_case heads: a field names `price` when it is `price` or ends with `_price` (`offer_price`,
 * `sale_price`; `price_currency` names a currency), and likewise for every name listed for the attribute.
 */
export type AnswerNames = Readonly<Record<string, readonly string[]>>;

export interface AnswerDocument {
  id: string;
  expected: Readonly<Record<string, JsonValue>>;
  extracted: readonly ExtractedRecord[];
}

export interface AnswerScores {
  /** Mean over attributes of the share of documents (that have the attribute) answered right. */
  accuracy: number;
  byAttribute: Record<string, { right: number; total: number }>;
  /** What went wrong, per document and attribute: the field picked (or none) and its value. */
  misses: Array<{ id: string; attribute: string; expected: JsonValue; picked: string | null; got: JsonValue | null }>;
}

export function namesAttribute(fieldName: string, names: readonly string[]): boolean {
  return names.some((n) => fieldName === n || fieldName.endsWith(`_${n}`));
}

/** The field a consumer takes for an attribute: the surest one that names it; the first in document order on a tie. */
export function pickAnswer(records: readonly ExtractedRecord[], names: readonly string[]): ExtractedField | null {
  let best: ExtractedField | null = null;
  for (const field of walkFields(records)) {
    if (field.records && field.records.length > 0) continue;
    if (!namesAttribute(field.name, names)) continue;
    if (!best || field.confidence > best.confidence) best = field;
  }
  return best;
}

export function answerAccuracy(docs: readonly AnswerDocument[], names: AnswerNames): AnswerScores {
  const byAttribute: AnswerScores['byAttribute'] = {};
  const misses: AnswerScores['misses'] = [];
  for (const doc of docs) {
    for (const [attribute, expected] of Object.entries(doc.expected)) {
      const attributeNames = names[attribute];
      if (!attributeNames || expected === null) continue;
      const tally = (byAttribute[attribute] ??= { right: 0, total: 0 });
      tally.total++;
      const picked = pickAnswer(doc.extracted, attributeNames);
      const right = picked !== null && (agree(valueKeys(expected), valueKeys(picked.value)) || agree(valueKeys(expected), valueKeys(picked.raw)));
      if (right) tally.right++;
      else misses.push({ id: doc.id, attribute, expected, picked: picked?.name ?? null, got: picked?.value ?? null });
    }
  }
  const shares = Object.values(byAttribute).map((t) => t.right / t.total);
  return { accuracy: shares.length === 0 ? 0 : shares.reduce((a, b) => a + b, 0) / shares.length, byAttribute, misses };
}
