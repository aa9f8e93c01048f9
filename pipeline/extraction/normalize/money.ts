import type { Money } from '../model.js';
import { parseNumber, type DecimalMark } from './numbers.js';

/**
 * `kr`, `kr.` and the Swedish whole-krona mark `250:-`. Which krona is a property of the page, not of the text:
 * see `kronaOf`.
 */
const KRONA = /(?<![\p{L}])kr\.?(?![\p{L}])|(?<=\d)\s*:-(?!\d)/iu;
/**
 * Money with a currency symbol or ISO code, single amounts and ranges: `€ 12 – 180`, `CHF 1'200.–`,
 * `EUR 2.500.000,00`, `12,50 €`, `from £25`, `195–795 kr`, `250:-`. Without a currency it is not money (just a number).
 */
const SYMBOLS: ReadonlyArray<[RegExp, string]> = [
  [/US\$|U\.S\.\$/i, 'USD'],
  [/CA\$|C\$/i, 'CAD'],
  [/AU\$|A\$/i, 'AUD'],
  [/€/, 'EUR'],
  [/£/, 'GBP'],
  [/\$/, 'USD'],
  [/¥/, 'JPY'],
  [/₹|\bRs\.?(?=\s|\d)/, 'INR'],
  [/zł/i, 'PLN'],
  // Central and Eastern European currencies as their pages write them: Kč, Ft, lei, лв.
  [/K[čc](?=$|[\s.,;)–-])/, 'CZK'],
  [/\bFt\b/, 'HUF'],
  [/\blei\b/i, 'RON'],
  [/лв\.?/, 'BGN'],
  [KRONA, 'krona'],
  [/\bS?Fr\.(?=\s|\d)/, 'CHF'],
  [/₽/, 'RUB'],
  [/₺/, 'TRY'],
  [/₩/, 'KRW'],
];
/** The krona of a page language, else of a country-code domain. */
const KRONA_BY_LANGUAGE: Readonly<Record<string, string>> = { sv: 'SEK', nb: 'NOK', nn: 'NOK', no: 'NOK', da: 'DKK', is: 'ISK' };
const KRONA_BY_DOMAIN: Readonly<Record<string, string>> = { se: 'SEK', no: 'NOK', dk: 'DKK', is: 'ISK' };

/** What the page tells about which currency an ambiguous sign means. */
export interface CurrencyHints {
  /** The page language (`sv`, `nb`, `da-DK`). */
  language?: string | null | undefined;
  /** The page URL; its country-code domain counts when the language says nothing. */
  url?: string | null | undefined;
}

/**
 * `kr` is the Swedish, Norwegian, Danish and Icelandic krona alike: the page language decides, then the domain
 * (`.se`, `.no`, `.dk`, `.is`), and without either the Swedish krona, the most traded of them.
 */
export function kronaOf(hints: CurrencyHints): string {
  const language = KRONA_BY_LANGUAGE[(hints.language ?? '').slice(0, 2).toLowerCase()];
  if (language) return language;
  const tld = /^[a-z]+:\/\/[^/?#]*\.([a-z]{2})(?::\d+)?(?:[/?#]|$)/i.exec(hints.url ?? '')?.[1]?.toLowerCase();
  return (tld && KRONA_BY_DOMAIN[tld]) || 'SEK';
}

const CODES = new Set(['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'INR', 'PLN', 'SEK', 'NOK', 'DKK', 'CZK', 'HUF', 'CAD', 'AUD', 'NZD', 'RUB', 'TRY', 'BRL', 'MXN', 'ZAR', 'KRW', 'SGD', 'HKD', 'RON', 'BGN', 'ILS', 'AED', 'ISK']);
const WORDS = /(?<![\p{L}])(?:ab|from|starting at|between|zwischen|entre|tra|von|da|des|dès|de|a partir de|à partir de|desde|ca\.?|circa|approx\.?|je|each|per person|pro person|p\.p\.|incl\.? vat|inkl\.? mwst\.?|zzgl\.? mwst\.?|ttc|ht|iva incl\.?|iva inclusa|från|fra|fr\.o\.m\.?|mellan|cirka|omkring|per st\.?|(?:inkl|exkl|ekskl)\.? (?:moms|mva))(?![\p{L}])/giu;
/** Words after an amount that qualify it without changing it (`£2,450,000 excluding VAT`, `€ 40 netto`): at most four, no digits. */
const TRAILING_QUALIFIER = /^(\S+(?: \d{3})*)\s+\(?([\p{L}][\p{L}.'’ -]{0,40})\)?$/u;

/** The currency a text names, if any, and the text without it. */
export function detectCurrency(raw: string, hints: CurrencyHints = {}): { currency: string | null; rest: string } {
  for (const [pattern, code] of SYMBOLS) {
    if (pattern.test(raw)) return { currency: code === 'krona' ? kronaOf(hints) : code, rest: raw.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'), ' ') };
  }
  const code = /(?:^|[^A-Za-z])([A-Z]{3})(?![A-Za-z])/.exec(raw);
  if (code && CODES.has(code[1] as string)) return { currency: code[1] as string, rest: raw.replace(code[1] as string, ' ') };
  return { currency: null, rest: raw };
}

export function parseMoney(raw: string, decimalMark: DecimalMark | null = null, hints: CurrencyHints = {}): Money | null {
  if (raw.length > 80) return null;
  const { currency, rest } = detectCurrency(raw, hints);
  if (!currency) return null;
  const cleaned = rest
    .replace(WORDS, ' ')
    .replace(/[.,]\s*[-–—]+(?=\s|$)/g, '') // "1'200.–" and "12,-": whole amounts
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  const range = /^(\S+(?: \d{3})*)\s*(?:-|bis|und|to|and|à|a|al|e|et|y|och|till|og|til)\s*(\S+(?: \d{3})*)$/.exec(cleaned);
  if (range) {
    const min = parseNumber(range[1] as string, decimalMark);
    const max = parseNumber(range[2] as string, decimalMark);
    if (min !== null && max !== null && min <= max) return { amount: null, min, max, currency };
  }
  const amount = parseNumber(cleaned, decimalMark);
  if (amount !== null) return { amount, currency };
  const qualified = TRAILING_QUALIFIER.exec(cleaned);
  if (!qualified || (qualified[2] as string).trim().split(/\s+/).length > 4) return null;
  const leading = parseNumber(qualified[1] as string, decimalMark);
  return leading === null ? null : { amount: leading, currency };
}
