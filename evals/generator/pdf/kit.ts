import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * A small deterministic PDF writer over pdf-lib: fixed metadata dates, no object streams, so the same content always
 * gives the same bytes and content hash. Text is placed by coordinates (columns, right-aligned amounts) and wrapped
 * inside its column, as office software lays out notices and invoices.
 */
const FIXED_DATE = new Date('2027-01-01T00:00:00Z');
export const A4 = { width: 595.28, height: 841.89 };

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
}

export interface ColumnText {
  x: number;
  width: number;
  text: string;
  bold?: boolean;
  size?: number;
  align?: 'left' | 'right';
}

export interface PdfWriter {
  /** One or more texts that start on the same baseline; the cursor moves below the tallest. */
  row(columns: readonly ColumnText[], lineGap?: number): void;
  gap(points: number): void;
  /** Moves the cursor; a fresh page when too little room is left. */
  ensure(points: number): void;
  readonly margin: number;
  readonly contentWidth: number;
  finish(footer: (page: number, pages: number) => string): Promise<Uint8Array>;
}

/** Characters the standard fonts (WinAnsi) cannot write, replaced by the nearest they can. */
export function pdfSafe(text: string): string {
  return text.replace(/[\u202f\u2009\u2007]/g, ' ').replace(/\u2212/g, '-');
}

export async function createPdfWriter(meta: PdfMeta, margin = 56): Promise<PdfWriter> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(pdfSafe(meta.title));
  pdf.setAuthor(pdfSafe(meta.author));
  pdf.setSubject(pdfSafe(meta.subject));
  pdf.setCreator('Quarry site generator');
  pdf.setProducer('pdf-lib');
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const pages: PDFPage[] = [pdf.addPage([A4.width, A4.height])];
  let page = pages[0] as PDFPage;
  let y = A4.height - margin;
  const newPage = () => {
    page = pdf.addPage([A4.width, A4.height]);
    pages.push(page);
    y = A4.height - margin;
  };
  const writer: PdfWriter = {
    margin,
    contentWidth: A4.width - 2 * margin,
    row(columns, lineGap = 1.4) {
      const laid = columns.map((col) => {
        const font = col.bold ? bold : regular;
        const size = col.size ?? 10;
        return { col, font, size, lines: wrap(pdfSafe(col.text), font, size, col.width) };
      });
      const height = Math.max(...laid.map((l) => l.lines.length * l.size * lineGap));
      writer.ensure(height);
      for (const l of laid) {
        l.lines.forEach((line, i) => {
          const width = l.font.widthOfTextAtSize(line, l.size);
          const x = l.col.align === 'right' ? l.col.x + l.col.width - width : l.col.x;
          page.drawText(line, { x, y: y - i * l.size * lineGap, size: l.size, font: l.font });
        });
      }
      y -= height;
    },
    gap(points) {
      y -= points;
    },
    ensure(points) {
      if (y - points < margin + 20) newPage();
    },
    async finish(footer) {
      pages.forEach((p, i) => p.drawText(pdfSafe(footer(i + 1, pages.length)), { x: margin, y: margin / 2, size: 8, font: regular }));
      return pdf.save({ useObjectStreams: false });
    },
  };
  return writer;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
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
