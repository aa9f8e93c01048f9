import { clusterVectors, DEFAULT_CLUSTER_PARAMS } from '../../pipeline/clustering/algorithm.js';
import { hashEmbed } from '../../pipeline/clustering/embedder.js';
import { DEFAULT_FEATURE_WEIGHTS, signatureFeatures } from '../../pipeline/clustering/features.js';
import { extraction, parsedHtml, record, type FieldSpec } from '../../pipeline/clustering/fixtures.js';
import { matchClusters } from '../../pipeline/clustering/matching.js';
import { adjustedRandIndex } from '../../pipeline/clustering/metrics.js';
import { buildSignature, type Signature } from '../../pipeline/clustering/signature.js';
import { createCorpusStats } from '../../pipeline/clustering/corpus-stats.js';
import type { FieldType } from '../../pipeline/extraction/model.js';
import type { BenchResult } from './types.js';

/**
 * `npm run bench -- cluster`: a full re-clustering of N synthetic signatures (feature bags with per-site template
 * weighting → hashing embedder → leader/LSH + average linkage → id matching against the previous run), at 10k and
 * 100k. Signature generation is outside the timing; it stands for documents already extracted.
 */
const TYPES = 40;
const SITES = 25;
const TYPES_PER_SITE = 8;
const DIM = 256;

export async function run(opts: { quick: boolean }): Promise<BenchResult[]> {
  const [small, large] = opts.quick ? [2_000, 20_000] : [10_000, 100_000];
  // Warm the JIT on a small run so the first measured case is not penalized.
  measure(synthetic(1_000, 99));
  const baseline = measure(synthetic(small, 1));
  const caseResult = measure(synthetic(large, 2));
  const nlogn = (large * Math.log(large)) / (small * Math.log(small));
  const ratio = caseResult.ms / Math.max(1, baseline.ms);
  const smallGoalMs = opts.quick ? 1_000 : 5_000;
  const largeGoalMs = opts.quick ? 12_000 : 60_000;
  const label = (n: number) => `re-cluster ${n.toLocaleString('en')} signatures`;
  return [
    {
      case: label(small),
      ms: baseline.ms,
      peakMiB: baseline.peakMiB,
      items: small,
      goal: { text: `${small.toLocaleString('en')} under ${smallGoalMs / 1000} s`, met: baseline.ms < smallGoalMs },
      note: `${baseline.clusters} clusters from ${baseline.leaders} leaders, ARI vs generator ${baseline.ari.toFixed(3)}`,
    },
    {
      case: label(large),
      ms: caseResult.ms,
      peakMiB: caseResult.peakMiB,
      items: large,
      baseline: { case: label(small), ms: baseline.ms, peakMiB: baseline.peakMiB, items: small },
      goal: {
        text: `${large.toLocaleString('en')} under ${largeGoalMs / 1000} s; growth ×${ratio.toFixed(1)} near N log N (×${nlogn.toFixed(1)}), far from N² (×${((large / small) ** 2).toFixed(0)})`,
        met: caseResult.ms < largeGoalMs && ratio < nlogn * 1.6,
      },
      note: `${caseResult.clusters} clusters from ${caseResult.leaders} leaders, ARI vs generator ${caseResult.ari.toFixed(3)}`,
    },
  ];
}

interface Corpus {
  signatures: Signature[];
  truth: number[];
}

function measure(corpus: Corpus): { ms: number; peakMiB: number; clusters: number; leaders: number; ari: number } {
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const started = performance.now();

  const stats = createCorpusStats();
  for (const sig of corpus.signatures) stats.add(sig);
  const vectors = corpus.signatures.map((sig) => hashEmbed(signatureFeatures(sig, DEFAULT_FEATURE_WEIGHTS, stats.context), DIM));
  sample();
  const siteIds = new Map<string, number>();
  const sites = Int32Array.from(corpus.signatures, (sig) => siteIds.get(sig.site) ?? (siteIds.set(sig.site, siteIds.size), siteIds.size - 1));
  const result = clusterVectors(vectors, { ...DEFAULT_CLUSTER_PARAMS, sitePenalty: DEFAULT_FEATURE_WEIGHTS.template }, sites);
  sample();
  const groups: string[][] = Array.from({ length: result.clusterCount }, () => []);
  result.labels.forEach((l, i) => l >= 0 && groups[l]?.push(corpus.signatures[i]?.documentKey as string));
  // Previous run's ids: the generator's types, as if the last re-clustering had found them exactly.
  const previous = new Map(corpus.signatures.map((s, i) => [s.documentKey, `type_${corpus.truth[i]}`]));
  const oldSizes = new Map<string, number>();
  for (const id of previous.values()) oldSizes.set(id, (oldSizes.get(id) ?? 0) + 1);
  matchClusters(groups, (k) => previous.get(k) ?? null, oldSizes, 0.3);
  const ms = performance.now() - started;
  sample();
  return {
    ms: Math.round(ms),
    peakMiB: Math.round(((peak - rssBefore) / 2 ** 20) * 10) / 10,
    clusters: result.clusterCount,
    leaders: result.leaderCount,
    ari: adjustedRandIndex(corpus.truth, [...result.labels].map((l, i) => (l < 0 ? `noise${i}` : l))),
  };
}

/**
 * Documents of TYPES kinds spread over SITES sites; each site publishes some of the types with its own labels
 * and its own template; documents drop optional fields and vary their lists, as real pages do.
 */
export function synthetic(n: number, seed: number): Corpus {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const typeFields = Array.from({ length: TYPES }, (_, t) => {
    const count = 3 + Math.floor(rand() * 10);
    // Each type draws its values from a few shapes of its own, as real types do (a notice: dates, money, emails).
    const palette = Array.from({ length: 3 }, () => pick(SHAPES));
    return Array.from({ length: count }, (_, f) => ({ name: `${word(t)}_${word(f)}`, type: pick(palette), optional: rand() < 0.3 }));
  });
  const typeMany = Array.from({ length: TYPES }, () => rand() < 0.25);
  const siteTypes = Array.from({ length: SITES }, () => Array.from({ length: TYPES_PER_SITE }, () => Math.floor(rand() * TYPES)));
  const signatures: Signature[] = [];
  const truth: number[] = [];
  for (let i = 0; i < n; i++) {
    const site = Math.floor(rand() * SITES);
    const type = pick(siteTypes[site] as number[]);
    const host = `https://site${site}.example`;
    const url = `${host}/t${type}/${i}`;
    const fields: FieldSpec[] = (typeFields[type] ?? [])
      .filter((f) => !f.optional || rand() < 0.6)
      .map((f) => [f.name, f.type, sampleValue(f.type, rand), `${word(site + 100)} ${f.name}`]);
    const records = typeMany[type] ? Array.from({ length: 2 + Math.floor(rand() * 20) }, () => record(fields, { origin: 'repeated' })) : [record(fields)];
    const [s, t] = [word(site), word(type)];
    const paths = [
      `body>header.${s}>nav>a`,
      `body>footer.${s}>p`,
      `body>main.${t}>h1`,
      `body>main.${t}>div.${word(Math.floor(rand() * 3))}>span`,
      ...Array.from({ length: 3 }, (_, k) => `body>main.${t}>${LAYOUT_TAGS[(type + k) % LAYOUT_TAGS.length]}.${word(k)}>p`),
    ];
    signatures.push(buildSignature({ ...extraction(url, records), documentId: `doc_${i}` }, parsedHtml(url, paths, null)));
    truth.push(type);
  }
  return { signatures, truth };
}

/** Letters only: digits in names and classes are normalized away as positions. */
function word(n: number): string {
  let out = '';
  do {
    out += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return `x${out}`;
}

const LAYOUT_TAGS = ['article', 'section', 'table', 'dl', 'ul', 'figure', 'form', 'aside', 'details', 'ol', 'address'] as const;

const SHAPES: readonly FieldType[] = ['string', 'string', 'date', 'money', 'number', 'integer', 'url', 'email', 'phone', 'duration', 'boolean'];

function sampleValue(type: FieldType, rand: () => number): FieldSpec[2] {
  switch (type) {
    case 'date':
      return '2025-03-01';
    case 'money':
      return { amount: Math.round(rand() * 100), currency: 'EUR' };
    case 'number':
    case 'integer':
      return Math.round(rand() * 1000);
    case 'boolean':
      return rand() < 0.5;
    case 'url':
      return 'https://example.org/x';
    case 'email':
      return 'a@example.org';
    default:
      return rand() < 0.8 ? 'short text' : 'a much longer text that goes on for a while, more than thirty-two characters';
  }
}

function prng(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}
