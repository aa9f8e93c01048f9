import { describe, expect, it } from 'vitest';
import { averageLinkage, clusterVectors, DEFAULT_CLUSTER_PARAMS } from './algorithm.js';
import { normalize } from './embedder.js';
import { adjustedRandIndex } from './metrics.js';

/** Unit vectors scattered around `k` random centres; deterministic. */
function blobs(k: number, perBlob: number, dim: number, spread: number): { vectors: Float32Array[]; truth: number[] } {
  let state = 12345;
  const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
  const centres = Array.from({ length: k }, () => normalize(Float32Array.from({ length: dim }, rand)));
  const vectors: Float32Array[] = [];
  const truth: number[] = [];
  for (let i = 0; i < k * perBlob; i++) {
    const c = i % k;
    const centre = centres[c] as Float32Array;
    vectors.push(normalize(Float32Array.from(centre, (x) => x + spread * rand())));
    truth.push(c);
  }
  return { vectors, truth };
}

describe('re-clustering', () => {
  it('keeps page types of one site apart by their template while one type spreads over sites', () => {
    // Content: 4 dims, template: 2 dims per site (site-specific). Two types with similar content (cosine 0.8) whose
    // templates differ on each site; the same type on two sites shares content only.
    const lambda = 0.4;
    const doc = (content: number[], site: number, template: number) => {
      const v = new Float32Array(8);
      const c = normalize(Float32Array.from(content));
      c.forEach((x, i) => (v[i] = x * Math.sqrt(1 - lambda)));
      v[4 + site * 2 + template] = Math.sqrt(lambda);
      return v;
    };
    const content = { tags: [1, 0, 0, 0], users: [0.8, 0.6, 0, 0] };
    const vectors: Float32Array[] = [];
    const truth: string[] = [];
    const sites: number[] = [];
    for (const site of [0, 1]) {
      for (let i = 0; i < 3; i++) {
        vectors.push(doc(content.tags, site, 0), doc(content.users, site, 1));
        truth.push('tags', 'users');
        sites.push(site, site);
      }
    }
    const params = { ...DEFAULT_CLUSTER_PARAMS, sitePenalty: lambda, mergeThreshold: 0.7 };
    const withPenalty = clusterVectors(vectors, params, Int32Array.from(sites));
    expect(adjustedRandIndex(truth, [...withPenalty.labels])).toBe(1);
    // Plain cosine on the same vectors splits each type by site: the template makes a site's pages alike.
    const plain = clusterVectors(vectors, { ...params, sitePenalty: 0 });
    expect(adjustedRandIndex(truth, [...plain.labels])).toBeLessThan(1);
  });

  it('refuses a site penalty outside [0, 1)', () => {
    expect(() => clusterVectors([new Float32Array(2)], { ...DEFAULT_CLUSTER_PARAMS, sitePenalty: 1 })).toThrow(/sitePenalty/);
  });

  it('recovers well separated groups', () => {
    const { vectors, truth } = blobs(8, 40, 256, 0.04);
    const result = clusterVectors(vectors);
    expect(result.clusterCount).toBe(8);
    expect(adjustedRandIndex(truth, [...result.labels])).toBe(1);
  });

  it('still recovers the groups when the leader step has to be repeated on its leaders', () => {
    const { vectors, truth } = blobs(5, 60, 64, 0.12);
    const result = clusterVectors(vectors, { ...DEFAULT_CLUSTER_PARAMS, leaderThreshold: 0.999, maxLeaders: 40, mergeThreshold: 0.4 });
    expect(result.leaderCount).toBeLessThanOrEqual(40);
    expect(adjustedRandIndex(truth, [...result.labels])).toBe(1);
  });

  it('makes a thousand identical vectors one cluster with one leader', () => {
    const v = normalize(Float32Array.from({ length: 32 }, (_, i) => i + 1));
    const result = clusterVectors(Array.from({ length: 1000 }, () => v));
    expect(result).toMatchObject({ clusterCount: 1, leaderCount: 1 });
    expect(new Set(result.labels)).toEqual(new Set([0]));
  });

  it('leaves one vector alone as noise and handles none at all', () => {
    expect([...clusterVectors([normalize(Float32Array.of(1, 2, 3))]).labels]).toEqual([-1]);
    expect(clusterVectors([])).toEqual({ labels: new Int32Array(0), clusterCount: 0, leaderCount: 0 });
  });

  it('groups zero vectors together instead of making each its own leader', () => {
    const result = clusterVectors(Array.from({ length: 50 }, () => new Float32Array(16)));
    expect(result.leaderCount).toBe(1);
  });

  it('rejects vectors of mixed dimensions', () => {
    expect(() => clusterVectors([new Float32Array(4), new Float32Array(5)])).toThrow(/dimension 4/);
  });

  it('merges by the average similarity of all members, not of the closest pair', () => {
    // Three groups on a line: a–b similar (0.8), b–c similar (0.8), a–c not (0.28); average linkage keeps c apart
    // at threshold 0.6 once a and b merged: (0.8 + 0.28) / 2 = 0.54.
    const a = Float64Array.of(1, 0);
    const b = Float64Array.of(0.8, 0.6);
    const c = Float64Array.of(0.28, 0.96);
    const group = (sum: Float64Array, site: number) => ({ sum, count: 1, sites: new Map([[site, 1]]) });
    const roots = averageLinkage([group(a, 1), group(b, 2), group(c, 3)], 0.6);
    expect(roots[0]).toBe(roots[1]);
    expect(roots[2]).not.toBe(roots[0]);
  });
});
