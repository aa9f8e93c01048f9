import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { ParsedPdf, PdfCell, PdfLine, PdfPage } from './document.js';
import { hasPdfMagic } from './charset.js';
import { DocumentParseError } from './errors.js';
import { detectLanguage, primaryLanguageTag } from './language.js';

export interface PdfLimits {
  maxPages: number;
  maxBytes: number;
  /** Wall-clock budget for the whole document; checked between pages. */
  timeoutMs: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { maxPages: 500, maxBytes: 100_000_000, timeoutMs: 30_000 };

/**
 * Text by page and line with positions (top-left origin, PDF points), read with pdf.js (pdfjs-dist, legacy build,
 * which runs in Node without a worker thread). No fonts are fetched, no code is evaluated.
 * Throws `DocumentParseError` with a reason a person understands when the PDF cannot be read.
 */
export async function parsePdf(bytes: Uint8Array, url: string, limits: PdfLimits = DEFAULT_PDF_LIMITS, now: () => number = Date.now): Promise<ParsedPdf> {
  if (bytes.length === 0) throw new DocumentParseError('PDF is empty (0 bytes)');
  if (bytes.length > limits.maxBytes) throw new DocumentParseError(`PDF is ${bytes.length.toLocaleString('en')} bytes; Quarry reads PDFs up to ${limits.maxBytes.toLocaleString('en')} bytes`);
  if (!hasPdfMagic(bytes)) throw new DocumentParseError('not a PDF: the bytes do not start with a %PDF- header');

  const deadline = now() + limits.timeoutMs;
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let task: ReturnType<typeof pdfjs.getDocument> | undefined;
  try {
    task = pdfjs.getDocument({
      // A plain copy: pdf.js refuses Buffers and transfers (detaches) the array it is given.
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      useWorkerFetch: false,
      disableAutoFetch: true,
      disableStream: true,
      enableXfa: false,
      stopAtErrors: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    });
    const document = await withDeadline(task.promise, deadline, now, limits.timeoutMs);
    return await readDocument(document, url, limits, { deadline, now, timeoutMs: limits.timeoutMs });
  } catch (error) {
    throw explainLoadError(error);
  } finally {
    await task?.destroy().catch(() => undefined);
  }
}

interface Budget {
  deadline: number;
  now: () => number;
  timeoutMs: number;
}

async function readDocument(document: PDFDocumentProxy, url: string, limits: PdfLimits, { deadline, now, timeoutMs }: Budget): Promise<ParsedPdf> {
  const checkTime = () => {
    if (now() >= deadline) throw new DocumentParseError(`PDF took longer than ${timeoutMs / 1000} s to read; stopped`);
  };
  const warnings: string[] = [];
  const info = await readInfo(document, warnings);
  const pageCount = Math.min(document.numPages, limits.maxPages);
  if (document.numPages > limits.maxPages) warnings.push(`read the first ${limits.maxPages} of ${document.numPages} pages`);
  const pages: PdfPage[] = [];
  for (let number = 1; number <= pageCount; number++) {
    checkTime();
    try {
      const page = await withDeadline(document.getPage(number), deadline, now, timeoutMs);
      pages.push(await withDeadline(readPage(page, number), deadline, now, timeoutMs));
      page.cleanup();
    } catch (error) {
      if (error instanceof DocumentParseError) throw error;
      warnings.push(`page ${number} could not be read: ${messageOf(error)}`);
      pages.push({ page: number, width: 0, height: 0, lines: [] });
    }
  }
  const text = pages
    .flatMap((p) => p.lines.map((l) => l.text))
    .join('\n');
  if (text.length === 0 && pages.length > 0) warnings.push('no text layer (scanned or image-only PDF?)');
  return {
    kind: 'pdf',
    url,
    title: info['Title']?.trim() || null,
    language: primaryLanguageTag(info['Language']) ?? detectLanguage(text),
    text,
    pages,
    info,
    warnings,
  };
}

async function readInfo(document: PDFDocumentProxy, warnings: string[]): Promise<Record<string, string>> {
  try {
    const { info } = await document.getMetadata();
    const entries = Object.entries((info ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0);
    return Object.fromEntries(entries);
  } catch (error) {
    warnings.push(`document info could not be read: ${messageOf(error)}`);
    return {};
  }
}

interface Fragment {
  text: string;
  x: number;
  /** Baseline, from the top of the page. */
  baseline: number;
  width: number;
  height: number;
}

async function readPage(page: PDFPageProxy, number: number): Promise<PdfPage> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const fragments: Fragment[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim().length === 0) continue;
    const [, , c = 0, d = 0, e = 0, f = 0] = item.transform as number[];
    const [x, baseline] = viewport.convertToViewportPoint(e, f) as [number, number];
    const height = item.height > 0 ? item.height : Math.hypot(c, d);
    fragments.push({ text: item.str, x, baseline, width: item.width, height });
  }
  return { page: number, width: round(viewport.width), height: round(viewport.height), lines: groupLines(fragments, number) };
}

/**
 * Fragments whose baselines lie within a tolerance (a third of the smaller font height, at least 1 pt) form one line;
 * lines run top to bottom, fragments left to right, with a space where the gap says the words are apart.
 */
export function groupLines(fragments: Fragment[], page: number): PdfLine[] {
  const sorted = [...fragments].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const groups: Fragment[][] = [];
  for (const fragment of sorted) {
    const current = groups[groups.length - 1];
    const anchor = current?.[0];
    const tolerance = Math.max(1, Math.min(anchor?.height ?? 0, fragment.height) / 3);
    if (current && anchor && Math.abs(fragment.baseline - anchor.baseline) <= tolerance) current.push(fragment);
    else groups.push([fragment]);
  }
  return groups.map((group, index) => toLine(group, page, index + 1));
}

function toLine(group: Fragment[], page: number, line: number): PdfLine {
  const ordered = [...group].sort((a, b) => a.x - b.x);
  const cells: PdfCell[] = [];
  let text = '';
  let cell: { text: string; x: number; end: number } | null = null;
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const fragment of ordered) {
    const gap = fragment.x - previousEnd;
    const apart = gap > Math.max(0.15 * fragment.height, 0.5);
    if (text.length > 0 && apart && !text.endsWith(' ') && !fragment.text.startsWith(' ')) text += ' ';
    text += fragment.text;
    if (!cell || gap > CELL_GAP * Math.max(fragment.height, 1)) {
      if (cell) cells.push(toCell(cell));
      cell = { text: fragment.text, x: fragment.x, end: fragment.x + fragment.width };
    } else {
      cell.text += apart && !cell.text.endsWith(' ') && !fragment.text.startsWith(' ') ? ` ${fragment.text}` : fragment.text;
      cell.end = Math.max(cell.end, fragment.x + fragment.width);
    }
    previousEnd = Math.max(previousEnd, fragment.x + fragment.width);
  }
  if (cell) cells.push(toCell(cell));
  const left = Math.min(...ordered.map((f) => f.x));
  const right = Math.max(...ordered.map((f) => f.x + f.width));
  const top = Math.min(...ordered.map((f) => f.baseline - f.height));
  const bottom = Math.max(...ordered.map((f) => f.baseline));
  return { page, line, text: clean(text), x: round(left), y: round(top), width: round(right - left), height: round(bottom - top), cells: cells.filter((c) => c.text !== '') };
}

/** A gap wider than this many font heights is a column gap, not a word space (a space is about a quarter of one). */
const CELL_GAP = 0.9;

function toCell(cell: { text: string; x: number; end: number }): PdfCell {
  return { text: clean(cell.text), x: round(cell.x), width: round(cell.end - cell.x) };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Also interrupts a single slow step (opening the file, one huge page), not only the loop between pages. */
function withDeadline<T>(promise: Promise<T>, deadline: number, now: () => number, timeoutMs: number): Promise<T> {
  const remaining = Math.max(0, deadline - now());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DocumentParseError(`PDF took longer than ${timeoutMs / 1000} s to read; stopped`)), remaining);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function explainLoadError(error: unknown): DocumentParseError {
  if (error instanceof DocumentParseError) return error;
  const name = (error as { name?: string } | null)?.name;
  const message = messageOf(error);
  if (name === 'PasswordException') return new DocumentParseError('PDF is encrypted (a password is needed to open it)');
  if (name === 'InvalidPDFException') return new DocumentParseError(`PDF is broken or truncated: ${message}`);
  return new DocumentParseError(`PDF could not be read: ${message}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
