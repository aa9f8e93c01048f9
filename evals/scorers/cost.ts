import type { SpanRecord } from '../../pipeline/tracing/tracer.js';

/** LLM cost per document from the traced generation spans, and latency per stage from timings. */
export interface CostScores {
  llmCalls: number;
  inputTokensPerDoc: number;
  outputTokensPerDoc: number;
  costUsd: number;
}

export function costFromSpans(spans: readonly SpanRecord[], documents: number): CostScores {
  const generations = spans.filter((s) => s.kind === 'generation');
  const input = generations.reduce((n, s) => n + (s.usage?.inputTokens ?? 0), 0);
  const output = generations.reduce((n, s) => n + (s.usage?.outputTokens ?? 0), 0);
  const cost = generations.reduce((n, s) => n + (s.usage?.costUsd ?? 0), 0);
  const per = (n: number): number => (documents === 0 ? 0 : n / documents);
  return { llmCalls: generations.length, inputTokensPerDoc: per(input), outputTokensPerDoc: per(output), costUsd: cost };
}

export class StageTimer {
  private readonly byStage = new Map<string, { ms: number; n: number }>();

  async time<T>(stage: string, fn: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      const t = this.byStage.get(stage) ?? { ms: 0, n: 0 };
      t.ms += performance.now() - start;
      t.n += 1;
      this.byStage.set(stage, t);
    }
  }

  /** Total milliseconds, by stage. */
  totals(): Record<string, number> {
    return Object.fromEntries([...this.byStage].map(([stage, t]) => [stage, t.ms]));
  }

  /** Mean milliseconds per call, by stage. */
  perCall(): Record<string, number> {
    return Object.fromEntries([...this.byStage].map(([stage, t]) => [stage, t.n === 0 ? 0 : t.ms / t.n]));
  }
}

/**
 * Latency per stage from trace spans: total and mean milliseconds of the spans whose name starts with the stage
 * (`extract` covers `extract`, `extract.llm`, …; a span's own name is its stage otherwise).
 */
export function latencyFromSpans(
  spans: ReadonlyArray<Pick<SpanRecord, 'name' | 'startedAt' | 'endedAt'>>,
  stages: readonly string[],
): Record<string, { totalMs: number; meanMs: number; spans: number }> {
  const out: Record<string, { totalMs: number; meanMs: number; spans: number }> = {};
  for (const stage of stages) {
    const own = spans.filter((s) => s.name === stage || s.name.startsWith(`${stage}.`));
    const total = own.reduce((ms, s) => ms + Math.max(0, s.endedAt.getTime() - s.startedAt.getTime()), 0);
    out[stage] = { totalMs: total, meanMs: own.length === 0 ? 0 : total / own.length, spans: own.length };
  }
  return out;
}
