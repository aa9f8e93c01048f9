import type { GoldenRecord, SchemaField } from '../golden/task.js';
import type { SiteKind } from './site/template.js';

/** What a generated corpus is: sites with pages, each page with its document type and golden records. */

export const GENERATED_TYPES = [
  'production',
  'tender_notice',
  'tender_pdf',
  'product',
  'article',
  'invoice',
  'production_listing',
  'notice_listing',
  'product_listing',
  'article_listing',
  'about',
  'contact',
] as const;
export type GeneratedType = (typeof GENERATED_TYPES)[number];

/** Types a reviewer approves a schema for; each gets its own eval dataset. */
export const DETAIL_TYPES = ['production', 'tender_notice', 'tender_pdf', 'product', 'article', 'invoice'] as const satisfies readonly GeneratedType[];
export type DetailType = (typeof DETAIL_TYPES)[number];

export interface GeneratedPage {
  /** Path and query exactly as linked. */
  path: string;
  contentType: string;
  bytes: Uint8Array;
  documentType: GeneratedType;
  /** The site's locale tag (`de-CH`, `en-US`). */
  language: string;
  /** What a person reads on the page, one record per thing it describes (one on a detail page, one per item on a listing). */
  records: GoldenRecord[];
  /** An article's complete body text, as a reader would copy it. */
  body?: string;
  /** Layout families and record layouts the page was written in (`facts:dl`, `cast:header_table`, `pdf:two_columns`). */
  layouts: string[];
  /** Embedded structured data the page carries. */
  structuredData: Array<'json-ld' | 'microdata'>;
  /** Links to other pages of the site (paths). */
  links: string[];
}

/** A file a site serves that is not a document (robots.txt, sitemap.xml, a disallowed page, CSS). */
export interface SiteResource {
  path: string;
  contentType: string;
  bytes: Uint8Array;
  /** The body holds the origin placeholder, replaced with the site's origin when served. */
  originTemplated: boolean;
}

export interface GeneratedSite {
  /** Stable id within the corpus (`s03-opera-de`). */
  id: string;
  /** Invented host name on a reserved TLD (`www.staatsoper-haldenau.example`). */
  host: string;
  name: string;
  kind: SiteKind;
  /** Locale tag: one language per site. */
  language: string;
  /** What the template chose, for reports and tests. */
  template: {
    classes: string;
    wrapper: string;
    families: Record<string, string>;
    records: Record<string, string>;
    jsonLd: number;
    microdata: boolean;
    /** The wording the site uses for each label concept. */
    labels: Record<string, string>;
  };
  pages: GeneratedPage[];
  resources: SiteResource[];
  /** Paths robots.txt disallows (they exist and are linked). */
  disallowed: string[];
  hasSitemap: boolean;
}

export interface GeneratedSchema {
  documentType: DetailType;
  tableName: string;
  description: string;
  fields: SchemaField[];
}

export interface CorpusOptions {
  /** Sites per site kind, 1–50 (opera houses; theatres add a third as many). Default 3. */
  sitesPerKind?: number;
  /** Detail pages per site, 1–60 (productions, notices, products, articles; invoices two thirds of it). Default 5. */
  itemsPerSite?: number;
}

export interface Corpus {
  seed: number;
  options: Required<CorpusOptions>;
  sites: GeneratedSite[];
  schemas: GeneratedSchema[];
}
