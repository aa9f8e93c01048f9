/**
 * Keeps cluster ids stable across re-clustering: each new group takes the id of the old cluster it overlaps most
 * (Jaccard of memberships), greedily from the best-overlapping pair down, each old id used at most once. Greedy is
 * within a factor of two of the optimal (Hungarian) assignment and linear in the members; in practice clusters
 * either persist with high overlap or split, where the larger part keeping the id is what a user expects.
 */
export interface IdMatch {
  /** New group index → old id, for groups that kept one. */
  kept: Map<number, string>;
  /** Old ids no group took. */
  dropped: string[];
  /** Jaccard of each kept match. */
  jaccard: Map<number, number>;
}

export function matchClusters(
  newGroups: ReadonlyArray<readonly string[]>,
  oldClusterOf: (member: string) => string | null,
  oldSizes: ReadonlyMap<string, number>,
  minJaccard: number,
  /** Old ids that keep their group whatever the overlap (clusters with an approved schema): old id → group index. */
  pinned: ReadonlyMap<string, number> = new Map(),
): IdMatch {
  const pairs: Array<{ group: number; old: string; jaccard: number }> = [];
  newGroups.forEach((members, group) => {
    const overlap = new Map<string, number>();
    for (const m of members) {
      const old = oldClusterOf(m);
      if (old !== null) overlap.set(old, (overlap.get(old) ?? 0) + 1);
    }
    for (const [old, shared] of overlap) {
      const jaccard = shared / (members.length + (oldSizes.get(old) ?? 0) - shared);
      if (jaccard >= minJaccard) pairs.push({ group, old, jaccard });
    }
  });
  pairs.sort((a, b) => b.jaccard - a.jaccard || (a.old < b.old ? -1 : 1) || a.group - b.group);
  const kept = new Map<number, string>();
  const jaccard = new Map<number, number>();
  const used = new Set<string>();
  for (const [old, group] of pinned) {
    if (kept.has(group) || used.has(old)) continue;
    kept.set(group, old);
    jaccard.set(group, 1);
    used.add(old);
  }
  for (const p of pairs) {
    if (kept.has(p.group) || used.has(p.old)) continue;
    kept.set(p.group, p.old);
    jaccard.set(p.group, p.jaccard);
    used.add(p.old);
  }
  return { kept, jaccard, dropped: [...oldSizes.keys()].filter((id) => !used.has(id)) };
}

export function jaccardOf(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}
