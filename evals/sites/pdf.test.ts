import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { eastmereTenders } from './data/eastmere-tenders.js';
import { tenderPdf } from './render/tender-pdf.js';
import { pdfText } from './testing.js';

const notice = eastmereTenders.notices[0];
if (!notice) throw new Error('the portal has notices');

describe('tenderPdf', () => {
  it('produces a PDF that pdf-lib loads, with the notice in its metadata', async () => {
    const bytes = await tenderPdf(notice);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getTitle()).toBe(`${notice.reference} – ${notice.title}`);
    expect(doc.getCreationDate()?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('writes the notice as Label: value lines a PDF text extractor reads back', async () => {
    const text = (await pdfText(await tenderPdf(notice))).join('\n');
    for (const line of [
      `Reference: ${notice.reference}`,
      `Contracting authority: ${notice.buyer}`,
      `CPV code: ${notice.cpvCode} (${notice.cpvLabel})`,
      `Procedure: ${notice.procedure}`,
      'Estimated value: £2,450,000 excluding VAT',
      'Tender deadline: 22 February 2027, 12:00',
      'Lot 2: Heating and ventilation - Estimated value: £870,000',
      `Email: ${notice.contactEmail}`,
    ]) {
      expect(text).toContain(line);
    }
  });

  it('is byte-for-byte deterministic, so the same notice always has the same content hash', async () => {
    const [a, b] = await Promise.all([tenderPdf(notice), tenderPdf(notice)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('breaks onto a second page when a notice has many lots', async () => {
    const many = { ...notice, lots: Array.from({ length: 80 }, (_, i) => ({ number: i + 1, title: `Lot title ${i + 1}`, estimatedValue: 1000 })) };
    const doc = await PDFDocument.load(await tenderPdf(many));
    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect((await pdfText(await tenderPdf(many))).join('\n')).toContain('Lot 80: Lot title 80');
  });
});
