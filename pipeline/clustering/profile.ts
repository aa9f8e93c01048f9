import type { FieldSummary, Signature } from './signature.js';

/** What a cluster looks like from its members: the view `list_clusters` shows and the schema inducer starts from. */
export interface ClusterProfile {
  suggestedName: string;
  /** Sites, most members first. */
  sites: string[];
  topFields: TopField[];
  /** Per site: how its pages label each field (the same type on two sites in two languages). */
  subTemplates: SubTemplate[];
}

export interface TopField {
  name: string;
  type: FieldSummary['type'];
  shape: string;
  /** Share of members that have the field (0..1). */
  coverage: number;
  examples: string[];
  /** Labels as written, across sites. */
  labels: string[];
}

export interface SubTemplate {
  site: string;
  documents: number;
  fields: Array<{ name: string; shape: string; labels: string[]; coverage: number }>;
}

export interface ProfileInput {
  signature: Signature;
}

const GENERIC_NAMES = new Set(['title', 'name', 'url', 'link', 'text', 'description', 'field', 'image', 'headline', 'body', 'column', 'date', 'related', 'page', 'label', 'value', 'item', 'content', 'summary']);

/**
 * Document kinds a reviewer names, by the dictionary concepts their pages hold in any language. A cluster whose
 * members mostly have two concepts of one kind (or one almost all of them have) is named after it.
 */
const KIND_CONCEPTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['production', ['conductor', 'director', 'composer', 'choreography', 'set_design', 'costume_design', 'lighting', 'premiere', 'librettist', 'cast', 'dramaturgy', 'surtitles', 'chorus', 'orchestra']],
  ['tender_notice', ['deadline', 'contracting_authority', 'cpv_code', 'procedure', 'place_of_performance', 'lots', 'estimated_value']],
  ['product', ['sku', 'brand', 'availability', 'gtin', 'mpn', 'old_price']],
  ['invoice', ['invoice_number', 'invoice_date', 'subtotal', 'total', 'due_date', 'vat', 'iban', 'line_items']],
  ['contact', ['phone', 'email', 'fax', 'address', 'opening_hours', 'website']],
  ['article', ['author', 'published']],
];
const TITLE_STOPWORDS = new Set(['the', 'and', 'for', 'with', 'von', 'der', 'die', 'das', 'und', 'des', 'del', 'della', 'les', 'une', 'page']);

export function buildProfile(
  members: readonly ProfileInput[],
  opts: { topFields?: number; globalTitleFrequency?: ReadonlyMap<string, number>; totalDocuments?: number } = {},
): ClusterProfile {
  const n = members.length;
  const siteCounts = new Map<string, number>();
  const fields = new Map<string, { count: number; types: Map<string, number>; shapes: Map<string, number>; examples: Set<string>; labels: Set<string> }>();
  const perSite = new Map<string, { documents: number; fields: Map<string, { shape: string; labels: Set<string>; count: number }> }>();
  const declared = new Map<string, number>();

  for (const { signature: sig } of members) {
    siteCounts.set(sig.site, (siteCounts.get(sig.site) ?? 0) + 1);
    for (const t of sig.declaredTypes) declared.set(t, (declared.get(t) ?? 0) + 1);
    let site = perSite.get(sig.site);
    if (!site) perSite.set(sig.site, (site = { documents: 0, fields: new Map() }));
    site.documents++;
    for (const f of sig.fields) {
      let agg = fields.get(f.name);
      if (!agg) fields.set(f.name, (agg = { count: 0, types: new Map(), shapes: new Map(), examples: new Set(), labels: new Set() }));
      agg.count++;
      agg.types.set(f.type, (agg.types.get(f.type) ?? 0) + 1);
      agg.shapes.set(f.shape, (agg.shapes.get(f.shape) ?? 0) + 1);
      if (agg.examples.size < 3 && f.example.length > 0) agg.examples.add(f.example);
      if (agg.labels.size < 8) agg.labels.add(f.label);
      let sf = site.fields.get(f.name);
      if (!sf) site.fields.set(f.name, (sf = { shape: f.shape, labels: new Set(), count: 0 }));
      sf.count++;
      if (sf.labels.size < 5) sf.labels.add(f.label);
    }
  }

  const topFields: TopField[] = [...fields.entries()]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.topFields ?? 12)
    .map(([name, agg]) => ({
      name,
      type: mostFrequent(agg.types) as FieldSummary['type'],
      shape: mostFrequent(agg.shapes),
      coverage: round(agg.count / Math.max(1, n)),
      examples: [...agg.examples],
      labels: [...agg.labels],
    }));

  const subTemplates: SubTemplate[] = [...perSite.entries()]
    .sort((a, b) => b[1].documents - a[1].documents || (a[0] < b[0] ? -1 : 1))
    .map(([site, s]) => ({
      site,
      documents: s.documents,
      fields: [...s.fields.entries()]
        .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
        .slice(0, 20)
        .map(([name, f]) => ({ name, shape: f.shape, labels: [...f.labels], coverage: round(f.count / s.documents) })),
    }));

  return {
    suggestedName: suggestName(members, declared, topFields, opts),
    sites: [...siteCounts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s),
    topFields,
    subTemplates,
  };
}

/**
 * A name a reviewer would recognize: a declared type most members share (`event`), else a title word typical of
 * this cluster and rare elsewhere (`questions`), else its two most common specific field names.
 */
function suggestName(
  members: readonly ProfileInput[],
  declared: Map<string, number>,
  topFields: TopField[],
  opts: { globalTitleFrequency?: ReadonlyMap<string, number>; totalDocuments?: number },
): string {
  const n = members.length;
  if (n === 0) return 'empty';
  const listing = members.filter((m) => m.signature.multiplicity === 'many').length > n / 2;
  const named = (base: string): string => (listing ? `${base}_listing` : base);
  // What the pages hold names the kind in words a reviewer uses (`production`, not schema.org's `TheaterEvent`).
  const kind = kindOf(members);
  if (kind) return named(kind);
  const [type, typeCount] = [...declared.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (type && typeCount >= n / 2) return named(snake(type));
  // A listing is named by what it lists; with no kind to tell, field names (often a template's class names) would mislead.
  if (listing) return 'listing';

  const inCluster = titleFrequency(members.map((m) => m.signature.title));
  const global = opts.globalTitleFrequency ?? inCluster;
  const total = Math.max(opts.totalDocuments ?? n, n);
  let bestWord = '';
  let bestScore = 0;
  // The site's own name is in every title of the site ("Nordhafen", "Portal"): it names the site, not the kind.
  const hosts = members.map((m) => m.signature.site.toLowerCase()).join(' ');
  for (const [word, count] of inCluster) {
    if (hosts.includes(word.normalize('NFKD').replace(/[^a-z0-9]/g, ''))) continue;
    // A word most titles outside the cluster have too is the site's name or its slogan, not this kind of page.
    if ((global.get(word) ?? count) > 2 * count) continue;
    const share = count / n;
    if (share < 0.5 || count < 2) continue;
    const score = share * Math.log((total + 1) / (global.get(word) ?? count));
    if (score > bestScore || (score === bestScore && word < bestWord)) {
      bestScore = score;
      bestWord = word;
    }
  }
  if (bestWord && bestScore > 0.05) return snake(bestWord);

  const specific = topFields.filter((f) => !GENERIC_NAMES.has(f.name) && !/^(?:og|twitter|meta)_/.test(f.name)).slice(0, 2);
  if (specific.length > 0) return named(specific.map((f) => f.name).join('_'));
  return named(topFields[0]?.name ?? 'page');
}

/** The document kind whose concepts the members hold most (see KIND_CONCEPTS), or null when none clearly does. */
function kindOf(members: readonly ProfileInput[]): string | null {
  const coverage = new Map<string, number>();
  for (const { signature } of members) for (const name of new Set(signature.fields.map((f) => f.name))) coverage.set(name, (coverage.get(name) ?? 0) + 1 / members.length);
  let best: string | null = null;
  let bestScore = 0;
  for (const [kind, concepts] of KIND_CONCEPTS) {
    const shares = concepts.map((c) => coverage.get(c) ?? 0).sort((a, b) => b - a);
    const [first = 0, second = 0] = shares;
    const clear = (first >= 0.5 && second >= 0.5) || first >= 0.8;
    const score = shares.reduce((a, b) => a + b, 0);
    if (clear && score > bestScore) [best, bestScore] = [kind, score];
  }
  return best;
}

/** Documents per title word (each title counted once per word). */
export function titleFrequency(titles: ReadonlyArray<string | null>): Map<string, number> {
  const freq = new Map<string, number>();
  for (const title of titles) {
    if (!title) continue;
    const words = new Set(
      title
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !TITLE_STOPWORDS.has(w)),
    );
    for (const w of words) freq.set(w, (freq.get(w) ?? 0) + 1);
  }
  return freq;
}

function snake(text: string): string {
  return (
    text
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'page'
  );
}

function mostFrequent(map: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [k, v] of map) if (v > bestCount) [best, bestCount] = [k, v];
  return best;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
