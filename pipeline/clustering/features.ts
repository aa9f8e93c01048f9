import { CONCEPT_NAMES, type Signature } from './signature.js';

/** Feature name → weight. Names carry a block prefix (`s:`, `n:`, …) so blocks never collide by accident. */
export type FeatureBag = Map<string, number>;

/**
 * Relative weights of the content blocks (their shares of the content part of the vector), and the share of the
 * site-specific template block. Shapes and structure decide the document type across sites; names and labels help
 * when sites happen to agree. The template block only ever matches within one site; the clustering charges its
 * weight back for every same-site pair (`sitePenalty`), so within a site it acts as a penalty for not sharing the
 * template, and across sites it does nothing.
 */
export interface FeatureWeights {
  shapes: number;
  structure: number;
  /** html, pdf, json or text: the same type rarely comes both as a web page and as a PDF. */
  kind: number;
  declared: number;
  names: number;
  /** Names that are concepts of the label dictionary (`conductor`, `deadline`, `price`): one meaning in every language. */
  concepts: number;
  labels: number;
  /** Semantic HTML layout (tag pairs without classes), comparable across sites. */
  layout: number;
  /** Page-kind evidence (`dated`, `contact`, `items:priced`): the kind of page in words no language owns. */
  evidence: number;
  /** What a listing links to: the names and evidence of the documents its items open. */
  targets: number;
  /** Share (0..1) of the vector's squared norm given to the template block. */
  template: number;
}

export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = {
  shapes: 0.077,
  structure: 0.01,
  kind: 0.005,
  declared: 0.091,
  names: 0.011,
  concepts: 0.259,
  labels: 0.007,
  layout: 0.337,
  evidence: 0.032,
  targets: 0.194,
  template: 0.391,
};

/**
 * Corpus statistics the weights use (see corpus-stats.ts). Without them every feature counts alike, which is what a
 * single document or a test without a corpus gets.
 */
export interface FeatureContext {
  /** How specific a template shingle is to some pages of its site (0 for boilerplate every page has). */
  templateSpecificity?: (site: string, shingle: string) => number;
  /** A listing's linked documents as features (`n:conductor`, `e:dated`), shares of the targets (corpus-stats.ts). */
  targets?: (sig: Signature) => Array<[string, number]>;
  /** How rare a name (`n:conductor`), shape (`s:t:money`) or layout pair (`g:article>time`) is across all documents (>= 1). */
  rarity?: (feature: string) => number;
}

/** `string` is what a value is when it is nothing more specific; it says least about a document's type. */
const FALLBACK_TYPE_WEIGHT = 0.35;
/** A format refines its type (`money:EUR` under `money`), so it adds less on its own. */
const FORMAT_WEIGHT = 0.7;

export function signatureFeatures(sig: Signature, weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS, context: FeatureContext = {}): FeatureBag {
  const content: FeatureBag = new Map();
  const rarity = context.rarity ?? (() => 1);
  const perRecordFields = sig.recordCount > 0 ? sig.fieldCount / sig.recordCount : 0;
  let contentWeight = 0;
  contentWeight += addBlock(
    content,
    's:',
    weights.shapes,
    Object.entries(sig.shapes).map(([shape, count]) => [shape, sublinear(count) * shapeWeight(shape) * rarity(`s:${shape}`)]),
  );
  contentWeight += addBlock(content, 'm:', weights.structure, [
    [`mult:${sig.multiplicity}`, 2],
    [`records:${bucket(sig.recordCount)}`, 1],
    [`fields:${bucket(perRecordFields)}`, 1],
  ]);
  contentWeight += addBlock(content, 'k:', weights.kind, [[sig.kind, 1]]);
  contentWeight += addBlock(content, 'd:', weights.declared, sig.declaredTypes.map((t) => [t, 1]));
  contentWeight += addBlock(content, 'n:', weights.names, Object.entries(sig.names).map(([name, count]) => [name, sublinear(count) * rarity(`n:${name}`)]));
  contentWeight += addBlock(
    content,
    'c:',
    weights.concepts,
    Object.entries(sig.names)
      .filter(([name]) => CONCEPT_NAMES.has(name))
      .map(([name, count]) => [name, sublinear(count) * rarity(`n:${name}`)]),
  );
  contentWeight += addBlock(content, 'l:', weights.labels, sig.labelTokens.map((t) => [t, 1]));
  // Evidence every page has ("detail" in a corpus of detail pages) and layout pairs every page has (ul>li, nav>a)
  // say nothing: plain IDF, which drops them, not the smoothed rarity.
  contentWeight += addBlock(content, 'e:', weights.evidence, (sig.evidence ?? []).map((e) => [e, rarity(`e:${e}`) - 1]));
  contentWeight += addBlock(content, 'g:', weights.layout, (sig.layout ?? []).map((pair) => [pair, rarity(`g:${pair}`) - 1]));

  if (sig.multiplicity === 'many' && context.targets) {
    // Weighed as in the document's own blocks: names by rarity, evidence by plain IDF, the rest as they come.
    const weightOf = (k: string): number => (k.startsWith('n:') ? rarity(k) : k.startsWith('e:') ? Math.max(rarity(k) - 1, 0) : 1);
    contentWeight += addBlock(content, 't:', weights.targets, context.targets(sig).map(([k, v]) => [k, v * weightOf(k)]));
  }

  // Content and template each get exactly their share, whichever blocks are empty, so the penalty is exact.
  const templateShare = Math.min(Math.max(weights.template, 0), 0.95);
  const bag: FeatureBag = new Map();
  const contentScale = contentWeight > 0 ? Math.sqrt((1 - templateShare) / contentWeight) : 0;
  for (const [k, v] of content) bag.set(k, v * contentScale);
  if (templateShare > 0) {
    const specificity = context.templateSpecificity;
    // No host name in the features: template parts are compared only site by site (algorithm.ts), so the same
    // site served under another name or port gives the same vectors.
    const prefix = 'p:';
    const added = addBlock(bag, prefix, templateShare, sig.template.map((t) => [t, specificity ? specificity(sig.site, t) : 1]));
    // No specific template (a PDF, a site with one layout, a page unlike any other yet): the site's common template.
    if (added === 0) bag.set(`${prefix}*`, Math.sqrt(templateShare));
  }
  return bag;
}

function shapeWeight(shape: string): number {
  const nested = shape.startsWith('>') ? 0.5 : 1;
  const plain = shape.replace(/^>/, '');
  const base = plain.startsWith('f:') ? FORMAT_WEIGHT : 1;
  return nested * base * (plain === 't:string' || plain.startsWith('f:string') ? FALLBACK_TYPE_WEIGHT : 1);
}

/** Sublinear counts: the fifth date on a page says less than the first. */
function sublinear(count: number): number {
  return count <= 0 ? 0 : count < 1 ? count : 1 + Math.log(count);
}

/** The signature as words, for text embedders (fastembed), which see meaning in labels across languages. */
export function signatureText(sig: Signature): string {
  const shapes = Object.keys(sig.shapes).join(' ');
  const names = Object.keys(sig.names).join(' ');
  return [
    `${sig.multiplicity} page with ${sig.recordCount} records`,
    sig.declaredTypes.length > 0 ? `types: ${sig.declaredTypes.join(' ')}` : '',
    `shapes: ${shapes}`,
    `fields: ${names.replace(/_/g, ' ')}`,
    `labels: ${sig.labelTokens.slice(0, 60).join(' ')}`,
  ]
    .filter((s) => s.length > 0)
    .join('\n');
}

/** Adds the entries scaled to a block of squared norm `weight`; returns the weight added (0 for an empty block). */
function addBlock(bag: FeatureBag, prefix: string, weight: number, entries: Array<[string, number]>): number {
  if (weight <= 0 || entries.length === 0) return 0;
  let norm = 0;
  for (const [, v] of entries) norm += v * v;
  if (norm === 0 || !Number.isFinite(norm)) return 0;
  const scale = Math.sqrt(weight / norm);
  for (const [k, v] of entries) {
    if (v === 0) continue;
    const key = prefix + k;
    bag.set(key, (bag.get(key) ?? 0) + v * scale);
  }
  return weight;
}

/** Counts in coarse logarithmic buckets: a listing of 12 and one of 15 items are alike. */
function bucket(n: number): string {
  if (n <= 0) return '0';
  if (n < 2) return '1';
  if (n < 4) return '2-3';
  if (n < 8) return '4-7';
  if (n < 16) return '8-15';
  return '16+';
}
