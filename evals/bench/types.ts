/**
 * One measured case of a benchmark. `npm run bench -- <name>` loads `evals/bench/<name>.ts`, calls its `run()`, and
 * prints every case with its baseline side by side and the ratio between them.
 */
export interface BenchResult {
  /** What was measured, e.g. `crawl 500 pages (quarry)`. */
  case: string;
  /** Wall time in milliseconds. */
  ms: number;
  /** Peak resident memory in MiB, when measured: growth during the case, or the whole process where the bench says so. */
  peakMiB?: number;
  /** Items processed (pages, rows, signatures) so throughput can be printed. */
  items?: number;
  /** The run this one is compared with (another tool, or a smaller size for growth ratios). */
  baseline?: { case: string; ms: number; peakMiB?: number; items?: number };
  /** Goal in words, e.g. `10k under 5 s`, and whether it was met. */
  goal?: { text: string; met: boolean };
  note?: string;
}

export interface Bench {
  /** Runs the cases; `quick` shrinks sizes for a smoke run. */
  run(opts: { quick: boolean }): Promise<BenchResult[]>;
}
