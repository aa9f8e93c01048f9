/**
 * External clustering scores against reference labels. Predicted noise is passed as its own label per document
 * (callers decide: `noiseAsSingletons` makes every noise document its own cluster, the fair reading for ARI).
 */
export type Label = string | number;

/** Adjusted Rand Index (Hubert & Arabie 1985): 1 for identical partitions, about 0 for random ones. */
export function adjustedRandIndex(truth: readonly Label[], predicted: readonly Label[]): number {
  const { table, rowSums, colSums, n } = contingency(truth, predicted);
  if (n < 2) return 1;
  let index = 0;
  for (const row of table.values()) for (const count of row.values()) index += choose2(count);
  let sumRows = 0;
  for (const a of rowSums.values()) sumRows += choose2(a);
  let sumCols = 0;
  for (const b of colSums.values()) sumCols += choose2(b);
  const expected = (sumRows * sumCols) / choose2(n);
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/** Normalized mutual information (arithmetic-mean normalization, as scikit-learn's default). */
export function normalizedMutualInformation(truth: readonly Label[], predicted: readonly Label[]): number {
  const { table, rowSums, colSums, n } = contingency(truth, predicted);
  if (n === 0) return 1;
  let mi = 0;
  for (const [r, row] of table) {
    for (const [c, count] of row) {
      mi += (count / n) * Math.log((count * n) / ((rowSums.get(r) as number) * (colSums.get(c) as number)));
    }
  }
  const hTruth = entropy(rowSums, n);
  const hPred = entropy(colSums, n);
  if (hTruth === 0 && hPred === 0) return 1;
  const denominator = (hTruth + hPred) / 2;
  return denominator === 0 ? 0 : Math.max(0, Math.min(1, mi / denominator));
}

/** Share of documents whose predicted cluster's majority label is their own. */
export function purity(truth: readonly Label[], predicted: readonly Label[]): number {
  const { table, n } = contingency(predicted, truth);
  if (n === 0) return 1;
  let correct = 0;
  for (const row of table.values()) correct += Math.max(...row.values());
  return correct / n;
}

/** Replaces each noise label (default -1 / null / 'noise') with a label of its own. */
export function noiseAsSingletons(predicted: ReadonlyArray<Label | null>, isNoise: (l: Label | null) => boolean = defaultNoise): Label[] {
  return predicted.map((l, i) => (isNoise(l) ? `noise#${i}` : (l as Label)));
}

function defaultNoise(l: Label | null): boolean {
  return l === null || l === -1 || l === 'noise';
}

function contingency(a: readonly Label[], b: readonly Label[]) {
  if (a.length !== b.length) throw new RangeError(`label lists differ in length: ${a.length} vs ${b.length}`);
  const table = new Map<Label, Map<Label, number>>();
  const rowSums = new Map<Label, number>();
  const colSums = new Map<Label, number>();
  for (let i = 0; i < a.length; i++) {
    const r = a[i] as Label;
    const c = b[i] as Label;
    let row = table.get(r);
    if (!row) table.set(r, (row = new Map()));
    row.set(c, (row.get(c) ?? 0) + 1);
    rowSums.set(r, (rowSums.get(r) ?? 0) + 1);
    colSums.set(c, (colSums.get(c) ?? 0) + 1);
  }
  return { table, rowSums, colSums, n: a.length };
}

function choose2(x: number): number {
  return (x * (x - 1)) / 2;
}

function entropy(sums: Map<Label, number>, n: number): number {
  let h = 0;
  for (const count of sums.values()) if (count > 0) h -= (count / n) * Math.log(count / n);
  return h;
}
