/**
 * Bytes → text the way a browser would do it (WHATWG encoding sniffing, simplified):
 * byte order mark, then the Content-Type charset, then a `<meta>` / `<?xml?>` declaration in the first 2 KB,
 * else UTF-8 when the bytes are valid UTF-8 and windows-1252 when they are not (old German/Italian/French pages).
 */

export type CharsetSource = 'bom' | 'header' | 'meta' | 'xml' | 'default';

export interface DecodedText {
  text: string;
  /** WHATWG encoding name actually used (`utf-8`, `windows-1252`, `utf-16le`, …). */
  charset: string;
  source: CharsetSource;
}

/** How far into the bytes a `<meta charset>` or `<?xml encoding?>` declaration is looked for (the HTML spec uses 1024). */
const PRESCAN_BYTES = 2048;

export function decodeBytes(bytes: Uint8Array, contentType: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return { text: decodeWith(bytes, bom), charset: bom, source: 'bom' };

  const fromHeader = contentType ? supportedEncoding(charsetParameter(contentType)) : null;
  if (fromHeader) return { text: decodeWith(bytes, fromHeader), charset: fromHeader, source: 'header' };

  const declared = prescanDeclaration(bytes);
  if (declared) return { text: decodeWith(bytes, declared.charset), charset: declared.charset, source: declared.source };

  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8', source: 'default' };
  } catch {
    return { text: decodeWith(bytes, 'windows-1252'), charset: 'windows-1252', source: 'default' };
  }
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}

/**
 * Node 20's TextDecoder decodes `windows-1252` (and its aliases latin1/iso-8859-1) as plain ISO-8859-1, turning
 * € „ “ ” – — into C1 control characters. The difference is only 0x80–0x9F, so that range is mapped here.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let chunk = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      chunk += b >= 0x80 && b <= 0x9f ? WINDOWS_1252_C1[b - 0x80] : String.fromCharCode(b);
    }
    chunks.push(chunk);
  }
  return chunks.join('');
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/** `text/html; charset="ISO-8859-1"` → `ISO-8859-1`. */
export function charsetParameter(contentType: string): string | null {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+))/i.exec(contentType);
  if (!match) return null;
  return (match[1] ?? match[2] ?? match[3] ?? '').trim() || null;
}

/** The WHATWG name for a charset label, or null when TextDecoder does not know it. */
function supportedEncoding(label: string | null): string | null {
  if (!label) return null;
  try {
    const encoding = new TextDecoder(label).encoding;
    // A document that says it is UTF-16 but has no BOM is ASCII-compatible bytes mislabelled (HTML spec §13.2.3.2).
    return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  } catch {
    return null;
  }
}

function prescanDeclaration(bytes: Uint8Array): { charset: string; source: 'meta' | 'xml' } | null {
  // latin1 maps every byte to one char, so ASCII declarations read the same in any ASCII-compatible encoding.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES));
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const xmlCharset = supportedEncoding(xml?.[1] ?? null);
  if (xmlCharset) return { charset: xmlCharset, source: 'xml' };
  for (const meta of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = meta[0];
    const direct = /\bcharset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(tag);
    const charset = supportedEncoding(direct?.[1] ?? null);
    if (charset) return { charset, source: 'meta' };
  }
  return null;
}

/** What the bytes are, whatever the Content-Type claims. */
export type SniffedType = 'html' | 'pdf' | 'json' | 'xml' | 'text' | 'binary';

const BINARY_SIGNATURES: Array<{ mime: string; bytes: number[]; offset?: number }> = [
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
  { mime: 'image/bmp', bytes: [0x42, 0x4d] },
  { mime: 'image/x-icon', bytes: [0x00, 0x00, 0x01, 0x00] },
  { mime: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'application/gzip', bytes: [0x1f, 0x8b] },
  { mime: 'application/x-7z-compressed', bytes: [0x37, 0x7a, 0xbc, 0xaf] },
  { mime: 'application/x-rar-compressed', bytes: [0x52, 0x61, 0x72, 0x21] },
  { mime: 'application/wasm', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { mime: 'application/x-executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { mime: 'font/woff', bytes: [0x77, 0x4f, 0x46, 0x46] },
  { mime: 'font/woff2', bytes: [0x77, 0x4f, 0x46, 0x32] },
  { mime: 'audio/mpeg', bytes: [0x49, 0x44, 0x33] },
  { mime: 'video/mp4', bytes: [0x66, 0x74, 0x79, 0x70], offset: 4 },
  { mime: 'application/vnd.ms-office', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
];

/** The media type of known binary formats by magic bytes, e.g. `image/png`; null when no signature matches. */
export function binaryMediaType(bytes: Uint8Array): string | null {
  for (const signature of BINARY_SIGNATURES) {
    const offset = signature.offset ?? 0;
    if (signature.bytes.every((b, i) => bytes[offset + i] === b)) return signature.mime;
  }
  return null;
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PDF_MAGIC_BYTES = Buffer.from(PDF_MAGIC);

/** `%PDF-` within the first KB: the PDF spec tolerates junk before the header and readers accept it. */
export function hasPdfMagic(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024 + PDF_MAGIC.length));
  return head.indexOf(PDF_MAGIC_BYTES) >= 0;
}

export function sniffContentType(bytes: Uint8Array, declared: string | null): SniffedType {
  const mime = (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (hasPdfMagic(bytes)) return 'pdf';
  if (binaryMediaType(bytes)) return 'binary';

  const head = textHead(bytes);
  if (head === null) return mime === 'application/pdf' ? 'pdf' : 'binary';
  const start = head.replace(/^\s+/, '').toLowerCase();

  if (/^<!doctype\s+html|^<html[\s>]/.test(start)) return 'html';
  if (start.startsWith('<?xml') || /^<(rss|feed|urlset|sitemapindex)[\s>]/.test(start)) {
    return /<html[\s>]|<!doctype\s+html/.test(start) ? 'html' : 'xml';
  }
  if (/^[{[]/.test(start) && (mime.includes('json') || looksLikeJsonStart(start))) return 'json';
  // An element start declared XML, or declaring a namespace, is XML even when it holds a `<TITLE>` or a `<P>`.
  if (/^<[a-z_]/.test(start) && (isXmlMime(mime) || /^<[\w.:-]+\s[^>]*\bxmlns(?::[\w.-]+)?\s*=/.test(start))) return 'xml';
  if (/<(head|body|title|meta|div|p|table|h1|article|main)[\s>]/.test(start)) return 'html';
  if (start.startsWith('<!--') && (mime === 'text/html' || mime === 'application/xhtml+xml' || mime === '')) return 'html';

  if (mime === 'application/pdf') return 'pdf'; // textual bytes labelled PDF: the PDF parser explains what is wrong
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime.includes('json')) return 'json';
  if (isXmlMime(mime)) return 'xml';
  if (isBinaryMime(mime)) return 'binary';
  return 'text';
}

/** `application/xml`, `text/xml`, `application/atom+xml`, …; XHTML is HTML. */
function isXmlMime(mime: string): boolean {
  return (mime.endsWith('/xml') || mime.endsWith('+xml')) && mime !== 'application/xhtml+xml';
}

function isBinaryMime(mime: string): boolean {
  return /^(image|audio|video|font)\//.test(mime) || mime === 'application/octet-stream' || mime === 'application/zip';
}

function looksLikeJsonStart(start: string): boolean {
  return /^(\{\s*("|\})|\[\s*(["{[\]\d-]|true|false|null))/.test(start);
}

/** The first 1 KB as text, or null when it looks binary (NUL bytes or many control characters). */
function textHead(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, 1024);
  const bom = bomEncoding(sample);
  if (bom?.startsWith('utf-16')) return new TextDecoder(bom).decode(sample);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return null;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.1) return null;
  return new TextDecoder('utf-8').decode(sample);
}
