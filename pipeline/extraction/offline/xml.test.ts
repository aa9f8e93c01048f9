import { describe, expect, it } from 'vitest';
import { parseXml } from '../../parsing/index.js';
import { ExtractedRecord, walkFields, type ExtractedField } from '../model.js';
import { extractOffline } from './index.js';

const extract = (xml: string, url = 'https://feeds.example/doc.xml') => extractOffline(parseXml(xml, url));
const fieldOf = (record: ExtractedRecord | undefined, name: string): ExtractedField | undefined => record?.fields.find((f) => f.name === name);
const values = (record: ExtractedRecord | undefined) => Object.fromEntries((record?.fields ?? []).map((f) => [f.name, f.value]));

/** A municipal tender in a schema of its own: namespaced, two addresses, lots, an amount with its currency. */
const TENDER = `<?xml version="1.0" encoding="UTF-8"?>
<vg:Ausschreibung xmlns:vg="urn:example:vergabe:2" xmlns:adr="urn:example:adresse" Kennung="VG-2027-0113">
  <vg:Veroeffentlicht>2027-02-01+01:00</vg:Veroeffentlicht>
  <vg:Titel><vg:Absatz>Sanierung der Grundschule am Lindenplatz</vg:Absatz></vg:Titel>
  <vg:Beschreibung><vg:Absatz>Dach und Fenster.</vg:Absatz><vg:Absatz>Arbeiten im Sommer 2027.</vg:Absatz></vg:Beschreibung>
  <vg:Auftraggeber>
    <adr:Anschrift><adr:Name>Stadt Lindenau</adr:Name><adr:Ort>Lindenau</adr:Ort><adr:EMail>vergabe@lindenau.example</adr:EMail></adr:Anschrift>
  </vg:Auftraggeber>
  <vg:Nachpruefungsstelle>
    <adr:Anschrift><adr:Name>Vergabekammer Nord</adr:Name><adr:Ort>Hafenstadt</adr:Ort></adr:Anschrift>
  </vg:Nachpruefungsstelle>
  <vg:CPV><vg:Code wert="45214200"/></vg:CPV>
  <vg:Schaetzwert waehrung="EUR">1250000.00</vg:Schaetzwert>
  <vg:Frist>2027-03-14T12:00:00+01:00</vg:Frist>
  <vg:Los nr="1"><vg:Titel>Dach</vg:Titel><vg:Wert currencyID="EUR">800000</vg:Wert></vg:Los>
  <vg:Los nr="2"><vg:Titel>Fenster</vg:Titel><vg:Wert currencyID="EUR">450000</vg:Wert></vg:Los>
</vg:Ausschreibung>`;

describe('extractOffline on XML', () => {
  it('reads a notice in a schema it has never seen as one record, its repeated lots as nested records', () => {
    const x = extract(TENDER);
    expect(x.multiplicity).toBe('single');
    expect(x.records).toHaveLength(1);
    const notice = x.records[0];
    expect(values(notice)).toMatchObject({
      kennung: 'VG-2027-0113',
      veroeffentlicht: '2027-02-01',
      titel: 'Sanierung der Grundschule am Lindenplatz',
      beschreibung: ['Dach und Fenster.', 'Arbeiten im Sommer 2027.'],
      auftraggeber_anschrift_name: 'Stadt Lindenau',
      auftraggeber_anschrift_ort: 'Lindenau',
      e_mail: 'vergabe@lindenau.example',
      nachpruefungsstelle_anschrift_name: 'Vergabekammer Nord',
      cpv: 45214200,
      schaetzwert: { amount: 1250000, currency: 'EUR' },
      frist: '2027-03-14T12:00+01:00',
    });
    expect(fieldOf(notice, 'veroeffentlicht')).toMatchObject({ type: 'date', raw: '2027-02-01+01:00' });
    expect(fieldOf(notice, 'schaetzwert')).toMatchObject({ type: 'money', label: 'Schaetzwert' });
    const lots = fieldOf(notice, 'los');
    expect(lots?.type).toBe('list');
    expect(lots?.records?.map(values)).toEqual([
      { nr: 1, titel: 'Dach', wert: { amount: 800000, currency: 'EUR' } },
      { nr: 2, titel: 'Fenster', wert: { amount: 450000, currency: 'EUR' } },
    ]);
  });

  it('says where each value is, as a path of local names with the position of repeated elements', () => {
    const notice = extract(TENDER).records[0];
    expect(fieldOf(notice, 'auftraggeber_anschrift_name')).toMatchObject({
      label: 'Auftraggeber/Anschrift/Name',
      provenance: [{ kind: 'xml', path: '/Ausschreibung/Auftraggeber/Anschrift/Name' }],
    });
    expect(fieldOf(notice, 'cpv')?.provenance).toEqual([{ kind: 'xml', path: '/Ausschreibung/CPV/Code/@wert' }]);
    const secondLot = fieldOf(notice, 'los')?.records?.[1];
    expect(secondLot?.path).toBe('/Ausschreibung/Los[2]');
    expect(fieldOf(secondLot, 'wert')?.provenance).toEqual([{ kind: 'xml', path: '/Ausschreibung/Los[2]/Wert' }]);
  });

  it('reads a product feed as a listing of products, the sole entry of a plural wrapper as a list', () => {
    const product = (sku: string, name: string, price: string, categories: string[], url: string) =>
      `<product sku="${sku}"><name>${name}</name><price currency="EUR">${price}</price><link>${url}</link>` +
      `<categories>${categories.map((c) => `<category>${c}</category>`).join('')}</categories><inStock>true</inStock></product>`;
    const feed = `<catalog generated="2027-01-05"><product-count>3</product-count>${[
      product('LMP-1', 'Desk lamp', '49.90', ['Lighting', 'Office'], 'https://shop.example/p/lmp-1'),
      product('CHR-7', 'Chair', '129.00', ['Office'], 'https://shop.example/p/chr-7'),
      product('TBL-2', 'Table', '349.00', ['Office', 'Dining'], 'https://shop.example/p/tbl-2'),
    ].join('')}</catalog>`;
    const x = extract(feed, 'https://shop.example/feed.xml');
    expect(x.multiplicity).toBe('many');
    const products = x.records.filter((r) => r.origin === 'repeated');
    expect(products.map(values)).toEqual([
      { sku: 'LMP-1', name: 'Desk lamp', price: { amount: 49.9, currency: 'EUR' }, link: 'https://shop.example/p/lmp-1', categories: ['Lighting', 'Office'], in_stock: true },
      { sku: 'CHR-7', name: 'Chair', price: { amount: 129, currency: 'EUR' }, link: 'https://shop.example/p/chr-7', categories: ['Office'], in_stock: true },
      { sku: 'TBL-2', name: 'Table', price: { amount: 349, currency: 'EUR' }, link: 'https://shop.example/p/tbl-2', categories: ['Office', 'Dining'], in_stock: true },
    ]);
    expect(values(x.records.find((r) => r.origin === 'page'))).toEqual({ generated: '2027-01-05', product_count: 3 });
  });

  it('reads an Atom feed as a listing of entries with their links and times', () => {
    const entry = (n: number) =>
      `<entry><title type="text">Premiere ${n}</title><link rel="alternate" href="https://oper.example/news/${n}"/><id>urn:uuid:0000-${n}</id><updated>2027-0${n}-01T09:30:00Z</updated><author><name>Presse</name></author></entry>`;
    const x = extract(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Neuigkeiten</title><updated>2027-04-01T09:30:00Z</updated>${[1, 2, 3].map(entry).join('')}</feed>`);
    expect(x.multiplicity).toBe('many');
    const entries = x.records.filter((r) => r.origin === 'repeated');
    expect(entries).toHaveLength(3);
    expect(values(entries[1])).toEqual({
      title: 'Premiere 2',
      title_type: 'text',
      link_rel: 'alternate',
      link_href: 'https://oper.example/news/2',
      id: 'urn:uuid:0000-2',
      updated: '2027-02-01T09:30Z',
      author: 'Presse',
    });
    expect(fieldOf(entries[1], 'link_href')?.type).toBe('url');
  });

  it('reads an RSS feed, its channel flattened into the page record', () => {
    const item = (n: number) => `<item><title>Spielzeit ${n}</title><link>https://theater.example/${n}</link><guid isPermaLink="false">t-${n}</guid></item>`;
    const x = extract(`<rss version="2.0"><channel><title>Theater</title><link>https://theater.example/</link><language>de</language>${[1, 2, 3, 4].map(item).join('')}</channel></rss>`);
    expect(x.multiplicity).toBe('many');
    expect(values(x.records.find((r) => r.origin === 'page'))).toEqual({ version: 2, title: 'Theater', link: 'https://theater.example/', language: 'de' });
    expect(x.records.filter((r) => r.origin === 'repeated').map((r) => values(r)['guid'])).toEqual(['t-1', 't-2', 't-3', 't-4']);
  });

  it('reads a sitemap of two pages as a listing of its URLs', () => {
    const x = extract(
      `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://site.example/a</loc><lastmod>2027-01-02</lastmod></url><url><loc>https://site.example/b</loc><lastmod>2027-01-03</lastmod></url></urlset>`,
    );
    expect(x.multiplicity).toBe('many');
    expect(x.records.map(values)).toEqual([
      { loc: 'https://site.example/a', lastmod: '2027-01-02' },
      { loc: 'https://site.example/b', lastmod: '2027-01-03' },
    ]);
  });

  it('reads rows written as attributes only (a data export) as records named by their attributes', () => {
    const rows = [1, 2, 3].map((n) => `<row id="${n}" name="Halle ${n}" capacity="${n * 100}" opened="2027-0${n}-01"/>`).join('');
    const x = extract(`<venues>${rows}</venues>`);
    expect(x.multiplicity).toBe('many');
    expect(x.records.filter((r) => r.origin === 'repeated').map(values)).toEqual([1, 2, 3].map((n) => ({ id: n, name: `Halle ${n}`, capacity: n * 100, opened: `2027-0${n}-01` })));
  });

  it('reads mixed content as the whole text, and repeated values with one attribute as a list', () => {
    const x = extract(`<notice><summary>Works on <b>two</b> schools</summary><LANGUAGE VALUE="DE"/><LANGUAGE VALUE="EN"/></notice>`);
    expect(values(x.records[0])).toEqual({ summary: 'Works on two schools', language: ['DE', 'EN'] });
  });

  it('reads numbers with a decimal point, as XML writes them, in a document whose text is German', () => {
    const x = extract(
      `<Artikel><Beschreibung>Die Leuchte ist für den Schreibtisch und für das Regal, sie wird mit einem Kabel und einem Stecker geliefert.</Beschreibung><Gewicht>1.250</Gewicht><Preis waehrung="EUR">2.500</Preis></Artikel>`,
    );
    expect(values(x.records[0])).toMatchObject({ gewicht: 1.25, preis: { amount: 2.5, currency: 'EUR' } });
  });

  it('produces records the zod model accepts, and the same extraction every time', () => {
    const first = extract(TENDER);
    for (const record of first.records) expect(() => ExtractedRecord.parse(record)).not.toThrow();
    expect(extract(TENDER)).toEqual(first);
  });

  it('stops at a bounded depth in records nested in records, and says where', () => {
    // Every level holds two items, so each is a record of the level above.
    const level = (n: number): string => (n === 0 ? '<item><id>x</id></item>' : `<item><id>x</id><item><id>y</id></item>${level(n - 1)}</item>`);
    const x = extract(`<r>${level(40)}<item><id>z</id></item></r>`);
    let deepest = 0;
    const visit = (records: ExtractedRecord[], level: number): void => {
      deepest = Math.max(deepest, level);
      for (const f of records.flatMap((r) => r.fields)) if (f.records) visit(f.records, level + 1);
    };
    visit(x.records, 0);
    expect(deepest).toBeLessThanOrEqual(25);
    expect(x.warnings.some((w) => /^XML records nested deeper than 24 levels at \/r(\/item\[\d\])+\/item; the rest was skipped$/.test(w))).toBe(true);
  });

  it('caps a feed with more values than the budget and says so', () => {
    const items = Array.from({ length: 3_000 }, (_, i) => `<item><id>${i}</id><name>n${i}</name></item>`).join('');
    const x = extractOffline(parseXml(`<items>${items}</items>`, 'https://feeds.example/big.xml'), { maxFields: 1_000 });
    expect([...walkFields(x.records)].length).toBeLessThanOrEqual(1_000);
    expect(x.warnings).toContain('the document has more than 1,000 fields; the rest were not extracted');
  });
});
