import { fold } from '../../pipeline/extraction/normalize/text.js';

/**
 * Word-shingle F1 between an expected text and an extracted one, the measure of the Zyte article benchmark: both
 * texts become sets of word 4-grams (folded for case and accents, punctuation dropped); precision is the share of
 * extracted shingles that are expected, recall the share of expected shingles extracted. A text shorter than four
 * words is one shingle.
 */
export function shingles(text: string, size = 4): Set<string> {
  const words = fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  const out = new Set<string>();
  if (words.length === 0) return out;
  if (words.length < size) {
    out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
  return out;
}

export interface ShingleScores {
  precision: number;
  recall: number;
  f1: number;
}

export function shingleF1(expected: string, extracted: string | null | undefined, size = 4): ShingleScores {
  const want = shingles(expected, size);
  const got = shingles(extracted ?? '', size);
  if (want.size === 0 && got.size === 0) return { precision: 1, recall: 1, f1: 1 };
  let common = 0;
  for (const s of got) if (want.has(s)) common++;
  const precision = got.size === 0 ? 0 : common / got.size;
  const recall = want.size === 0 ? 0 : common / want.size;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
