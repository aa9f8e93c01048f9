/** What a rendered demo site is: its pages (bytes + headers) and, per page, the records a person would expect. */

import type { DocumentType, GoldenRecord } from '../golden/task.js';

export interface GoldenAnnotation {
  documentType: DocumentType;
  records: GoldenRecord[];
  /** The content only exists after the page's script ran (an empty shell when fetched statically). */
  requiresJavaScript?: boolean;
}

export interface SitePage {
  /** Path and query exactly as linked, e.g. `/spielplan?seite=2`. */
  path: string;
  contentType: string;
  body: Uint8Array;
  lastModified: Date;
  golden?: GoldenAnnotation;
  /** The body contains ORIGIN_PLACEHOLDER, replaced by the site's origin when served (robots.txt, sitemap.xml). */
  originTemplated?: boolean;
}

export interface BuiltSite {
  id: string;
  name: string;
  kind: 'opera' | 'procurement';
  lang: string;
  pages: SitePage[];
  /** Pages that exist but robots.txt forbids; a polite crawler never requests them. */
  disallowed: string[];
  /** Paths that are linked on purpose but answer 404 (a broken link a crawler must survive). */
  deliberatelyMissing: string[];
}

const encoder = new TextEncoder();

export function htmlPage(path: string, markup: string, lastModified: Date, golden?: GoldenAnnotation): SitePage {
  return { path, contentType: 'text/html; charset=utf-8', body: encoder.encode(markup), lastModified, golden };
}

export function textPage(path: string, contentType: string, text: string, lastModified: Date): SitePage {
  return { path, contentType, body: encoder.encode(text), lastModified, originTemplated: text.includes(ORIGIN_PLACEHOLDER) };
}

/**
 * ISO-8859-1 bytes; characters outside Latin-1 become numeric character references, as on real legacy pages.
 * The server sends `text/html` without a charset, so only `<meta charset>` tells a client how to decode.
 */
export function latin1Page(path: string, markup: string, lastModified: Date, golden?: GoldenAnnotation): SitePage {
  const escaped = markup.replace(/[^\u0000-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`);
  return { path, contentType: 'text/html', body: Uint8Array.from(escaped, (c) => c.charCodeAt(0)), lastModified, golden };
}

export function robotsTxt(disallow: readonly string[], sitemap: boolean, crawlDelay?: number): string {
  return [
    'User-agent: *',
    ...disallow.map((d) => `Disallow: ${d}`),
    ...(crawlDelay === undefined ? [] : [`Crawl-delay: ${crawlDelay}`]),
    '',
    ...(sitemap ? [`Sitemap: ${ORIGIN_PLACEHOLDER}/sitemap.xml`] : []),
    '',
  ].join('\n');
}

/** Sitemap `loc`s must be absolute; the server replaces this placeholder with the site's origin when serving. */
export const ORIGIN_PLACEHOLDER = '{{origin}}';

export function sitemapXml(paths: readonly string[], lastmod: string): string {
  const urls = paths
    .map((p) => `  <url><loc>${ORIGIN_PLACEHOLDER}${p.replace(/&/g, '&amp;')}</loc><lastmod>${lastmod}</lastmod></url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}
