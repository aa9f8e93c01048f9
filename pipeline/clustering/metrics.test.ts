import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, noiseAsSingletons, normalizedMutualInformation, purity } from './metrics.js';

describe('clustering metrics', () => {
  it('give 1 for identical partitions whatever the label names', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'b'], [1, 1, 0, 0])).toBe(1);
    expect(normalizedMutualInformation(['a', 'a', 'b', 'b'], [1, 1, 0, 0])).toBeCloseTo(1, 10);
    expect(purity(['a', 'a', 'b', 'b'], [1, 1, 0, 0])).toBe(1);
  });

  it('match scikit-learn on a split cluster', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714285715, 12);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
  });

  it('give 0 ARI when every document is its own cluster', () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('go negative for worse-than-chance agreement', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('treat each noise document as its own cluster', () => {
    expect(noiseAsSingletons([1, -1, null, 'noise', 2])).toEqual([1, 'noise#1', 'noise#2', 'noise#3', 2]);
  });

  it('reject label lists of different lengths and accept empty ones', () => {
    expect(() => adjustedRandIndex([1], [1, 2])).toThrow(/differ in length/);
    expect(adjustedRandIndex([], [])).toBe(1);
    expect(purity([], [])).toBe(1);
  });
});
