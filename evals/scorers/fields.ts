import type { ExtractedRecord, JsonValue } from '../../pipeline/extraction/model.js';
import { agree, flattenDiscovered, flattenGolden, valueKeys } from './match.js';

/**
 * Field-aligned precision, recall and F1. Discovery names fields itself, so within one document type each golden
 * field is aligned one-to-one to the discovered field whose values agree with it in the most documents (greedy
 * from the strongest agreement down). Then, per document:
 *   recall    = golden fields whose aligned field holds an agreeing value / golden fields present
 *   precision = aligned fields whose value agrees with the golden value / aligned fields present
 * Discovered fields with no golden counterpart (page metadata, extras) do not count against precision: discovery
 * is meant to find more than a reviewer asks for; what matters is that what maps to a golden field is right.
 */
export interface TypedDocument {
  type: string;
  expected: Array<Record<string, JsonValue>>;
  extracted: readonly ExtractedRecord[];
}

export interface FieldScores {
  precision: number;
  recall: number;
  f1: number;
  /** Per type: golden field → discovered field and the number of documents where they agree. */
  alignment: Record<string, Array<{ golden: string; discovered: string; agreement: number }>>;
}

interface Prepared {
  golden: Map<string, Array<Set<string>>>;
  discovered: Map<string, Set<string>>;
}

function prepare(doc: TypedDocument): Prepared {
  const golden = new Map<string, Array<Set<string>>>();
  for (const record of doc.expected) {
    for (const [path, values] of flattenGolden(record)) {
      const list = golden.get(path) ?? [];
      for (const v of values) list.push(valueKeys(v));
      golden.set(path, list);
    }
  }
  const discovered = new Map<string, Set<string>>();
  for (const [path, values] of flattenDiscovered(doc.extracted)) {
    const keys = new Set<string>();
    for (const v of values) for (const k of valueKeys(v)) keys.add(k);
    discovered.set(path, keys);
  }
  return { golden, discovered };
}

/** Golden values of one field found among one discovered field's values: counts each golden occurrence. */
function hits(golden: Array<Set<string>>, discovered: Set<string> | undefined): number {
  if (!discovered) return 0;
  return golden.filter((g) => agree(g, discovered)).length;
}

export function fieldAlignedScores(docs: readonly TypedDocument[]): FieldScores {
  const byType = new Map<string, Prepared[]>();
  for (const doc of docs) byType.set(doc.type, [...(byType.get(doc.type) ?? []), prepare(doc)]);

  let truePositives = 0;
  let goldenCount = 0;
  let alignedCount = 0;
  const alignment: FieldScores['alignment'] = {};

  for (const [type, prepared] of byType) {
    const agreement = new Map<string, number>();
    for (const p of prepared) {
      for (const [g, gv] of p.golden) {
        for (const [d, dv] of p.discovered) {
          if (hits(gv, dv) > 0) agreement.set(`${g}\u0000${d}`, (agreement.get(`${g}\u0000${d}`) ?? 0) + 1);
        }
      }
    }
    const pairs = [...agreement.entries()]
      .map(([key, n]) => {
        const [golden = '', discovered = ''] = key.split('\u0000');
        return { golden, discovered, agreement: n };
      })
      .sort((a, b) => b.agreement - a.agreement || a.golden.localeCompare(b.golden) || a.discovered.localeCompare(b.discovered));
    const usedGolden = new Set<string>();
    const usedDiscovered = new Set<string>();
    const chosen: typeof pairs = [];
    for (const pair of pairs) {
      if (usedGolden.has(pair.golden) || usedDiscovered.has(pair.discovered)) continue;
      usedGolden.add(pair.golden);
      usedDiscovered.add(pair.discovered);
      chosen.push(pair);
    }
    alignment[type] = chosen;
    const mapping = new Map(chosen.map((c) => [c.golden, c.discovered]));

    for (const p of prepared) {
      for (const [g, gv] of p.golden) {
        goldenCount += gv.length;
        const d = mapping.get(g);
        if (d === undefined || !p.discovered.has(d)) continue;
        alignedCount += gv.length;
        truePositives += hits(gv, p.discovered.get(d));
      }
    }
  }
  const precision = alignedCount === 0 ? 0 : truePositives / alignedCount;
  const recall = goldenCount === 0 ? 0 : truePositives / goldenCount;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, alignment };
}
