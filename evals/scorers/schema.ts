import { fold } from '../../pipeline/extraction/normalize/text.js';

/**
 * Schema field recall and type accuracy: how many of the fields a reviewer would approve the proposed schema has,
 * and how many of those it types right. Fields align by normalized name, by a synonym the proposal recorded, or by
 * the value alignment of the field scorer (`aliases`: golden name → discovered name).
 */
export interface SchemaFieldLike {
  name: string;
  type: string;
  /** Other names the proposal merged into this field (synonyms across sites). */
  aliases?: readonly string[];
}

export interface SchemaScores {
  fieldRecall: number;
  typeAccuracy: number;
  matched: Array<{ golden: string; proposed: string; goldenType: string; proposedType: string }>;
  missing: string[];
}

const norm = (name: string): string => fold(name).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

export function schemaScores(
  proposed: readonly SchemaFieldLike[],
  golden: readonly SchemaFieldLike[],
  aliases: ReadonlyMap<string, string> = new Map(),
): SchemaScores {
  const byName = new Map<string, SchemaFieldLike>();
  for (const field of proposed) {
    byName.set(norm(field.name), field);
    for (const alias of field.aliases ?? []) if (!byName.has(norm(alias))) byName.set(norm(alias), field);
  }
  const used = new Set<SchemaFieldLike>();
  const matched: SchemaScores['matched'] = [];
  const missing: string[] = [];
  for (const g of golden) {
    const candidates = [norm(g.name), ...(aliases.has(g.name) ? [norm(aliases.get(g.name) ?? '')] : [])];
    const hit = candidates.map((c) => byName.get(c)).find((f): f is SchemaFieldLike => f !== undefined && !used.has(f));
    if (!hit) {
      missing.push(g.name);
      continue;
    }
    used.add(hit);
    matched.push({ golden: g.name, proposed: hit.name, goldenType: g.type, proposedType: hit.type });
  }
  const correct = matched.filter((m) => sameType(m.goldenType, m.proposedType)).length;
  return {
    fieldRecall: golden.length === 0 ? 1 : matched.length / golden.length,
    typeAccuracy: matched.length === 0 ? 0 : correct / matched.length,
    matched,
    missing,
  };
}

/** Types a reviewer reads as the same: a golden `money` is "an amount or a range", which a proposal types by its values. */
function sameType(golden: string, proposed: string): boolean {
  return golden === proposed || (golden === 'money' && proposed === 'money_range');
}
