/**
 * Numbers with locale separators: `1.234,56`, `1,234.56`, `1 234,56`, `1'234.50`. A single separator followed by
 * exactly three digits is a thousands separator only when the locale says the other one is the decimal mark.
 */
export type DecimalMark = '.' | ',';

const COMMA_DECIMAL_LANGUAGES = new Set(['de', 'fr', 'it', 'es', 'nl', 'pt', 'pl', 'cs', 'sk', 'da', 'sv', 'nb', 'no', 'fi', 'ru', 'tr', 'hu', 'ro']);

export function decimalMarkFor(language: string | null | undefined): DecimalMark | null {
  if (!language) return null;
  return COMMA_DECIMAL_LANGUAGES.has(language.slice(0, 2).toLowerCase()) ? ',' : '.';
}

const NUMBER_SHAPE = /^[+-]?(?:\d{1,3}(?:[ '’.,\u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,]\d+)?$/;

/** The number the whole string denotes, or null. */
export function parseNumber(raw: string, decimalMark: DecimalMark | null = null): number | null {
  const text = raw.trim().replace(/^\+/, '');
  if (text.length === 0 || text.length > 40 || !NUMBER_SHAPE.test(text)) return null;
  const negative = text.startsWith('-');
  const body = (negative ? text.slice(1) : text).replace(/[ '’\u00a0\u202f\u2009]/g, '');
  const dots = count(body, '.');
  const commas = count(body, ',');
  let normalized: string;
  if (dots > 0 && commas > 0) {
    const decimal = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    if (count(body, decimal) > 1) return null;
    normalized = body.split(thousands).join('').replace(decimal, '.');
  } else if (dots + commas > 1) {
    const mark = dots > 0 ? '.' : ',';
    if (!/^\d{1,3}(?:[.,]\d{3})+$/.test(body)) return null;
    normalized = body.split(mark).join('');
  } else if (dots + commas === 1) {
    const mark = dots === 1 ? '.' : ',';
    const [intPart, fraction = ''] = body.split(mark) as [string, string?];
    const looksGrouped = fraction.length === 3 && intPart.length <= 3 && intPart !== '0';
    const isThousands = looksGrouped && (decimalMark === null ? mark === ',' : decimalMark !== mark);
    normalized = isThousands ? intPart + fraction : `${intPart}.${fraction}`;
  } else {
    normalized = body;
  }
  const value = Number(normalized);
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}
