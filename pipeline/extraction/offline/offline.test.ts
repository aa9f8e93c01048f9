import { describe, expect, it } from 'vitest';
import type { ParsedPdf } from '../../parsing/document.js';
import type { Element } from 'domhandler';
import { collapsedText, parseHtml, selectElement } from '../../parsing/index.js';
import { INJECTION_PAGE, LISTING_PAGE, NOTICE_PAGE_DE, NOTICE_PAGE_DE_EXPECTED, PRODUCTION_PAGE_IT, PRODUCTION_PAGE_IT_EXPECTED } from '../fixtures.js';
import { ExtractedRecord, walkFields, type ExtractedField } from '../model.js';
import { valueRecall } from '../recall.js';
import { extractOffline } from './index.js';

const extract = (html: string, url = 'https://site.example/page') => extractOffline(parseHtml(html, url));
const field = (records: ExtractedRecord[], name: string): ExtractedField | undefined => [...walkFields(records)].find((f) => f.name === name);

describe('extractOffline on HTML', () => {
  it('finds what a person sees on an Italian production page, as one record with nested lists', () => {
    const x = extract(PRODUCTION_PAGE_IT);
    expect(x.multiplicity).toBe('single');
    expect(field(x.records, 'conductor')).toMatchObject({ label: 'Direttore', value: 'Elena Marchetti' });
    expect(field(x.records, 'director')).toMatchObject({ label: 'Regia', value: 'Paolo Brambilla' });
    expect(field(x.records, 'duration')).toMatchObject({ label: 'Durata', type: 'duration', value: 'PT2H45M' });
    expect(field(x.records, 'price')).toMatchObject({ type: 'money', value: { amount: null, min: 12, max: 180, currency: 'EUR' } });
    expect(field(x.records, 'dates')).toMatchObject({ type: 'date_range', value: { start: '2027-03-14', end: '2027-03-28' } });
    expect(field(x.records, 'phone')).toMatchObject({ type: 'phone', value: '+390551234567' });
    const cast = field(x.records, 'cast');
    expect(cast?.type).toBe('list');
    expect(cast?.records).toHaveLength(3);
    expect(valueRecall(PRODUCTION_PAGE_IT_EXPECTED, x.records).recall).toBeGreaterThanOrEqual(0.9);
  });

  it('reads JSON-LD @graph nodes as records with nested records and JSON-LD paths', () => {
    const x = extract(PRODUCTION_PAGE_IT);
    const event = x.records.find((r) => r.declaredType === 'MusicEvent');
    expect(event?.origin).toBe('jsonld');
    const location = event?.fields.find((f) => f.name === 'location');
    expect(location?.type).toBe('object');
    const street = location?.records?.[0]?.fields.find((f) => f.name === 'address')?.records?.[0]?.fields.find((f) => f.name === 'street_address');
    expect(street?.provenance[0]).toEqual({ kind: 'jsonld', path: '$[0]["@graph"][1].location.address.streetAddress' });
    expect(event?.fields.find((f) => f.name === 'performer')?.records).toHaveLength(2);
    expect(event?.fields.find((f) => f.name === 'start_date')).toMatchObject({ type: 'datetime', value: '2027-03-14T20:00' });
  });

  it('takes a page of same-shaped cards for a listing with one record per card', () => {
    const x = extract(LISTING_PAGE, 'https://hall.example/whats-on');
    expect(x.multiplicity).toBe('many');
    const cards = x.records.filter((r) => r.origin === 'repeated');
    expect(cards).toHaveLength(4);
    expect(cards[1]?.fields.map((f) => [f.name, f.value])).toEqual([
      ['title', 'Carmen'],
      ['dates', '2027-05-03'],
      ['price', { amount: null, min: 20, max: 120, currency: 'GBP' }],
      ['url', 'https://hall.example/events/carmen'],
    ]);
  });

  it('takes the last page of a listing with two cards for a listing, but not two plain paragraphs of a detail page', () => {
    const card = (slug: string, title: string, date: string) =>
      `<div class="card"><a href="/events/${slug}"><h3 class="card__title">${title}</h3></a><p class="card__date">${date}</p><p class="card__venue">Main Hall</p><a class="card__more" href="/events/${slug}">More</a></div>`;
    const page2 = extract(`<html><body><main><h1>Season 2027</h1><div class="cards">${card('tosca', 'Tosca', '3 May 2027')}${card('norma', 'Norma', '9 June 2027')}</div><nav><a href="/season">Back</a></nav></main></body></html>`);
    expect(page2.multiplicity).toBe('many');
    expect(page2.records.filter((r) => r.origin === 'repeated').map((r) => field([r], 'title')?.value)).toEqual(['Tosca', 'Norma']);
    const detail = extract(`<html><body><main><h1>Tosca</h1><p>Conductor: Ada Lind</p><p>Director: Ben Moor</p>
      <div class="note"><p class="a">Doors open at 7</p><p class="b">Bar in the foyer</p></div><div class="note"><p class="a">No late entry</p><p class="b">Cloakroom free</p></div></main></body></html>`);
    expect(detail.multiplicity).toBe('single');
  });

  it('reads a German notice from its definition list with stable names and normalized values', () => {
    const x = extract(NOTICE_PAGE_DE);
    expect(field(x.records, 'contracting_authority')?.value).toBe('Gemeinde Lindenau, Bauamt');
    expect(field(x.records, 'deadline')).toMatchObject({ label: 'Angebotsfrist', type: 'datetime', value: '2027-03-14T12:00' });
    expect(field(x.records, 'published')).toMatchObject({ type: 'date', value: '2027-02-03' });
    expect(field(x.records, 'estimated_value')).toMatchObject({ type: 'money', value: { amount: 2500000, currency: 'EUR' } });
    expect(valueRecall(NOTICE_PAGE_DE_EXPECTED, x.records).recall).toBe(1);
  });

  it('reads Label: value lines with the element they were found in', () => {
    const doc = parseHtml(NOTICE_PAGE_DE, 'https://x.example/');
    const x = extractOffline(doc);
    const email = field(x.records, 'kontakt');
    const p = email?.provenance[0];
    expect(email?.type).toBe('email');
    expect(p?.kind).toBe('css');
    expect(collapsedText(selectElement(p?.path ?? '', doc.dom) as Element)).toContain('vergabe@lindenau.example');
  });

  it('reads record tables with a header row, and RDFa Lite and microdata items', () => {
    const html = `<html><body><main>
      <table><tr><th>Datum</th><th>Beginn</th><th>Preis</th></tr><tr><td>14.03.2027</td><td>19:30</td><td>24 €</td></tr><tr><td>16.03.2027</td><td>15:00</td><td>22 €</td></tr></table>
      <div vocab="https://schema.org/" typeof="Event"><span property="name">Liederabend</span><time property="startDate" datetime="2027-04-01T19:30">1. April</time>
        <div property="location" typeof="Place"><span property="name">Kammermusiksaal</span></div></div>
      <div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Anna Berger</span><span itemprop="jobTitle">Sopran</span></div>
    </main></body></html>`;
    const x = extract(html);
    const table = x.records[0]?.fields.find((f) => f.type === 'list');
    expect(table?.records?.[0]?.fields.map((f) => [f.name, f.value])).toEqual([
      ['dates', '2027-03-14'],
      ['time', '19:30'],
      ['price', { amount: 24, currency: 'EUR' }],
    ]);
    const rdfa = x.records.find((r) => r.declaredType === 'Event');
    expect(rdfa?.fields.find((f) => f.name === 'start_date')).toMatchObject({ value: '2027-04-01T19:30', provenance: [{ kind: 'rdfa' }] });
    expect(rdfa?.fields.find((f) => f.name === 'location')?.records?.[0]?.fields[0]?.value).toBe('Kammermusiksaal');
    expect(x.records.find((r) => r.declaredType === 'Person')?.fields.map((f) => f.value)).toEqual(['Anna Berger', 'Sopran']);
  });

  it('produces records the zod model accepts, and the same extraction every time', () => {
    for (const page of [PRODUCTION_PAGE_IT, LISTING_PAGE, NOTICE_PAGE_DE]) {
      const a = extract(page);
      for (const r of a.records) ExtractedRecord.parse(r);
      expect(extract(page)).toEqual(a);
    }
  });

  it('keeps instructions written in a page as plain data', () => {
    const x = extract(INJECTION_PAGE);
    const notice = field(x.records, 'important_system_notice');
    expect(notice?.type).toBe('string');
    expect(notice?.raw).toContain('ignore previous instructions');
  });
});

describe('extractOffline on PDFs', () => {
  it('reads label lines with page and line provenance', () => {
    const line = (page: number, n: number, text: string) => ({ page, line: n, text, x: 50, y: 50 + n * 12, width: 300, height: 10, cells: [{ text, x: 50, width: 300 }] });
    const pdf: ParsedPdf = {
      kind: 'pdf',
      url: 'file:///invoice.pdf',
      title: null,
      language: 'en',
      text: '',
      info: {},
      warnings: [],
      pages: [
        { page: 1, width: 595, height: 842, lines: [line(1, 1, 'ACME Supplies Ltd'), line(1, 2, 'Invoice Number: INV-2027-0042'), line(1, 3, 'Invoice Date 14/03/2027')] },
        { page: 2, width: 595, height: 842, lines: [line(2, 1, 'Total'), line(2, 2, '$ 1,234.50')] },
      ],
    };
    const x = extractOffline(pdf);
    expect(x.records[0]?.origin).toBe('pdf');
    expect(field(x.records, 'invoice_number')).toMatchObject({ value: 'INV-2027-0042', provenance: [{ kind: 'pdf', page: 1, line: 2 }] });
    expect(field(x.records, 'invoice_date')).toMatchObject({ value: '2027-03-14', provenance: [{ kind: 'pdf', page: 1, line: 3 }] });
    expect(field(x.records, 'total')).toMatchObject({ type: 'money', value: { amount: 1234.5, currency: 'USD' }, provenance: [{ kind: 'pdf', page: 2, line: 2 }] });
  });
});

describe('extractOffline on hostile and broken input', () => {
  it('returns nothing, without failing, for an empty page', () => {
    expect(extract('')).toMatchObject({ multiplicity: 'none', records: [] });
  });

  it('caps a page with 10,000 label/value fields and says so', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `<p>Feld ${i}: Wert ${i}</p>`).join('');
    const x = extractOffline(parseHtml(`<html><body><main>${rows}</main></body></html>`, 'https://x.example/'), { maxFields: 5_000 });
    expect([...walkFields(x.records)].length).toBeLessThanOrEqual(5_001);
    expect(x.warnings.join(' ')).toMatch(/more than 5,000 fields/);
  });

  it('stops at a bounded depth in deeply nested JSON-LD', () => {
    let node = '{"@type":"Thing","name":"leaf"}';
    for (let i = 0; i < 60; i++) node = `{"@type":"Thing","name":"level ${i}","child":${node}}`;
    const x = extract(`<html><head><script type="application/ld+json">${node}</script></head><body></body></html>`);
    expect(x.records[0]?.declaredType).toBe('Thing');
    expect(x.warnings.join(' ')).toMatch(/nested deeper/);
  });

  it('handles a DOM nested 100,000 deep and binary-looking text', () => {
    const deep = `<html><body>${'<div>'.repeat(100_000)}Dauer: 2 h${'</div>'.repeat(100_000)}</body></html>`;
    expect(field(extract(deep).records, 'duration')?.value).toBe('PT2H');
    const garbage = extract(`<html><body><p>\u0000\u0001\ufffd\ufffd Preis: 12 €</p></body></html>`);
    expect(garbage.records.length).toBeGreaterThanOrEqual(0);
  });
});
