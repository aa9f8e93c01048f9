import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatDateTime, formatDuration, formatMoney, formatMoneyRange, formatNumber, formatTime, zoneOffset, zoneText } from './locale/format.js';
import { PACKS } from './locale/locales.js';

const { de, en, fr, pl, it: italian } = PACKS;

describe('the generator formats values as sites of each locale write them', () => {
  it('writes money with the locale’s separators, symbol place and decimals', () => {
    expect(formatMoney(71.91, { decimal: ',', group: '.', style: { pattern: '{n} €', decimals: 'always' } })).toBe('71,91 €');
    expect(formatMoney(1234.56, { decimal: '.', group: ',', style: { pattern: '${n}', decimals: 'always' } })).toBe('$1,234.56');
    expect(formatMoney(45, { decimal: '.', group: "'", style: { pattern: 'CHF {n}', decimals: 'dash' } })).toBe('CHF 45.–');
    expect(formatMoney(2450000, { decimal: '.', group: ',', style: { pattern: '£{n}', decimals: 'auto' } })).toBe('£2,450,000');
    // Spanish and Polish leave four-digit amounts ungrouped.
    expect(formatNumber(1234.5, { decimal: ',', group: '.', groupFromFiveDigits: true }, 2)).toBe('1234,50');
    expect(formatNumber(12345.5, { decimal: ',', group: '\u00a0', groupFromFiveDigits: true }, 2)).toBe('12\u00a0345,50');
    expect(formatMoneyRange(12, 180, { decimal: ',', group: '.', style: { pattern: '€ {n}', decimals: 'auto' } }, '{min} – {max}', true)).toBe('€ 12 – 180');
    expect(formatMoneyRange(15, 120, { decimal: ',', group: '.', style: { pattern: '€ {n}', decimals: 'always' } }, 'da {min} a {max}', false)).toBe('da € 15,00 a € 120,00');
  });

  it('writes dates with local month names (Polish in the genitive, French 1er), weekdays and numeric orders', () => {
    expect(formatDate('2027-04-14', { kind: 'pattern', pattern: pl.longDates[0] ?? '' }, pl)).toBe('14 kwietnia 2027');
    expect(formatDate('2027-04-01', { kind: 'pattern', pattern: '{d} {MMMM} {yyyy}' }, fr)).toBe('1er avril 2027');
    expect(formatDate('2027-01-16', { kind: 'pattern', pattern: '{EEEE} {d} {MMMM} {yyyy}' }, italian)).toBe('sabato 16 gennaio 2027');
    expect(formatDate('2027-02-18', { kind: 'numeric', numeric: { order: 'mdy', sep: '/', pad: true } }, en)).toBe('02/18/2027');
    expect(formatDate('2027-06-05', { kind: 'numeric', numeric: { order: 'dmy', sep: '.', pad: false } }, de)).toBe('5.6.2027');
    expect(() => formatDate('14.03.2027', { kind: 'pattern', pattern: '{d}' }, de)).toThrow(/not an ISO date/);
  });

  it('writes times and date-times in 24- and 12-hour styles', () => {
    expect(formatTime('14:00', '{h}:{mm} {A}')).toBe('2:00 PM');
    expect(formatTime('00:30', '{h}:{mm} {a}')).toBe('12:30 a.m.');
    expect(formatDateTime('2027-04-14T12:00', { date: { kind: 'pattern', pattern: '{d} {MMMM} {yyyy}' }, time: 'ore {H}.{mm}', join: '{time} del {date}' }, italian)).toBe('ore 12.00 del 14 aprile 2027');
  });

  it('writes ranges compactly inside a month and in full across months, and durations by their parts', () => {
    const range = { date: { kind: 'pattern' as const, pattern: '{d}. {MMMM} {yyyy}' }, sameMonth: '{d1}.–{d2}. {MMMM} {yyyy}', join: '{start} – {end}' };
    expect(formatDateRange('2027-03-14', '2027-03-28', range, de)).toBe('14.–28. März 2027');
    expect(formatDateRange('2027-03-14', '2027-04-02', range, de)).toBe('14. März 2027 – 2. April 2027');
    expect(formatDuration(165, '{h} h {m} min')).toBe('2 h 45 min');
    expect(formatDuration(165, '{total} Minuten')).toBe('165 Minuten');
  });

  it('resolves zone phrases to the offset of that date, summer time included', () => {
    expect(zoneOffset('America/Los_Angeles', '2027-02-18T14:00')).toBe('-08:00');
    expect(zoneOffset('America/Los_Angeles', '2027-07-18T14:00')).toBe('-07:00');
    expect(zoneOffset('Europe/Berlin', '2027-04-14T12:00')).toBe('+02:00');
    expect(zoneOffset('Asia/Kolkata', '2027-04-14T12:00')).toBe('+05:30');
    const phrase = { text: '{abbr}', zone: 'Europe/Berlin', abbr: { standard: 'MEZ', summer: 'MESZ' } };
    expect(zoneText(phrase, '2027-01-14T12:00')).toBe('MEZ');
    expect(zoneText(phrase, '2027-07-14T12:00')).toBe('MESZ');
    expect(() => zoneOffset('Europe/Berlin', 'tomorrow')).toThrow(/not a local date-time/);
  });
});
