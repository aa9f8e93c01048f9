import type { DateStyle, DateTimeStyle, MoneyFormat, RangeStyle } from '../locale/format.js';
import type { Locale } from '../locale/locales.js';
import { HEADINGS, LABEL_CONCEPTS, SENTENCE_CONCEPTS, UI_WORDS, type HeadingKey, type LabelConcept, type LanguagePack, type SentenceConcept, type UiKey } from '../locale/pack.js';
import type { Rng } from '../random.js';
import { createClassNamer, type ClassScheme } from '../render/classes.js';
import type { FactStyle, LayoutFamily } from '../render/facts.js';
import type { RecordLayout } from '../render/records.js';

/**
 * A site's template: everything that makes its pages look like one site and unlike any other — class names, one
 * wording per label, date/money/duration formats, the layout family of each block, how records are laid out,
 * whether it embeds structured data, its chrome and noise, and its URL scheme.
 */
export const SITE_KINDS = ['opera', 'theatre', 'procurement', 'shop', 'news', 'billing'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** The fact blocks of each detail page type; each (site, block) slot gets a layout family. */
export const BLOCKS = {
  production: ['team', 'practical', 'tickets'],
  tender_notice: ['summary', 'value', 'classification'],
  product: ['specs', 'identifiers', 'delivery'],
  organisation: ['contact'],
} as const;
export type BlockKey = { [T in keyof typeof BLOCKS]: `${T}.${(typeof BLOCKS)[T][number]}` }[keyof typeof BLOCKS];

export type PageWrapper = 'semantic' | 'divs' | 'form';
export type ListingLayout = 'cards' | 'table' | 'list';

export interface SiteTemplate {
  kind: SiteKind;
  locale: Locale;
  pack: LanguagePack;
  scheme: ClassScheme;
  facts: FactStyle;
  labels: Readonly<Record<LabelConcept, string>>;
  sentences: Readonly<Partial<Record<SentenceConcept, string>>>;
  headings: Readonly<Record<HeadingKey, string>>;
  ui: Readonly<Record<UiKey, string>>;
  families: Readonly<Partial<Record<BlockKey, LayoutFamily>>>;
  records: { cast: RecordLayout; lots: RecordLayout };
  schedule: 'list' | 'table' | 'lines';
  date: DateStyle;
  dateTime: DateTimeStyle;
  range: RangeStyle;
  /** Listings often write dates shorter than detail pages. */
  listDate: DateStyle;
  money: MoneyFormat;
  priceRange: string;
  compactRange: boolean;
  duration: string;
  durationNote: string;
  /** A contract term: `{n}` months. */
  monthTerm: string;
  /** Share of detail pages that carry JSON-LD (0 on most sites), and whether values carry microdata. */
  jsonLd: number;
  microdata: boolean;
  wrapper: PageWrapper;
  /** `{page}` and `{site}`. */
  titlePattern: string;
  breadcrumbs: boolean;
  sidebar: boolean;
  newsletter: boolean;
  cookieAtTop: boolean;
  listing: { perPage: number; layout: ListingLayout };
}

/** Picks one wording per label, sentence, heading and interface word; region-specific wordings come first. */
function wordings(rng: Rng, pack: LanguagePack, region: string): Pick<SiteTemplate, 'labels' | 'sentences' | 'headings' | 'ui'> {
  const regional = pack.regional?.[region]?.labels ?? {};
  const labels = Object.fromEntries(LABEL_CONCEPTS.map((c) => [c, rng.pick(regional[c] ?? pack.labels[c])])) as Record<LabelConcept, string>;
  const sentences: Partial<Record<SentenceConcept, string>> = {};
  for (const c of SENTENCE_CONCEPTS) {
    const options = pack.sentences[c];
    if (options && options.length > 0) sentences[c] = rng.pick(options);
  }
  const headings = Object.fromEntries(HEADINGS.map((h) => [h, rng.pick(pack.headings[h])])) as Record<HeadingKey, string>;
  const ui = Object.fromEntries(UI_WORDS.map((w) => [w, rng.pick(pack.ui[w])])) as Record<UiKey, string>;
  return { labels, sentences, headings, ui };
}

/** An English date pattern that puts the month before the day ("February 18, 2027", "March 14–28, 2027"). */
const MONTH_FIRST = /\{MMMM?\}[^{]*\{d1?\}/;

export interface TemplateChoices {
  kind: SiteKind;
  locale: Locale;
  pack: LanguagePack;
  scheme: ClassScheme;
  families: Partial<Record<BlockKey, LayoutFamily>>;
  records: { cast: RecordLayout; lots: RecordLayout };
  /** Labels another site of the same language already uses; at least one wording must differ. */
  sameLanguageLabels: ReadonlyArray<Readonly<Record<LabelConcept, string>>>;
}

export function createTemplate(rng: Rng, choices: TemplateChoices): SiteTemplate {
  const { locale, pack } = choices;
  let words = wordings(rng, pack, locale.region);
  for (let attempt = 0; attempt < 5 && choices.sameLanguageLabels.some((other) => LABEL_CONCEPTS.every((c) => other[c] === words.labels[c])); attempt++) {
    words = wordings(rng.fork(`reword-${attempt}`), pack, locale.region);
  }
  const numeric = rng.chance(0.45);
  const date: DateStyle = numeric ? { kind: 'numeric', numeric: rng.pick(locale.numericDates) } : { kind: 'pattern', pattern: rng.pick(rng.chance(0.4) ? pack.weekdayDates : pack.longDates) };
  // A US site writes "February 18, 2027", never "18 February 2027"; a British site the other way round.
  const monthFirst = locale.region === 'US';
  const fitsRegion = (p: string) => pack.lang !== 'en' || MONTH_FIRST.test(p) === monthFirst;
  if (date.kind === 'pattern' && !fitsRegion(date.pattern)) {
    const pool = [...pack.longDates, ...pack.weekdayDates].filter(fitsRegion);
    date.pattern = rng.pick(pool.length > 0 ? pool : pack.longDates);
  }
  const timePool = pack.times.filter((t) => (locale.region === 'US' ? /\{h\}/.test(t) : pack.lang !== 'en' || !/\{h\}/.test(t)));
  const rangePool = pack.sameMonthRanges.filter(fitsRegion);
  const scheme = choices.scheme;
  return {
    kind: choices.kind,
    locale,
    pack,
    scheme,
    facts: {
      cls: createClassNamer(rng.fork('classes'), scheme),
      colon: rng.chance(0.5),
      siblingTag: rng.pick(['span', 'div'] as const),
      inlineSeparator: rng.pick(['br', 'pipe', 'middot', 'spans'] as const),
      rowHeaders: rng.chance(0.5),
      valueFirst: rng.chance(0.5),
      headingTag: rng.pick(['h2', 'h3', 'h4'] as const),
      boldTag: rng.pick(['strong', 'b'] as const),
    },
    ...words,
    families: choices.families,
    records: choices.records,
    schedule: rng.pick(['list', 'table', 'lines'] as const),
    date,
    dateTime: { date, time: rng.pick(timePool.length > 0 ? timePool : pack.times), join: rng.pick(pack.dateTimes) },
    range: { date, sameMonth: rangePool.length > 0 && rng.chance(0.7) ? rng.pick(rangePool) : null, join: rng.pick(pack.rangeJoins) },
    listDate: rng.chance(0.5) ? date : { kind: 'numeric', numeric: rng.pick(locale.numericDates) },
    money: { decimal: locale.decimal, group: rng.pick(locale.groups), groupFromFiveDigits: locale.groupFromFiveDigits, style: rng.pick(locale.moneyStyles) },
    priceRange: rng.pick(pack.priceRanges),
    compactRange: rng.chance(0.35),
    duration: rng.pick(pack.durations),
    durationNote: rng.pick(pack.durationNotes),
    monthTerm: rng.pick(pack.monthTerm),
    jsonLd: rng.chance(0.45) ? rng.pick([0.5, 1, 1]) : 0,
    microdata: rng.chance(0.25),
    wrapper: rng.weighted([['semantic', 5], ['divs', 3], ['form', 2]] as const),
    titlePattern: rng.pick(['{page} | {site}', '{page} – {site}', '{site}: {page}', '{page} · {site}', '{page} - {site}']),
    breadcrumbs: rng.chance(0.6),
    sidebar: rng.chance(0.6),
    newsletter: rng.chance(0.6),
    cookieAtTop: rng.chance(0.5),
    listing: { perPage: rng.int(3, 5), layout: rng.pick(['cards', 'table', 'list'] as const) },
  };
}
