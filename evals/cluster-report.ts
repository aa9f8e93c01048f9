import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalBus } from '../pipeline/bus/local.js';
import { createHashingEmbedder } from '../pipeline/clustering/embedder.js';
import { adjustedRandIndex, noiseAsSingletons, normalizedMutualInformation, purity } from '../pipeline/clustering/metrics.js';
import { createClusterService } from '../pipeline/clustering/service.js';
import type { Extraction } from '../pipeline/extraction/model.js';
import type { ParsedDocument, RawDocumentInput } from '../pipeline/parsing/document.js';
import { parseDocument } from '../pipeline/parsing/index.js';
import { systemClock } from '../pipeline/shared/clock.js';
import { openStore } from '../pipeline/store/open.js';
import { createTracer } from '../pipeline/tracing/tracer.js';
import { extractOffline } from '../pipeline/extraction/offline/index.js';
import { demoDocuments } from './sites/documents.js';

/**
 * Prints how well clustering recovers known page types: Adjusted Rand Index, NMI and purity against labels, on
 * (a) the demo sites with their golden labels and (b) the Stack Overflow page types in ../shared/datasets (read in
 * place, never copied). Every document goes the production way: parse → offline extraction → cluster service
 * (`addExtraction`, then one `recluster()`), on an in-memory store.
 *
 *   npx tsx evals/cluster-report.ts [--datasets DIR] [--json]
 */
export interface LabeledDocument {
  label: string;
  input: RawDocumentInput;
}

export interface DiscoveryPipeline {
  parse(input: RawDocumentInput): Promise<ParsedDocument | null>;
  extract(parsed: ParsedDocument): Promise<Extraction>;
}

export interface ClusterScore {
  dataset: string;
  documents: number;
  labels: number;
  clusters: number;
  noise: number;
  ari: number;
  nmi: number;
  purity: number;
  goal: number;
  /** Per predicted cluster: size and label counts, to see what merged or split. */
  confusion: Array<{ cluster: string; name: string; size: number; labels: Record<string, number> }>;
}

export interface ClusterInput {
  id: string;
  extraction: Extraction;
  parsed: ParsedDocument | null;
}

export interface Clustered {
  /** The cluster service's key of each input, in input order. */
  keys: string[];
  clusters: Array<{ id: string; name: string; members: string[] }>;
}

/** The production clustering path on an in-memory store: `addExtraction` for every document, then one `recluster()`. */
export async function clusterDocuments(docs: readonly ClusterInput[]): Promise<Clustered> {
  const store = await openStore({});
  const bus = await createLocalBus({ store });
  try {
    const service = createClusterService({
      store,
      bus,
      tracer: createTracer({ sinks: [], redact: (v) => v }),
      clock: systemClock,
      embedder: createHashingEmbedder(),
    });
    const keys: string[] = [];
    for (const doc of docs) keys.push((await service.addExtraction({ ...doc.extraction, documentId: doc.id }, doc.parsed)).documentKey);
    await service.recluster();
    const clusters: Clustered['clusters'] = [];
    for (const c of await service.listClusters()) {
      clusters.push({ id: c.id, name: c.suggestedName, members: ((await service.membersOf(c.id)) ?? []).map((m) => m.documentKey) });
    }
    return { keys, clusters };
  } finally {
    await bus.close();
    await store.close();
  }
}

export async function scoreClustering(dataset: string, docs: readonly LabeledDocument[], pipeline: DiscoveryPipeline, goal: number): Promise<ClusterScore> {
  const inputs: ClusterInput[] = [];
  for (const doc of docs) {
    const parsed = await pipeline.parse(doc.input);
    const extraction = parsed ? await pipeline.extract(parsed) : emptyExtraction(doc.input.url, ['the document could not be parsed']);
    inputs.push({ id: doc.input.url, extraction, parsed });
  }
  const { keys, clusters } = await clusterDocuments(inputs);
  const truthByKey = new Map(keys.map((k, i) => [k, (docs[i] as LabeledDocument).label]));
  const predictedByKey = new Map<string, string>();
  const confusion: ClusterScore['confusion'] = [];
  for (const c of clusters) {
    const labels: Record<string, number> = {};
    for (const key of c.members) {
      predictedByKey.set(key, c.id);
      const label = truthByKey.get(key) ?? '?';
      labels[label] = (labels[label] ?? 0) + 1;
    }
    confusion.push({ cluster: c.id, name: c.name, size: c.members.length, labels });
  }
  const unique = [...truthByKey.keys()];
  const truth = unique.map((k) => truthByKey.get(k) as string);
  const predicted = noiseAsSingletons(unique.map((k) => predictedByKey.get(k) ?? null));
  return {
    dataset,
    documents: unique.length,
    labels: new Set(truth).size,
    clusters: confusion.length,
    noise: unique.filter((k) => !predictedByKey.has(k)).length,
    ari: adjustedRandIndex(truth, predicted),
    nmi: normalizedMutualInformation(truth, predicted),
    purity: purity(truth, predicted),
    goal,
    confusion,
  };
}

/** `labels.csv` (`file,page_type`) next to `html/`, as in ../shared/datasets/stackoverflow_page_types. */
export function loadStackOverflow(dir: string): LabeledDocument[] {
  const lines = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const match = /^"((?:[^"]|"")*)",(.*)$/.exec(line) ?? /^([^,]*),(.*)$/.exec(line);
    if (!match) throw new Error(`labels.csv: cannot read line ${JSON.stringify(line)}`);
    const file = (match[1] as string).replace(/""/g, '"');
    return {
      label: (match[2] as string).trim(),
      input: {
        bytes: readFileSync(join(dir, 'html', file)),
        contentType: 'text/html; charset=utf-8',
        url: `https://stackoverflow.com/saved/${encodeURIComponent(file)}`,
      },
    };
  });
}

/** An extraction that found nothing, for a document that could not be parsed (or as the base of one that did). */
export function emptyExtraction(url: string, warnings: string[] = []): Extraction {
  return {
    documentId: null,
    url,
    extractor: 'offline',
    model: null,
    promptVersion: null,
    multiplicity: 'none',
    records: [],
    confidence: 0,
    usage: null,
    warnings,
    extractedAt: new Date(0).toISOString(),
  };
}

export function formatScores(scores: readonly ClusterScore[]): string {
  const lines = scores.map(
    (s) =>
      `${s.dataset.padEnd(34)} docs ${String(s.documents).padStart(4)}  types ${String(s.labels).padStart(2)}  clusters ${String(s.clusters).padStart(2)}  noise ${String(s.noise).padStart(3)}  ARI ${s.ari.toFixed(3)}  NMI ${s.nmi.toFixed(3)}  purity ${s.purity.toFixed(3)}  goal ARI >= ${s.goal} ${s.ari >= s.goal ? 'met' : 'NOT MET'}`,
  );
  const details = scores.flatMap((s) => [
    `\n${s.dataset}: predicted clusters`,
    ...s.confusion.map((c) => `  ${c.cluster} ${c.name.padEnd(24)} ${String(c.size).padStart(4)}  ${Object.entries(c.labels).map(([l, n]) => `${l}×${n}`).join(', ')}`),
  ]);
  return [...lines, ...details].join('\n');
}

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function main(argv: string[]): Promise<number> {
  const datasetsDir = argValue(argv, '--datasets') ?? process.env['QUARRY_DATASETS'] ?? resolve(ROOT, '..', 'shared', 'datasets');
  const pipeline = offlinePipeline;
  const scores: ClusterScore[] = [];
  if (existsSync(join(ROOT, 'evals', 'golden', 'pages'))) {
    const demo = await loadDemoSites();
    if (demo.skipped.length > 0) console.log(`demo sites: left out ${demo.skipped.join(', ')}`);
    scores.push(await scoreClustering('demo sites (golden labels)', demo.documents, pipeline, 0.9));
  } else {
    console.log('demo sites: evals/golden/pages not present; skipped');
  }
  const so = join(datasetsDir, 'stackoverflow_page_types');
  if (existsSync(join(so, 'labels.csv'))) scores.push(await scoreClustering('stackoverflow_page_types', loadStackOverflow(so), pipeline, 0.8));
  else console.log(`stackoverflow_page_types: ${so} not found; skipped`);
  console.log(argv.includes('--json') ? JSON.stringify(scores, null, 2) : formatScores(scores));
  return scores.every((s) => s.ari >= s.goal) ? 0 : 1;
}

/**
 * Every demo-site page with a golden label (`demoDocuments`: the bytes the demo server sends, one origin per site).
 * Pages whose content exists only after JavaScript ran are left out: a static parse sees a shell.
 */
export async function loadDemoSites(): Promise<{ documents: LabeledDocument[]; skipped: string[] }> {
  const documents: LabeledDocument[] = [];
  const skipped: string[] = [];
  for (const doc of await demoDocuments()) {
    if (doc.task.requiresJavaScript) skipped.push(`${doc.task.site}${doc.task.path} (needs JavaScript)`);
    else documents.push({ label: doc.task.documentType, input: { bytes: doc.bytes, contentType: doc.contentType, url: doc.url } });
  }
  return { documents, skipped };
}

/** The production discovery path without a store: parseDocument, then the offline extractor. */
export const offlinePipeline: DiscoveryPipeline = {
  async parse(input) {
    const result = await parseDocument(input);
    return result.ok ? result.document : null;
  },
  async extract(parsed) {
    const found = extractOffline(parsed);
    const fields = found.records.flatMap((r) => r.fields);
    return {
      ...emptyExtraction(parsed.url),
      multiplicity: found.multiplicity,
      records: found.records,
      confidence: fields.length === 0 ? 0 : fields.reduce((sum, f) => sum + f.confidence, 0) / fields.length,
      warnings: found.warnings,
    };
  },
};

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
