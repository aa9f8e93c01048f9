import type { Document as DomDocument } from 'domhandler';

/**
 * The normalized form every later stage reads. One shape per kind of source; all carry the readable text.
 * Boilerplate (nav, footer, cookie banners, …) is marked, not removed: the DOM keeps it with
 * `data-quarry-boilerplate="<reason>"` on the element, and tables/lists inside it carry `boilerplate: true`.
 */
export type ParsedDocument = ParsedHtml | ParsedPdf | ParsedJson | ParsedXml | ParsedText;

export interface ParsedBase {
  /** Final URL (after redirects) or `file://` path the bytes came from. */
  url: string;
  title: string | null;
  /** BCP 47 primary tag (`de`, `it`, `en`), from markup or detected from the text; null when unknown. */
  language: string | null;
  /** Readable main text, boilerplate excluded, blocks separated by newlines. */
  text: string;
}

export interface Link {
  /** Absolute, resolved against the base URL. */
  url: string;
  text: string;
  rel: string | null;
  /** Inside a boilerplate region (nav, footer). */
  boilerplate: boolean;
}

export interface HtmlTable {
  /** CSS path of the `<table>` element (see `cssPath` in the parsing module). */
  cssPath: string;
  caption: string | null;
  /** Header cells of the first header row; empty when the table has none. */
  headers: string[];
  /** Body rows as cell texts (header row excluded). */
  rows: string[][];
  boilerplate: boolean;
}

export interface DefinitionList {
  cssPath: string;
  items: Array<{ term: string; value: string; cssPath: string }>;
  boilerplate: boolean;
}

export interface MicrodataItem {
  /** `itemtype` URLs. */
  type: string[];
  id: string | null;
  cssPath: string;
  properties: Record<string, Array<string | MicrodataItem>>;
}

export interface MetaTag {
  /** `name`, `property` or `itemprop` of the meta element, lower-cased (`og:title`, `description`). */
  key: string;
  content: string;
}

export interface ParsedHtml extends ParsedBase {
  kind: 'html';
  /** Cleaned DOM (scripts and styles removed except JSON-LD; boilerplate marked). */
  dom: DomDocument;
  links: Link[];
  tables: HtmlTable[];
  definitionLists: DefinitionList[];
  /** Parsed `<script type="application/ld+json">` blocks; a block that is not valid JSON is skipped with a warning. */
  jsonLd: unknown[];
  microdata: MicrodataItem[];
  meta: MetaTag[];
  /** Template features: tag paths with classes (`body>main>div.card>h2`), for structural similarity. */
  templatePaths: string[];
  /** True when the static page looks like a JavaScript shell (little text, a root div, many scripts). */
  looksLikeShell: boolean;
  warnings: string[];
}

export interface PdfLine {
  page: number;
  /** 1-based line number within the page, top to bottom. */
  line: number;
  text: string;
  /** PDF user-space box of the line: x from the left, y from the top of the page. */
  x: number;
  y: number;
  width: number;
  height: number;
  /**
   * The line cut where its text items stand apart by more than a word space (about a font height): the cells of a
   * table row, a label and its value in columns, a right-aligned amount. One cell when the line reads as one run.
   */
  cells: PdfCell[];
}

/** A run of a line's text items with no wide gap inside; x and width in PDF points like the line's box. */
export interface PdfCell {
  text: string;
  x: number;
  width: number;
}

export interface PdfPage {
  page: number;
  width: number;
  height: number;
  lines: PdfLine[];
}

export interface ParsedPdf extends ParsedBase {
  kind: 'pdf';
  pages: PdfPage[];
  /** Document info dictionary (Title, Author, …) where present. */
  info: Record<string, string>;
  warnings: string[];
}

export interface ParsedJson extends ParsedBase {
  kind: 'json';
  data: unknown;
  /** Limits that were hit (text truncated, …). */
  warnings?: string[];
}

/** An XML element with local names (namespace prefixes stripped); text and CDATA are its string children. */
export interface XmlElement {
  name: string;
  /** By local name; namespace declarations and `xsi:` attributes left out. */
  attributes: Record<string, string>;
  /** Elements and texts in document order (blanks only in mixed content, where they part words); no comments or processing instructions. */
  children: Array<XmlElement | string>;
}

export interface ParsedXml extends ParsedBase {
  kind: 'xml';
  /** The document element. */
  root: XmlElement;
  /** Limits that were hit (elements or text lines left out). */
  warnings: string[];
}

export interface ParsedText extends ParsedBase {
  kind: 'text';
  lines: string[];
  /** Limits that were hit (text truncated, …). */
  warnings?: string[];
}

/** Input to the parser: the stored bytes and what the fetch said about them. */
export interface RawDocumentInput {
  bytes: Uint8Array;
  /** The Content-Type header as received (may be missing or wrong; the parser sniffs). */
  contentType: string | null;
  url: string;
}

export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; reason: string };
