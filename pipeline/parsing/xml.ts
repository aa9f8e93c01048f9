import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ParsedXml, XmlElement } from './document.js';
import { collapse } from './dom.js';
import { DocumentParseError } from './errors.js';
import { detectLanguage } from './language.js';

/**
 * XML → a plain element tree the offline extractor reads by structure. Names are local (`cbc:ID` → `ID`), so the
 * same vocabulary reads the same whatever prefix a publisher picked; namespace declarations are dropped.
 *
 * Safe by construction: the parser (saxes) checks well-formedness, expands only XML's five predefined entities and
 * character references, never reads a DTD nor an external entity (a billion-laughs or XXE document fails on its
 * first entity reference), and the tree is built without recursion under caps on depth and element count.
 */
export interface XmlLimits {
  /** Deeper than this the document is refused: no real data format nests so far, hostile ones do. */
  maxDepth: number;
  /** Elements read; the rest of the document is left out with a warning. */
  maxElements: number;
  /** `Element: value` lines in the text; the rest are left out with a warning. */
  maxTextLines: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxElements: 500_000, maxTextLines: 50_000 };

/** Source fed to the parser in chunks, so the element cap stops it before the memory is spent. */
const CHUNK_CHARS = 64 * 1024;

export function parseXml(source: string, url: string, limits: XmlLimits = DEFAULT_XML_LIMITS): ParsedXml {
  const warnings: string[] = [];
  const root = buildTree(source, limits, warnings);
  const { lines, values } = textLines(root, limits.maxTextLines, warnings);
  return { kind: 'xml', url, title: titleOf(root), language: detectLanguage(values.join('\n')), text: lines.join('\n'), root, warnings };
}

/** The element name without its namespace prefix. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Namespace declarations and XML Schema instance plumbing (`xsi:schemaLocation`) say nothing about the data. */
function isPlumbing(attribute: string): boolean {
  return attribute === 'xmlns' || attribute.startsWith('xmlns:') || attribute.startsWith('xsi:');
}

function buildTree(source: string, limits: XmlLimits, warnings: string[]): XmlElement {
  // Prefixes are stripped rather than resolved: a feed using a prefix it never declared still reads.
  const parser = new SaxesParser({ xmlns: false, position: true });
  const open: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  let stopped = false;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (stopped) return;
    if (++elements > limits.maxElements) {
      stopped = true;
      warnings.push(`XML truncated: read the first ${limits.maxElements.toLocaleString('en')} elements only`);
      return;
    }
    if (open.length >= limits.maxDepth) throw new DocumentParseError(`XML is nested deeper than ${limits.maxDepth} levels`);
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) if (!isPlumbing(name)) attributes[localName(name)] = value;
    const element: XmlElement = { name: localName(tag.name), attributes, children: [] };
    const parent = open[open.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    if (!tag.isSelfClosing) open.push(element);
  });
  parser.on('closetag', (tag) => {
    if (!stopped && !tag.isSelfClosing) dropLayout(open.pop());
  });
  const addText = (text: string): void => {
    if (!stopped) open[open.length - 1]?.children.push(text);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    for (let offset = 0; offset < source.length && !stopped; offset += CHUNK_CHARS) parser.write(source.slice(offset, offset + CHUNK_CHARS));
    if (!stopped) parser.close();
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    throw new DocumentParseError(malformed(error, parser));
  }
  if (!root) throw new DocumentParseError('XML has no root element');
  // Elements still open where a truncated document stopped.
  open.forEach(dropLayout);
  return root;
}

/**
 * Blanks between child elements are layout, unless the element has text of its own: in mixed content
 * (`<P>two <B>new</B> schools</P>`) they are the spaces between its words.
 */
function dropLayout(element: XmlElement | undefined): void {
  if (element && !element.children.some((c) => typeof c === 'string' && c.trim() !== '')) {
    element.children = element.children.filter((c) => typeof c === 'object');
  }
}

/** saxes says `3:12: undefined entity.`; people read the position and, for entities, why Quarry refuses them. */
function malformed(error: unknown, parser: SaxesParser): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^.*?\d+:\d+: /, '').replace(/\.$/, '');
  const why = message === 'undefined entity' ? ": only XML's five predefined entities are expanded, never entities a DTD declares" : '';
  return `XML is not well-formed at line ${parser.line}, column ${parser.column}: ${message}${why}`;
}

/**
 * `Parent/Element: value` for every text and `Element@attribute: value` for every attribute, so the text reads like
 * the label/value lines a person (or an LLM) sees and holds every value validation looks for. Mixed content
 * (`<P>two <B>new</B> schools</P>`) is one line of its whole text, as the extractor reads it. `values` is the text
 * without the names, for language detection.
 */
function textLines(root: XmlElement, maxLines: number, warnings: string[]): { lines: string[]; values: string[] } {
  const lines: string[] = [];
  const values: string[] = [];
  const stack: Array<{ element: XmlElement; parent: string | null; inText: boolean }> = [{ element: root, parent: null, inText: false }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (lines.length >= maxLines) {
      warnings.push(`text lists the first ${maxLines.toLocaleString('en')} XML values only`);
      break;
    }
    const { element, parent, inText } = entry;
    for (const [name, value] of Object.entries(element.attributes)) {
      if (collapse(value) !== '') lines.push(`${element.name}@${name}: ${collapse(value)}`);
    }
    const ownText = element.children.some((c) => typeof c === 'string');
    const mixed = ownText && element.children.some((c) => typeof c === 'object');
    const text = inText || !ownText ? '' : collapse(mixed ? allText(element) : element.children.join(' '));
    if (text !== '') {
      lines.push(`${parent ? `${parent}/${element.name}` : element.name}: ${text}`);
      values.push(text);
    }
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i];
      if (typeof child === 'object') stack.push({ element: child, parent: element.name, inText: inText || mixed });
    }
  }
  return { lines, values };
}

/**
 * The shallowest `title` or `headline` element, the first of those in document order, as its whole text: the
 * document's own title sits above its items' (an RSS channel's above its items', a notice's above its lots'). A
 * document without one is titled by its shallowest `name` (a project's, a product's), as JSON is.
 */
function titleOf(root: XmlElement): string | null {
  return shallowestText(root, /^(title|headline)$/i) ?? shallowestText(root, /^name$/i);
}

function shallowestText(root: XmlElement, name: RegExp): string | null {
  let level: XmlElement[] = [root];
  while (level.length > 0) {
    for (const element of level) {
      if (!name.test(element.name)) continue;
      const text = collapse(allText(element));
      if (text !== '') return text.slice(0, 500);
    }
    level = level.flatMap((element) => element.children.filter((c): c is XmlElement => typeof c === 'object'));
  }
  return null;
}

/**
 * Every text below an element in document order: mixed content as written, the texts of separate child elements
 * (paragraphs, list items) with a space between them. Recursion is bounded by the parser's depth cap.
 */
export function allText(element: XmlElement): string {
  const mixed = element.children.some((c) => typeof c === 'string');
  return element.children.map((c) => (typeof c === 'string' ? c : allText(c))).join(mixed ? '' : ' ');
}
