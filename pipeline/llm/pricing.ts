import type { TokenUsage } from '../tracing/tracer.js';

/** USD per million tokens. Cache writes cost 1.25× input, cache reads 0.1× input (Anthropic's 5-minute cache). */
interface Price {
  input: number;
  output: number;
}

/** Matched by model-name prefix, most specific first. Unknown models get no cost rather than a wrong one. */
const PRICES: ReadonlyArray<[prefix: string, price: Price]> = [
  ['claude-opus-4-1', { input: 15, output: 75 }],
  ['claude-opus-4-0', { input: 15, output: 75 }],
  ['claude-opus-4-2025', { input: 15, output: 75 }],
  ['claude-opus', { input: 5, output: 25 }],
  ['claude-sonnet', { input: 3, output: 15 }],
  ['claude-haiku-3', { input: 0.25, output: 1.25 }],
  ['claude-3-5-haiku', { input: 0.8, output: 4 }],
  ['claude-haiku', { input: 1, output: 5 }],
];

export function priceFor(model: string): Price | null {
  return PRICES.find(([prefix]) => model.startsWith(prefix))?.[1] ?? null;
}

export function costUsd(model: string, usage: Omit<TokenUsage, 'costUsd' | 'model'>): number | undefined {
  const price = priceFor(model);
  if (!price) return undefined;
  const perToken = (n: number | undefined, rate: number) => ((n ?? 0) * rate) / 1_000_000;
  const cost =
    perToken(usage.inputTokens, price.input) +
    perToken(usage.outputTokens, price.output) +
    perToken(usage.cacheWriteTokens, price.input * 1.25) +
    perToken(usage.cacheReadTokens, price.input * 0.1);
  return Math.round(cost * 1_000_000) / 1_000_000;
}
