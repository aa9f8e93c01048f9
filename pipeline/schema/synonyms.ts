import type { ExtractedRecord, Extraction, FieldType } from '../extraction/model.js';
import { siteOf } from '../clustering/signature.js';
import { LABEL_DICTIONARY } from '../extraction/labels.js';
import { fold } from '../extraction/normalize/text.js';
import { display, induceSchema, mainRecord, type InduceOptions, type Induction } from './induce.js';

/**
 * Synonym fields across sites: two discovered names that mean the same thing (one site says `dirigent`, another
 * `conductor`). They are merged only on evidence, and the evidence is kept on the schema field:
 * - they never appear together in one document, and no site uses both (otherwise they are two fields);
 * - their values have the same shape (type and a coarse character pattern);
 * - and either their labels or names share a word, or the same values occur under both names, or they stand in the
 *   same place among the fields both sites share (after the same field and before the same one), or each site uses
 *   exactly one of them and nothing else of that shape (or in that place) could be its partner.
 * Pairs that only satisfy the first two are "suspected": listed for the reviewer, not merged.
 */
export interface SynonymGroup {
  /** The name the merged field takes (the most used one). */
  canonical: string;
  names: string[];
  evidence: string[];
}

export interface SuspectedSynonym {
  names: [string, string];
  evidence: string[];
}

interface NameStats {
  docs: Set<number>;
  sites: Set<string>;
  perSite: Map<string, number>;
  types: Map<FieldType, number>;
  shapes: Map<string, number>;
  labels: Set<string>;
  values: Set<string>;
  nested: boolean;
  /** For nested records: the shapes of their child values (a cast's names, a schedule's dates). */
  childShapes: Set<string>;
}

const CONCEPTS: ReadonlySet<string> = new Set(Object.keys(LABEL_DICTIONARY));

const TYPE_FAMILY: Partial<Record<FieldType, string>> = { integer: 'number', number: 'number', date: 'date', datetime: 'date' };

export function findSynonyms(samples: readonly Extraction[]): { groups: SynonymGroup[]; suspected: SuspectedSynonym[] } {
  const stats = new Map<string, NameStats>();
  const docsPerSite = new Map<string, number>();
  const orders: Array<{ site: string; names: string[] }> = [];
  samples.forEach((sample, doc) => {
    const record = mainRecord(sample);
    if (!record) return;
    const site = siteOf(sample.url);
    orders.push({ site, names: record.fields.filter((f) => !f.provenance.every((p) => p.kind === 'meta')).map((f) => f.name) });
    docsPerSite.set(site, (docsPerSite.get(site) ?? 0) + 1);
    const seen = new Set<string>();
    for (const field of record.fields) {
      const s = stats.get(field.name) ?? { docs: new Set(), sites: new Set(), perSite: new Map(), types: new Map(), shapes: new Map(), labels: new Set(), values: new Set(), nested: false, childShapes: new Set() };
      stats.set(field.name, s);
      s.docs.add(doc);
      s.sites.add(site);
      if (!seen.has(field.name)) s.perSite.set(site, (s.perSite.get(site) ?? 0) + 1);
      seen.add(field.name);
      bump(s.types, field.type);
      if (field.records && field.records.length > 0) {
        s.nested = true;
        for (const child of field.records.slice(0, 20)) for (const f of child.fields) s.childShapes.add(shapeOf(f.type, display(f.value)));
      }
      const shown = display(field.value);
      bump(s.shapes, shapeOf(field.type, shown));
      if (shown) s.values.add(fold(shown));
      if (field.label) s.labels.add(field.label);
    }
  });

  const names = [...stats.keys()].sort();
  const place = placesAmongShared(orders, stats);
  /** `placed`: how many of its two neighbours among the shared fields the pair has in common (0–2). */
  const compatible: Array<{ a: string; b: string; evidence: string[]; strong: boolean; complementary: boolean; placed: number }> = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] as string;
      const b = names[j] as string;
      const sa = stats.get(a) as NameStats;
      const sb = stats.get(b) as NameStats;
      if (intersects(sa.docs, sb.docs) || intersects(sa.sites, sb.sites)) continue;
      // Nested records pair only with nested records whose rows hold values shaped alike.
      if (sa.nested !== sb.nested || (sa.nested && jaccard(sa.childShapes, sb.childShapes) < 0.5)) continue;
      if (family(top(sa.types)) !== family(top(sb.types)) || top(sa.shapes) !== top(sb.shapes)) continue;
      const evidence = [`never in the same document or site; values shaped alike (${family(top(sa.types))}, ${top(sa.shapes) ?? ''})`];
      const words = sharedWords([a, ...sa.labels], [b, ...sb.labels]);
      if (words.length > 0) evidence.push(`names/labels share ${words.map((w) => JSON.stringify(w)).join(', ')}`);
      const shared = [...sa.values].filter((v) => sb.values.has(v));
      if (shared.length > 0) evidence.push(`same values under both names: ${shared.slice(0, 3).join(', ')}`);
      const complementary = usedThroughout(sa, docsPerSite) && usedThroughout(sb, docsPerSite);
      if (complementary) evidence.push(`each site uses one of them throughout (${a} on ${describeSites(sa)}; ${b} on ${describeSites(sb)})`);
      const pa = place.get(a);
      const pb = place.get(b);
      const after = pa?.after && pa.after === pb?.after ? pa.after : null;
      const before = pa?.before && pa.before === pb?.before ? pa.before : null;
      if (after || before) evidence.push(`in the same place among the fields the sites share (${[after ? `after ${after}` : '', before ? `before ${before}` : ''].filter(Boolean).join(', ')})`);
      // With no shared field around (the rows of a cast, say), the same position in records of one length places them.
      const ordinal = !pa?.after && !pa?.before && !pb?.after && !pb?.before && pa?.ordinal !== null && pa?.ordinal !== undefined && pa.ordinal === pb?.ordinal;
      if (ordinal) evidence.push(`the same position in records of the same length (${pa.ordinal})`);
      compatible.push({ a, b, evidence, strong: words.length > 0 || shared.length > 0, complementary, placed: ordinal ? 2 : (after ? 1 : 0) + (before ? 1 : 0) });
    }
  }

  // Without label or value evidence, a pair merges when it stands between the same two shared fields, or each
  // site uses one of them throughout, and neither name has another candidate placed as well as this one.
  const rivals = (p: (typeof compatible)[number], n: string): number => compatible.filter((q) => q !== p && (q.a === n || q.b === n) && q.placed >= p.placed).length;
  const merges = compatible.filter((p) => p.strong || ((p.placed === 2 || p.complementary) && rivals(p, p.a) === 0 && rivals(p, p.b) === 0));
  const suspected = compatible.filter((p) => !merges.includes(p)).map((p) => ({ names: [p.a, p.b] as [string, string], evidence: p.evidence }));

  const groups: Array<{ names: Set<string>; evidence: string[] }> = [];
  for (const pair of merges) {
    const ga = groups.find((g) => g.names.has(pair.a));
    const gb = groups.find((g) => g.names.has(pair.b));
    if (ga && ga === gb) continue;
    const merged = new Set([...(ga?.names ?? [pair.a]), ...(gb?.names ?? [pair.b])]);
    // Transitive merges must still never put two names of one document or site into one field.
    if (!pairwiseDisjoint([...merged].map((n) => stats.get(n) as NameStats))) {
      suspected.push({ names: [pair.a, pair.b], evidence: [...pair.evidence, 'not merged: it would join names that occur together elsewhere'] });
      continue;
    }
    const evidence = [...(ga?.evidence ?? []), ...(gb?.evidence ?? []), `${pair.a} ≡ ${pair.b}: ${pair.evidence.join('; ')}`];
    for (const g of [ga, gb]) if (g) groups.splice(groups.indexOf(g), 1);
    groups.push({ names: merged, evidence });
  }
  return {
    groups: groups.map((g) => {
      // The dictionary's name for the concept wins (`venue` over a site's `podium`), then the most used one.
      const sorted = [...g.names].sort((x, y) => Number(CONCEPTS.has(y)) - Number(CONCEPTS.has(x)) || (stats.get(y) as NameStats).docs.size - (stats.get(x) as NameStats).docs.size || x.localeCompare(y));
      return { canonical: sorted[0] as string, names: sorted, evidence: g.evidence };
    }),
    suspected,
  };
}

export interface SiteInduction extends Induction {
  synonyms: SynonymGroup[];
  suspected: SuspectedSynonym[];
}

/**
 * `induceSchema` over samples from several sites: synonym names are unified first, so the merged field's coverage,
 * types and examples count every site; the field keeps every discovered name in `sources` (so rows map from the
 * original extractions) and the merge's evidence.
 */
export function induceAcrossSites(samples: readonly Extraction[], opts: InduceOptions): SiteInduction {
  // Nested records (a cast, lots, line items) merge their child fields across sites the same way.
  opts = { ...opts, nested: (children, o) => induceAcrossSites(children, o) };
  // Two rounds: names merged in the first are shared across sites in the second, so they place the rest.
  const first = findSynonyms(samples);
  const firstOf = new Map(first.groups.flatMap((g) => g.names.map((n) => [n, g.canonical] as const)));
  const second = findSynonyms(samples.map((s) => ({ ...s, records: s.records.map((r) => renameFields(r, firstOf)) })));
  const groups = [...first.groups];
  for (const g of second.groups) {
    const inner = g.names.flatMap((n) => first.groups.find((f) => f.canonical === n)?.names ?? [n]);
    for (const n of g.names) {
      const i = groups.findIndex((f) => f.canonical === n);
      if (i >= 0) groups.splice(i, 1);
    }
    groups.push({ canonical: g.canonical, names: inner, evidence: [...first.groups.filter((f) => g.names.includes(f.canonical)).flatMap((f) => f.evidence), ...g.evidence] });
  }
  const suspected = second.suspected;
  const canonicalOf = new Map(groups.flatMap((g) => g.names.map((n) => [n, g.canonical] as const)));
  const renamed = samples.map((s) => ({ ...s, records: s.records.map((r) => renameFields(r, canonicalOf)) }));
  const induction = induceSchema(renamed, opts);
  const fields = induction.schema.fields.map((f) => {
    const group = groups.find((g) => f.sources.includes(g.canonical));
    return group ? { ...f, sources: [...new Set([...f.sources, ...group.names])], evidence: [...f.evidence, ...group.evidence] } : f;
  });
  return { ...induction, schema: { ...induction.schema, fields }, synonyms: groups, suspected };
}

/** Open questions for the reviewer: suspected synonyms that involve a proposed field (merged ones carry evidence). */
export function synonymQuestions(induction: SiteInduction, limit = 5): string[] {
  const proposed = new Set(induction.schema.fields.flatMap((f) => f.sources));
  return induction.suspected
    .filter((s) => s.names.some((n) => proposed.has(n)))
    .slice(0, limit)
    .map((s) => `${s.names[0]} and ${s.names[1]} may be one field under two names (${s.evidence.join('; ')}), but the evidence is not enough to merge them; are they?`);
}

/**
 * Where a name stands among the names several sites share: the shared name most often right before it and the
 * one most often right after it (skipping names of one site only), when at least 60% of its documents agree.
 */
function placesAmongShared(
  orders: ReadonlyArray<{ site: string; names: string[] }>,
  stats: ReadonlyMap<string, NameStats>,
): Map<string, { after: string | null; before: string | null; ordinal: string | null }> {
  const shared = (n: string): boolean => (stats.get(n)?.sites.size ?? 0) >= 2;
  const seen = new Map<string, { n: number; after: Map<string, number>; before: Map<string, number>; ordinal: Map<string, number> }>();
  for (const { names } of orders) {
    names.forEach((name, i) => {
      const s = seen.get(name) ?? { n: 0, after: new Map(), before: new Map(), ordinal: new Map() };
      seen.set(name, s);
      s.n++;
      bump(s.ordinal, `${i + 1} of ${names.length}`);
      const prev = names.slice(0, i).reverse().find((x) => x !== name && shared(x));
      const next = names.slice(i + 1).find((x) => x !== name && shared(x));
      if (prev) bump(s.after, prev);
      if (next) bump(s.before, next);
    });
  }
  const settled = (m: Map<string, number>, n: number): string | null => {
    const best = [...m].sort((x, y) => y[1] - x[1])[0];
    return best && best[1] >= 0.6 * n ? best[0] : null;
  };
  return new Map([...seen].map(([name, s]) => [name, { after: settled(s.after, s.n), before: settled(s.before, s.n), ordinal: settled(s.ordinal, s.n) }]));
}

function renameFields(record: ExtractedRecord, canonicalOf: Map<string, string>): ExtractedRecord {
  return { ...record, fields: record.fields.map((f) => (canonicalOf.has(f.name) ? { ...f, name: canonicalOf.get(f.name) as string } : f)) };
}

/** A coarse picture of a value: character classes with runs collapsed (`Karl Böhm` → `Aa Aa`, `45000000-7` → `9-9`). */
export function shapeOf(type: FieldType, value: string): string {
  if (type !== 'string') return type;
  const pattern = value
    .slice(0, 60)
    .replace(/\p{Lu}/gu, 'A')
    .replace(/\p{Ll}/gu, 'a')
    .replace(/\p{Nd}/gu, '9')
    .replace(/\s+/g, ' ')
    .replace(/(.)\1+/g, '$1');
  // Long prose has no stable pattern; its shape is its being prose.
  return value.length > 60 ? 'text' : pattern;
}

function sharedWords(a: string[], b: string[]): string[] {
  const words = (xs: string[]) => new Set(xs.flatMap((x) => fold(x).split(/[^a-z0-9]+/)).filter((w) => w.length >= 3));
  const wb = words(b);
  return [...words(a)].filter((w) => wb.has(w));
}

function usedThroughout(s: NameStats, docsPerSite: Map<string, number>): boolean {
  return [...s.perSite].every(([site, n]) => n >= 0.8 * (docsPerSite.get(site) ?? Infinity));
}

function pairwiseDisjoint(all: NameStats[]): boolean {
  return all.every((x, i) => all.slice(i + 1).every((y) => !intersects(x.docs, y.docs) && !intersects(x.sites, y.sites)));
}

const jaccard = <T>(a: Set<T>, b: Set<T>): number => {
  const inter = [...a].filter((x) => b.has(x)).length;
  return a.size + b.size === 0 ? 0 : inter / (a.size + b.size - inter);
};
const describeSites = (s: NameStats): string => [...s.sites].join(', ');
const family = (t: string | undefined): string => (t === undefined ? '' : (TYPE_FAMILY[t as FieldType] ?? t));
const intersects = <T>(a: Set<T>, b: Set<T>): boolean => [...a].some((x) => b.has(x));
const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1);
const top = <K>(m: Map<K, number>): K | undefined => [...m].sort((x, y) => y[1] - x[1])[0]?.[0];
