import { describe, expect, it } from 'vitest';
import { backoffDelay, type CommitRetry } from './commit-retry.js';

describe('commit retry backoff', () => {
  const retry: CommitRetry = { baseDelayMs: 10, maxDelayMs: 1_000, budgetMs: 60_000 };

  it('doubles the bound of the wait with every lost race, up to the cap', () => {
    const highest = (lost: number): number => backoffDelay(lost, retry, () => 1);
    expect([1, 2, 3, 4, 8, 50, 5_000].map(highest)).toEqual([10, 20, 40, 80, 1_000, 1_000, 1_000]);
  });

  it('waits a random share of the bound, so writers that lost together retry apart', () => {
    expect(backoffDelay(3, retry, () => 0)).toBe(0);
    expect(backoffDelay(3, retry, () => 0.25)).toBe(10);
  });
});
