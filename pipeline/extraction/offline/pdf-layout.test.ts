import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { parsePdf } from '../../parsing/pdf.js';
import { walkFields, type ExtractedField, type ExtractedRecord } from '../model.js';
import { extractOffline } from './index.js';
import { labelRun, readAddress, validIban } from './pdf-layout.js';

const A4 = { width: 595.28, height: 841.89 };

/** A piece of text on the page: left-aligned at `x`, or right-aligned with its end at `right`. */
type Text = { text: string; top: number; size?: number } & ({ x: number } | { right: number });

/** An invented PDF drawn with pdf-lib and read back with the real parser, as office software would print it. */
async function pdfOf(texts: readonly Text[], language = 'x'): Promise<ExtractedRecord[]> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([A4.width, A4.height]);
  for (const t of texts) draw(page, font, t);
  const parsed = await parsePdf(await doc.save(), `file:///${language}.pdf`);
  return extractOffline(parsed).records;
}

function draw(page: PDFPage, font: PDFFont, t: Text): void {
  const size = t.size ?? 9;
  const x = 'x' in t ? t.x : t.right - font.widthOfTextAtSize(t.text, size);
  page.drawText(t.text, { x, y: A4.height - t.top, size, font });
}

const fields = (records: readonly ExtractedRecord[]): ExtractedField[] => [...walkFields([...records])];
const value = (records: readonly ExtractedRecord[], name: string): unknown => fields(records).find((f) => f.name === name)?.value;
const list = (records: readonly ExtractedRecord[], name: string): Array<Record<string, unknown>> =>
  (records[0]?.fields.find((f) => f.name === name)?.records ?? []).map((r) => Object.fromEntries(r.fields.map((f) => [f.name, f.value])));
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A German invoice: issuer block at the top, meta as label and value columns, a table, totals, bank footer. */
const GERMAN_INVOICE: Text[] = [
  { text: 'Brennwerk Haustechnik GmbH', x: 50, top: 60, size: 12 },
  { text: 'Lindenallee 12', x: 50, top: 74 },
  { text: '04109 Leipzig', x: 50, top: 86 },
  { text: 'USt-IdNr. DE 123 456 789', x: 50, top: 98 },
  { text: 'Telefon: 0341 555 0101', x: 50, top: 110 },
  { text: 'Rechnungsnummer', x: 330, top: 130 },
  { text: 'RE-2027-0815', right: 545, top: 130 },
  { text: 'Rechnungsdatum', x: 330, top: 143 },
  { text: '05.03.2027', right: 545, top: 143 },
  { text: 'Zahlbar bis', x: 330, top: 156 },
  { text: 'Freitag, 19. März', right: 545, top: 156 },
  { text: '2027', right: 545, top: 167 },
  { text: 'Rechnungsempfänger', x: 50, top: 190 },
  { text: 'Gärtnerei Moosbach KG', x: 50, top: 202 },
  { text: 'Am Mühlgraben 3a', x: 50, top: 214 },
  { text: '99084 Erfurt', x: 50, top: 226 },
  { text: 'Bezeichnung', x: 50, top: 260 },
  { text: 'Menge', right: 330, top: 260 },
  { text: 'Einzelpreis', right: 430, top: 260 },
  { text: 'Betrag', right: 545, top: 260 },
  { text: 'Wartung Gastherme', x: 50, top: 276 },
  { text: '2', right: 330, top: 276 },
  { text: '420,00 €', right: 430, top: 276 },
  { text: '840,00 €', right: 545, top: 276 },
  { text: 'Austausch Umwälzpumpe', x: 50, top: 292 },
  { text: '1', right: 330, top: 292 },
  { text: '500,00 €', right: 430, top: 292 },
  { text: '500,00 €', right: 545, top: 292 },
  { text: 'inklusive Entsorgung der Altteile', x: 50, top: 303 },
  { text: 'Nettobetrag', x: 330, top: 330 },
  { text: '1.340,00 €', right: 545, top: 330 },
  { text: 'MwSt. 19 %', x: 330, top: 343 },
  { text: '254,60 €', right: 545, top: 343 },
  { text: 'Gesamtbetrag', x: 330, top: 356 },
  { text: '1.594,60 €', right: 545, top: 356 },
  { text: 'Bankverbindung: Sparkasse Leipzig', x: 50, top: 780, size: 7 },
  { text: 'IBAN DE89 3704 0044 0532 0130 00', x: 300, top: 780, size: 7 },
];

describe('PDF layouts', () => {
  it('reads a German invoice: issuer and customer blocks, meta columns with a wrapped value, the line items table and the totals', async () => {
    const records = await pdfOf(GERMAN_INVOICE, 'de');
    expect(records).toHaveLength(1);
    expect(records[0]?.origin).toBe('pdf');
    expect(value(records, 'issuer_name')).toBe('Brennwerk Haustechnik GmbH');
    expect(value(records, 'title')).toBeUndefined(); // the letterhead is the issuer's name, not a title
    expect(value(records, 'phone')).toBe('03415550101'); // a line of the letterhead after the address
    expect(value(records, 'issuer_street')).toBe('Lindenallee 12');
    expect(value(records, 'issuer_city')).toBe('Leipzig');
    expect(fields(records).find((f) => f.name === 'issuer_vat_id')).toMatchObject({ value: 'DE123456789', raw: 'DE 123 456 789' });
    expect(value(records, 'customer_name')).toBe('Gärtnerei Moosbach KG');
    expect(value(records, 'customer_street')).toBe('Am Mühlgraben 3a');
    expect(value(records, 'customer_postal_code')).toBe('99084');
    expect(value(records, 'issuer_postal_code')).toBe('04109');
    expect(value(records, 'customer_city')).toBe('Erfurt');
    expect(value(records, 'invoice_number')).toBe('RE-2027-0815');
    expect(value(records, 'invoice_date')).toBe('2027-03-05');
    expect(value(records, 'due_date')).toBe('2027-03-19');
    expect(value(records, 'subtotal')).toEqual(eur(1340));
    expect(value(records, 'vat')).toEqual(eur(254.6));
    expect(fields(records).find((f) => f.name === 'vat_rate')).toMatchObject({ value: 19, raw: '19 %' });
    expect(value(records, 'total')).toEqual(eur(1594.6));
    expect(value(records, 'iban')).toBe('DE89370400440532013000');
    expect(list(records, 'line_items')).toEqual([
      { description: 'Wartung Gastherme', quantity: 2, unit_price: eur(420), betrag: eur(840) },
      { description: 'Austausch Umwälzpumpe inklusive Entsorgung der Altteile', quantity: 1, unit_price: eur(500), betrag: eur(500) },
    ]);
  });

  it('reads an English invoice whose meta is one line of labels and values and whose issuer is a footer line with separators', async () => {
    const records = await pdfOf(
      [
        { text: 'NORTHWIND SUPPLY', x: 50, top: 50, size: 14 },
        { text: 'Invoice No. NW 4471 Invoice Date 02/03/2027 Due Date 16/03/2027 Customer No. C-0091', x: 50, top: 90 },
        { text: 'Bill to', x: 50, top: 120 },
        { text: 'Harbour Cafe Ltd', x: 50, top: 132 },
        { text: '18 Wapping Wharf', x: 50, top: 144 },
        { text: 'Bristol BS1 4RW', x: 50, top: 156 },
        { text: 'Description', x: 50, top: 190 },
        { text: 'Qty', right: 330, top: 190 },
        { text: 'Unit price', right: 430, top: 190 },
        { text: 'Amount', right: 545, top: 190 },
        { text: 'Espresso beans 1 kg', x: 50, top: 206 },
        { text: '12', right: 330, top: 206 },
        { text: '£18.50', right: 430, top: 206 },
        { text: '£222.00', right: 545, top: 206 },
        { text: 'Subtotal', x: 330, top: 240 },
        { text: '£222.00', right: 545, top: 240 },
        { text: 'VAT 20 %', x: 330, top: 253 },
        { text: '£44.40', right: 545, top: 253 },
        { text: 'Total due', x: 330, top: 266 },
        { text: '£266.40', right: 545, top: 266 },
        { text: 'Northwind Supply Ltd | 4 Quay Street | Bristol BS1 4DJ | VAT GB 123 4567 89', x: 50, top: 780, size: 7 },
      ],
      'en',
    );
    expect(value(records, 'invoice_number')).toBe('NW 4471');
    expect(value(records, 'invoice_date')).toBe('2027-03-02');
    expect(value(records, 'due_date')).toBe('2027-03-16');
    expect(value(records, 'customer_number')).toBe('C-0091');
    expect(value(records, 'customer_name')).toBe('Harbour Cafe Ltd');
    expect(value(records, 'customer_postal_code')).toBe('BS1 4RW');
    expect(value(records, 'customer_city')).toBe('Bristol');
    expect(value(records, 'issuer_name')).toBe('Northwind Supply Ltd');
    expect(value(records, 'issuer_street')).toBe('4 Quay Street');
    expect(value(records, 'issuer_postal_code')).toBe('BS1 4DJ');
    expect(value(records, 'issuer_vat_id')).toBe('GB123456789');
    expect(value(records, 'total')).toEqual({ amount: 266.4, currency: 'GBP' });
    expect(list(records, 'line_items')).toEqual([{ description: 'Espresso beans 1 kg', quantity: 12, unit_price: { amount: 18.5, currency: 'GBP' }, amount: { amount: 222, currency: 'GBP' } }]);
  });

  it('reads the recipient under a window-envelope sender line, without a heading (Dutch)', async () => {
    const records = await pdfOf(
      [
        { text: 'Bakkerij de Molen · Kerkstraat 5 · 1012 AB Amsterdam', x: 50, top: 100, size: 7 },
        { text: 'Stichting Buurthuis Oost', x: 50, top: 114 },
        { text: 'Dapperstraat 44', x: 50, top: 126 },
        { text: '1093 BT Amsterdam', x: 50, top: 138 },
        { text: 'Factuurnummer', x: 330, top: 170 },
        { text: '2027-118', right: 545, top: 170 },
        { text: 'Totaal', x: 330, top: 200 },
        { text: '€ 96,80', right: 545, top: 200 },
      ],
      'nl',
    );
    expect(value(records, 'issuer_name')).toBe('Bakkerij de Molen');
    expect(value(records, 'issuer_postal_code')).toBe('1012 AB');
    expect(value(records, 'customer_name')).toBe('Stichting Buurthuis Oost');
    expect(value(records, 'customer_street')).toBe('Dapperstraat 44');
    expect(value(records, 'customer_postal_code')).toBe('1093 BT');
    expect(value(records, 'customer_city')).toBe('Amsterdam');
    expect(value(records, 'invoice_number')).toBe('2027-118');
    expect(value(records, 'total')).toEqual(eur(96.8));
  });

  it('reads a tender notice: its title by the size of its type, labels above their values and a table of lots without a header (Spanish)', async () => {
    const records = await pdfOf(
      [
        { text: 'Ayuntamiento de Valdeloma', x: 50, top: 50, size: 9 },
        { text: 'Renovación del alumbrado público', x: 50, top: 68, size: 15 },
        { text: 'Resumen', x: 50, top: 90, size: 11 },
        { text: 'Número de expediente', x: 50, top: 112 },
        { text: 'VAL/2027/044', x: 50, top: 124 },
        { text: 'Presupuesto base de licitación', x: 50, top: 145 },
        { text: '1.280.000,00 EUR', x: 50, top: 157 },
        { text: 'Plazo de presentación', x: 50, top: 178 },
        { text: '22/04/2027', x: 50, top: 190 },
        { text: 'División en lotes', x: 50, top: 220, size: 11 },
        { text: 'Lote 1', x: 50, top: 240 },
        { text: 'Alumbrado del casco antiguo', x: 150, top: 240 },
        { text: '480.000,00 EUR', right: 545, top: 240 },
        { text: 'Lote 2', x: 50, top: 256 },
        { text: 'Alumbrado de polígonos', x: 150, top: 256 },
        { text: '800.000,00 EUR', right: 545, top: 256 },
      ],
      'es',
    );
    expect(value(records, 'title')).toBe('Renovación del alumbrado público');
    expect(value(records, 'reference')).toBe('VAL/2027/044');
    expect(value(records, 'estimated_value')).toEqual({ amount: 1280000, currency: 'EUR' });
    expect(value(records, 'deadline')).toBe('2027-04-22');
    expect(list(records, 'lots')).toEqual([
      { number: 1, column_2: 'Alumbrado del casco antiguo', price: { amount: 480000, currency: 'EUR' } },
      { number: 2, column_2: 'Alumbrado de polígonos', price: { amount: 800000, currency: 'EUR' } },
    ]);
  });

  // Helvetica in pdf-lib has no Polish letters; the dictionary reads the labels with or without them.
  it('reads numbered lines with a colon under a heading as items, with the pairs that follow each title (Portuguese)', async () => {
    const records = await pdfOf(
      [
        { text: 'Lotes', x: 50, top: 100, size: 11 },
        { text: 'Lote 1: Manutenção preventiva – Valor estimado: 120.500,00 EUR', x: 50, top: 120 },
        { text: 'Lote 2: Reparações urgentes – Valor estimado: 80.250,00 EUR', x: 50, top: 136 },
      ],
      'pt',
    );
    expect(list(records, 'lots')).toEqual([
      { number: 1, title: 'Manutenção preventiva', estimated_value: eur(120500) },
      { number: 2, title: 'Reparações urgentes', estimated_value: eur(80250) },
    ]);
    const italian = await pdfOf(
      [
        { text: 'Lotti', x: 50, top: 100, size: 11 },
        { text: 'Lotto n. 1: Pulizia uffici – Zona nord – Importo: €120.500,00', x: 50, top: 120 },
        { text: 'Lotto n. 2: Pulizia scuole – Importo: €80.250,00', x: 50, top: 136 },
      ],
      'it',
    );
    expect(list(italian, 'lots')).toEqual([
      { number: 1, title: 'Pulizia uffici – Zona nord', estimated_value: eur(120500) },
      { number: 2, title: 'Pulizia scuole', estimated_value: eur(80250) },
    ]);
  });

  it('reads lots whose titles wrap onto a second line in their column, and contact pairs set apart by a dot (Dutch)', async () => {
    const records = await pdfOf(
      [
        { text: 'Percelen', x: 50, top: 100, size: 11 },
        { text: 'Perceel nr. 1', x: 50, top: 120 },
        { text: 'Onderhoud openbare verlichting –', x: 150, top: 120 },
        { text: '€ 120.500,00', right: 545, top: 120 },
        { text: 'Binnenstad', x: 150, top: 131 },
        { text: 'Perceel nr. 2', x: 50, top: 146 },
        { text: 'Onderhoud openbare verlichting –', x: 150, top: 146 },
        { text: '€ 95.250,00', right: 545, top: 146 },
        { text: 'Buitengebied', x: 150, top: 157 },
        { text: 'Gunningscriteria', x: 50, top: 185, size: 11 },
        { text: 'E-mail: inkoop@waterschap.example · Telefoon: +31 (0)30 123 45 67', x: 50, top: 220 },
      ],
      'nl',
    );
    expect(list(records, 'lots')).toEqual([
      { number: 1, column_2: 'Onderhoud openbare verlichting – Binnenstad', price: eur(120500) },
      { number: 2, column_2: 'Onderhoud openbare verlichting – Buitengebied', price: eur(95250) },
    ]);
    expect(value(records, 'email')).toBe('inkoop@waterschap.example');
    expect(fields(records).find((f) => f.label === 'Telefoon')).toMatchObject({ type: 'phone', value: '+310301234567' });
  });

  it('joins a label wrapped onto the next line in its column (Polish)', async () => {
    const records = await pdfOf(
      [
        { text: 'Numer ogloszenia', x: 50, top: 100 },
        { text: 'ZP.271.5.2027', x: 220, top: 100 },
        { text: 'Termin skladania', x: 50, top: 114 },
        { text: '15.05.2027, 10:00', x: 220, top: 114 },
        { text: 'ofert', x: 50, top: 125 },
        { text: 'Kryteria oceny ofert', x: 50, top: 160, size: 11 },
      ],
      'pl',
    );
    expect(value(records, 'reference')).toBe('ZP.271.5.2027');
    expect(fields(records).find((f) => f.name === 'deadline')).toMatchObject({ label: 'Termin skladania ofert', value: '2027-05-15T10:00' });
    expect(fields(records).some((f) => f.label.includes('Kryteria'))).toBe(false);
  });

  it('reads award criteria and numbered lots under their headings as lists (Italian, Dutch)', async () => {
    const italian = await pdfOf(
      [
        { text: 'Criteri di aggiudicazione', x: 50, top: 100, size: 11 },
        { text: 'Prezzo', x: 50, top: 120 },
        { text: '60 %', x: 360, top: 120 },
        { text: 'Offerta tecnica', x: 50, top: 135 },
        { text: '40 %', x: 360, top: 135 },
      ],
      'it',
    );
    expect(list(italian, 'award_criteria')).toEqual([
      { name: 'Prezzo', weight: 60 },
      { name: 'Offerta tecnica', weight: 40 },
    ]);
    const dutch = await pdfOf(
      [
        { text: 'Percelen', x: 50, top: 100, size: 11 },
        { text: 'Perceel 1', x: 50, top: 120 },
        { text: 'Groenonderhoud noord', x: 150, top: 120 },
        { text: 'Perceel 2', x: 50, top: 135 },
        { text: 'Groenonderhoud zuid', x: 150, top: 135 },
      ],
      'nl',
    );
    expect(list(dutch, 'lots')).toEqual([
      { number: 1, title: 'Groenonderhoud noord' },
      { number: 2, title: 'Groenonderhoud zuid' },
    ]);
  });

  it('does not read a footer of wrapped columns as a table, nor a heading over a paragraph as a label, and finds an IBAN wrapped in its column', async () => {
    const records = await pdfOf(
      [
        { text: 'Hinweise', x: 50, top: 100, size: 11 },
        { text: 'Bitte überweisen Sie den Betrag ohne Abzug.', x: 50, top: 118 },
        { text: 'Der Betrag enthält keine Skonti.', x: 50, top: 130 },
        { text: 'Brennwerk GmbH, Lindenallee 12', x: 50, top: 780, size: 7 },
        { text: 'Tel. 0341 555 0101', x: 220, top: 780, size: 7 },
        { text: 'IBAN DE89 3704 0044', x: 400, top: 780, size: 7 },
        { text: '04109 Leipzig', x: 50, top: 789, size: 7 },
        { text: 'info@brennwerk.example', x: 220, top: 789, size: 7 },
        { text: '0532 0130 00', x: 400, top: 789, size: 7 },
      ],
      'de',
    );
    const all = records.flatMap((r) => r.fields);
    expect(all.filter((f) => f.type === 'list')).toEqual([]);
    expect(all.find((f) => f.name === 'hinweise')).toBeUndefined();
    expect(value(records, 'iban')).toBe('DE89370400440532013000');
  });
});

describe('labelRun', () => {
  it('cuts a line of labels and values at the capitalized word after a value', () => {
    expect(labelRun('Numéro de facture F-2027-12 Date 03/02/2027 Code client 4471')).toEqual([
      ['Numéro de facture', 'F-2027-12'],
      ['Date', '03/02/2027'],
      ['Code client', '4471'],
    ]);
    expect(labelRun('Numero documento FT 2027/88 Data 02/01/2027')).toEqual([
      ['Numero documento', 'FT 2027/88'],
      ['Data', '02/01/2027'],
    ]);
  });

  it('leaves prose and lines without a known label alone', () => {
    expect(labelRun('Wir danken für Ihren Auftrag vom 12.03.2027 und bitten um Zahlung')).toBeNull();
    expect(labelRun('Halle 3 Stand 12')).toBeNull();
    expect(labelRun('Número de factura A-17')).toBeNull();
  });
});

describe('readAddress', () => {
  it('reads name, street, postal code and city in the forms European letters print them', () => {
    expect(readAddress(['Kancelaria Nowak', 'ul. Polna 7', '00-950 Warszawa'])).toEqual({ name: 'Kancelaria Nowak', street: 'ul. Polna 7', postalCode: '00-950', city: 'Warszawa' });
    expect(readAddress(['Oficina Lusa Lda.', 'Rua das Flores, 18', 'Porto', '4050-262'])).toEqual({ name: 'Oficina Lusa Lda.', street: 'Rua das Flores, 18', postalCode: '4050-262', city: 'Porto' });
    expect(readAddress(['Atelier Rivière', '12, rue des Lilas', 'F-67000 Strasbourg'])).toMatchObject({ postalCode: 'F-67000', city: 'Strasbourg' });
    expect(readAddress(['Harlan Tools Inc.', '77 Mill Road', 'Springfield, IL 62704'])).toEqual({ name: 'Harlan Tools Inc.', street: '77 Mill Road', postalCode: '62704', city: 'Springfield', region: 'IL' });
    expect(readAddress(['Casa Verde Ltda.', 'Rua Augusta, 1200', 'Campinas - SP', '13010-111'])).toMatchObject({ postalCode: '13010-111', city: 'Campinas', region: 'SP' });
  });

  it('gives nothing for lines that name no place', () => {
    expect(readAddress(['Support premium', 'Consultoria (horas) 12', 'Total 44,00 €'])).toBeNull();
  });
});

describe('validIban', () => {
  it('accepts an IBAN whose check digits are right and refuses one with a typo', () => {
    expect(validIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(validIban('IT60X0542811101000000123456')).toBe(true);
    expect(validIban('DE89 3704 0044 0532 0130 01')).toBe(false);
  });
});
