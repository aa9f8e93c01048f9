import type { FieldType, JsonValue } from '../model.js';
import { parseBoolean, parseEmail, parsePhone, parseUrl } from './contact.js';
import { parseDate } from './dates.js';
import { parseDuration } from './durations.js';
import { parseMoney } from './money.js';
import { decimalMarkFor, parseNumber } from './numbers.js';

export interface InferredValue {
  type: FieldType;
  value: JsonValue;
}

export interface InferOptions {
  /** The field's normalized name: a `phone` label lets plain digit strings count as phone numbers. */
  name?: string | undefined;
  /** Page language, for the decimal mark and which krona `kr` is. */
  language?: string | null | undefined;
  /** How the document writes numeric dates (its own evidence, see `numericDateOrder`); the language decides when unset. */
  monthFirst?: boolean | undefined;
  /** Base URL for relative links; its domain also tells which krona `kr` is when the language does not. */
  baseUrl?: string | undefined;
}

const PHONE_NAMES = /(?:^|_)(?:phone|telephone|tel|fax|mobile|telefon|telefono|cell)(?:_|$)/;
const PRICE_NAMES = /(?:^|_)(?:price|amount|total|cost|fee|subtotal|value|preis|prezzo|prix|precio)(?:_|$)/;

/** The type and normalized value of a raw string, trying the most specific shapes first. */
export function inferValue(raw: string, opts: InferOptions = {}): InferredValue {
  const text = raw.trim();
  if (text === '') return { type: 'string', value: '' };
  const mark = decimalMarkFor(opts.language);
  const name = opts.name ?? '';

  const email = parseEmail(text);
  if (email) return { type: 'email', value: email };
  const url = parseUrl(text, opts.baseUrl);
  if (url && /^(?:https?:\/\/|www\.)/i.test(text)) return { type: 'url', value: url };
  if (PHONE_NAMES.test(name)) {
    const phone = parsePhone(text, true);
    if (phone) return { type: 'phone', value: phone };
  }
  const date = parseDate(text, { language: opts.language, monthFirst: opts.monthFirst });
  if (date) return date;
  const money = parseMoney(text, mark, { language: opts.language, url: opts.baseUrl });
  if (money) return { type: 'money', value: money };
  const duration = parseDuration(text);
  if (duration) return { type: 'duration', value: duration.iso };
  // Identifiers (GTINs, account numbers with a leading zero, long digit runs) are kept as written.
  const identifier = /^0\d/.test(text) || /\d{16,}/.test(text);
  const number = identifier ? null : parseNumber(text, mark);
  if (number !== null) {
    if (PRICE_NAMES.test(name)) return { type: 'money', value: { amount: number, currency: null } };
    return Number.isInteger(number) && !/[.,]\d{1,2}$/.test(text) ? { type: 'integer', value: number } : { type: 'number', value: number };
  }
  const phone = parsePhone(text, false);
  if (phone) return { type: 'phone', value: phone };
  const bool = parseBoolean(text);
  if (bool !== null) return { type: 'boolean', value: bool };
  return { type: 'string', value: text.replace(/\s+/g, ' ') };
}
