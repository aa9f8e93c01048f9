import { emptyExtraction } from '../cluster-report.js';
import { walkFields, type ExtractedField, type ExtractedRecord, type Extraction } from '../../pipeline/extraction/model.js';
import { valueRecall } from '../scorers/values.js';
import type { ParsedDocument, RawDocumentInput } from '../../pipeline/parsing/document.js';
import type { SpanRecord } from '../../pipeline/tracing/tracer.js';
import type { EvalDataset } from '../datasets/types.js';
import { adjustedRandIndex, noiseAsSingletons, normalizedMutualInformation, purity } from '../../pipeline/clustering/metrics.js';
import { costFromSpans, StageTimer } from '../scorers/cost.js';
import { fieldAlignedScores, type TypedDocument } from '../scorers/fields.js';
import { schemaScores, type SchemaFieldLike } from '../scorers/schema.js';
import type { CatchRate } from '../scorers/validation.js';
import { answerAccuracy, type AnswerScores } from '../scorers/answers.js';
import { shingleF1 } from '../scorers/shingles.js';
import type { GeneratorBaseline } from '../generator/seeds.js';
import type { TableAccuracyReport, TypeTableScore } from './tables.js';

/**
 * Runs the pipeline's stages on each dataset and scores them. Stages are injected, so the runner scores the
 * offline path, the LLM path, or a deliberately degraded one (the regression test) the same way. A metric a
 * dataset cannot measure (no ground truth of that kind) is `null`, shown as n/a; a metric whose stage is missing
 * is listed in `unavailable`, shown as "n/a (stage not available)". Nothing is ever filled in.
 */
export interface StageDocument {
  id: string;
  /** Null when the document could not be parsed (its extraction is then empty). */
  parsed: ParsedDocument | null;
  extraction: Extraction;
}

export interface Stages {
  /** Name shown next to the dataset: `offline`, `llm`. */
  name: string;
  parse(input: RawDocumentInput): Promise<ParsedDocument | null>;
  extract(parsed: ParsedDocument): Promise<Extraction>;
  /** A cluster id per document, in order (null: noise). Absent when the clustering stage is not available. */
  cluster?(docs: readonly StageDocument[]): Promise<Array<string | null>>;
  /** Induces a schema from extractions of one type. Absent when the schema stage is not available. */
  induceSchema?(extractions: readonly Extraction[]): Promise<SchemaFieldLike[]>;
  /** Spans recorded while the stages ran: generations give LLM cost. */
  spans?(): readonly SpanRecord[];
}

/** The names under which an extraction's main text is read for body F1 (the surest such field is taken). */
export const BODY_FIELD_NAMES: ReadonlySet<string> = new Set(['body', 'article_body']);

function bodyOf(records: readonly ExtractedRecord[]): string | null {
  let best: ExtractedField | null = null;
  for (const f of walkFields(records)) if (BODY_FIELD_NAMES.has(f.name) && (!best || f.confidence > best.confidence)) best = f;
  return best ? (typeof best.value === 'string' ? best.value : best.raw) : null;
}

export interface EvaluateOptions {
  validation?: ValidationProbe;
  /** A reference extractor of the main text (Readability), scored side by side with Quarry's body. */
  referenceBody?: (input: EvalDataset['documents'][number]['input']) => Promise<string | null>;
}

/** Catch rate of validation on a dataset's documents as the stages extracted them; null when it cannot be measured. */
export type ValidationProbe = (dataset: EvalDataset, docs: ReadonlyMap<string, StageDocument>) => Promise<CatchRate | null>;

export const METRICS = [
  { key: 'value_recall', label: 'value recall', quality: true },
  { key: 'field_precision', label: 'field P', quality: true },
  { key: 'field_recall', label: 'field R', quality: true },
  { key: 'field_f1', label: 'field F1', quality: true },
  { key: 'ari', label: 'ARI', quality: true },
  { key: 'nmi', label: 'NMI', quality: true },
  { key: 'purity', label: 'purity', quality: true },
  { key: 'schema_field_recall', label: 'schema field R', quality: true },
  { key: 'schema_type_accuracy', label: 'schema type acc', quality: true },
  { key: 'validation_catch_rate', label: 'catch rate', quality: true },
  { key: 'answer_accuracy', label: 'answer acc', quality: true },
  { key: 'body_f1', label: 'body F1', quality: true },
  { key: 'table_row_coverage', label: 'table rows', quality: true },
  { key: 'table_cell_accuracy', label: 'table cells', quality: true },
  { key: 'table_exactly_once', label: 'rows once', quality: true },
  // Not gated (it measures Readability, not Quarry), but a score: shown like one.
  { key: 'reference_body_f1', label: 'Readability body F1', quality: false, score: true },
  { key: 'llm_calls_per_doc', label: 'LLM calls/doc', quality: false },
  { key: 'input_tokens_per_doc', label: 'in tok/doc', quality: false },
  { key: 'output_tokens_per_doc', label: 'out tok/doc', quality: false },
  { key: 'parse_ms_per_doc', label: 'parse ms/doc', quality: false },
  { key: 'extract_ms_per_doc', label: 'extract ms/doc', quality: false },
  { key: 'cluster_ms_per_doc', label: 'cluster ms/doc', quality: false },
  { key: 'schema_ms_per_doc', label: 'schema ms/doc', quality: false },
] as const;
export type MetricKey = (typeof METRICS)[number]['key'];

const CLUSTER_METRICS: MetricKey[] = ['ari', 'nmi', 'purity'];
const SCHEMA_METRICS: MetricKey[] = ['schema_field_recall', 'schema_type_accuracy'];

export interface DatasetResult {
  dataset: string;
  stages: string;
  documents: number;
  metrics: Record<MetricKey, number | null>;
  /** Metrics this dataset has ground truth for but whose stage was not available. */
  unavailable: MetricKey[];
  /** Value recall per document (per-item scores in Langfuse). */
  perDocument: Array<{ id: string; valueRecall: number | null }>;
  /** What the figures are made of: field alignment per type, schema fields missed, catches per corruption. */
  details: {
    alignment?: ReturnType<typeof fieldAlignedScores>['alignment'];
    schemaMissing?: Record<string, string[]>;
    catches?: CatchRate['byCorruption'];
    answers?: Pick<AnswerScores, 'byAttribute' | 'misses'>;
    bodies?: Array<{ id: string; f1: number; reference: number | null }>;
    table?: TypeTableScore;
  };
  notes: string[];
}

export async function evaluateDataset(dataset: EvalDataset, stages: Stages, options: EvaluateOptions = {}): Promise<DatasetResult> {
  const { validation, referenceBody } = options;
  const ids = new Set<string>();
  for (const d of dataset.documents) {
    if (ids.has(d.id)) throw new Error(`dataset ${dataset.name}: document id ${JSON.stringify(d.id)} appears twice`);
    ids.add(d.id);
  }
  const timer = new StageTimer();
  const notes: string[] = [];
  const unavailable: MetricKey[] = [];
  const details: DatasetResult['details'] = {};
  const metrics = Object.fromEntries(METRICS.map((m) => [m.key, null])) as Record<MetricKey, number | null>;

  // Each document goes through parse and extract once; every scorer reads the same results.
  const done: StageDocument[] = [];
  for (const doc of dataset.documents) {
    const parsed = await timer.time('parse', () => stages.parse(doc.input));
    if (!parsed) notes.push(`${doc.id}: not parsed`);
    const extraction = parsed ? await timer.time('extract', () => stages.extract(parsed)) : emptyExtraction(doc.input.url, ['the document could not be parsed']);
    done.push({ id: doc.id, parsed, extraction });
  }
  const byId = new Map(done.map((d) => [d.id, d]));
  const extractionOf = (id: string): Extraction => (byId.get(id) as StageDocument).extraction;

  const perDocument: DatasetResult['perDocument'] = dataset.documents.map((d) => ({ id: d.id, valueRecall: null }));
  const withValues = dataset.documents.filter((d) => (d.expectedValues?.length ?? 0) > 0);
  if (withValues.length > 0) {
    let expected = 0;
    let found = 0;
    for (const doc of withValues) {
      const r = valueRecall(doc.expectedValues ?? [], extractionOf(doc.id).records);
      expected += r.expected;
      found += r.found;
      const item = perDocument.find((p) => p.id === doc.id);
      if (item) item.valueRecall = r.recall;
    }
    metrics.value_recall = found / expected;
  }

  const typed: TypedDocument[] = dataset.documents
    .filter((d) => d.type && (d.expectedRecords ?? []).some((r) => Object.keys(r).length > 0))
    .map((d) => ({ type: d.type ?? '', expected: d.expectedRecords ?? [], extracted: extractionOf(d.id).records }));
  const alignment = typed.length > 0 ? fieldAlignedScores(typed) : null;
  if (alignment) {
    metrics.field_precision = alignment.precision;
    metrics.field_recall = alignment.recall;
    metrics.field_f1 = alignment.f1;
    details.alignment = alignment.alignment;
  }

  const answered = dataset.documents.filter((d) => d.expectedAnswers && Object.keys(d.expectedAnswers).length > 0);
  if (answered.length > 0 && dataset.answerNames) {
    const scores = answerAccuracy(
      answered.map((d) => ({ id: d.id, expected: d.expectedAnswers ?? {}, extracted: extractionOf(d.id).records })),
      dataset.answerNames,
    );
    metrics.answer_accuracy = scores.accuracy;
    details.answers = { byAttribute: scores.byAttribute, misses: scores.misses };
  }

  const withBody = dataset.documents.filter((d) => typeof d.expectedBody === 'string' && d.expectedBody.trim() !== '');
  if (withBody.length > 0) {
    details.bodies = [];
    let total = 0;
    let referenceTotal = 0;
    for (const doc of withBody) {
      const f1 = shingleF1(doc.expectedBody ?? '', bodyOf(extractionOf(doc.id).records)).f1;
      const reference = referenceBody ? shingleF1(doc.expectedBody ?? '', await referenceBody(doc.input)).f1 : null;
      total += f1;
      referenceTotal += reference ?? 0;
      details.bodies.push({ id: doc.id, f1, reference });
    }
    metrics.body_f1 = total / withBody.length;
    if (referenceBody) metrics.reference_body_f1 = referenceTotal / withBody.length;
  }

  const labelled = done.filter((d) => dataset.documents.find((x) => x.id === d.id)?.type);
  if (dataset.clustering && new Set(dataset.documents.map((d) => d.type).filter(Boolean)).size >= 2) {
    if (!stages.cluster) {
      unavailable.push(...CLUSTER_METRICS);
      notes.push('ARI, NMI, purity: n/a (stage not available: clustering)');
    } else {
      const predicted = await timer.time('cluster', () => (stages.cluster as NonNullable<Stages['cluster']>)(labelled));
      if (predicted.length !== labelled.length) throw new Error(`the cluster stage returned ${predicted.length} labels for ${labelled.length} documents`);
      const truth = labelled.map((d) => dataset.documents.find((x) => x.id === d.id)?.type ?? '');
      const asLabels = noiseAsSingletons(predicted);
      metrics.ari = adjustedRandIndex(truth, asLabels);
      metrics.nmi = normalizedMutualInformation(truth, asLabels);
      metrics.purity = purity(truth, asLabels);
    }
  }

  if (dataset.schemas && dataset.schemas.length > 0) {
    if (!stages.induceSchema) {
      unavailable.push(...SCHEMA_METRICS);
      notes.push('schema field R, type acc: n/a (stage not available: schema induction)');
    } else {
      let recall = 0;
      let accuracy = 0;
      details.schemaMissing = {};
      for (const schema of dataset.schemas) {
        const samples = dataset.documents.filter((d) => d.type === schema.documentType).map((d) => extractionOf(d.id));
        const induce = stages.induceSchema.bind(stages);
        const proposed = await timer.time('schema', () => induce(samples));
        // A golden field the field scorer aligned by value may be proposed under the discovered name.
        const aliases = new Map((alignment?.alignment[schema.documentType] ?? []).map((a) => [a.golden, a.discovered]));
        const s = schemaScores(proposed, schema.fields, aliases);
        recall += s.fieldRecall;
        accuracy += s.typeAccuracy;
        details.schemaMissing[schema.documentType] = s.missing;
      }
      metrics.schema_field_recall = recall / dataset.schemas.length;
      metrics.schema_type_accuracy = accuracy / dataset.schemas.length;
    }
  }

  if (validation) {
    const caught = await validation(dataset, byId);
    if (caught) {
      metrics.validation_catch_rate = caught.rate;
      details.catches = caught.byCorruption;
      if (caught.falseAlarms > 0) notes.push(`validation flagged ${caught.falseAlarms} clean rows`);
    }
  }

  const n = dataset.documents.length;
  const spans = stages.spans?.() ?? [];
  const cost = costFromSpans(spans, n);
  metrics.llm_calls_per_doc = n === 0 ? 0 : cost.llmCalls / n;
  metrics.input_tokens_per_doc = cost.inputTokensPerDoc;
  metrics.output_tokens_per_doc = cost.outputTokensPerDoc;
  // Stage latency, spread over the documents (clustering and schema induction run once per dataset or type).
  const totals = timer.totals();
  const perDoc = (stage: string): number | null => (totals[stage] === undefined || n === 0 ? null : (totals[stage] ?? 0) / n);
  metrics.parse_ms_per_doc = perDoc('parse');
  metrics.extract_ms_per_doc = perDoc('extract');
  metrics.cluster_ms_per_doc = perDoc('cluster');
  metrics.schema_ms_per_doc = perDoc('schema');

  return { dataset: dataset.name, stages: stages.name, documents: n, metrics, unavailable, perDocument, details, notes };
}


export interface Baseline {
  /** Absolute drop in a quality metric that counts as a regression, unless `tolerances` names the metric. */
  tolerance: number;
  /** Per-metric tolerances (absolute), where a metric moves in coarser steps than the default allows. */
  tolerances?: Partial<Record<MetricKey, number>>;
  results: Array<{ dataset: string; stages: string; metrics: Partial<Record<MetricKey, number | null>> }>;
  /** The site generator's held-out seeds, which the eval scores and no unit test uses (evals/generator/seeds.ts). */
  generator?: GeneratorBaseline;
}

export interface Regression {
  dataset: string;
  stages: string;
  metric: MetricKey;
  baseline: number;
  current: number | null;
  tolerance: number;
}

export const DEFAULT_TOLERANCE = 0.02;

export function toleranceFor(baseline: Pick<Baseline, 'tolerance' | 'tolerances'>, metric: MetricKey): number {
  return baseline.tolerances?.[metric] ?? baseline.tolerance;
}

/**
 * Quality metrics that fell more than their tolerance below the baseline, or that the baseline measured and the run
 * no longer does (a stage gone missing). Speed and cost are reported, not gated. A dataset the run did not include
 * (its folder absent on this machine) is not a regression.
 */
export function findRegressions(results: readonly DatasetResult[], baseline: Baseline): Regression[] {
  const regressions: Regression[] = [];
  for (const base of baseline.results) {
    const current = results.find((r) => r.dataset === base.dataset && r.stages === base.stages);
    if (!current) continue;
    for (const metric of METRICS.filter((m) => m.quality)) {
      const was = base.metrics[metric.key];
      if (was === null || was === undefined) continue;
      const tolerance = toleranceFor(baseline, metric.key);
      const now = current.metrics[metric.key];
      if (now === null || now < was - tolerance) regressions.push({ dataset: base.dataset, stages: base.stages, metric: metric.key, baseline: was, current: now, tolerance });
    }
  }
  return regressions;
}

/**
 * The results as a baseline, keeping the previous tolerances, and the previous figures of datasets this run did not
 * include (a folder absent on this machine must not drop out of the committed baseline).
 */
export function toBaseline(results: readonly DatasetResult[], previous: Partial<Baseline> = {}): Baseline {
  const measured = results.map((r) => ({
    dataset: r.dataset,
    stages: r.stages,
    metrics: Object.fromEntries(METRICS.filter((m) => m.quality).map((m) => [m.key, round(r.metrics[m.key])])) as Baseline['results'][number]['metrics'],
  }));
  const kept = (previous.results ?? []).filter((b) => !results.some((r) => r.dataset === b.dataset && r.stages === b.stages));
  return {
    tolerance: previous.tolerance ?? DEFAULT_TOLERANCE,
    ...(previous.tolerances ? { tolerances: previous.tolerances } : {}),
    ...(previous.generator ? { generator: previous.generator } : {}),
    results: [...measured, ...kept].sort((a, b) => a.dataset.localeCompare(b.dataset) || a.stages.localeCompare(b.stages)),
  };
}

/**
 * Rounding for the committed baseline: down, so a rerun that measures exactly the same figure is never below its
 * own baseline.
 */
const round = (n: number | null): number | null => (n === null ? null : Math.floor(n * 1000 + 1e-9) / 1000);

/** A markdown table: a row per dataset and stage set, a column per metric that any row measured or missed. */
export function formatTable(results: readonly DatasetResult[]): string {
  const shown = METRICS.filter((m) => results.some((r) => r.metrics[m.key] !== null || r.unavailable.includes(m.key)));
  const cell = (r: DatasetResult, m: (typeof METRICS)[number]): string => {
    const v = r.metrics[m.key];
    if (v === null) return r.unavailable.includes(m.key) ? 'n/a (stage not available)' : 'n/a';
    return m.quality || 'score' in m ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(0);
  };
  const header = ['dataset', 'stages', 'docs', ...shown.map((m) => m.label)];
  const rows = results.map((r) => [r.dataset, r.stages, String(r.documents), ...shown.map((m) => cell(r, m))]);
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/**
 * The table stage's figures joined to the rows of the datasets they measure (`<prefix> <type>`), and the pooled
 * figures to the mixed row: row coverage and cell accuracy, and 1 − duplicate rows / rows (1: every row once).
 */
export function addTableScores(results: DatasetResult[], report: TableAccuracyReport, prefix: string): void {
  const put = (row: DatasetResult | undefined, docs: number, withRow: number, cells: number, right: number, duplicates: number): void => {
    if (!row || docs === 0) return;
    row.metrics.table_row_coverage = withRow / docs;
    row.metrics.table_cell_accuracy = cells === 0 ? null : right / cells;
    row.metrics.table_exactly_once = withRow === 0 ? null : Math.max(0, 1 - duplicates / withRow);
  };
  for (const t of report.types) {
    const row = results.find((r) => r.dataset === `${prefix} ${t.type}` && r.stages === 'offline');
    put(row, t.documents, t.withRow, t.cells, t.rightCells, t.duplicates);
    if (row) row.details.table = t;
  }
  const sum = (k: 'documents' | 'withRow' | 'cells' | 'rightCells' | 'duplicates'): number => report.types.reduce((n, t) => n + t[k], 0);
  const mixed = results.find((r) => r.dataset === `${prefix} mixed` && r.stages === 'offline');
  put(mixed, sum('documents'), sum('withRow'), sum('cells'), sum('rightCells'), sum('duplicates'));
  mixed?.notes.push(...report.notes, `table stage: ${report.crawled} of ${report.pages} pages crawled and extracted; ${report.approved.length} types approved unedited`);
}
