/**
 * Full re-clustering in two steps (why: README.md, "Clustering"):
 *  1. Leader clustering with a random-hyperplane LSH index: each vector joins the best leader above a high
 *     similarity among the leaders sharing one of its hash buckets, else becomes a leader. O(N · candidates · dim).
 *  2. Average-linkage agglomerative clustering over the leaders, weighted by their member counts, with the
 *     nearest-neighbour chain algorithm, cut at a similarity threshold. O(L²) in the number of leaders L, which
 *     depends on how many distinct structures exist, not on N.
 *
 * Similarity of two documents x, y (unit vectors whose template block has weight λ and is site-specific):
 *   s(x, y) = (x·y − λ·[same site]) / (1 − λ)
 * Across sites this is the similarity of content (shapes, structure, names); within a site it is content minus a
 * penalty for not sharing the template, so page types of one site stay apart while one type spreads over sites.
 * Identical documents have s = 1 whether or not they share a site. For groups A, B the average pairwise s is
 *   (S_A·S_B − λ·C_A·C_B) / ((1 − λ)·n_A·n_B)
 * with S the vector sums and C the per-site counts, so merging leaders is exact average linkage of their members.
 */
export interface ClusterParams {
  /** Similarity at which a vector joins a leader. High: leaders are near-duplicates. */
  leaderThreshold: number;
  /** Average-linkage similarity at which two groups still merge. */
  mergeThreshold: number;
  /** Groups smaller than this are noise (label -1). */
  minClusterSize: number;
  /** Above this many leaders the leader step is repeated on the leaders with a lower threshold. */
  maxLeaders: number;
  /** λ: weight of the site-specific template block, charged back for every same-site pair (0: plain cosine). */
  sitePenalty: number;
  lshBits: number;
  lshTables: number;
  seed: number;
  /**
   * Where the template part of the vectors begins (the hashing embedder's last quarter); the template part is only
   * ever compared between documents of one site, through per-site sums, so no host name enters the vectors. Absent:
   * the vectors have no template part.
   */
  templateFrom?: number;
}

export const DEFAULT_CLUSTER_PARAMS: ClusterParams = {
  leaderThreshold: 0.9,
  mergeThreshold: 0.32,
  minClusterSize: 2,
  maxLeaders: 2500,
  sitePenalty: 0,
  lshBits: 10,
  lshTables: 6,
  seed: 7,
};

export interface ClusterResult {
  /** Cluster index per input vector, -1 for noise. Indexes are dense, ordered by first member. */
  labels: Int32Array;
  clusterCount: number;
  leaderCount: number;
}

/** Group statistics: vector sum, member count, members per site and, per site, the sum of the template parts. */
export interface Group<Site = number> {
  sum: Float64Array;
  count: number;
  sites: Map<Site, number>;
  /** Per site: the sum of its members' template parts (dimensions from `templateFrom` on). */
  templates?: Map<Site, Float64Array>;
}

/**
 * Average pairwise similarity between the members of two disjoint groups: their content parts compared whatever
 * the site, their template parts only site by site, minus λ for every same-site pair.
 */
export function groupSimilarity<Site>(a: Group<Site>, b: Group<Site>, sitePenalty: number, templateFrom = a.sum.length): number {
  let sameSite = 0;
  let templateDot = 0;
  const [small, large] = a.sites.size <= b.sites.size ? [a, b] : [b, a];
  for (const [site, count] of small.sites) {
    const other = large.sites.get(site);
    if (other === undefined) continue;
    sameSite += count * other;
    const ts = small.templates?.get(site);
    const tl = large.templates?.get(site);
    if (ts && tl) templateDot += dot64(ts, tl);
  }
  return (dot64(a.sum, b.sum, templateFrom) + templateDot - sitePenalty * sameSite) / ((1 - sitePenalty) * a.count * b.count);
}

/** Adds a vector (or a group's per-site sums) into a group, keeping the per-site template sums. */
function addToGroup(group: Group, site: number, v: ArrayLike<number>, count: number, templateFrom: number): void {
  for (let d = 0; d < v.length; d++) group.sum[d] = (group.sum[d] as number) + (v[d] as number);
  group.count += count;
  group.sites.set(site, (group.sites.get(site) ?? 0) + count);
  if (templateFrom < v.length) {
    const templates = (group.templates ??= new Map());
    let t = templates.get(site);
    if (!t) templates.set(site, (t = new Float64Array(v.length - templateFrom)));
    for (let d = templateFrom; d < v.length; d++) t[d - templateFrom] = (t[d - templateFrom] as number) + (v[d] as number);
  }
}

/**
 * `sites` gives each vector's site (any integer id); without it every vector is its own site, so no penalty
 * applies between them.
 */
export function clusterVectors(
  vectors: readonly Float32Array[],
  params: ClusterParams = DEFAULT_CLUSTER_PARAMS,
  sites?: Int32Array,
): ClusterResult {
  const n = vectors.length;
  if (n === 0) return { labels: new Int32Array(0), clusterCount: 0, leaderCount: 0 };
  const dim = vectors[0]?.length ?? 0;
  for (const v of vectors) if (v.length !== dim) throw new RangeError(`all vectors must have dimension ${dim}, got ${v.length}`);
  if (params.sitePenalty < 0 || params.sitePenalty >= 1) throw new RangeError(`sitePenalty must be in [0, 1), got ${params.sitePenalty}`);
  const siteOf = sites ?? Int32Array.from({ length: n }, (_, i) => -1 - i);

  let level = firstLeaderPass(vectors, siteOf, params, sites !== undefined);
  let assignment = level.assignment;
  let threshold = params.leaderThreshold;
  while (level.groups.length > params.maxLeaders && threshold > params.mergeThreshold) {
    threshold = Math.max(params.mergeThreshold, threshold - 0.05);
    const next = groupLeaderPass(level.groups, threshold, params);
    assignment = assignment.map((leader) => next.assignment[leader] as number);
    level = next;
  }

  const root = averageLinkage(level.groups, params.mergeThreshold, params.sitePenalty, params.templateFrom ?? dim);
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = root[assignment[i] as number] as number;
    sizes.set(r, (sizes.get(r) ?? 0) + 1);
  }
  const labels = new Int32Array(n);
  const dense = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = root[assignment[i] as number] as number;
    if ((sizes.get(r) ?? 0) < params.minClusterSize) {
      labels[i] = -1;
      continue;
    }
    let label = dense.get(r);
    if (label === undefined) dense.set(r, (label = dense.size));
    labels[i] = label;
  }
  return { labels, clusterCount: dense.size, leaderCount: level.groups.length };
}

interface LeaderLevel {
  /** Leader index per input. */
  assignment: Int32Array;
  groups: Group[];
}

/** Candidate leaders of a vector: those sharing at least one LSH bucket with it, each once. */
function createLshIndex(dim: number, params: ClusterParams) {
  const planes = randomPlanes(params.lshBits * params.lshTables, dim, params.seed);
  const tables = Array.from({ length: params.lshTables }, () => new Map<number, number[]>());
  const keys = new Int32Array(params.lshTables);
  let seen = new Int32Array(64).fill(-1);
  let stamp = 0;
  return {
    /** Hashes `v` (kept for `insert`) and calls `visit` for every candidate leader. */
    candidates(v: ArrayLike<number>, visit: (leader: number) => void): void {
      hashKeys(v, planes, params.lshBits, keys);
      stamp++;
      for (let t = 0; t < params.lshTables; t++) {
        const bucket = tables[t]?.get(keys[t] as number);
        if (!bucket) continue;
        for (const leader of bucket) {
          if (seen[leader] === stamp) continue;
          seen[leader] = stamp;
          visit(leader);
        }
      }
    },
    /** Adds `leader` under the keys of the last vector passed to `candidates`. */
    insert(leader: number): void {
      if (leader >= seen.length) {
        const grown = new Int32Array(Math.max(seen.length * 2, leader + 1)).fill(-1);
        grown.set(seen);
        seen = grown;
      }
      for (let t = 0; t < params.lshTables; t++) pushTo(tables[t] as Map<number, number[]>, keys[t] as number, leader);
    },
  };
}

function firstLeaderPass(vectors: readonly Float32Array[], sites: Int32Array, params: ClusterParams, sitesGiven: boolean): LeaderLevel {
  const n = vectors.length;
  const dim = vectors[0]?.length ?? 0;
  const lambda = params.sitePenalty;
  const from = Math.min(params.templateFrom ?? dim, dim);
  const index = createLshIndex(dim, params);
  const seeds: number[] = [];
  const groups: Group[] = [];
  const assignment = new Int32Array(n);
  const zeroLeaders = new Map<number, number>();

  for (let i = 0; i < n; i++) {
    const v = vectors[i] as Float32Array;
    const site = sites[i] as number;
    const zero = isZero(v);
    const zeroKey = sitesGiven ? site : 0;
    let best = zero ? (zeroLeaders.get(zeroKey) ?? -1) : -1;
    if (!zero) {
      let bestSim = params.leaderThreshold;
      index.candidates(v, (leader) => {
        const seed = seeds[leader] as number;
        const other = vectors[seed] as Float32Array;
        const s = (dot(v, other, 0, from) + (sites[seed] === site ? dot(v, other, from, dim) - lambda : 0)) / (1 - lambda);
        if (s >= bestSim) {
          bestSim = s;
          best = leader;
        }
      });
    }
    if (best < 0) {
      best = groups.length;
      seeds.push(i);
      groups.push({ sum: new Float64Array(dim), count: 0, sites: new Map() });
      if (zero) zeroLeaders.set(zeroKey, best);
      else index.insert(best);
    }
    assignment[i] = best;
    addToGroup(groups[best] as Group, site, v, 1, from);
  }
  return { assignment, groups };
}

/** The leader step again, over groups: each joins the first group (its seed) it is similar enough to on average. */
function groupLeaderPass(inputs: readonly Group[], threshold: number, params: ClusterParams): LeaderLevel {
  const dim = inputs[0]?.sum.length ?? 0;
  const from = Math.min(params.templateFrom ?? dim, dim);
  const index = createLshIndex(dim, params);
  const seeds: number[] = [];
  const groups: Group[] = [];
  const assignment = new Int32Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as Group;
    let best = -1;
    let bestSim = threshold;
    index.candidates(input.sum, (leader) => {
      const s = groupSimilarity(input, inputs[seeds[leader] as number] as Group, params.sitePenalty, from);
      if (s >= bestSim) {
        bestSim = s;
        best = leader;
      }
    });
    if (best < 0) {
      best = groups.length;
      seeds.push(i);
      groups.push({ sum: new Float64Array(dim), count: 0, sites: new Map() });
      index.insert(best);
    }
    assignment[i] = best;
    const group = groups[best] as Group;
    for (let d = 0; d < dim; d++) group.sum[d] = (group.sum[d] as number) + (input.sum[d] as number);
    group.count += input.count;
    for (const [site, count] of input.sites) {
      group.sites.set(site, (group.sites.get(site) ?? 0) + count);
      const t = input.templates?.get(site);
      if (!t) continue;
      const templates = (group.templates ??= new Map());
      const into = templates.get(site);
      if (into) for (let d = 0; d < t.length; d++) into[d] = (into[d] as number) + (t[d] as number);
      else templates.set(site, Float64Array.from(t));
    }
  }
  return { assignment, groups };
}

/**
 * Nearest-neighbour chain over the groups with the Lance–Williams update for average linkage. A group whose best
 * similarity is below the threshold is final: average linkage is reducible, so later merges cannot bring it closer.
 * Returns, per group, the index of the group it ended in.
 */
export function averageLinkage(groups: readonly Group[], threshold: number, sitePenalty = 0, templateFrom?: number): Int32Array {
  const l = groups.length;
  const parent = Int32Array.from({ length: l }, (_, i) => i);
  if (l < 2) return parent;
  const size = Float64Array.from(groups, (g) => g.count);
  const sim = new Float32Array(l * l);
  for (let a = 0; a < l; a++) {
    const ga = groups[a] as Group;
    for (let b = a + 1; b < l; b++) {
      const s = groupSimilarity(ga, groups[b] as Group, sitePenalty, templateFrom);
      sim[a * l + b] = s;
      sim[b * l + a] = s;
    }
  }
  const active = Int32Array.from({ length: l }, (_, i) => i);
  const position = Int32Array.from({ length: l }, (_, i) => i);
  let activeCount = l;
  const deactivate = (x: number): void => {
    const p = position[x] as number;
    const last = active[activeCount - 1] as number;
    active[p] = last;
    position[last] = p;
    activeCount--;
    position[x] = -1;
  };
  const chain: number[] = [];
  while (activeCount > 1) {
    if (chain.length === 0) chain.push(active[0] as number);
    const a = chain[chain.length - 1] as number;
    const previous = chain.length >= 2 ? (chain[chain.length - 2] as number) : -1;
    let best = previous;
    let bestSim = previous >= 0 ? (sim[a * l + previous] as number) : -Infinity;
    for (let k = 0; k < activeCount; k++) {
      const c = active[k] as number;
      if (c === a) continue;
      const s = sim[a * l + c] as number;
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    if (best < 0 || bestSim < threshold) {
      deactivate(a);
      chain.pop();
      continue;
    }
    if (best !== previous) {
      chain.push(best);
      continue;
    }
    chain.pop();
    chain.pop();
    const na = size[a] as number;
    const nb = size[best] as number;
    for (let k = 0; k < activeCount; k++) {
      const c = active[k] as number;
      if (c === a || c === best) continue;
      const s = (na * (sim[a * l + c] as number) + nb * (sim[best * l + c] as number)) / (na + nb);
      sim[a * l + c] = s;
      sim[c * l + a] = s;
    }
    size[a] = na + nb;
    parent[best] = a;
    deactivate(best);
  }
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  return Int32Array.from({ length: l }, (_, i) => find(i));
}

export function dot(a: Float32Array, b: Float32Array, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function dot64(a: Float64Array, b: Float64Array, to = a.length): number {
  let s = 0;
  for (let i = 0; i < to; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function isZero(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

function hashKeys(v: ArrayLike<number>, planes: Float32Array, bits: number, out: Int32Array): void {
  const dim = v.length;
  for (let t = 0; t < out.length; t++) {
    let key = 0;
    for (let b = 0; b < bits; b++) {
      const offset = (t * bits + b) * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (v[d] as number) * (planes[offset + d] as number);
      key = (key << 1) | (s >= 0 ? 1 : 0);
    }
    out[t] = key;
  }
}

function pushTo(table: Map<number, number[]>, key: number, value: number): void {
  const bucket = table.get(key);
  if (bucket) bucket.push(value);
  else table.set(key, [value]);
}

/** Gaussian hyperplanes from a seeded generator, so the same input always clusters the same way. */
function randomPlanes(count: number, dim: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  const planes = new Float32Array(count * dim);
  for (let i = 0; i < planes.length; i++) {
    planes[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return planes;
}
