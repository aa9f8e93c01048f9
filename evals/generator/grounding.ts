import type { GoldenRecord, JsonValue } from '../golden/task.js';
import { parseDocument } from '../../pipeline/parsing/index.js';
import { decodeHtml, normalizeSpace, visibleText } from '../sites/testing.js';
import { bytesAt } from './serve.js';
import type { GeneratedPage, GeneratedSite } from './types.js';

/**
 * Whether every golden value is written on its page, checked independently of the generator's own formatters:
 * text verbatim (case and spacing aside), amounts as digits with any grouping, dates in any numeric order or with
 * the month as CLDR names it in the page's language (Intl), times in 24- or 12-hour writing, durations by their
 * numbers, links by their href. HTML is read as a browser shows it; PDFs through the project's own parser.
 */
export interface Ungrounded {
  field: string;
  value: string;
}

const CURRENCY_MARKS: Readonly<Record<string, readonly string[]>> = {
  EUR: ['€', 'EUR', 'euro'],
  GBP: ['£', 'GBP'],
  USD: ['$', 'USD'],
  CHF: ['CHF', 'Fr.'],
  PLN: ['zł', 'PLN'],
  BRL: ['R$', 'BRL'],
  SEK: ['kr', 'SEK'],
};

export interface PageText {
  /** Text nodes joined by spaces, folded. */
  spaced: string;
  /** A PDF: a value wrapped inside its column may have other columns' words between its lines. */
  columns: boolean;
  /** Text nodes joined directly (a price split over elements reads whole), folded. */
  tight: string;
  /** Link targets on the page. */
  hrefs: ReadonlySet<string>;
  lang: string;
}

export function fold(text: string): string {
  return normalizeSpace(text.replace(/[\u00a0\u202f\u2009]/g, ' ').toLowerCase());
}

export async function pageText(site: GeneratedSite, page: GeneratedPage): Promise<PageText> {
  const origin = `https://${site.host}`;
  const bytes = bytesAt(page.bytes, origin);
  if (page.contentType === 'application/pdf') {
    const parsed = await parseDocument({ bytes: new Uint8Array(bytes), contentType: page.contentType, url: `${origin}${page.path}` });
    if (!parsed.ok || parsed.document.kind !== 'pdf') throw new Error(`${site.id}${page.path}: the PDF does not parse (${parsed.ok ? parsed.document.kind : parsed.reason})`);
    const text = parsed.document.pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n');
    return { spaced: fold(text), tight: fold(text), columns: true, hrefs: new Set(), lang: page.language };
  }
  const markup = decodeHtml(new Uint8Array(bytes), page.contentType);
  const tight = markup.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '').replace(/<(sup|sub|span|b|strong|em|i)\b[^>]*>|<\/(sup|sub|span|b|strong|em|i)>/gi, '');
  const hrefs = new Set([...markup.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&')));
  return { spaced: fold(visibleText(markup)), tight: fold(visibleText(tight)), columns: false, hrefs, lang: page.language };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Digits of an amount with any thousands grouping, and its decimals when it has any. */
export function amountPattern(n: number): RegExp {
  const [whole = '0', fraction = '00'] = Math.abs(n).toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "[.,'’ ]?");
  const decimals = fraction === '00' ? `(?:[.,]00|[.,]–|[.,]-)?` : `[.,]${fraction}`;
  return new RegExp(`(?<![\\d.,])${grouped}${decimals}(?![\\d])`);
}

function monthNames(lang: string, month: number): string[] {
  const at = new Date(Date.UTC(2027, month - 1, 14));
  const names = new Set<string>();
  // A regional locale may name months apart from its language ("Jänner" in de-AT); a site there may write either.
  for (const locale of new Set([lang, lang.split('-')[0] as string])) for (const style of ['long', 'short'] as const) {
    const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: style, timeZone: 'UTC' }).formatToParts(at);
    const name = parts.find((p) => p.type === 'month')?.value;
    if (name) names.add(fold(name).replace(/\.$/, ''));
    const standalone = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' }).format(at);
    names.add(fold(standalone).replace(/\.$/, ''));
  }
  return [...names].filter((n) => !/^\d+$/.test(n));
}

export function dateGrounded(text: string, iso: string, lang: string): boolean {
  const [y = 0, m = 0, d = 0] = iso.slice(0, 10).split('-').map(Number);
  if (!text.includes(String(y))) return false;
  const dd = String(d).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  const day = `(?:0?${d})`;
  const month = `(?:0?${m})`;
  const numeric = [`${day}[./-]${month}[./-]${y}`, `${month}[./-]${day}[./-]${y}`, `${y}-${mm}-${dd}`];
  if (numeric.some((p) => new RegExp(`(?<!\\d)${p}(?!\\d)`).test(text))) return true;
  const names = monthNames(lang, m).map(escapeRe).join('|');
  const dayWord = `(?<!\\d)${d}(?:er|\\.)?(?!\\d)`;
  return new RegExp(`${dayWord}.{0,14}(?:${names})`).test(text) || new RegExp(`(?:${names}).{0,14}${dayWord}`).test(text);
}

export function timeGrounded(text: string, hhmm: string): boolean {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const mm = String(m).padStart(2, '0');
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const suffix = h < 12 ? '(?:am|a\\.m\\.)' : '(?:pm|p\\.m\\.)';
  return [`(?<!\\d)0?${h}\\s?[:.h]\\s?${mm}(?!\\d)`, `(?<!\\d)${h12}[:.]${mm}\\s?${suffix}`, ...(m === 0 ? [`(?<!\\d)${h}\\s?h(?![a-z\\d])`, `(?<!\\d)${h12}\\s?${suffix}`] : [])].some((p) => new RegExp(p).test(text));
}

const HOUR_WORDS = '(?:h|hrs?|hours?|std\\.?|stunden|ore|uur|heures?|godz\\.?|horas?|u|tim(?:mar|me)?)';
const MINUTE_WORDS = '(?:min|mins|minutes?|minuten|minuti|minutos|minut)';

/** A duration by its numbers next to their units: "2 h 45 min", "2h45", "1u30", "165 minutes". */
function durationGrounded(text: string, iso: string): boolean {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
  if (!match) return false;
  const h = Number(match[1] ?? 0);
  const m = Number(match[2] ?? 0);
  if (new RegExp(`(?<!\\d)${h * 60 + m}\\s?${MINUTE_WORDS}`).test(text)) return true;
  const hours = `(?<!\\d)${h}\\s?${HOUR_WORDS}`;
  return m === 0 ? new RegExp(`${hours}(?![a-z]*\\s?\\d)`).test(text) : new RegExp(`${hours}[^\\d]{0,12}${m}(?!\\d)`).test(text);
}

function currencyGrounded(text: string, code: string): boolean {
  return (CURRENCY_MARKS[code] ?? [code]).some((mark) => text.includes(fold(mark)));
}

/** The words of `value` in order, with at most a few other words between them (a column's wrapped lines). */
function inOrderNearby(text: string, value: string): boolean {
  const words = text.split(' ');
  const wanted = value.split(' ');
  const slack = wanted.length + 8;
  for (let start = 0; start < words.length; start++) {
    if (words[start] !== wanted[0]) continue;
    let k = 1;
    for (let i = start + 1; i < words.length && i <= start + wanted.length + slack && k < wanted.length; i++) if (words[i] === wanted[k]) k++;
    if (k === wanted.length) return true;
  }
  return false;
}

function textGrounded(t: PageText, value: string): boolean {
  return value.split('\n').every((line) => {
    const f = fold(line);
    return f === '' || t.spaced.includes(f) || t.tight.includes(f) || (t.columns && inOrderNearby(t.spaced, f));
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})([+-]\d{2}:\d{2})?$/;

function grounded(t: PageText, field: string, value: JsonValue, out: Ungrounded[]): void {
  const fail = () => out.push({ field, value: typeof value === 'string' ? value : JSON.stringify(value) });
  if (value === null || typeof value === 'boolean') return;
  if (Array.isArray(value)) {
    value.forEach((v) => grounded(t, field, v, out));
    return;
  }
  if (typeof value === 'object') {
    if ('currency' in value) {
      for (const key of ['amount', 'min', 'max'] as const) {
        const n = value[key];
        if (typeof n === 'number' && !amountPattern(n).test(t.tight) && !amountPattern(n).test(t.spaced)) out.push({ field: `${field}.${key}`, value: String(n) });
      }
      if (typeof value['currency'] === 'string' && !currencyGrounded(t.spaced, value['currency'])) out.push({ field: `${field}.currency`, value: value['currency'] });
      return;
    }
    for (const [k, v] of Object.entries(value)) grounded(t, `${field}.${k}`, v, out);
    return;
  }
  if (typeof value === 'number') {
    const written = [String(value), String(value).replace('.', ',')];
    if (!written.some((w) => new RegExp(`(?<![\\d.,])${escapeRe(w)}(?![\\d])`).test(t.spaced))) fail();
    return;
  }
  const datetime = ISO_DATETIME.exec(value);
  if (datetime) {
    if (!dateGrounded(t.spaced, datetime[1] ?? '', t.lang) || !timeGrounded(t.spaced, datetime[2] ?? '')) fail();
    return;
  }
  if (ISO_DATE.test(value)) {
    if (!dateGrounded(t.spaced, value, t.lang)) fail();
    return;
  }
  if (/^PT[\dHM]+$/.test(value)) {
    if (!durationGrounded(t.spaced, value)) fail();
    return;
  }
  if (value.startsWith('/')) {
    if (!t.hrefs.has(value)) fail();
    return;
  }
  if (field === 'currency' || field.endsWith('.currency')) {
    if (!currencyGrounded(t.spaced, value)) fail();
    return;
  }
  if (!textGrounded(t, value)) fail();
}

/** Golden values of a page's records that its text does not show. */
export function ungroundedValues(t: PageText, records: readonly GoldenRecord[]): Ungrounded[] {
  const out: Ungrounded[] = [];
  for (const record of records) for (const [field, value] of Object.entries(record)) grounded(t, field, value, out);
  return out;
}
