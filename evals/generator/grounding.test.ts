import { describe, expect, it } from 'vitest';
import { amountPattern, dateGrounded, fold, timeGrounded, ungroundedValues, type PageText } from './grounding.js';

/** The grounding check must catch values a page does not show, or the corpus test proves nothing. */
function page(text: string, lang = 'de'): PageText {
  return { spaced: fold(text), tight: fold(text.replace(/\s*\|\s*/g, '')), columns: false, hrefs: new Set(['/produktionen/tosca']), lang };
}

describe('the grounding check', () => {
  const shown = page('Tosca | Dirigent Jonas Krull · Premiere Sa, 14.03.2027, 19:30 Uhr · Preise 12 | ,50 € – 1.180 € · Dauer 2 Std. 45 Min.');

  it('accepts values the page writes in any of its forms', () => {
    const record = {
      title: 'Tosca',
      conductor: 'jonas  KRULL',
      premiere: '2027-03-14T19:30',
      price: { min: 12.5, max: 1180, currency: 'EUR' },
      duration: 'PT2H45M',
      url: '/produktionen/tosca',
    };
    expect(ungroundedValues(shown, [record])).toEqual([]);
  });

  it('flags text, amounts, dates, times, currencies and links the page does not show', () => {
    const record = {
      conductor: 'Jonas Krüll',
      premiere: '2027-03-14T20:00',
      dates: { start: '2027-03-15', end: '2027-03-14' },
      price: { amount: 118, currency: 'GBP' },
      duration: 'PT3H',
      url: '/produktionen/aida',
    };
    expect(ungroundedValues(shown, [record]).map((u) => u.field)).toEqual(['conductor', 'premiere', 'dates.start', 'price.amount', 'price.currency', 'duration', 'url']);
  });

  it('reads dates in numeric orders and with month names as CLDR writes them in the page language', () => {
    expect(dateGrounded(fold('am 14. März 2027'), '2027-03-14', 'de')).toBe(true);
    expect(dateGrounded(fold('14 kwietnia 2027'), '2027-04-14', 'pl')).toBe(true);
    expect(dateGrounded(fold('le 1er avril 2027'), '2027-04-01', 'fr')).toBe(true);
    expect(dateGrounded(fold('February 18, 2027'), '2027-02-18', 'en')).toBe(true);
    expect(dateGrounded(fold('02/18/2027'), '2027-02-18', 'en')).toBe(true);
    expect(dateGrounded(fold('18 March 2027'), '2027-02-18', 'en')).toBe(false);
    expect(dateGrounded(fold('14.03.2026'), '2027-03-14', 'de')).toBe(false);
  });

  it('reads times in 24- and 12-hour writing, and amounts with any grouping but the right decimals', () => {
    expect(timeGrounded(fold('ore 20.00'), '20:00')).toBe(true);
    expect(timeGrounded(fold('2:00 PM (Pacific Time)'), '14:00')).toBe(true);
    expect(timeGrounded(fold('2:00 AM'), '14:00')).toBe(false);
    expect(amountPattern(1234.56).test("CHF 1'234.56")).toBe(true);
    expect(amountPattern(1234.56).test('1 234,56 zł')).toBe(true);
    expect(amountPattern(1234.5).test('1.234,05 €')).toBe(false);
    expect(amountPattern(45).test('CHF 45.–')).toBe(true);
  });
});
