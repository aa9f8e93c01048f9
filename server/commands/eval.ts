import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetDirs, loadDatasetDir, loadGoldenDataset, sharedDatasetsRoot } from '../../evals/datasets/adapters.js';
import type { EvalDataset } from '../../evals/datasets/types.js';
import { recordLangfuseRun } from '../../evals/runner/langfuse.js';
import { replaceEvalBlock } from '../../evals/runner/readme.js';
import {
  addTableScores,
  evaluateDataset,
  findRegressions,
  formatTable,
  toBaseline,
  type Baseline,
  type DatasetResult,
  type Regression,
  type Stages,
} from '../../evals/runner/run.js';
import { llmStages, offlineStages } from '../../evals/runner/stages.js';
import { validationCatchRateOf } from '../../evals/runner/validation-probe.js';
import { datasetsOf, generatedCorpora } from '../../evals/generator/datasets.js';
import { DETAIL_TYPES, type Corpus } from '../../evals/generator/types.js';
import { tableAccuracy } from '../../evals/runner/tables.js';
import { loadReadability } from '../../evals/runner/readability.js';
import { heldOutSeedsOf, type GeneratedSelection } from '../../evals/generator/seeds.js';

export { EVAL_BEGIN, EVAL_END } from '../../evals/runner/readme.js';
export { offlineStages } from '../../evals/runner/stages.js';

/**
 * `npm run eval` / `quarry eval`: scores the pipeline on the golden demo sites and every dataset folder given (or
 * found in ../shared/datasets), prints a table, writes a JSON report, compares with the committed baseline and
 * fails on a regression beyond its tolerance. Offline by default; with ANTHROPIC_API_KEY the LLM path runs too,
 * side by side; with LANGFUSE_* the run is recorded as a Langfuse dataset run.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_BASELINE = join(ROOT, 'evals/baseline.json');
export const DEFAULT_REPORT = join(ROOT, 'evals/reports/latest.json');

export interface EvalCommandOptions {
  /** Dataset folders; without them, QUARRY_EVAL_DATASETS (path-delimited) or ../shared/datasets. */
  datasets?: string[];
  /** Skip the golden demo-site dataset. */
  noGolden?: boolean;
  /** Only the golden dataset: no folders from QUARRY_EVAL_DATASETS or ../shared/datasets. */
  noExternal?: boolean;
  /**
   * Generated corpora (evals/generator): the baseline's held-out seeds, these seeds, or none. Default: held-out
   * when no dataset folders are named, none when they are (or with noExternal).
   */
  generated?: GeneratedSelection;
  baselinePath?: string;
  reportPath?: string;
  updateBaseline?: boolean;
  /** A markdown file with an `<!-- eval:begin -->` … `<!-- eval:end -->` block to write the figures table into. */
  writeReadme?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the stage sets (tests degrade one on purpose). */
  stages?: Stages[];
  out: ((text: string) => void) | NodeJS.WritableStream;
}

export interface EvalCommandResult {
  exitCode: number;
  results: DatasetResult[];
  regressions: Regression[];
}

/** The dataset folders a run reads: given ones, else QUARRY_EVAL_DATASETS (roots or folders), else ../shared/datasets. */
export function evalDatasetDirs(opts: Pick<EvalCommandOptions, 'datasets' | 'noExternal' | 'env'>): string[] {
  const env = opts.env ?? process.env;
  if (opts.noExternal) return [];
  if (opts.datasets && opts.datasets.length > 0) return opts.datasets.map((d) => resolve(d));
  if (env.QUARRY_EVAL_DATASETS) {
    return env.QUARRY_EVAL_DATASETS.split(delimiter)
      .filter(Boolean)
      .flatMap((d) => {
        const inside = datasetDirs(resolve(d));
        return inside.length > 0 ? inside : [resolve(d)];
      });
  }
  return datasetDirs(sharedDatasetsRoot(env) ?? resolve(ROOT, '../shared/datasets'));
}

export function generatedSelectionOf(opts: Pick<EvalCommandOptions, 'datasets' | 'noExternal' | 'generated'>): GeneratedSelection {
  if (opts.generated !== undefined) return opts.generated;
  return opts.noExternal || (opts.datasets && opts.datasets.length > 0) ? 'none' : 'held-out';
}

/** Generated corpora of a run, with the label their datasets carry (`held-out`, `seed 1`). */
export interface GeneratedRun {
  label: string;
  corpora: Corpus[];
}

export async function loadEvalDatasets(
  opts: Pick<EvalCommandOptions, 'datasets' | 'noGolden' | 'noExternal' | 'env' | 'generated'> & { heldOutSeeds?: readonly number[] },
): Promise<EvalDataset[] & { generated?: GeneratedRun }> {
  const datasets: EvalDataset[] & { generated?: GeneratedRun } = opts.noGolden ? [] : [await loadGoldenDataset()];
  for (const dir of evalDatasetDirs(opts)) datasets.push(await loadDatasetDir(dir));
  const selection = generatedSelectionOf(opts);
  const seeds = selection === 'held-out' ? (opts.heldOutSeeds ?? []) : selection === 'none' ? [] : selection;
  if (seeds.length > 0) {
    const label = selection === 'held-out' ? 'held-out' : `seed${seeds.length > 1 ? 's' : ''} ${seeds.join(',')}`;
    const corpora = await generatedCorpora(seeds);
    datasets.push(...datasetsOf(corpora, label));
    datasets.generated = { label, corpora };
  }
  return datasets;
}

export async function runEvalCommand(opts: EvalCommandOptions): Promise<EvalCommandResult> {
  const env = opts.env ?? process.env;
  const out = typeof opts.out === 'function' ? opts.out : ((stream) => (text: string) => void stream.write(text))(opts.out);
  const baselinePath = opts.baselinePath ?? DEFAULT_BASELINE;
  let baseline = existsSync(baselinePath) ? readBaseline(baselinePath) : null;
  const heldOutSeeds = heldOutSeedsOf(baseline);
  if (generatedSelectionOf(opts) === 'held-out' && heldOutSeeds.length === 0) out(`generated corpora: skipped (no generator.heldOutSeeds in ${baselinePath})\n`);
  const datasets = await loadEvalDatasets({ ...opts, heldOutSeeds });
  const llm = llmStages(env);
  const stageSets = opts.stages ?? [offlineStages, ...(llm ? [llm] : [])];
  if (!opts.stages && !llm) out('LLM path: skipped (set ANTHROPIC_API_KEY to score it side by side)\n');

  const referenceBody = (await loadReadability()) ?? undefined;
  if (!referenceBody) out('Readability body F1: skipped (its devDependencies are not installed)\n');

  const results: DatasetResult[] = [];
  for (const dataset of datasets) for (const stages of stageSets) results.push(await evaluateDataset(dataset, stages, { validation: validationCatchRateOf, referenceBody }));
  // The table a user gets: the generated sites crawled, clustered, proposed, approved unedited and read back.
  if (datasets.generated && !opts.stages) addTableScores(results, await tableAccuracy(datasets.generated.corpora, DETAIL_TYPES), `generated (${datasets.generated.label})`);

  const table = formatTable(results);
  out(`${table}\n`);
  for (const r of results) for (const note of r.notes.slice(0, 5)) out(`note (${r.dataset}, ${r.stages}): ${note}\n`);

  const reportPath = opts.reportPath ?? DEFAULT_REPORT;
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, JSON.stringify({ createdAt: new Date().toISOString(), results }, null, 2));
  out(`report: ${reportPath}\n`);

  if (opts.updateBaseline) {
    baseline = toBaseline(results, baseline ?? {});
    writeFileSync(baselinePath, JSON.stringify(baseline, null, 2) + '\n');
    out(`baseline updated: ${baselinePath}\n`);
  }
  if (opts.writeReadme) {
    writeFileSync(opts.writeReadme, replaceEvalBlock(readFileSync(opts.writeReadme, 'utf8'), table, opts.writeReadme));
    out(`figures written to ${opts.writeReadme}\n`);
  }

  if (env.LANGFUSE_PUBLIC_KEY && env.LANGFUSE_SECRET_KEY) {
    const runName = `quarry-eval-${new Date().toISOString()}`;
    const target = { baseUrl: env.LANGFUSE_BASE_URL ?? env.LANGFUSE_HOST ?? 'https://cloud.langfuse.com', publicKey: env.LANGFUSE_PUBLIC_KEY, secretKey: env.LANGFUSE_SECRET_KEY };
    try {
      const sent = await recordLangfuseRun(target, runName, results);
      out(`Langfuse dataset run ${runName}: ${sent.items} items, ${sent.scores} scores\n`);
    } catch (error) {
      // The figures above and the report stand on their own; Langfuse being unreachable does not change the verdict.
      out(`Langfuse dataset run not recorded: ${(error as Error).message}\n`);
    }
  }

  if (!baseline) {
    out(`no baseline at ${baselinePath}; run with --update-baseline to create one\n`);
    return { exitCode: 0, results, regressions: [] };
  }
  const regressions = findRegressions(results, baseline);
  for (const r of regressions) {
    out(`REGRESSION ${r.metric} on ${r.dataset} (${r.stages}): ${r.current === null ? 'n/a' : r.current.toFixed(3)} < baseline ${r.baseline.toFixed(3)} - tolerance ${r.tolerance}\n`);
  }
  if (regressions.length === 0) out(`no regression against ${baselinePath} (tolerance ${baseline.tolerance}${baseline.tolerances ? ', per metric where stated' : ''})\n`);
  return { exitCode: regressions.length > 0 ? 1 : 0, results, regressions };
}

function readBaseline(path: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`baseline ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const b = parsed as Partial<Baseline>;
  if (typeof b.tolerance !== 'number' || !Array.isArray(b.results)) throw new Error(`baseline ${path} needs a numeric "tolerance" and a "results" list`);
  return b as Baseline;
}
