import type { MoneyStyle, NumericDateStyle, ZonePhrase } from './locales.js';
import type { LanguagePack } from './pack.js';

/**
 * Writes values the way a site of one locale does: numbers, money and ranges of money, dates (numeric or with month
 * and weekday names), times, date-times, date ranges, durations and zone phrases. All arithmetic is on UTC, so the
 * output never depends on the machine's zone; the only zone rules used are those of the zone a page names.
 */

export interface NumberFormat {
  decimal: ',' | '.';
  group: string;
  groupFromFiveDigits?: boolean;
}

export function formatNumber(value: number, fmt: NumberFormat, fractionDigits: 0 | 2): string {
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.length <= 3 || (fmt.groupFromFiveDigits && whole.length === 4) ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, fmt.group);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : fmt.decimal + fraction}`;
}

export interface MoneyFormat extends NumberFormat {
  style: MoneyStyle;
}

export function moneyNumber(amount: number, fmt: MoneyFormat): string {
  const whole = Number.isInteger(amount);
  if (fmt.style.decimals === 'always' || !whole) return formatNumber(amount, fmt, 2);
  if (fmt.style.decimals === 'dash') return `${formatNumber(amount, fmt, 0)}${fmt.decimal}–`;
  return formatNumber(amount, fmt, 0);
}

export function formatMoney(amount: number, fmt: MoneyFormat): string {
  return fmt.style.pattern.replace('{n}', moneyNumber(amount, fmt));
}

/** A price range: both amounts written in full into `{min}`/`{max}`, or compact with one symbol ("€ 12 – 180"). */
export function formatMoneyRange(min: number, max: number, fmt: MoneyFormat, pattern: string, compact: boolean): string {
  if (compact) return fmt.style.pattern.replace('{n}', `${moneyNumber(min, fmt)} – ${moneyNumber(max, fmt)}`);
  return pattern.replace('{min}', formatMoney(min, fmt)).replace('{max}', formatMoney(max, fmt));
}

export interface DateParts {
  y: number;
  m: number;
  d: number;
  weekday: number;
}

export function dateParts(iso: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) throw new Error(`not an ISO date: ${iso}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { y, m, d, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

export type DateStyle = { kind: 'numeric'; numeric: NumericDateStyle } | { kind: 'pattern'; pattern: string };

const pad2 = (n: number): string => String(n).padStart(2, '0');

function dayText(d: number, pack: LanguagePack): string {
  return d === 1 && pack.firstOfMonth ? pack.firstOfMonth : String(d);
}

function fillDate(pattern: string, p: DateParts, pack: LanguagePack): string {
  return pattern.replace(/\{(\w+)\}/g, (token, name: string) => {
    switch (name) {
      case 'd':
        return dayText(p.d, pack);
      case 'dd':
        return pad2(p.d);
      case 'M':
        return String(p.m);
      case 'MM':
        return pad2(p.m);
      case 'MMMM':
        return pack.months[p.m - 1] ?? '';
      case 'MMM':
        return pack.monthsShort[p.m - 1] ?? '';
      case 'yyyy':
        return String(p.y);
      case 'EEEE':
        return pack.weekdays[p.weekday] ?? '';
      case 'EEE':
        return pack.weekdaysShort[p.weekday] ?? '';
      default:
        return token;
    }
  });
}

export function formatNumericDate(p: DateParts, style: NumericDateStyle): string {
  const d = style.pad ? pad2(p.d) : String(p.d);
  const m = style.pad ? pad2(p.m) : String(p.m);
  const parts = style.order === 'dmy' ? [d, m, String(p.y)] : style.order === 'mdy' ? [m, d, String(p.y)] : [String(p.y), pad2(p.m), pad2(p.d)];
  return parts.join(style.sep);
}

export function formatDate(iso: string, style: DateStyle, pack: LanguagePack): string {
  const p = dateParts(iso);
  return style.kind === 'numeric' ? formatNumericDate(p, style.numeric) : fillDate(style.pattern, p, pack);
}

/** `hhmm` is `HH:MM`. */
export function formatTime(hhmm: string, pattern: string): string {
  const [hText = '0', mText = '0'] = hhmm.split(':');
  const h = Number(hText);
  const m = Number(mText);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return pattern.replace(/\{(\w+)\}/g, (token, name: string) => {
    switch (name) {
      case 'H':
        return String(h);
      case 'HH':
        return pad2(h);
      case 'h':
        return String(h12);
      case 'mm':
        return pad2(m);
      case 'A':
        return h < 12 ? 'AM' : 'PM';
      case 'a':
        return h < 12 ? 'a.m.' : 'p.m.';
      default:
        return token;
    }
  });
}

export interface DateTimeStyle {
  date: DateStyle;
  time: string;
  join: string;
}

/** `isoLocal` is `YYYY-MM-DDTHH:MM`. */
export function formatDateTime(isoLocal: string, style: DateTimeStyle, pack: LanguagePack): string {
  const date = formatDate(isoLocal, style.date, pack);
  const time = formatTime(isoLocal.slice(11, 16), style.time);
  return style.join.replace('{date}', date).replace('{time}', time);
}

export interface RangeStyle {
  date: DateStyle;
  /** Used when both dates fall in one month and the date style names months. */
  sameMonth: string | null;
  join: string;
}

export function formatDateRange(start: string, end: string, style: RangeStyle, pack: LanguagePack): string {
  const a = dateParts(start);
  const b = dateParts(end);
  if (style.sameMonth && style.date.kind === 'pattern' && a.y === b.y && a.m === b.m) {
    return style.sameMonth
      .replace('{d1}', dayText(a.d, pack))
      .replace('{d2}', String(b.d))
      .replace('{MMMM}', pack.months[a.m - 1] ?? '')
      .replace('{MMM}', pack.monthsShort[a.m - 1] ?? '')
      .replace('{yyyy}', String(a.y));
  }
  return style.join.replace('{start}', formatDate(start, style.date, pack)).replace('{end}', formatDate(end, style.date, pack));
}

export function formatDuration(minutes: number, pattern: string): string {
  return pattern
    .replace('{h}', String(Math.floor(minutes / 60)))
    .replace('{m}', String(minutes % 60))
    .replace('{total}', String(minutes));
}

/** The UTC offset (`+01:00`) of `zone` at the local wall time `isoLocal`. */
export function zoneOffset(zone: string, isoLocal: string): string {
  const asUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(isoLocal) ? Date.parse(`${isoLocal.slice(0, 16)}:00Z`) : Number.NaN;
  if (Number.isNaN(asUtc)) throw new Error(`not a local date-time: ${isoLocal}`);
  const offsetAt = (instant: number): number => {
    const text = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(text);
    return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  };
  // The wall time minus the offset is the instant; one correction step settles it away from transitions.
  const first = offsetAt(asUtc);
  const minutes = offsetAt(asUtc - first * 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad2(Math.floor(Math.abs(minutes) / 60))}:${pad2(Math.abs(minutes) % 60)}`;
}

/** The phrase with `{abbr}` resolved for that date (summer or standard time). */
export function zoneText(phrase: ZonePhrase, isoLocal: string): string {
  if (!phrase.abbr) return phrase.text;
  const january = zoneOffset(phrase.zone, `${isoLocal.slice(0, 4)}-01-15T12:00`);
  const summer = zoneOffset(phrase.zone, isoLocal) !== january;
  return phrase.text.replace('{abbr}', summer ? phrase.abbr.summer : phrase.abbr.standard);
}

/** Fills `{x}` slots of a pattern from a record; unknown slots stay as written. */
export function fill(pattern: string, values: Readonly<Record<string, string | number>>): string {
  return pattern.replace(/\{(\w+)\}/g, (token, name: string) => (name in values ? String(values[name]) : token));
}

/** Digits for a pattern such as `+49 {3} {7}`: `{n}` is n random digits from `digit()`. */
export function fillDigits(pattern: string, digit: () => number): string {
  return pattern.replace(/\{(\d+)\}/g, (_, n: string) => Array.from({ length: Number(n) }, () => String(digit())).join(''));
}
