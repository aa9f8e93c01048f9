import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Notice } from '../data/types.js';
import { enLong } from './dates.js';

/**
 * The tender document of a notice: a one-to-two page PDF of `Label: value` lines, byte-for-byte deterministic
 * (fixed dates and metadata) so the same notice always yields the same file and content hash.
 */

const FIXED_DATE = new Date('2027-01-01T00:00:00Z');
const PAGE = { width: 595.28, height: 841.89, margin: 56 };

export function money(amount: number, currency: string): string {
  const symbol = currency === 'GBP' ? '£' : currency === 'EUR' ? '€' : `${currency} `;
  return `${symbol}${amount.toLocaleString('en-GB', { minimumFractionDigits: 0 })}`;
}

export function deadlineText(iso: string): string {
  return `${enLong(iso)}, ${iso.slice(11, 16)}`;
}

export function tenderLines(n: Notice): Array<{ text: string; size?: number; gap?: number }> {
  return [
    { text: 'Invitation to Tender', size: 18, gap: 10 },
    { text: n.title, size: 13, gap: 14 },
    { text: `Reference: ${n.reference}` },
    { text: `Contracting authority: ${n.buyer}` },
    { text: `CPV code: ${n.cpvCode} (${n.cpvLabel})` },
    { text: `Procedure: ${n.procedure}` },
    { text: `Estimated value: ${money(n.estimatedValue, n.currency)} excluding VAT` },
    { text: `Place of performance: ${n.place}` },
    { text: `Contract duration: ${n.durationMonths} months` },
    { text: `Tender deadline: ${deadlineText(n.deadline)}`, gap: 14 },
    { text: 'Lots', size: 13, gap: 6 },
    ...n.lots.map((l) => ({ text: `Lot ${l.number}: ${l.title} - Estimated value: ${money(l.estimatedValue, n.currency)}` })),
    { text: '', gap: 8 },
    { text: 'Description', size: 13, gap: 6 },
    { text: n.summary },
    { text: '', gap: 8 },
    { text: `Contact: ${n.contactName}` },
    { text: `Email: ${n.contactEmail}` },
    { text: `Telephone: ${n.contactPhone}` },
  ];
}

export async function tenderPdf(n: Notice): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(`${n.reference} – ${n.title}`);
  pdf.setAuthor(n.buyer);
  pdf.setSubject('Invitation to tender');
  pdf.setCreator('Quarry demo sites');
  pdf.setProducer('pdf-lib');
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  for (const line of tenderLines(n)) {
    const size = line.size ?? 10.5;
    for (const text of wrap(line.text, font, size, PAGE.width - 2 * PAGE.margin)) {
      if (y < PAGE.margin + size) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(text, { x: PAGE.margin, y, size, font: line.size ? bold : font });
      y -= size * 1.45;
    }
    y -= line.gap ?? 0;
  }
  page.drawText(`${n.reference} - page ${pdf.getPageCount()}`, { x: PAGE.margin, y: PAGE.margin / 2, size: 8, font });
  return pdf.save({ useObjectStreams: false });
}

interface Measurer {
  widthOfTextAtSize(text: string, size: number): number;
}

function wrap(text: string, font: Measurer, size: number, width: number): string[] {
  if (text === '') return [''];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  lines.push(current);
  return lines;
}
