import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';
import { parsePdf } from './pdf.js';
import { parseDocument } from './index.js';
import { DocumentParseError } from './errors.js';

const A4 = { width: 595.28, height: 841.89 };

/** An invented two-page tender notice: `Label: value` lines, umlauts, one line with two columns. */
async function tenderPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Ausschreibung Bühnentechnik 2025/17');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([A4.width, A4.height]);
  const lines1: Array<[string, number, number]> = [
    ['Öffentliche Ausschreibung', 50, 72],
    ['Auftraggeber: Städtische Bühnen Lindenau', 50, 100],
    ['Gegenstand: Erneuerung der Obermaschinerie und der Beleuchtung für das Große Haus', 50, 118],
    ['Frist: 14.03.2025', 50, 136],
  ];
  for (const [text, x, top] of lines1) first.drawText(text, { x, y: A4.height - top, size: 12, font });
  // Drawn right column first: order on the page must still be left to right.
  first.drawText('Los 2', { x: 400, y: A4.height - 160, size: 12, font });
  first.drawText('Los 1', { x: 50, y: A4.height - 160, size: 12, font });
  const second = doc.addPage([A4.width, A4.height]);
  second.drawText('Geschätzter Wert: 1.250.000 EUR', { x: 50, y: A4.height - 72, size: 12, font });
  second.drawText('Ansprechpartnerin: Jördis Mäurer', { x: 50, y: A4.height - 90, size: 10, font });
  return doc.save();
}

describe('parsePdf', () => {
  it('reads lines top to bottom per page, with umlauts, positions from the top-left and the document title', async () => {
    const pdf = await parsePdf(await tenderPdf(), 'https://vergabe.example.de/notice/17.pdf');
    expect(pdf.title).toBe('Ausschreibung Bühnentechnik 2025/17');
    expect(pdf.language).toBe('de');
    expect(pdf.pages.map((p) => p.lines.map((l) => l.text))).toEqual([
      ['Öffentliche Ausschreibung', 'Auftraggeber: Städtische Bühnen Lindenau', 'Gegenstand: Erneuerung der Obermaschinerie und der Beleuchtung für das Große Haus', 'Frist: 14.03.2025', 'Los 1 Los 2'],
      ['Geschätzter Wert: 1.250.000 EUR', 'Ansprechpartnerin: Jördis Mäurer'],
    ]);
    const [page1] = pdf.pages;
    expect(page1).toMatchObject({ page: 1, width: A4.width, height: A4.height });
    const heading = page1!.lines[0]!;
    expect(heading).toMatchObject({ page: 1, line: 1 });
    expect(heading.x).toBeCloseTo(50, 0);
    expect(heading.y).toBeCloseTo(60, 0); // baseline 72 pt from the top, 12 pt high
    expect(heading.height).toBeCloseTo(12, 0);
    expect(heading.width).toBeGreaterThan(100);
    const columns = page1!.lines[4]!;
    expect(columns.width).toBeGreaterThan(350);
    expect(pdf.text.split('\n')).toHaveLength(7);
    expect(pdf.warnings).toEqual([]);
  });

  it('cuts a line into cells where its text items stand a column gap apart, and keeps words set one by one in one cell', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([A4.width, A4.height]);
    const at = (text: string, x: number, top: number) => page.drawText(text, { x, y: A4.height - top, size: 10, font });
    // A totals row: label at the left, amount right-aligned far away.
    at('Zwischensumme', 300, 100);
    at('1.250,00 €', 500, 100);
    // A producer that places every word on its own, a word space apart.
    let x = 50;
    for (const word of ['Zahlbar', 'innerhalb', 'von', '14', 'Tagen']) {
      at(word, x, 130);
      x += font.widthOfTextAtSize(word, 10) + font.widthOfTextAtSize(' ', 10);
    }
    const [totals, sentence] = (await parsePdf(await doc.save(), 'x')).pages[0]!.lines;
    expect(totals!.cells.map((c) => c.text)).toEqual(['Zwischensumme', '1.250,00 €']);
    expect(totals!.cells[0]!.x).toBeCloseTo(300, 0);
    expect(totals!.cells[1]!.x).toBeCloseTo(500, 0);
    expect(totals!.cells[1]!.width).toBeCloseTo(font.widthOfTextAtSize('1.250,00 €', 10), 0);
    expect(totals!.text).toBe('Zwischensumme 1.250,00 €');
    expect(sentence!.cells.map((c) => c.text)).toEqual(['Zahlbar innerhalb von 14 Tagen']);
  });

  it('stops at the page limit with a warning', async () => {
    const pdf = await parsePdf(await tenderPdf(), 'x', { maxPages: 1, maxBytes: 1e8, timeoutMs: 30_000 });
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.warnings).toEqual(['read the first 1 of 2 pages']);
  });

  it('stops when the time budget is spent', async () => {
    let calls = 0;
    const clock = () => (calls++ < 2 ? 0 : 60_000);
    await expect(parsePdf(await tenderPdf(), 'x', { maxPages: 500, maxBytes: 1e8, timeoutMs: 5_000 }, clock)).rejects.toThrow(
      'PDF took longer than 5 s to read; stopped',
    );
  });

  it('reads a PDF with one blank page as a page without lines', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const pdf = await parsePdf(await doc.save(), 'x');
    expect(pdf.pages).toEqual([{ page: 1, width: A4.width, height: A4.height, lines: [] }]);
    expect(pdf.text).toBe('');
    expect(pdf.warnings).toEqual(['no text layer (scanned or image-only PDF?)']);
  });

  it('rejects garbage bytes, a truncated file and an encrypted file with reasons', async () => {
    const garbage = new TextEncoder().encode('<html>this is not a PDF at all</html>');
    await expect(parsePdf(garbage, 'x')).rejects.toThrow('not a PDF: the bytes do not start with a %PDF- header');
    await expect(parsePdf(new Uint8Array(), 'x')).rejects.toThrow('PDF is empty (0 bytes)');

    const truncated = (await tenderPdf()).slice(0, 40);
    await expect(parsePdf(truncated, 'x')).rejects.toBeInstanceOf(DocumentParseError);

    await expect(parsePdf(await encryptedPdf(), 'x')).rejects.toThrow('PDF is encrypted (a password is needed to open it)');
  });

  it('keeps what it can read from a PDF cut off in the middle', async () => {
    const full = await tenderPdf();
    const result = await parseDocument({ bytes: full.slice(0, Math.floor(full.length * 0.6)), contentType: 'application/pdf', url: 'x' });
    if (result.ok) expect(result.document.kind).toBe('pdf');
    else expect(result.reason).toMatch(/^PDF is broken or truncated|^PDF could not be read/);
  });

  it('leaves the caller’s bytes intact', async () => {
    const bytes = await tenderPdf();
    const copy = bytes.slice();
    await parsePdf(bytes, 'x');
    expect(bytes).toEqual(copy);
  });
});

describe('parseDocument with PDFs', () => {
  it('parses a PDF served with a wrong Content-Type', async () => {
    const result = await parseDocument({ bytes: await tenderPdf(), contentType: 'text/html', url: 'x' });
    expect(result).toMatchObject({ ok: true, document: { kind: 'pdf' } });
  });

  it('explains garbage bytes labelled as PDF', async () => {
    const bytes = new TextEncoder().encode('Error 503: service unavailable');
    expect(await parseDocument({ bytes, contentType: 'application/pdf', url: 'x' })).toEqual({
      ok: false,
      reason: 'not a PDF: the bytes do not start with a %PDF- header',
    });
  });

  it('explains an encrypted PDF', async () => {
    expect(await parseDocument({ bytes: await encryptedPdf(), contentType: 'application/pdf', url: 'x' })).toEqual({
      ok: false,
      reason: 'PDF is encrypted (a password is needed to open it)',
    });
  });
});

const DATASET = '/work/shared/datasets/invoice2data_compare';

describe('parsePdf on real invoices', () => {
  const present = existsSync(DATASET);
  if (!present) console.warn(`${DATASET} not found; real-PDF test skipped`);

  it.skipIf(!present)('reads the Azure Interior invoice with its number, dates and amounts on the right lines', async () => {
    const pdf = await parsePdf(readFileSync(join(DATASET, 'AzureInterior.pdf')), `file://${DATASET}/AzureInterior.pdf`);
    const lines = pdf.pages[0]!.lines.map((l) => l.text);
    expect(lines).toContain('Invoice INV/2023/03/0008');
    expect(lines.indexOf('Azure Interior')).toBeLessThan(lines.indexOf('Invoice INV/2023/03/0008'));
    expect(pdf.text).toContain('03/20/2023');
    expect(pdf.text).toContain('279.84');
    const ys = pdf.pages[0]!.lines.map((l) => l.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
  });

  it.skipIf(!present)('reads every invoice PDF in the dataset without failing', async () => {
    const files = readdirSync(DATASET).filter((f) => f.endsWith('.pdf'));
    for (const file of files) {
      const result = await parseDocument({ bytes: readFileSync(join(DATASET, file)), contentType: 'application/pdf', url: file });
      expect(result.ok, `${file}: ${result.ok ? '' : result.reason}`).toBe(true);
      if (result.ok) expect(result.document.text.length, file).toBeGreaterThan(50);
    }
  });
});

/** pdf-lib cannot encrypt, so the Standard security handler entries are added by hand; no password opens it. */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Vertraulich');
  const { context } = doc;
  const encrypt = context.obj({
    Filter: 'Standard',
    V: 1,
    R: 2,
    O: PDFHexString.of('a1'.repeat(32)),
    U: PDFHexString.of('b2'.repeat(32)),
    P: -44,
  });
  context.trailerInfo.Encrypt = context.register(encrypt);
  context.trailerInfo.ID = context.obj([PDFHexString.of('c3'.repeat(16)), PDFHexString.of('c3'.repeat(16))]);
  return doc.save({ useObjectStreams: false });
}
