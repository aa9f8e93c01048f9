import type { JsonValue } from '../../golden/task.js';
import { html, type Markup } from '../../sites/render/html.js';
import { fill, formatDate, formatDateRange, formatDateTime, formatDuration, formatMoney, formatMoneyRange, zoneOffset, zoneText } from '../locale/format.js';
import type { PerformanceLanguage } from '../locale/pack.js';
import type { DeadlineClock } from '../content/tender.js';
import type { SiteTemplate } from '../site/template.js';

/**
 * Values as one site writes them, each with its golden form: money `{amount, currency}` or `{min, max, currency}`,
 * dates `YYYY-MM-DD`, local date-times `YYYY-MM-DDTHH:MM` (with an offset only when the page names the zone),
 * date ranges `{start, end}`, durations in ISO 8601.
 */
export interface Written {
  text: string;
  markup: Markup;
  golden: JsonValue;
}

const written = (text: string, golden: JsonValue, markup?: Markup): Written => ({ text, markup: markup ?? html`${text}`, golden });

export function money(t: SiteTemplate, amount: number): Written {
  return written(formatMoney(amount, t.money), { amount, currency: t.locale.currency });
}

/**
 * A price split over elements, as shops print it: `<span>71</span><sup>,91</sup> €`. The text a reader sees is the
 * price; the markup interleaves tags inside the number.
 */
export function splitPrice(t: SiteTemplate, amount: number, block: string): Written {
  const text = formatMoney(amount, t.money);
  const decimals = `${t.money.decimal}${amount.toFixed(2).slice(-2)}`;
  const at = text.indexOf(decimals);
  if (at < 0 || t.money.style.decimals !== 'always') return money(t, amount);
  const c = (element: string) => t.facts.cls.attr(block, element);
  const before = text.slice(0, at);
  const after = text.slice(at + decimals.length);
  const digitsStart = before.search(/\d/);
  const prefix = before.slice(0, digitsStart);
  const whole = before.slice(digitsStart);
  return written(text, { amount, currency: t.locale.currency }, html`${prefix}<span${c('price-int')}>${whole}</span><sup${c('price-dec')}>${decimals}</sup>${after}`);
}

export function priceRange(t: SiteTemplate, min: number, max: number): Written {
  return written(formatMoneyRange(min, max, t.money, t.priceRange, t.compactRange), { min, max, currency: t.locale.currency });
}

export function date(t: SiteTemplate, iso: string, listing = false): Written {
  return written(formatDate(iso, listing ? t.listDate : t.date, t.pack), iso.slice(0, 10));
}

export function dateTime(t: SiteTemplate, isoLocal: string): Written {
  return written(formatDateTime(isoLocal, t.dateTime, t.pack), isoLocal);
}

export function dateRange(t: SiteTemplate, start: string, end: string): Written {
  return written(formatDateRange(start, end, t.range, t.pack), { start: start.slice(0, 10), end: end.slice(0, 10) });
}

export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 || h === 0 ? `${m}M` : ''}`;
}

export function duration(t: SiteTemplate, minutes: number, withNote: boolean): Written {
  return written(`${formatDuration(minutes, t.duration)}${withNote ? t.durationNote : ''}`, isoDuration(minutes));
}

/** A deadline with the clock it is on: "02/18/2027 2:00 PM (Pacific Time)" is `2027-02-18T14:00-08:00`. */
export function deadline(t: SiteTemplate, isoLocal: string, clock: DeadlineClock, localWords: string): Written {
  const when = formatDateTime(isoLocal, t.dateTime, t.pack);
  switch (clock.kind) {
    case 'zone':
      return written(`${when} ${zoneText(clock.phrase, isoLocal)}`, `${isoLocal}${zoneOffset(clock.phrase.zone, isoLocal)}`);
    case 'local':
      return written(`${when} ${localWords}`, isoLocal);
    case 'unstated':
      return written(when, isoLocal);
  }
}

export function languages(t: SiteTemplate, langs: readonly PerformanceLanguage[]): Written {
  const names = langs.map((l) => t.pack.languageNames[l]);
  const text = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')}${t.pack.and}${names[names.length - 1]}`;
  return written(text, text);
}

export function months(t: SiteTemplate, n: number): Written {
  return written(fill(t.monthTerm, { n }), n);
}

export function text(value: string): Written {
  return written(value, value);
}

export function link(value: string, href: string, golden: JsonValue = value): Written {
  return written(value, golden, html`<a href="${href}">${value}</a>`);
}

export function year(value: number): Written {
  return written(String(value), value);
}

export function percent(t: SiteTemplate, value: number): Written {
  return written(`${String(value).replace('.', t.locale.decimal)} %`, value);
}

