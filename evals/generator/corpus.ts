import { LOCALES, packOf, type Locale } from './locale/locales.js';
import { LANGS, type LabelConcept, type Lang } from './locale/pack.js';
import { createRng, type Rng } from './random.js';
import { CLASS_SCHEMES, type ClassScheme } from './render/classes.js';
import { LAYOUT_FAMILIES, type LayoutFamily } from './render/facts.js';
import { RECORD_LAYOUTS, type RecordLayout } from './render/records.js';
import { INVOICE_LAYOUTS, type InvoiceLayout } from './pdf/invoice-pdf.js';
import { TENDER_PDF_LAYOUTS, type TenderPdfLayout } from './pdf/tender-pdf.js';
import { GENERATED_SCHEMAS } from './schemas.js';
import { createSiteBase } from './site/base.js';
import { buildBillingSite, buildNewsSite, buildPortalSite, buildShopSite, buildStageSite } from './site/kinds.js';
import { BLOCKS, type BlockKey, type SiteKind } from './site/template.js';
import type { Corpus, CorpusOptions, GeneratedSite } from './types.js';

/**
 * `generateCorpus(seed)` invents whole websites with ground truth, the same bytes for the same seed. Sites of one
 * kind speak different languages; layout families, record layouts, class schemes and PDF layouts are dealt out
 * over the corpus so that each appears (given enough sites: 3 per kind covers every fact family for every detail
 * type), and no two sites of one language share every label wording.
 */
export const DEFAULT_OPTIONS: Required<CorpusOptions> = { sitesPerKind: 3, itemsPerSite: 5 };
/** Caps that keep a corpus to what a benchmark needs (about 15,000 documents at most). */
const MAX_SITES_PER_KIND = 50;
const MAX_ITEMS_PER_SITE = 60;

interface SitePlan {
  kind: SiteKind;
  locale: Locale;
  scheme: ClassScheme;
  families: Partial<Record<BlockKey, LayoutFamily>>;
  records: { cast: RecordLayout; lots: RecordLayout };
  pdfLayout: TenderPdfLayout;
  invoiceLayout: InvoiceLayout;
}

/** The kinds a corpus holds and how many sites of each: opera houses and one theatre both bill productions. */
function kindCounts(n: number): Array<[SiteKind, number]> {
  return [['opera', n], ['theatre', Math.max(1, Math.floor(n / 3))], ['procurement', n], ['shop', n], ['news', n], ['billing', n]];
}

/** Locales for the sites of one kind: one language each; kinds that publish PDFs take languages the PDF fonts write. */
function localesFor(rng: Rng, kind: SiteKind, count: number, used: ReadonlyMap<Lang, number>): Locale[] {
  const needsPdf = kind === 'procurement' || kind === 'billing';
  // Prefer languages the corpus has seen least, so the corpus as a whole covers many.
  const langs = rng.shuffle(LANGS).sort((a, b) => (used.get(a) ?? 0) - (used.get(b) ?? 0));
  const chosen: Locale[] = [];
  for (const lang of langs) {
    if (chosen.length === count) break;
    const options = LOCALES.filter((l) => l.lang === lang && (!needsPdf || l.pdfSafe));
    if (options.length > 0) chosen.push(rng.pick(options));
  }
  // More sites than languages: repeat languages with other locales or templates.
  while (chosen.length < count) chosen.push(rng.pick(LOCALES.filter((l) => !needsPdf || l.pdfSafe)));
  return chosen;
}

/** Deals `values` out over `slots` in a shuffled cycle, so each value appears once before any repeats. */
function deal<T>(rng: Rng, values: readonly T[], slots: number): T[] {
  const out: T[] = [];
  while (out.length < slots) out.push(...rng.shuffle(values));
  return out.slice(0, slots);
}

const DETAIL_BLOCKS: Partial<Record<SiteKind, readonly BlockKey[]>> = {
  opera: BLOCKS.production.map((b) => `production.${b}` as const),
  theatre: BLOCKS.production.map((b) => `production.${b}` as const),
  procurement: BLOCKS.tender_notice.map((b) => `tender_notice.${b}` as const),
  shop: BLOCKS.product.map((b) => `product.${b}` as const),
};

function planSites(rng: Rng, options: Required<CorpusOptions>): SitePlan[] {
  const used = new Map<Lang, number>();
  const plans: Array<Omit<SitePlan, 'scheme' | 'families' | 'records' | 'pdfLayout' | 'invoiceLayout'>> = [];
  for (const [kind, count] of kindCounts(options.sitesPerKind)) {
    for (const locale of localesFor(rng.fork(`locales-${kind}`), kind, count, used)) {
      used.set(locale.lang, (used.get(locale.lang) ?? 0) + 1);
      plans.push({ kind, locale });
    }
  }
  const schemes = deal(rng.fork('schemes'), CLASS_SCHEMES, plans.length);
  const contactFamilies = deal(rng.fork('contact-families'), LAYOUT_FAMILIES, plans.length);
  const families: Array<Partial<Record<BlockKey, LayoutFamily>>> = plans.map((_, i) => ({ 'organisation.contact': contactFamilies[i] }));
  // Productions (opera and theatre together), notices and products each get every family over their (site, block) slots.
  for (const group of [['opera', 'theatre'], ['procurement'], ['shop']] as const) {
    const slots = plans.flatMap((p, i) => (group.some((k) => k === p.kind) ? (DETAIL_BLOCKS[p.kind] ?? []).map((block) => ({ i, block })) : []));
    const dealt = deal(rng.fork(`families-${group.join('+')}`), LAYOUT_FAMILIES, slots.length);
    rng.fork(`slots-${group.join('+')}`).shuffle(slots).forEach((slot, k) => {
      const target = families[slot.i];
      if (target) target[slot.block] = dealt[k];
    });
  }
  const casts = deal(rng.fork('cast-layouts'), RECORD_LAYOUTS, plans.length);
  const lots = deal(rng.fork('lot-layouts'), RECORD_LAYOUTS.filter((l) => l !== 'two_column_table'), plans.length);
  const pdfLayouts = deal(rng.fork('pdf-layouts'), TENDER_PDF_LAYOUTS, plans.length);
  const invoiceLayouts = deal(rng.fork('invoice-layouts'), INVOICE_LAYOUTS, plans.length);
  // Layouts are dealt per kind (opera houses and theatres together) so that the sites of a kind see different ones.
  const kindIndex = new Map<string, number>();
  return plans.map((p, i) => {
    const group = p.kind === 'theatre' ? 'opera' : p.kind;
    const k = kindIndex.get(group) ?? 0;
    kindIndex.set(group, k + 1);
    return {
      ...p,
      scheme: schemes[i] ?? 'bem',
      families: families[i] ?? {},
      records: { cast: casts[k] ?? 'header_table', lots: lots[k] ?? 'header_table' },
      pdfLayout: pdfLayouts[k] ?? 'two_columns',
      invoiceLayout: invoiceLayouts[k] ?? 'classic',
    };
  });
}

export function resolveOptions(options: CorpusOptions = {}): Required<CorpusOptions> {
  const sitesPerKind = Math.trunc(options.sitesPerKind ?? DEFAULT_OPTIONS.sitesPerKind);
  const itemsPerSite = Math.trunc(options.itemsPerSite ?? DEFAULT_OPTIONS.itemsPerSite);
  if (!(sitesPerKind >= 1 && sitesPerKind <= MAX_SITES_PER_KIND)) throw new Error(`sitesPerKind must be 1–${MAX_SITES_PER_KIND} (got ${options.sitesPerKind})`);
  if (!(itemsPerSite >= 1 && itemsPerSite <= MAX_ITEMS_PER_SITE)) throw new Error(`itemsPerSite must be 1–${MAX_ITEMS_PER_SITE} (got ${options.itemsPerSite})`);
  return { sitesPerKind, itemsPerSite };
}

export async function generateCorpus(seed: number, options: CorpusOptions = {}): Promise<Corpus> {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer (got ${seed})`);
  const resolved = resolveOptions(options);
  const rng = createRng(`quarry-corpus/${seed}`);
  const plans = planSites(rng.fork('plan'), resolved);
  const hosts = new Set<string>();
  const labelsByLang = new Map<Lang, Array<Readonly<Record<LabelConcept, string>>>>();
  const sites: GeneratedSite[] = [];
  for (const [i, plan] of plans.entries()) {
    const id = `s${String(i + 1).padStart(2, '0')}-${plan.kind}-${plan.locale.tag.toLowerCase()}`;
    const siteRng = rng.fork(`site-${i}`);
    const sameLanguage = labelsByLang.get(plan.locale.lang) ?? [];
    const base = createSiteBase(siteRng, id, plan.kind, plan.locale, { scheme: plan.scheme, families: plan.families, records: plan.records, sameLanguageLabels: sameLanguage }, hosts, packOf(plan.locale));
    hosts.add(base.ctx.site.host);
    labelsByLang.set(plan.locale.lang, [...sameLanguage, base.ctx.t.labels]);
    const input = { base, items: resolved.itemsPerSite, pdfLayout: plan.pdfLayout, invoiceLayout: plan.invoiceLayout };
    switch (plan.kind) {
      case 'opera':
      case 'theatre':
        sites.push(buildStageSite(input));
        break;
      case 'procurement':
        sites.push(await buildPortalSite(input));
        break;
      case 'shop':
        sites.push(buildShopSite(input));
        break;
      case 'news':
        sites.push(buildNewsSite(input));
        break;
      case 'billing':
        sites.push(await buildBillingSite(input));
        break;
    }
  }
  return { seed, options: resolved, sites, schemas: [...GENERATED_SCHEMAS] };
}
