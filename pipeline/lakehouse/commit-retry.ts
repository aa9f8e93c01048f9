/**
 * How a commit that lost the compare-and-swap race tries again. Writers that lost together and retried at once
 * would collide again, each round letting only one through; waiting a random time up to an exponentially growing
 * bound ("full jitter") spreads them out, and a total budget, not a count, decides when to give up, so a busy table
 * delays a batch instead of failing it.
 */
export interface CommitRetry {
  /** Upper bound of the wait after the first lost race; it doubles with every further loss, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long one commit may keep losing races before it fails. */
  budgetMs: number;
}

export const DEFAULT_COMMIT_RETRY: CommitRetry = { baseDelayMs: 10, maxDelayMs: 1_000, budgetMs: 60_000 };

/** The wait before attempt `lost + 1`, after `lost` lost races; `random` returns a number in [0, 1). */
export function backoffDelay(lost: number, retry: CommitRetry, random: () => number = Math.random): number {
  const bound = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(lost - 1, 30));
  return random() * bound;
}
