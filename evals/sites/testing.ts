import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as DomUtils from 'domutils';
import { parseDocument } from 'htmlparser2';

/** Helpers the demo-site tests share: page text and links as a reader (or a crawler) sees them. */

export function visibleText(html: string): string {
  const dom = parseDocument(html);
  for (const el of DomUtils.findAll((e) => e.name === 'script' || e.name === 'style', dom.children)) DomUtils.removeElement(el);
  // Text nodes joined by a space: adjacent cells and dt/dd pairs read as separate words, as a browser lays them out.
  const texts = DomUtils.filter((node) => node.type === 'text', dom.children, true) as Array<{ data: string }>;
  return normalizeSpace(texts.map((t) => t.data).join(' '));
}

export function links(html: string): string[] {
  const dom = parseDocument(html);
  const found: string[] = [];
  for (const el of DomUtils.findAll(() => true, dom.children)) {
    const value = el.name === 'a' || el.name === 'link' ? el.attribs['href'] : el.name === 'script' || el.name === 'img' ? el.attribs['src'] : undefined;
    if (value) found.push(value);
  }
  return found;
}

export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Decode bytes the way a browser would from the page's own declaration (header charset, else `<meta charset>`). */
export function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const declared = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset="?([\w-]+)/i.exec(Buffer.from(bytes).toString('latin1'))?.[1] ?? 'utf-8';
  return new TextDecoder(declared).decode(bytes);
}

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
