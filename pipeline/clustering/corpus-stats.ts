import type { FeatureContext } from './features.js';
import { linkKey, type Signature } from './signature.js';

/**
 * Document frequencies the embedding weighs features by, kept up to date as documents come and go.
 *
 * - Template shingles, per site: header, navigation and footer paths appear on every page of a site and say nothing
 *   about the page type; paths only some pages have (a cast list, a notice table) do, and a path on one page only is
 *   that page's content, not a template. Specificity is ln((N + df) / (2·df)) · (1 − 1/df): 0 on every page and on
 *   a single page, highest for paths a group of pages shares.
 * - Field names, value shapes and layout pairs, over all documents: `title` and `url` are everywhere, `conductor` is not. Rarity is
 *   the smoothed IDF 1 + ln((N + 1) / (df + 1)), which keeps common features (a corpus of one type keeps its shapes)
 *   but lifts the ones that tell types apart; a feature of a single document weighs 0 (it cannot make two alike).
 */
export interface CorpusStats {
  add(sig: Signature): void;
  remove(sig: Signature): void;
  readonly context: Required<FeatureContext>;
}

export function createCorpusStats(): CorpusStats {
  const sites = new Map<string, { docs: number; df: Map<string, number> }>();
  const global = new Map<string, number>();
  const byUrl = new Map<string, Signature>();
  let docs = 0;

  const change = (sig: Signature, delta: 1 | -1): void => {
    docs += delta;
    const key = linkKey(sig.url);
    if (key !== null) {
      if (delta > 0) byUrl.set(key, sig);
      else if (byUrl.get(key)?.documentKey === sig.documentKey) byUrl.delete(key);
    }
    const keys = [...Object.keys(sig.names).map((n) => `n:${n}`), ...Object.keys(sig.shapes).map((s) => `s:${s}`), ...(sig.layout ?? []).map((g) => `g:${g}`), ...(sig.evidence ?? []).map((e) => `e:${e}`)];
    for (const key of new Set(keys)) {
      const next = (global.get(key) ?? 0) + delta;
      if (next <= 0) global.delete(key);
      else global.set(key, next);
    }
    let site = sites.get(sig.site);
    if (!site) sites.set(sig.site, (site = { docs: 0, df: new Map() }));
    site.docs += delta;
    for (const shingle of new Set(sig.template)) {
      const next = (site.df.get(shingle) ?? 0) + delta;
      if (next <= 0) site.df.delete(shingle);
      else site.df.set(shingle, next);
    }
    if (site.docs <= 0) sites.delete(sig.site);
  };

  return {
    add: (sig) => change(sig, 1),
    remove: (sig) => change(sig, -1),
    context: {
      templateSpecificity(site, shingle) {
        const stats = sites.get(site);
        const df = stats?.df.get(shingle) ?? 0;
        if (!stats || df <= 1) return 0;
        return Math.log((stats.docs + df) / (2 * df)) * (1 - 1 / df);
      },
      targets(sig) {
        const found = (sig.links ?? []).map((l) => byUrl.get(l)).filter((t): t is Signature => t !== undefined && t.documentKey !== sig.documentKey);
        return found.length === 0 ? [] : targetFeatures(found);
      },
      rarity(feature) {
        const df = global.get(feature) ?? 0;
        // A name or shape only one document has (a role name extracted as a field) cannot make documents alike.
        if (df <= 1 && docs > 1) return 0;
        return 1 + Math.log((docs + 1) / (df + 1));
      },
    },
  };
}

/**
 * What a listing lists, from the documents its items link to: their concepts, names and page evidence, averaged.
 * Two season listings in two languages list productions; a procurement portal's results page lists notices.
 */
function targetFeatures(targets: readonly Signature[]): Array<[string, number]> {
  const sum = new Map<string, number>();
  for (const t of targets) {
    const keys = [...Object.keys(t.names).map((n) => `n:${n}`), ...(t.evidence ?? []).map((e) => `e:${e}`), ...t.declaredTypes.map((d) => `d:${d}`), `m:${t.multiplicity}`];
    for (const k of new Set(keys)) sum.set(k, (sum.get(k) ?? 0) + 1);
  }
  return [...sum].map(([k, v]) => [k, v / targets.length]);
}
