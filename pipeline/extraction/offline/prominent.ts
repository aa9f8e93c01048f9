import { isTag, type AnyNode, type Element } from 'domhandler';
import type { ParsedHtml } from '../../parsing/document.js';
import { cssPath } from '../../parsing/css-path.js';
import { collapsedText } from '../../parsing/dom.js';
import { labelledField, type FieldContext } from '../field.js';
import type { ExtractedField } from '../model.js';
import { parseMoney } from '../normalize/money.js';
import { decimalMarkFor } from '../normalize/numbers.js';
import { fold } from '../normalize/text.js';
import type { Budget } from './budget.js';
import { markupWords, type Run } from './runs.js';

/**
 * Values a person reads without a label because of where they stand:
 * - the main price of a product or offer: the amount nearest the page heading (in the tree), not a struck-through old
 *   price, a shipping fee, a saving, an instalment or a related product's price (cards are read apart) — with the old
 *   price beside it when there is one;
 * - an identifier in the URL that the page repeats (`/notice/2027-ABC-0142`).
 */
const PRICE_WORDS = new Set(['price', 'prices', 'preis', 'prix', 'prezzo', 'precio', 'preco', 'cena', 'prijs', 'pris', 'hinta', 'amount', 'cost', 'fiyat', 'kaina', 'cijena', 'pret']);
const OLD_WORDS = new Set(['old', 'was', 'before', 'strike', 'strikethrough', 'crossed', 'regular', 'list', 'rrp', 'uvp', 'msrp', 'compare', 'original', 'previous', 'prev', 'former', 'alt', 'statt', 'barre', 'listino']);
const OTHER_WORDS = new Set(['shipping', 'delivery', 'versand', 'livraison', 'envio', 'spedizione', 'verzending', 'wysylka', 'saving', 'savings', 'save', 'discount', 'off', 'installment', 'instalment', 'monthly', 'month', 'financing', 'finance', 'klarna', 'tax', 'vat', 'deposit', 'pfand', 'unit', 'per', 'grundpreis', 'baseprice']);
const OLD_TEXT = /^(?:was|statt|uvp|rrp|msrp|list price|regular price|prix conseill[ée]|prezzo di listino|antes|vorher|zuvor)\b/i;
const OTHER_TEXT = /\b(?:shipping|delivery|versand|livraison|env[ií]o|spedizione|verzending|save|you save|sparen|sie sparen|économisez|risparmi|ahorra|per month|\/\s*mo|monthly|mtl\.|im monat|par mois|al mese|al mes|x\s*\d+\s*(?:months|monate|mois|mesi|meses))\b/i;
const STRUCK = new Set(['del', 's', 'strike']);
const MAX_PRICE_CHARS = 60;
const MAX_DISTANCE = 8;
const MAX_CANDIDATES = 400;

export function prominentFields(doc: ParsedHtml, runs: readonly Run[], heading: Element | null, ctx: FieldContext, budget: Budget): ExtractedField[] {
  const fields: ExtractedField[] = [];
  const price = mainPrice(runs, heading, ctx);
  if (price && budget.take()) {
    fields.push(labelledField(ctx, 'price', price.main.text, 0.75, { kind: 'css', path: cssPath(price.main.element) }, { name: 'price' }));
    if (price.old && budget.take()) fields.push(labelledField(ctx, 'old price', price.old.text, 0.7, { kind: 'css', path: cssPath(price.old.element) }, { name: 'old_price' }));
  }
  const id = urlIdentifier(doc);
  // An identifier keeps its exact text: `00293772` is not the number 293772.
  if (id && budget.take()) fields.push({ ...labelledField(ctx, 'identifier', id, 0.6, { kind: 'meta', path: 'url' }, { name: 'identifier' }), type: 'string', value: id });
  return fields;
}

interface PriceCandidate {
  element: Element;
  text: string;
  distance: number;
  order: number;
  kind: 'current' | 'old' | 'other';
}

function mainPrice(runs: readonly Run[], heading: Element | null, ctx: FieldContext): { main: PriceCandidate; old: PriceCandidate | null } | null {
  if (!heading) return null;
  const mark = decimalMarkFor(ctx.language);
  const headingPath = ancestors(heading);
  const candidates: PriceCandidate[] = [];
  const seen = new Set<Element>();
  for (let i = 0; i < runs.length && candidates.length < MAX_CANDIDATES; i++) {
    const run = runs[i] as Run;
    // A price split over elements (`<span>71</span><sup>,91</sup> €`) is read from the element marked as the price.
    const marked = priceElement(run.element);
    const element = marked ?? run.element;
    if (seen.has(element)) continue;
    const text = marked ? collapsedText(marked) : run.text;
    if (text.length > MAX_PRICE_CHARS || !/\d/.test(text)) continue;
    const money = parseMoney(text, mark);
    if (!money || (money.amount === null && money.min === undefined)) continue;
    seen.add(element);
    candidates.push({ element, text, distance: distance(headingPath, element), order: i, kind: kindOf(element, text) });
  }
  const current = candidates.filter((c) => c.kind === 'current' && c.distance <= MAX_DISTANCE).sort((a, b) => a.distance - b.distance || a.order - b.order);
  const main = current[0];
  if (!main) return null;
  const mainPath = ancestors(main.element);
  const old = candidates.filter((c) => c.kind === 'old' && distance(mainPath, c.element) <= 4).sort((a, b) => distance(mainPath, a.element) - distance(mainPath, b.element))[0] ?? null;
  return { main, old };
}

/** The nearest element (the run's own or an ancestor a few levels up) whose markup says it is a price. */
function priceElement(el: Element): Element | null {
  let node: AnyNode | null = el;
  for (let up = 0; node && isTag(node) && up < 3; up++, node = node.parent) {
    const prop = node.attribs['itemprop'];
    if (prop === 'price' || markupWords(node).some((w) => PRICE_WORDS.has(w))) return collapsedText(node).length <= MAX_PRICE_CHARS ? node : null;
  }
  return null;
}

function kindOf(el: Element, text: string): PriceCandidate['kind'] {
  if (OTHER_TEXT.test(text)) return 'other';
  if (OLD_TEXT.test(text.trim())) return 'old';
  let node: AnyNode | null = el;
  for (let up = 0; node && isTag(node) && up < 4; up++, node = node.parent) {
    if (STRUCK.has(node.name)) return 'old';
    const words = markupWords(node);
    if (words.some((w) => OTHER_WORDS.has(w))) return 'other';
    if (words.some((w) => OLD_WORDS.has(w))) return 'old';
    if (/line-through/.test(node.attribs['style'] ?? '')) return 'old';
  }
  return 'current';
}

function ancestors(el: Element): Map<AnyNode, number> {
  const out = new Map<AnyNode, number>();
  let depth = 0;
  for (let node: AnyNode | null = el; node; node = node.parent) out.set(node, depth++);
  return out;
}

/** Edges between two elements in the tree, through their lowest common ancestor. */
function distance(from: Map<AnyNode, number>, el: Element): number {
  let up = 0;
  for (let node: AnyNode | null = el; node; node = node.parent, up++) {
    const down = from.get(node);
    if (down !== undefined) return up + down;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Meta tags (keys lower-cased, as parsed) that state what an article's byline and dateline say, surest first:
 * OpenGraph article tags, schema.org itemprops, Dublin Core and the tags publishing platforms write.
 */
const PUBLISHED_META = ['article:published_time', 'og:article:published_time', 'datepublished', 'dcterms.issued', 'dc.date.issued', 'parsely-pub-date', 'sailthru.date', 'pubdate', 'publishdate', 'publish-date', 'dc.date', 'date'];
const AUTHOR_META = ['article:author', 'author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl'];
const HEADLINE_META = ['og:title', 'twitter:title', 'headline', 'parsely-title', 'sailthru.title'];
const BYLINE_PREFIX = /^(?:by|von|par|di|por|door|av|af)\s+/i;

/**
 * An article's headline, author(s) and publication date from what the page states about itself, for those the page's
 * own text did not show (`known`: the names already found, from the heading, the dateline and the byline). A date
 * must read as one; an author given as a profile URL is no name.
 */
export function articleFacts(doc: ParsedHtml, known: ReadonlySet<string>, ctx: FieldContext, budget: Budget): ExtractedField[] {
  const fields: ExtractedField[] = [];
  const metaOf = (keys: readonly string[]): Array<{ key: string; content: string }> =>
    keys.flatMap((key) => doc.meta.filter((m) => m.key === key && m.content.trim() !== '').map((m) => ({ key, content: m.content.trim() })));
  if (!known.has('published')) {
    for (const { key, content } of metaOf(PUBLISHED_META)) {
      const field = labelledField(ctx, 'published', content, 0.75, { kind: 'meta', path: key }, { name: 'published' });
      if ((field.type === 'date' || field.type === 'datetime') && budget.take()) {
        fields.push(field);
        break;
      }
    }
  }
  if (!known.has('author')) {
    const first = metaOf(AUTHOR_META).find((m) => !/^(?:https?:)?\/\//i.test(m.content));
    // Several authors are several tags of the same key (`<meta name="author">` twice), or one tag listing them.
    const names = first ? [...new Set(metaOf([first.key]).map((m) => m.content.replace(BYLINE_PREFIX, '').trim()))].filter((n) => !/^(?:https?:)?\/\//i.test(n)) : [];
    if (first && names.length > 0 && budget.take()) fields.push({ ...labelledField(ctx, 'author', names.join(', '), 0.75, { kind: 'meta', path: first.key }, { name: 'author' }), type: 'string', value: names.join(', ') });
  }
  if (!known.has('headline')) {
    const headline = metaOf(HEADLINE_META)[0];
    if (headline && budget.take()) fields.push({ ...labelledField(ctx, 'headline', headline.content, 0.7, { kind: 'meta', path: headline.key }, { name: 'headline' }), type: 'string', value: headline.content });
  }
  return fields;
}

const TITLE_SEPARATORS = /\s+(?:\||-|–|—|::|·|»|•|\/)\s+|:\s+/;

/**
 * The page title without the site's name: the part of `<title>` that is the page heading, else the title with the
 * part that names the site (its `og:site_name`, or the words of its host name) removed. Null when there is nothing
 * to remove.
 */
export function cleanTitle(doc: ParsedHtml, heading: Element | null): string | null {
  const title = doc.title?.trim();
  if (!title) return null;
  const parts = title.split(TITLE_SEPARATORS).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return null;
  const h1 = heading ? fold(collapsedText(heading)) : '';
  const byHeading = parts.find((p) => h1 !== '' && fold(p) === h1);
  if (byHeading) return byHeading;
  const siteName = doc.meta.find((m) => m.key === 'og:site_name' || m.key === 'application-name')?.content;
  const hostWords = hostOf(doc.url).split(/[.-]/).filter((w) => w.length > 2 && !['www', 'com', 'org', 'net', 'example', 'localhost'].includes(w));
  const namesSite = (part: string): boolean => {
    const f = fold(part).replace(/[^\p{L}\p{N}]+/gu, '');
    if (siteName && f === fold(siteName).replace(/[^\p{L}\p{N}]+/gu, '')) return true;
    return hostWords.length > 0 && hostWords.every((w) => f.includes(fold(w)));
  };
  const kept = parts.filter((p) => !namesSite(p));
  return kept.length > 0 && kept.length < parts.length ? kept.join(' – ') : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** The last URL path segment that looks like an identifier (letters and digits, a digit in it) and is on the page. */
export function urlIdentifier(doc: ParsedHtml): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(doc.url).pathname);
  } catch {
    return null;
  }
  const segments = path.split('/').filter(Boolean).map((s) => s.replace(/\.(?:html?|php|aspx?|jsp)$/i, ''));
  const text = fold(doc.text);
  for (const segment of segments.reverse()) {
    for (const token of [segment, ...segment.split(/[-_]/)].filter((t) => /\d/.test(t) && /^[\p{L}\p{N}][\p{L}\p{N}./_-]{3,39}$/u.test(t))) {
      // A page number, a year or a date is not an identifier.
      if (/^\d{1,4}$/.test(token) || /^\d{4}-\d{2}(?:-\d{2})?$/.test(token)) continue;
      if (text.includes(fold(token))) return token;
    }
  }
  return null;
}
