import type { Performance } from '../data/types.js';

/** Date wording as each house writes it; all arithmetic on UTC so output never depends on the machine's zone. */

const MONTHS: Record<string, string[]> = {
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const WEEKDAYS: Record<string, string[]> = {
  de: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
  it: ['domenica', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato'],
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

interface Parts {
  y: number;
  m: number;
  d: number;
  weekday: number;
}

export function parts(iso: string): Parts {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`not an ISO date: ${iso}`);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth(), d: date.getUTCDate(), weekday: date.getUTCDay() };
}

export function monthName(lang: string, m: number): string {
  return (MONTHS[lang] ?? MONTHS['en'] ?? [])[m] ?? '';
}

export function weekdayName(lang: string, weekday: number): string {
  return (WEEKDAYS[lang] ?? WEEKDAYS['en'] ?? [])[weekday] ?? '';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14. März 2027" */
export function deLong(iso: string): string {
  const p = parts(iso);
  return `${p.d}. ${monthName('de', p.m)} ${p.y}`;
}

/** "14.–28. März 2027", "22. Januar – 3. Februar 2027", "5. Dezember 2026 – 3. Januar 2027" */
export function deRange(start: string, end: string): string {
  const a = parts(start);
  const b = parts(end);
  if (start === end) return deLong(start);
  if (a.y === b.y && a.m === b.m) return `${a.d}.–${b.d}. ${monthName('de', b.m)} ${b.y}`;
  if (a.y === b.y) return `${a.d}. ${monthName('de', a.m)} – ${b.d}. ${monthName('de', b.m)} ${b.y}`;
  return `${deLong(start)} – ${deLong(end)}`;
}

/** "So, 14.03.2027, 19:00 Uhr" */
export function dePerformance(p: Performance): string {
  const x = parts(p.date);
  return `${weekdayName('de', x.weekday)}, ${pad(x.d)}.${pad(x.m + 1)}.${x.y}, ${p.time} Uhr`;
}

/** "14 marzo 2027" */
export function itLong(iso: string): string {
  const p = parts(iso);
  return `${p.d === 1 ? '1°' : p.d} ${monthName('it', p.m)} ${p.y}`;
}

/** "dal 14 al 21 marzo 2027" */
export function itRange(start: string, end: string): string {
  const a = parts(start);
  const b = parts(end);
  if (a.y === b.y && a.m === b.m) return `dal ${a.d} al ${b.d} ${monthName('it', b.m)} ${b.y}`;
  return `dal ${a.d} ${monthName('it', a.m)} al ${itLong(end)}`;
}

/** "domenica 14 marzo 2027, ore 20.00" */
export function itPerformance(p: Performance): string {
  const x = parts(p.date);
  return `${weekdayName('it', x.weekday)} ${itLong(p.date)}, ore ${p.time.replace(':', '.')}`;
}

/** "6 novembre 2026", "1er novembre 2026" */
export function frLong(iso: string): string {
  const p = parts(iso);
  return `${p.d === 1 ? '1er' : p.d} ${monthName('fr', p.m)} ${p.y}`;
}

/** "Du 6 au 13 novembre 2026" */
export function frRange(start: string, end: string): string {
  const a = parts(start);
  const b = parts(end);
  if (a.y === b.y && a.m === b.m) return `Du ${a.d} au ${b.d} ${monthName('fr', b.m)} ${b.y}`;
  return `Du ${a.d} ${monthName('fr', a.m)} au ${frLong(end)}`;
}

/** "vendredi 6 novembre 2026 à 20 h", "à 19 h 30" */
export function frPerformance(p: Performance): string {
  const x = parts(p.date);
  const [hh, mm] = p.time.split(':');
  return `${weekdayName('fr', x.weekday)} ${frLong(p.date)} à ${Number(hh)} h${mm === '00' ? '' : ` ${mm}`}`;
}

/** "14 March 2027" */
export function enLong(iso: string): string {
  const p = parts(iso);
  return `${p.d} ${monthName('en', p.m)} ${p.y}`;
}

export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}` || 'PT0M';
}

export function firstDate(performances: readonly Performance[]): string {
  return [...performances].map((p) => p.date).sort()[0] ?? '';
}

export function lastDate(performances: readonly Performance[]): string {
  return [...performances].map((p) => p.date).sort().at(-1) ?? '';
}
