import type { ParseResult, ParsedJson, ParsedText, RawDocumentInput } from './document.js';
import { binaryMediaType, decodeBytes, sniffContentType } from './charset.js';
import { collapse } from './dom.js';
import { parseHtml } from './html.js';
import { jsonDepthExceeds } from './json-depth.js';
import { detectLanguage } from './language.js';
import { parsePdf } from './pdf.js';
import { parseXml } from './xml.js';
import { DocumentParseError } from './errors.js';

export type { ParseResult, ParsedDocument, ParsedXml, RawDocumentInput, XmlElement } from './document.js';
export { decodeBytes, sniffContentType, binaryMediaType, type SniffedType, type DecodedText } from './charset.js';
export { parseHtml, cssPath, BOILERPLATE_ATTRIBUTE } from './html.js';
export { selectElement, selectElements, collapsedText, walk } from './dom.js';
export { parsePdf, DEFAULT_PDF_LIMITS, type PdfLimits } from './pdf.js';
export { parseXml, DEFAULT_XML_LIMITS, type XmlLimits } from './xml.js';
export { DocumentParseError } from './errors.js';
export { detectLanguage } from './language.js';

/** Text kept from plain-text documents; beyond it the text is cut with a warning. */
const MAX_TEXT_CHARS = 10_000_000;
/** JSON parsed at most this large (JSON.parse holds the whole value in memory at several times the byte size). */
const MAX_JSON_BYTES = 50_000_000;
/** XML parsed at most this large (its element tree takes several times the byte size). */
const MAX_XML_BYTES = 50_000_000;
const MAX_JSON_DEPTH = 256;
const MAX_JSON_TEXT_LINES = 50_000;

/**
 * Stored bytes → Quarry's normalized document, by what the bytes are (the Content-Type may lie).
 * Never throws: anything that cannot be parsed comes back as `{ ok: false, reason }` in words a person understands.
 */
export async function parseDocument(input: RawDocumentInput): Promise<ParseResult> {
  try {
    return await dispatch(input);
  } catch (error) {
    if (error instanceof DocumentParseError) return { ok: false, reason: error.message };
    return { ok: false, reason: `could not parse ${input.url}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function dispatch({ bytes, contentType, url }: RawDocumentInput): Promise<ParseResult> {
  if (bytes.length === 0) return { ok: false, reason: 'document is empty (0 bytes)' };
  const type = sniffContentType(bytes, contentType);
  switch (type) {
    case 'html':
      return { ok: true, document: parseHtml(decodeBytes(bytes, contentType).text, url) };
    case 'pdf':
      return { ok: true, document: await parsePdf(bytes, url) };
    case 'json':
      return parseJson(bytes, contentType, url);
    case 'xml':
      if (bytes.length > MAX_XML_BYTES) return { ok: false, reason: `XML document is ${bytes.length.toLocaleString('en')} bytes; Quarry parses XML up to ${MAX_XML_BYTES.toLocaleString('en')} bytes` };
      return { ok: true, document: parseXml(decodeBytes(bytes, contentType).text, url) };
    case 'text':
      return { ok: true, document: parseText(decodeBytes(bytes, contentType).text, url) };
    case 'binary': {
      const kind = binaryMediaType(bytes) ?? mediaType(contentType) ?? 'unknown type';
      return { ok: false, reason: `binary content (${kind}) is not a document Quarry parses` };
    }
  }
}

function mediaType(contentType: string | null): string | null {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  return mime ? mime : null;
}

function parseJson(bytes: Uint8Array, contentType: string | null, url: string): ParseResult {
  if (bytes.length > MAX_JSON_BYTES) {
    return { ok: false, reason: `JSON document is ${bytes.length.toLocaleString('en')} bytes; Quarry parses JSON up to ${MAX_JSON_BYTES.toLocaleString('en')} bytes` };
  }
  const source = decodeBytes(bytes, contentType).text;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    return { ok: false, reason: `JSON is not valid: ${(error as Error).message}` };
  }
  if (jsonDepthExceeds(data, MAX_JSON_DEPTH)) return { ok: false, reason: `JSON is nested deeper than ${MAX_JSON_DEPTH} levels` };
  const warnings: string[] = [];
  const lines = jsonLeafLines(data, warnings);
  const text = lines.join('\n');
  const document: ParsedJson = { kind: 'json', url, title: jsonTitle(data), language: detectLanguage(text), text, data, warnings };
  return { ok: true, document };
}

/** `path: value` per leaf, so JSON text reads like the label/value lines the extractors know. */
function jsonLeafLines(data: unknown, warnings: string[]): string[] {
  const lines: string[] = [];
  const stack: Array<{ path: string; value: unknown }> = [{ path: '', value: data }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (lines.length >= MAX_JSON_TEXT_LINES) {
      warnings.push(`text lists the first ${MAX_JSON_TEXT_LINES.toLocaleString('en')} JSON values only`);
      break;
    }
    const { path, value } = entry;
    if (value !== null && typeof value === 'object') {
      const children = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ path: children[i]![0], value: children[i]![1] });
      continue;
    }
    const rendered = value === null ? 'null' : collapse(String(value));
    lines.push(path ? `${path}: ${rendered}` : rendered);
  }
  return lines;
}

function jsonTitle(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const record = data as Record<string, unknown>;
  const title = [record['title'], record['name'], record['headline']].find((v): v is string => typeof v === 'string' && v.trim().length > 0);
  return title ? collapse(title).slice(0, 500) : null;
}

function parseText(raw: string, url: string): ParsedText {
  const warnings: string[] = [];
  const source = truncate(raw, warnings);
  const lines = source.split(/\r\n|\r|\n/).map((line) => line.replace(/\s+$/, ''));
  const text = lines.map(collapse).filter((l) => l.length > 0).join('\n');
  const first = text.split('\n', 1)[0] ?? '';
  return { kind: 'text', url, title: first.length > 0 && first.length <= 200 ? first : null, language: detectLanguage(text), text, lines, warnings };
}

function truncate(text: string, warnings: string[]): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  warnings.push(`text truncated to the first ${MAX_TEXT_CHARS.toLocaleString('en')} of ${text.length.toLocaleString('en')} characters`);
  return text.slice(0, MAX_TEXT_CHARS);
}
