import { describe, expect, it } from 'vitest';
import { parseBoolean, parseEmail, parsePhone, parseUrl } from './contact.js';
import { findDates, numericDateOrder, parseDate } from './dates.js';
import { parseDuration } from './durations.js';
import { inferValue } from './infer.js';
import { parseMoney } from './money.js';
import { parseNumber } from './numbers.js';

describe('parseDate', () => {
  it.each([
    ['2027-03-14', { type: 'date', value: '2027-03-14' }],
    ['14.03.2027', { type: 'date', value: '2027-03-14' }],
    ['14/03/2027', { type: 'date', value: '2027-03-14' }],
    ['03/25/2027', { type: 'date', value: '2027-03-25' }],
    ['14. März 2027', { type: 'date', value: '2027-03-14' }],
    ['Sonntag, 14. März 2027', { type: 'date', value: '2027-03-14' }],
    ['March 14, 2027', { type: 'date', value: '2027-03-14' }],
    ['Sat 31 Oct 2015', { type: 'date', value: '2015-10-31' }],
    ['1er mars 2027', { type: 'date', value: '2027-03-01' }],
    ['mercoledì 14 marzo 2027', { type: 'date', value: '2027-03-14' }],
    ['14 de marzo de 2027', { type: 'date', value: '2027-03-14' }],
    ['2 août 2027', { type: 'date', value: '2027-08-02' }],
    ['14. März 2027, 19:30 Uhr', { type: 'datetime', value: '2027-03-14T19:30' }],
    ['14.03.2027 19.30', { type: 'datetime', value: '2027-03-14T19:30' }],
    ['March 14, 2027 7:30 pm', { type: 'datetime', value: '2027-03-14T19:30' }],
    ['14 mars 2027 à 20h30', { type: 'datetime', value: '2027-03-14T20:30' }],
    ['2015-10-31T20:00:00-0400', { type: 'datetime', value: '2015-10-31T20:00-04:00' }],
    ['14.–28. März 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['14 – 28 marzo 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['du 14 au 28 mars 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['vom 14. bis 28. März 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['March 14–28, 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['14. März – 2. April 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-04-02' } }],
    ['28. Dez. – 3. Jan. 2028', { type: 'date_range', value: { start: '2027-12-28', end: '2028-01-03' } }],
    ['14.03.2027 - 28.03.2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['2027-03-14 – 2027-03-28', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['vendredi 6 novembre 2026 à 20 h', { type: 'datetime', value: '2026-11-06T20:00' }],
    ['dimanche 8 novembre 2026 à 15 h 30', { type: 'datetime', value: '2026-11-08T15:30' }],
    ['Sa 14.3.2027 20 Uhr', { type: 'datetime', value: '2027-03-14T20:00' }],
  ])('reads %s', (raw, expected) => {
    expect(parseDate(raw)).toEqual(expected);
  });

  it.each([
    ['lör 14 mars 2027 kl. 19.00', { type: 'datetime', value: '2027-03-14T19:00' }],
    ['14 mars 2027 kl 19:00', { type: 'datetime', value: '2027-03-14T19:00' }],
    ['lördag 14 mars 2027', { type: 'date', value: '2027-03-14' }],
    ['2027-03-14 19.00', { type: 'datetime', value: '2027-03-14T19:00' }],
    ['fredag den 3 december 2027 klockan 18.30', { type: 'datetime', value: '2027-12-03T18:30' }],
    ['sön 2 maj 2027 kl. 15', { type: 'datetime', value: '2027-05-02T15:00' }],
    ['lørdag 14. mars 2027 kl. 19.00', { type: 'datetime', value: '2027-03-14T19:00' }],
    ['søn. 15. marts 2027 kl. 15.30', { type: 'datetime', value: '2027-03-15T15:30' }],
    ['ons 3. des. 2026 kl. 20.00', { type: 'datetime', value: '2026-12-03T20:00' }],
    ['14–28 mars 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['fra 14. mars til 28. mars 2027', { type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } }],
    ['14 augusti t.o.m. 2 september 2027', { type: 'date_range', value: { start: '2027-08-14', end: '2027-09-02' } }],
  ])('reads the Nordic date %s, a local time staying local', (raw, expected) => {
    expect(parseDate(raw)).toEqual(expected);
  });

  it('takes a weekday abbreviation for the weekday, not for a month', () => {
    expect(parseDate('mar 14 mars 2027')).toEqual({ type: 'date', value: '2027-03-14' });
    expect(parseDate('tis 2 feb 2027')).toEqual({ type: 'date', value: '2027-02-02' });
    expect(parseDate('mar 14, 2027')).toEqual({ type: 'date', value: '2027-03-14' });
    expect(findDates('Premiär lör 14 mars 2027 kl. 19.00 på Stora scenen').map((d) => d.date)).toEqual([{ type: 'datetime', value: '2027-03-14T19:00' }]);
  });

  it.each(['', 'March', '2027', '31.02.2027', '14. März', 'Ivor Bolton', '044 268 64 00', 'INV/2023/03/0008', '3 - 5', 'lördag 14 mars', 'kl. 19.00', '28.–14. März 2027', 'x'.repeat(500)])(
    'does not take %j for a date',
    (raw) => {
      expect(parseDate(raw)).toBeNull();
    },
  );
});

describe('findDates', () => {
  it('finds the date inside a byline, without the words around it', () => {
    expect(findDates('Published 5 January 2027 by Priya Raman')).toEqual([{ raw: '5 January 2027', date: { type: 'date', value: '2027-01-05' }, start: 10 }]);
    expect(findDates('Publié le 20 octobre 2026 par Service de presse').map((d) => d.date)).toEqual([{ type: 'date', value: '2026-10-20' }]);
  });

  it('reads a range and two separate dates in one sentence', () => {
    expect(findDates('Du 6 au 13 novembre 2026').map((d) => d.date)).toEqual([{ type: 'date_range', value: { start: '2026-11-06', end: '2026-11-13' } }]);
    expect(findDates('Opened on 2 May 2026, closed on 9 June 2026.').map((d) => d.date)).toEqual([
      { type: 'date', value: '2026-05-02' },
      { type: 'date', value: '2026-06-09' },
    ]);
  });

  it('takes counts and bare years for what they are, and leaves long text alone', () => {
    expect(findDates('We have 420 seats since 1998.')).toEqual([]);
    expect(findDates('')).toEqual([]);
    expect(findDates(`${'word '.repeat(200)} 5 January 2027`)).toEqual([]);
  });
});

describe('parseNumber', () => {
  it.each([
    ['1.234,56', null, 1234.56],
    ['1,234.56', null, 1234.56],
    ['1 234,56', null, 1234.56],
    ['1\u202f234,56', null, 1234.56],
    ["1'234.50", null, 1234.5],
    ['1’234.50', null, 1234.5],
    ['12,5', null, 12.5],
    ['-3.75', null, -3.75],
    ['1.234', ',', 1234],
    ['1.234', '.', 1.234],
    ['1,234', null, 1234],
    ['2.500.000', null, 2500000],
    ['42', null, 42],
  ] as const)('reads %s (decimal mark %s) as %d', (raw, mark, expected) => {
    expect(parseNumber(raw, mark)).toBe(expected);
  });

  it.each(['', 'abc', '1.2.3,4,5', '12a', '1,23,4', '--1'])('rejects %j', (raw) => {
    expect(parseNumber(raw)).toBeNull();
  });
});

describe('parseMoney', () => {
  it.each([
    ['€ 12 – 180', { amount: null, min: 12, max: 180, currency: 'EUR' }],
    ["CHF 1'200.–", { amount: 1200, currency: 'CHF' }],
    ['EUR 2.500.000,00', { amount: 2500000, currency: 'EUR' }],
    ['12,50 €', { amount: 12.5, currency: 'EUR' }],
    ['$ 279.84', { amount: 279.84, currency: 'USD' }],
    ['ab £25', { amount: 25, currency: 'GBP' }],
    ['Fr. 45.-', { amount: 45, currency: 'CHF' }],
    ['1 234,56 zł', { amount: 1234.56, currency: 'PLN' }],
    ['USD 10 - 20', { amount: null, min: 10, max: 20, currency: 'USD' }],
    ['de 10 € à 95 €', { amount: null, min: 10, max: 95, currency: 'EUR' }],
    ['zwischen 12 und 80 €', { amount: null, min: 12, max: 80, currency: 'EUR' }],
    ['£2,450,000 excluding VAT', { amount: 2450000, currency: 'GBP' }],
    ['€ 40 (netto)', { amount: 40, currency: 'EUR' }],
  ])('reads %s', (raw, expected) => {
    expect(parseMoney(raw)).toEqual(expected);
  });

  it.each([
    ['195–795 kr', { amount: null, min: 195, max: 795, currency: 'SEK' }],
    ['195 – 795 SEK', { amount: null, min: 195, max: 795, currency: 'SEK' }],
    ['från 195 kr', { amount: 195, currency: 'SEK' }],
    ['kr 250', { amount: 250, currency: 'SEK' }],
    ['250:-', { amount: 250, currency: 'SEK' }],
    ['195:- – 450:-', { amount: null, min: 195, max: 450, currency: 'SEK' }],
    ['1 250,50 kr', { amount: 1250.5, currency: 'SEK' }],
    ['1 250 kr', { amount: 1250, currency: 'SEK' }],
    ['mellan 200 och 400 kr', { amount: null, min: 200, max: 400, currency: 'SEK' }],
    ['Kr. 1.250,-', { amount: 1250, currency: 'SEK' }],
    ['ca 300 kr inkl. moms', { amount: 300, currency: 'SEK' }],
  ])('reads the krona amount %s', (raw, expected) => {
    expect(parseMoney(raw, ',')).toEqual(expected);
  });

  it('tells the krona by the page language, then by the domain, else takes it for Swedish', () => {
    expect(parseMoney('fra 250 kr', ',', { language: 'nb' })).toEqual({ amount: 250, currency: 'NOK' });
    expect(parseMoney('kr. 250,-', ',', { language: 'da-DK' })).toEqual({ amount: 250, currency: 'DKK' });
    expect(parseMoney('250 kr', ',', { url: 'https://teater.example.dk/billetter' })).toEqual({ amount: 250, currency: 'DKK' });
    expect(parseMoney('250 kr', ',', { language: 'sv', url: 'https://opera.example.no/' })).toEqual({ amount: 250, currency: 'SEK' });
    expect(parseMoney('250 kr', ',', { url: 'https://opera.example.com/' })).toEqual({ amount: 250, currency: 'SEK' });
    // An explicit code wins over the page: a Norwegian page selling in Swedish kronor.
    expect(parseMoney('250 SEK', ',', { language: 'nb' })).toEqual({ amount: 250, currency: 'SEK' });
    expect(inferValue('195–795 kr', { language: 'nb' }).value).toEqual({ amount: null, min: 195, max: 795, currency: 'NOK' });
  });

  it.each(['kr', 'Kristina 250', '19:-30', 'Akr 12'])('takes %j for no krona amount', (raw) => {
    expect(parseMoney(raw, ',')).toBeNull();
  });

  it.each(['12.50', 'EUR', 'free', '€ 180 – 12', '£3 for 2 items', '€ 12 plus a very long explanation of what the fee covers'])('rejects %j', (raw) => {
    expect(parseMoney(raw)).toBeNull();
  });
});

describe('parseDuration', () => {
  it.each([
    ['2 h 45 min', 'PT2H45M', 165],
    ['2h45', 'PT2H45M', 165],
    ['ca. 3 Stunden', 'PT3H', 180],
    ["165'", 'PT2H45M', 165],
    ['2 ore e 30 minuti', 'PT2H30M', 150],
    ['1 heure 30', 'PT1H30M', 90],
    ['90 Min. inkl. Pause', 'PT1H30M', 90],
    ['2:45 h', 'PT2H45M', 165],
    ['1,5 Stunden', 'PT1H30M', 90],
    ['Dauer: 2 Stunden (eine Pause)', 'PT2H', 120],
    ['45 minutes', 'PT45M', 45],
  ])('reads %s', (raw, iso, minutes) => {
    expect(parseDuration(raw)).toEqual({ iso, minutes });
  });

  it.each([
    ['ca 3 tim', 'PT3H', 180],
    ['2 tim 45 min', 'PT2H45M', 165],
    ['ca 2,5 timmar', 'PT2H30M', 150],
    ['1 timme och 20 minuter', 'PT1H20M', 80],
    ['speltid 3 tim inkl. paus', 'PT3H', 180],
    ['Speltid: ca 2 tim 30 min, utan paus', 'PT2H30M', 150],
    ['1 t 30 min', 'PT1H30M', 90],
    ['2 timer og 15 minutter', 'PT2H15M', 135],
    ['ca. 1 time og 40 minutter (ingen pause)', 'PT1H40M', 100],
    ['95 minuter', 'PT1H35M', 95],
  ])('reads the Nordic duration %s', (raw, iso, minutes) => {
    expect(parseDuration(raw)).toEqual({ iso, minutes });
  });

  it('takes a bare "t" for hours only when minutes follow it (a lone "2 t" may be a weight)', () => {
    expect(parseDuration('2 t')).toBeNull();
    expect(parseDuration('2 t 10 min')).toEqual({ iso: 'PT2H10M', minutes: 130 });
  });

  it.each(['', '2', 'two hours', '5 m²', '2 h of fun and 3 h of boredom in the park'])('rejects %j', (raw) => {
    expect(parseDuration(raw)).toBeNull();
  });
});

describe('contacts and booleans', () => {
  it('reads emails, including mailto links, in lower case', () => {
    expect(parseEmail('mailto:Box.Office@Opera.example')).toBe('box.office@opera.example');
    expect(parseEmail('not an email')).toBeNull();
  });

  it('takes dialled numbers for phones but plain ids only under a phone label', () => {
    expect(parsePhone('+41 44 268 64 00')).toBe('+41442686400');
    expect(parsePhone('(870)-931-0505')).toBe('8709310505');
    expect(parsePhone('202309097001')).toBeNull();
    expect(parsePhone('202309097001', true)).toBe('202309097001');
  });

  it('resolves urls and refuses text', () => {
    expect(parseUrl('www.opera.example/tickets')).toBe('https://www.opera.example/tickets');
    expect(parseUrl('/tickets', 'https://opera.example/a')).toBe('https://opera.example/tickets');
    expect(parseUrl('see our site')).toBeNull();
  });

  it('reads yes/no words in five languages', () => {
    expect(parseBoolean('Ja')).toBe(true);
    expect(parseBoolean('non')).toBe(false);
    expect(parseBoolean('maybe')).toBeNull();
  });
});

describe('inferValue', () => {
  it.each([
    ['box@opera.example', {}, 'email'],
    ['https://opera.example', {}, 'url'],
    ['14.03.2027', {}, 'date'],
    ['€ 12 – 180', {}, 'money'],
    ['2 h 45 min', {}, 'duration'],
    ['42', {}, 'integer'],
    ['4,5', { language: 'de' }, 'number'],
    ['119.01', { name: 'price' }, 'money'],
    ['044 268 64 00', { name: 'phone' }, 'phone'],
    ['099482467999', {}, 'string'],
    ['Ivor Bolton', {}, 'string'],
    ['ja', {}, 'boolean'],
  ] as const)('types %s as %s', (raw, opts, type) => {
    expect(inferValue(raw, opts).type).toBe(type);
  });

  it('reads 1.234 as a thousand on a German page and as a decimal on an English one', () => {
    expect(inferValue('1.234', { language: 'de' }).value).toBe(1234);
    expect(inferValue('1.234', { language: 'en' }).value).toBe(1.234);
  });
});

describe('dates by the page region, and zones named in words', () => {
  it.each([
    ['1/5/2027', 'en-US', { type: 'date', value: '2027-01-05' }],
    ['1/5/2027', 'en-GB', { type: 'date', value: '2027-05-01' }],
    ['1/5/2027', null, { type: 'date', value: '2027-05-01' }],
    ['2/9/2027, 9:30 a.m. (Eastern Time)', 'en-US', { type: 'datetime', value: '2027-02-09T09:30-05:00' }],
    ['7/14/2027 7:00 p.m. ET', 'en-US', { type: 'datetime', value: '2027-07-14T19:00-04:00' }],
    ['2/12/2027, 10:00 a.m. Pacific Time', 'en-US', { type: 'datetime', value: '2027-02-12T10:00-08:00' }],
    ['10.03.2027, 14:00 (Schweizer Zeit)', 'de-CH', { type: 'datetime', value: '2027-03-10T14:00+01:00' }],
    ['14 juillet 2027 à 20:00 CEST', 'fr-FR', { type: 'datetime', value: '2027-07-14T20:00+02:00' }],
    ['12.02.2027, 10:00 Ortszeit', 'de-DE', { type: 'datetime', value: '2027-02-12T10:00' }],
  ])('%s (%s)', (text, language, expected) => {
    expect(parseDate(text, { language })).toEqual(expected);
  });

  it('does not take a French "et" for Eastern Time', () => {
    expect(parseDate('14 mars 2027 20:00 et', { language: 'fr' })).toBeNull();
    expect(parseDate('14 mars 2027 20:00 ET', { language: 'en-US' })).toEqual({ type: 'datetime', value: '2027-03-14T20:00-04:00' });
  });
});

describe('the order a document writes numeric dates in, by its own evidence', () => {
  it.each([
    ['Published 1/5/2027 · deadline 2/19/2027', true],
    ['Publié le 19/02/2027, clôture le 1/3/2027', false],
    ['Gepubliceerd 8-1-2027, sluiting 22-1-2027', false],
    // Ambiguous dates alone: a zone of the Americas beside a time says month first.
    ['Released 1/5/2027. Bids due 2/9/2027, 9:30 a.m. (Eastern Time)', true],
    ['Closes 2/9/2027 at 10:00 PST', true],
    // Nothing to go on: the language decides.
    ['Released 1/5/2027, due 2/9/2027', null],
    ['', null],
  ] as const)('%s → %s', (text, expected) => expect(numericDateOrder(text)).toBe(expected));

  it('is outvoted by nothing but the document itself: its evidence wins over the language tag', () => {
    expect(parseDate('1/5/2027', { language: 'en', monthFirst: true })).toEqual({ type: 'date', value: '2027-01-05' });
    expect(parseDate('1/5/2027', { language: 'en-US', monthFirst: false })).toEqual({ type: 'date', value: '2027-05-01' });
    expect(parseDate('1/5/2027', { language: 'en-US' })).toEqual({ type: 'date', value: '2027-01-05' });
  });

  it('stays cheap on a huge text', () => {
    expect(numericDateOrder('1/2/2027 '.repeat(100_000))).toBeNull();
  });
});

describe('Spanish and Finnish connectors around the time', () => {
  it.each([
    ['lun 21 sept 2026 a las 19:30 horas', { type: 'datetime', value: '2026-09-21T19:30' }],
    ['21 sep 2026 a las 19:30', { type: 'datetime', value: '2026-09-21T19:30' }],
    ['14.3.2027 klo 19:00', { type: 'datetime', value: '2027-03-14T19:00' }],
  ])('%s', (text, expected) => expect(parseDate(text)).toEqual(expected));
});

describe('Dutch, Portuguese and Polish dates', () => {
  it.each([
    ['1 februari 2027', { type: 'date', value: '2027-02-01' }],
    ['ma 21 sep 2026 om 19.30 uur', { type: 'datetime', value: '2026-09-21T19:30' }],
    ['16 de janeiro de 2027', { type: 'date', value: '2027-01-16' }],
    ['5 de março de 2027 às 19h30', { type: 'datetime', value: '2027-03-05T19:30' }],
    ['sexta-feira 22/01/2027', { type: 'date', value: '2027-01-22' }],
    ['14 marca 2027 godz. 19:00', { type: 'datetime', value: '2027-03-14T19:00' }],
  ])('%s', (text, expected) => expect(parseDate(text)).toEqual(expected));
});

describe('Central European dates and money', () => {
  it.each([
    ['14. 3. 2027 v 19:00', { type: 'datetime', value: '2027-03-14T19:00' }],
    ['so 2. 4. 2027 o 18:30', { type: 'datetime', value: '2027-04-02T18:30' }],
    ['14. 3. 2027', { type: 'date', value: '2027-03-14' }],
  ])('%s', (text, expected) => expect(parseDate(text)).toEqual(expected));

  it('reads Kč, Ft and lei as their currencies, ranges included', () => {
    expect(parseMoney('250–1 200 Kč', ',')).toEqual({ amount: null, min: 250, max: 1200, currency: 'CZK' });
    expect(parseMoney('4 500 Ft', ',')).toEqual({ amount: 4500, currency: 'HUF' });
    expect(parseMoney('120 lei', ',')).toEqual({ amount: 120, currency: 'RON' });
  });
});
