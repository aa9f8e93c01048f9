/**
 * What a language gives the generator: calendar words and patterns, label wordings per concept (several each, so two
 * sites in one language do not read alike), fact-carrying sentences, interface words, names and prose. Patterns use
 * `{token}` slots filled by the formatters in this folder.
 */
export const LANGS = ['en', 'de', 'fr', 'it', 'es', 'nl', 'pl', 'pt', 'sv'] as const;
export type Lang = (typeof LANGS)[number];

export const LABEL_CONCEPTS = [
  // productions
  'composer', 'author', 'conductor', 'director', 'venue', 'premiere', 'performances', 'dates', 'duration', 'price', 'language', 'surtitles', 'role', 'performer',
  // tender notices and their PDFs
  'reference', 'buyer', 'cpv', 'nigp', 'procedure', 'published', 'deadline', 'estimated_value', 'place', 'nuts', 'lot', 'lot_title', 'lot_value', 'tender_document', 'contact_email', 'contract_duration', 'criterion', 'weighting',
  // products
  'brand', 'sku', 'mpn', 'gtin', 'availability', 'old_price', 'shipping', 'color', 'material', 'product_weight', 'warranty',
  // articles
  'byline', 'article_published', 'updated',
  // invoices
  'invoice_title', 'invoice_number', 'invoice_date', 'due_date', 'bill_to', 'vat_id', 'description', 'quantity', 'unit_price', 'amount', 'subtotal', 'vat', 'total', 'customer_number', 'payment_terms',
  // organisations
  'founded', 'head', 'address', 'phone', 'email', 'opening_hours',
] as const;
export type LabelConcept = (typeof LABEL_CONCEPTS)[number];

/** Concepts a site may state in a sentence instead of a label ("Music by …", "Bid number … is due"). `{v}` is the value. */
export const SENTENCE_CONCEPTS = [
  'composer', 'author', 'conductor', 'director', 'venue', 'duration', 'price', 'reference', 'buyer', 'procedure', 'deadline', 'estimated_value', 'published', 'place', 'cpv', 'brand', 'sku', 'gtin', 'mpn', 'founded', 'head',
] as const;
export type SentenceConcept = (typeof SENTENCE_CONCEPTS)[number];

export const HEADINGS = [
  'facts', 'team', 'cast', 'schedule', 'notice_details', 'classification', 'lots', 'documents', 'specs', 'identifiers', 'description', 'related', 'upcoming', 'contact_details', 'award_criteria', 'summary', 'comments', 'newsletter',
] as const;
export type HeadingKey = (typeof HEADINGS)[number];

export const UI_WORDS = [
  'home', 'about', 'contact', 'news', 'season', 'notices', 'shop', 'help', 'search', 'cart', 'account', 'privacy', 'imprint',
  'cookieText', 'cookieAccept', 'cookieReject', 'newsletterText', 'subscribe', 'readMore', 'commentPrompt', 'share', 'next', 'previous',
  'pageOf', 'allRights', 'addToCart', 'inclVat', 'freeShippingOver', 'youSave', 'installments', 'bestseller', 'newBadge', 'tickets',
  'download', 'photo', 'minutesRead', 'skip', 'backToList', 'seasonTitle', 'noticesTitle', 'newsTitle', 'productsTitle', 'helpTitle', 'openingHoursTitle', 'reply',
] as const;
export type UiKey = (typeof UI_WORDS)[number];

export type Availability = 'in_stock' | 'few_left' | 'out_of_stock' | 'preorder';
export type OrgKind = 'opera' | 'theatre' | 'portal' | 'buyer' | 'shop' | 'news' | 'company';
export const PERFORMANCE_LANGUAGES = ['it', 'de', 'fr', 'en', 'ru', 'cs', 'es', 'nl', 'pl', 'pt'] as const;
export type PerformanceLanguage = (typeof PERFORMANCE_LANGUAGES)[number];

/** Procurement subjects the portals publish; every pack titles each one. */
export const SUBJECTS = ['school', 'cleaning', 'roads', 'it_services', 'vehicles', 'catering', 'lighting', 'green_spaces', 'laptops', 'design'] as const;
export type Subject = (typeof SUBJECTS)[number];

/** Product categories the shops sell; every pack names each one. */
export const CATEGORIES = ['headphones', 'grinder', 'backpack', 'lamp', 'drill', 'kettle', 'shoes', 'speaker'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface ProsePack {
  /** Headline patterns: {org}, {place}, {person}, {topic}, {n}. */
  headlines: readonly string[];
  /** Topics a headline or sentence is about (noun phrases). */
  topics: readonly string[];
  /** Body sentences: {org}, {place}, {person}, {topic}, {n}, {pct}, {weekday}, {month}. */
  sentences: readonly string[];
  subheads: readonly string[];
  listIntros: readonly string[];
  listItems: readonly string[];
  /** What someone said: {person} is the speaker, given outside the quote. */
  quotes: readonly string[];
  saidBy: readonly string[];
  captions: readonly string[];
  comments: readonly string[];
  aboutSentences: readonly string[];
}

export interface LanguagePack {
  lang: Lang;
  /** Month names as written inside a date (genitive in Polish). */
  months: readonly string[];
  monthsShort: readonly string[];
  /** Sunday first. */
  weekdays: readonly string[];
  weekdaysShort: readonly string[];
  /** How the first day of a month is written where it differs ("1er"). */
  firstOfMonth?: string;
  /** Date patterns without weekday: {d} {dd} {M} {MM} {MMMM} {MMM} {yyyy}. */
  longDates: readonly string[];
  /** Date patterns with a weekday: also {EEEE} {EEE}. */
  weekdayDates: readonly string[];
  /** Time patterns: {H} {HH} {h} {mm} {A} (PM) {a} (p.m.). */
  times: readonly string[];
  /** How a date and a time are joined: {date} {time}. */
  dateTimes: readonly string[];
  /** A range inside one month: {d1} {d2} {MMMM} {MMM} {yyyy}. */
  sameMonthRanges: readonly string[];
  /** A range of two written dates: {start} {end}. */
  rangeJoins: readonly string[];
  /** {h} {m} {total}. */
  durations: readonly string[];
  durationNotes: readonly string[];
  /** Words that say a time is local, without naming a zone. */
  localTimeWords: readonly string[];
  /** A price range of two written amounts: {min} {max}. */
  priceRanges: readonly string[];
  labels: Readonly<Record<LabelConcept, readonly string[]>>;
  sentences: Readonly<Partial<Record<SentenceConcept, readonly string[]>>>;
  headings: Readonly<Record<HeadingKey, readonly string[]>>;
  ui: Readonly<Record<UiKey, readonly string[]>>;
  availability: Readonly<Record<Availability, readonly string[]>>;
  procedures: readonly string[];
  languageNames: Readonly<Record<PerformanceLanguage, string>>;
  /** A contract term in months: {n}. */
  monthTerm: readonly string[];
  /** Joins the last two items of a list ("Deutsch und Englisch"). */
  and: string;
  people: { first: readonly string[]; last: readonly string[] };
  /** Invented place names are a head and a tail ("Hal" + "denau"). */
  placeParts: { heads: readonly string[]; tails: readonly string[] };
  /** Street patterns: {name} {n}. */
  streets: readonly string[];
  streetNames: readonly string[];
  orgPatterns: Readonly<Record<OrgKind, readonly string[]>>;
  venues: readonly string[];
  /** Opening hours as a house would write them. */
  openingHours: readonly string[];
  subjects: Readonly<Record<Subject, readonly string[]>>;
  categories: Readonly<Record<Category, string>>;
  /** Product names: {brand} {model} {category}. */
  productNames: readonly string[];
  colors: readonly string[];
  materials: readonly string[];
  lotAreas: readonly string[];
  /** Award criteria names: price first. */
  criteria: readonly string[];
  /** Invoice line descriptions: {n} where a count fits. */
  lineItems: readonly string[];
  paymentTerms: readonly string[];
  prose: ProsePack;
  /** Region-specific wordings (`US`: bid numbers and NIGP codes), over the language's own. */
  regional?: Readonly<Record<string, { labels?: Readonly<Partial<Record<LabelConcept, readonly string[]>>>; procedures?: readonly string[] }>>;
}
