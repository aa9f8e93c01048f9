import { fold, squash } from './text.js';

/**
 * Dates as people write them in English, German, French, Italian, Spanish, Swedish, Norwegian and Danish: month
 * names, numeric forms (`14.03.2027`, `14/03/2027`, ISO), ranges (`14.–28. März 2027`, `du 14 au 28 mars 2027`) and
 * times (`19:30 Uhr`, `7.30 pm`, `kl. 19.00`). Numeric dates are day first unless the page's region writes them month
 * first (`en-US`) or only month-first is valid. A time without an offset stays a local time (`2027-03-14T19:00`);
 * a zone the page names in words ("Eastern Time", "MEZ", "Schweizer Zeit") gives the offset it has on that day.
 */
export type DateValue =
  | { type: 'date'; value: string }
  | { type: 'datetime'; value: string }
  | { type: 'date_range'; value: { start: string; end: string } };

const MONTH_NAMES: Record<number, readonly string[]> = {
  1: ['january', 'jan', 'januar', 'janner', 'janvier', 'janv', 'gennaio', 'gen', 'enero', 'ene', 'januari', 'janeiro', 'jan.', 'stycznia', 'styczen', 'styczeń'],
  2: ['february', 'feb', 'februar', 'fevrier', 'fevr', 'fev', 'febbraio', 'febrero', 'februari', 'fevereiro', 'lutego', 'luty'],
  3: ['march', 'mar', 'marz', 'maerz', 'mrz', 'mars', 'marzo', 'marts', 'maart', 'marco', 'março', 'marca', 'marzec', 'mrt'],
  4: ['april', 'apr', 'avril', 'avr', 'aprile', 'abril', 'abr', 'kwietnia', 'kwiecien', 'kwiecień'],
  5: ['may', 'mai', 'maggio', 'mag', 'mayo', 'maj', 'mei', 'maio', 'maja'],
  6: ['june', 'jun', 'juni', 'juin', 'giugno', 'giu', 'junio', 'junho', 'czerwca', 'czerwiec'],
  7: ['july', 'jul', 'juli', 'juillet', 'juil', 'luglio', 'lug', 'julio', 'julho', 'lipca', 'lipiec'],
  8: ['august', 'aug', 'aout', 'agosto', 'ago', 'augusti', 'augustus', 'sierpnia', 'sierpien', 'sierpień'],
  9: ['september', 'sep', 'sept', 'septembre', 'settembre', 'set', 'septiembre', 'setiembre', 'setembro', 'wrzesnia', 'września', 'wrzesien', 'wrzesień'],
  10: ['october', 'oct', 'oktober', 'okt', 'octobre', 'ottobre', 'ott', 'octubre', 'outubro', 'out', 'pazdziernika', 'października', 'pazdziernik', 'październik'],
  11: ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'listopada', 'listopad'],
  12: ['december', 'dec', 'dezember', 'dez', 'decembre', 'dicembre', 'dic', 'diciembre', 'desember', 'des', 'dezembro', 'grudnia', 'grudzien', 'grudzień'],
};
const MONTHS = new Map<string, number>(Object.entries(MONTH_NAMES).flatMap(([m, names]) => names.map((n) => [n, Number(m)] as const)));

/** Words that may surround a date without changing it: weekdays, articles, "at", "Uhr", "ore". */
const FILLER = new Set([
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun'],
  ...['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonnabend', 'sonntag', 'mo', 'di', 'mi', 'do', 'fr', 'sa', 'so'],
  ...['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'lun', 'mer', 'jeu', 'ven', 'sam', 'dim'],
  ...['lunedi', 'martedi', 'mercoledi', 'giovedi', 'venerdi', 'sabato', 'domenica', 'gio', 'dom'],
  ...['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'],
  // Swedish, then Norwegian and Danish (ø does not fold): måndag → mandag, lör → lor.
  ...['mandag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lordag', 'sondag', 'man', 'tis', 'ons', 'tor', 'tors', 'fre', 'lor', 'son'],
  ...['tirsdag', 'lørdag', 'søndag', 'tir', 'lør', 'søn'],
  // Dutch, Portuguese and Polish weekdays.
  ...['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'ma', 'wo', 'vr', 'za', 'zo'],
  ...['segunda-feira', 'terca-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'segunda', 'terca', 'quarta', 'quinta', 'sexta', 'seg', 'ter', 'qua', 'qui', 'sex', 'sab'],
  // Czech and Slovak: "v 19:00", "o 19:00", weekdays.
  ...['v', 'o', 'pondeli', 'utery', 'streda', 'ctvrtek', 'patek', 'nedele', 'po', 'ut', 'st', 'ct', 'pa', 'ne', 'pondelok', 'utorok', 'stvrtok', 'piatok', 'nedela', 'hod', 'hod.'],
  ...['poniedzialek', 'wtorek', 'sroda', 'czwartek', 'piatek', 'sobota', 'niedziela', 'pon', 'wt', 'sr', 'czw', 'pt', 'sob', 'niedz', 'w', 'dnia', 'godz', 'om', 'as', 'às'],
  ...['the', 'of', 'on', 'at', 'de', 'del', 'le', 'il', 'el', 'la', 'um', 'uhr', 'ore', 'alle', 'a', 'den', 'der', 'vom', 'von', 'du', 'dal', 'dalle', 'from', 'h', 'hrs', 'uur', 'kl', 'klockan', 'klokken', 'fran', 'fra', 'fr.o.m.', 'las', 'los', 'horas', 'hora', 'hs', 'klo', 'kello'],
]);

/** Weekday abbreviations that are also month names: `mar` is mardi/martes before another month ("mar 14 mars 2027"). */
const WEEKDAY_OR_MONTH = new Set(['mar']);

const RANGE_WORDS = ['bis', 'au', 'al', 'to', 'until', 'till', 'through', 'thru', 'hasta', 'fino', 'til', 't.o.m.', '-'];

interface Parts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  /** ISO text kept as given (offsets, seconds), when the input was ISO 8601. */
  iso?: string;
}

export interface DateOptions {
  /** The page's language tag: `en-US` (and the other month-first regions) reads `1/5/2027` as January 5. */
  language?: string | null | undefined;
  /** The document's own evidence of its numeric date order (`numericDateOrder`); wins over the language. */
  monthFirst?: boolean | undefined;
}

/** Regions that write numeric dates month first. */
const MONTH_FIRST = /^(?:en-(?:us|ph|um|as|gu|pr|vi)|es-us|fil)\b/i;

/**
 * Time zones a page names in words, by the IANA zone that gives their offset on the day (daylight saving included).
 * "Local time" words name no zone: the time stays local.
 */
const NAMED_ZONES: ReadonlyArray<readonly [RegExp, RegExp, string]> = [
  // [words, matched on the folded text; abbreviations, matched as written (ET, not "et"); the zone]
  [/\(?\beastern(?: standard| daylight)? time\b\)?/, /\(?\b(?:ET|EST|EDT)\b\)?/, 'America/New_York'],
  [/\(?\bcentral(?: standard| daylight)? time\b\)?/, /\(?\b(?:CT|CST|CDT)\b\)?/, 'America/Chicago'],
  [/\(?\bmountain(?: standard| daylight)? time\b\)?/, /\(?\b(?:MT|MST|MDT)\b\)?/, 'America/Denver'],
  [/\(?\bpacific(?: standard| daylight)? time\b\)?/, /\(?\b(?:PT|PST|PDT)\b\)?/, 'America/Los_Angeles'],
  [/\(?\b(?:schweizer zeit|heure suisse|ora svizzera)\b\)?/, /$^/, 'Europe/Zurich'],
  [/\(?\b(?:heure de paris|ora italiana|hora peninsular|mitteleuropaische (?:sommer)?zeit)\b\)?/, /\(?\b(?:MEZ|MESZ|CET|CEST)\b\)?/, 'Europe/Berlin'],
  [/\(?\b(?:uk time|london time)\b\)?/, /\(?\b(?:GMT|BST)\b\)?/, 'Europe/London'],
];
const LOCAL_TIME_WORDS = /\(?\b(?:ortszeit|local time|heure locale|ora locale|hora local|lokal tid|lokal tid|lokaal|lokale tijd)\b\)?/;

/**
 * Whether a document writes numeric dates month first, by its own evidence: dates that only read one way (`2/19/2027`
 * is month first, `19/2/2027` day first) outvote each other; with none, a time zone of the Americas named beside
 * a time (“Eastern Time”, “PST”) says month first; with neither, null (the page's language decides).
 */
export function numericDateOrder(text: string): boolean | null {
  let monthFirst = 0;
  let dayFirst = 0;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const m of sample.matchAll(/(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/.-])/g)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
  }
  if (monthFirst !== dayFirst) return monthFirst > dayFirst;
  if (/\d[\s\S]{0,40}(?:\b(?:eastern|central|mountain|pacific)(?: standard| daylight)? time\b|\b(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT)\b)/i.test(sample)) return true;
  return null;
}

export function parseDate(raw: string, opts: DateOptions = {}): DateValue | null {
  if (raw.length > 120 || !/\d/.test(raw)) return null;
  let written = raw;
  let zone: string | null = null;
  // A zone counts only beside a time of day.
  if (/\d{1,2}[:.h]\d{2}|\d\s?[ap]\.?m\b/i.test(raw)) {
    for (const [words, abbreviations, iana] of NAMED_ZONES) {
      if (abbreviations.test(written)) written = written.replace(abbreviations, ' ');
      else if (words.test(fold(written))) written = fold(written).replace(words, ' ');
      else continue;
      zone = iana;
      break;
    }
  }
  let folded = fold(written);
  folded = folded.replace(LOCAL_TIME_WORDS, ' ');
  const parsed = parseLocal(folded, opts.monthFirst ?? MONTH_FIRST.test(opts.language ?? ''));
  if (zone && parsed?.type === 'datetime' && !/(?:z|[+-]\d{2}:\d{2})$/i.test(parsed.value)) return { type: 'datetime', value: `${parsed.value}${offsetIn(zone, parsed.value)}` };
  return parsed;
}

/** The zone's UTC offset (`-05:00`) at a local date-time there. */
function offsetIn(zone: string, local: string): string {
  const asUtc = Date.parse(`${local}:00Z`);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(asUtc).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

function parseLocal(foldedRaw: string, monthFirst: boolean): DateValue | null {
  const text = squash(
    foldedRaw
      .replace(/[,;]/g, ' ')
      .replace(/\b(\d{1,2})(st|nd|rd|th|er|eme|o|º|°)\b/g, '$1')
      // "20 h 30", "20 h", "20 Uhr" (without minutes): one time token.
      .replace(/\b(\d{1,2}) ?h ?(\d{2})\b/g, '$1h$2')
      .replace(/\b(\d{1,2}) ?(?:h|uhr|heures?)(?=\s|$)/g, '$1h')
      // "kl. 19", "klockan 20": an hour the word marks as one.
      .replace(/\b(kl\.?|klockan|klokken) ?(\d{1,2})(?=\s|$)/g, '$1 $2h'),
  );
  const single = parseParts(text, false, monthFirst);
  if (single) return fromParts(single);
  return parseRange(text, monthFirst);
}

function parseRange(text: string, monthFirst = false): DateValue | null {
  const tokens = text.split(' ').flatMap(splitDashes);
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!RANGE_WORDS.includes(tokens[i] as string)) continue;
    const left = parseParts(tokens.slice(0, i).join(' '), true, monthFirst);
    const right = parseParts(tokens.slice(i + 1).join(' '), true, monthFirst);
    if (!left || !right || left.day === undefined || right.day === undefined) continue;
    if (left.iso || right.iso) {
      const s = isoOf(left);
      const e = isoOf(right);
      if (s && e && s <= e) return { type: 'date_range', value: { start: s, end: e } };
      continue;
    }
    const end: Parts = { ...right, year: right.year ?? left.year, month: right.month ?? left.month };
    const start: Parts = { ...left, year: left.year ?? end.year, month: left.month ?? end.month };
    // "14. Dez. – 2. Jan. 2028": a start month after the end month belongs to the year before.
    if (left.year === undefined && start.month !== undefined && end.month !== undefined && start.month > end.month && start.year !== undefined) {
      start.year -= 1;
    }
    const s = isoOf(start);
    const e = isoOf(end);
    if (!s || !e || s > e) continue;
    return { type: 'date_range', value: { start: s, end: e } };
  }
  return null;
}

/** Splits `14.-28.` into `14.`, `-`, `28.`, leaving dashes inside a numeric date (`2027-03-14`, `14-03-2027`) alone. */
function splitDashes(token: string): string[] {
  if (token === '-' || !token.includes('-')) return [token];
  if (/^\d{4}-\d{2}-\d{2}/.test(token) || /^\d{1,2}-\d{1,2}-\d{2,4}$/.test(token)) return [token];
  return token.split(/(-)/).filter((t) => t !== '');
}

function fromParts(p: Parts): DateValue | null {
  const iso = isoOf(p);
  if (!iso) return null;
  return iso.includes('T') ? { type: 'datetime', value: iso } : { type: 'date', value: iso };
}

function isoOf(p: Parts): string | null {
  if (p.iso) return p.iso;
  if (p.year === undefined || p.month === undefined || p.day === undefined) return null;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysIn(p.year, p.month)) return null;
  const date = `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
  return p.hour === undefined ? date : `${date}T${pad(p.hour)}:${pad(p.minute ?? 0)}`;
}

/** Parses one date (with optional time). `partial` allows a missing year/month (the left side of a range). */
function parseParts(text: string, partial = false, monthFirst = false): Parts | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) return isoParts(iso);
  const parts: Parts = {};
  let sawTime = false;
  const tokens = text.split(' ');
  const monthWords = tokens.filter((t) => MONTHS.has(t.replace(/\.$/, ''))).length;
  for (const token of tokens) {
    if (token === '' || FILLER.has(token.replace(/(?<=\p{L})\.$/u, '')) || (monthWords > 1 && WEEKDAY_OR_MONTH.has(token))) continue;
    if (!applyToken(parts, token, sawTime, monthFirst)) return null;
    if (parts.hour !== undefined) sawTime = true;
  }
  if (parts.month === undefined && parts.day === undefined) return null;
  if (!partial && (parts.year === undefined || parts.month === undefined || parts.day === undefined)) return null;
  return parts;
}

function isoParts(m: RegExpExecArray): Parts | null {
  const [, y, mo, d, h, mi, zone] = m;
  const parts: Parts = { year: Number(y), month: Number(mo), day: Number(d) };
  if (!isoOf(parts)) return null;
  if (h === undefined) return parts;
  if (Number(h) > 23 || Number(mi) > 59) return null;
  return { iso: `${y}-${mo}-${d}T${h}:${mi}${zone ? normalizeZone(zone) : ''}` };
}

function normalizeZone(zone: string): string {
  if (zone === 'z') return 'Z';
  return zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
}

function applyToken(p: Parts, token: string, sawTime: boolean, monthFirst = false): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\.?$/.exec(token))) {
    if (p.day !== undefined || p.month !== undefined) return false;
    let day = Number(m[monthFirst ? 2 : 1]);
    let month = Number(m[monthFirst ? 1 : 2]);
    if (month > 12 && day <= 12) [day, month] = [month, day];
    const year = (m[3] as string).length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    Object.assign(p, { day, month, year });
    return true;
  }
  if ((m = /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/.exec(token))) {
    Object.assign(p, { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
    return true;
  }
  if ((m = /^(\d{1,2})[:h.](\d{2})(am|pm|h)?$/.exec(token)) && (p.day !== undefined || token.includes(':') || token.includes('h'))) {
    if (p.day !== undefined && p.month === undefined && token.includes('.')) {
      p.month = Number(m[2]);
      return p.month >= 1 && p.month <= 12;
    }
    return setTime(p, Number(m[1]), Number(m[2]), m[3]);
  }
  if ((m = /^(\d{1,2})[./](\d{1,2})\.?$/.exec(token)) && p.day === undefined) {
    Object.assign(p, { day: Number(m[1]), month: Number(m[2]) });
    return true;
  }
  if ((m = /^(\d{1,2})(am|pm)$/.exec(token))) return setTime(p, Number(m[1]), 0, m[2]);
  if ((m = /^(\d{1,2})h$/.exec(token)) && p.day !== undefined) return setTime(p, Number(m[1]), 0, undefined);
  if (token === 'am' || token === 'pm' || token === 'a.m.' || token === 'p.m.') {
    if (!sawTime || p.hour === undefined) return token === 'am';
    if (token.startsWith('p') && p.hour < 12) p.hour += 12;
    if (token.startsWith('a') && p.hour === 12) p.hour = 0;
    return true;
  }
  if (/^\d{4}$/.test(token)) {
    const year = Number(token);
    if (p.year !== undefined || year < 1000 || year > 2999) return false;
    p.year = year;
    return true;
  }
  if ((m = /^(\d{1,2})\.?$/.exec(token))) {
    const n = Number(m[1]);
    if (p.day === undefined && n >= 1 && n <= 31) {
      p.day = n;
      return true;
    }
    // "14. 3. 2027" (Czech, Slovak, German with spaces): a dotted number after the day is its month.
    if (p.day !== undefined && p.month === undefined && token.endsWith('.') && n >= 1 && n <= 12) {
      p.month = n;
      return true;
    }
    return false;
  }
  const month = MONTHS.get(token.replace(/\.$/, ''));
  if (month !== undefined && p.month === undefined) {
    p.month = month;
    return true;
  }
  return false;
}

function setTime(p: Parts, hour: number, minute: number, suffix: string | undefined): boolean {
  if (p.hour !== undefined || hour > 23 || minute > 59) return false;
  if (suffix === 'pm' && hour < 12) hour += 12;
  if (suffix === 'am' && hour === 12) hour = 0;
  p.hour = hour;
  p.minute = minute;
  return true;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export interface DateMention {
  /** The words that make the date, as written. */
  raw: string;
  date: DateValue;
  /** Character offset of `raw` in the text. */
  start: number;
}

/** Words one date may span ("vendredi 6 novembre 2026 à 20 h 30", "du 14 au 28 mars 2027"). */
const MAX_DATE_WORDS = 9;

/**
 * Dates inside running text ("Published 5 January 2027 by Priya Raman", "Publié le 20 octobre 2026"): the longest
 * run of words at each position that reads as a date, left to right, without overlaps. Only short texts are read.
 */
export function findDates(text: string, maxChars = 400): DateMention[] {
  if (text.length > maxChars || !/\d/.test(text)) return [];
  const words = [...text.matchAll(/\S+/g)].map((m) => ({ word: m[0], start: m.index }));
  const found: DateMention[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!words.slice(i, i + 3).some((w) => /\d/.test(w.word))) continue;
    for (let n = Math.min(MAX_DATE_WORDS, words.length - i); n >= 1; n--) {
      const span = words.slice(i, i + n);
      const first = span[0] as { word: string; start: number };
      const last = span[span.length - 1] as { word: string; start: number };
      const raw = text.slice(first.start, last.start + last.word.length).replace(/[.,;:!?)·•|–—-]+$/u, '');
      if (!/\d/.test(raw)) continue;
      const date = parseDate(raw);
      if (!date) continue;
      // Leading filler ("le", "on", "vom") belongs to the sentence, not the date, when the date reads without it.
      const trimmed = FILLER.has(fold(first.word)) && n > 1 ? text.slice((span[1] as { start: number }).start, first.start + raw.length) : raw;
      const keep = trimmed !== raw && JSON.stringify(parseDate(trimmed)) === JSON.stringify(date) ? trimmed : raw;
      found.push({ raw: keep, date, start: first.start + raw.length - keep.length });
      i += n - 1;
      break;
    }
  }
  return found;
}
