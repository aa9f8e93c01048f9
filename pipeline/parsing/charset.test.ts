import { describe, expect, it } from 'vitest';
import { binaryMediaType, charsetParameter, decodeBytes, sniffContentType } from './charset.js';

const GERMAN = 'Größe, Übermaß und Fräulein; Straße';
const latin1 = (text: string) => Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeBytes', () => {
  it('decodes ISO-8859-1 German, Italian and French text named in the Content-Type', () => {
    for (const text of ['Größe Übermaß Fräulein', 'città, perché, più', 'élève, garçon, où, cœur'.replace('œ', 'oe')]) {
      expect(decodeBytes(latin1(text), 'text/html; charset=ISO-8859-1')).toEqual({ text, charset: 'windows-1252', source: 'header' });
    }
  });

  it('decodes windows-1252 specials such as the euro sign and curly quotes', () => {
    const bytes = Uint8Array.from([0x80, 0x20, 0x93, 0x4f, 0x70, 0x65, 0x72, 0x94]);
    expect(decodeBytes(bytes, 'text/html; charset="windows-1252"').text).toBe('€ “Oper”');
    expect(decodeBytes(Uint8Array.from([0x4b, 0xf6, 0x6c, 0x6e, 0x20, 0x96, 0x20, 0x84, 0x41, 0x93]), null).text).toBe('Köln – „A“');
  });

  it('reads the charset from <meta charset> and from http-equiv when the header has none', () => {
    const meta = latin1(`<html><head><meta charset="iso-8859-1"><title>${GERMAN}</title>`);
    expect(decodeBytes(meta, 'text/html')).toMatchObject({ charset: 'windows-1252', source: 'meta' });
    expect(decodeBytes(meta, 'text/html').text).toContain(GERMAN);
    const equiv = latin1(`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15"><p>${GERMAN}</p>`);
    expect(decodeBytes(equiv, null)).toMatchObject({ charset: 'iso-8859-15', source: 'meta' });
    expect(decodeBytes(equiv, null).text).toContain(GERMAN);
  });

  it('reads the encoding of an XML declaration', () => {
    const xml = latin1(`<?xml version="1.0" encoding="ISO-8859-1"?><feed><title>${GERMAN}</title></feed>`);
    expect(decodeBytes(xml, 'application/xml')).toMatchObject({ charset: 'windows-1252', source: 'xml' });
  });

  it('lets a byte order mark win over header and meta, and strips it', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`<meta charset="iso-8859-1">${GERMAN}`)]);
    expect(decodeBytes(bom, 'text/html; charset=iso-8859-1')).toEqual({ text: `<meta charset="iso-8859-1">${GERMAN}`, charset: 'utf-8', source: 'bom' });
  });

  it('decodes UTF-16 in both byte orders from the BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, ...[...GERMAN].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8])]);
    const be = new Uint8Array([0xfe, 0xff, ...[...GERMAN].flatMap((ch) => [ch.charCodeAt(0) >> 8, ch.charCodeAt(0) & 0xff])]);
    expect(decodeBytes(le, null)).toEqual({ text: GERMAN, charset: 'utf-16le', source: 'bom' });
    expect(decodeBytes(be, 'text/html; charset=utf-8')).toEqual({ text: GERMAN, charset: 'utf-16be', source: 'bom' });
  });

  it('uses UTF-8 by default and windows-1252 when the bytes are not valid UTF-8', () => {
    expect(decodeBytes(utf8(GERMAN), null)).toEqual({ text: GERMAN, charset: 'utf-8', source: 'default' });
    expect(decodeBytes(latin1(GERMAN), null)).toEqual({ text: GERMAN, charset: 'windows-1252', source: 'default' });
  });

  it('ignores unknown charset labels and a meta tag claiming UTF-16 on ASCII bytes', () => {
    expect(decodeBytes(utf8(GERMAN), 'text/html; charset=klingon-7')).toMatchObject({ text: GERMAN, source: 'default' });
    expect(decodeBytes(utf8(`<meta charset="utf-16">${GERMAN}`), null)).toMatchObject({ charset: 'utf-8', source: 'meta' });
  });

  it('does not look for a meta tag beyond the first 2 KB', () => {
    const late = latin1(`${' '.repeat(3000)}<meta charset="iso-8859-1">${GERMAN}`);
    expect(decodeBytes(late, null)).toMatchObject({ charset: 'windows-1252', source: 'default' });
  });

  it('decodes empty input to empty text', () => {
    expect(decodeBytes(new Uint8Array(), null)).toEqual({ text: '', charset: 'utf-8', source: 'default' });
  });
});

describe('charsetParameter', () => {
  it('reads quoted and unquoted values and ignores other parameters', () => {
    expect(charsetParameter('text/html;charset=UTF-8')).toBe('UTF-8');
    expect(charsetParameter('text/html; boundary=x; charset="latin1"')).toBe('latin1');
    expect(charsetParameter('text/html')).toBeNull();
    expect(charsetParameter('text/html; charset=')).toBeNull();
  });
});

describe('sniffContentType', () => {
  const pdfHead = utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj');
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

  it('trusts magic bytes over the declared type', () => {
    expect(sniffContentType(pdfHead, 'text/html')).toBe('pdf');
    expect(sniffContentType(png, 'text/html; charset=utf-8')).toBe('binary');
    expect(sniffContentType(utf8('<!DOCTYPE html><html><body>x'), 'application/octet-stream')).toBe('html');
  });

  it('finds a PDF header behind up to 1 KB of junk, also inside a larger buffer, and no further', () => {
    const at = (offset: number) => {
      const bytes = new Uint8Array(offset + pdfHead.length);
      bytes.fill(0x20, 0, offset);
      bytes.set(pdfHead, offset);
      return bytes;
    };
    expect(sniffContentType(at(1024), 'text/html')).toBe('pdf');
    expect(sniffContentType(at(1025), 'text/html')).toBe('html');
    const shared = new Uint8Array(4096);
    shared.set(pdfHead, 2000);
    expect(sniffContentType(shared.subarray(1000), null)).toBe('pdf');
    expect(sniffContentType(shared.subarray(0, 2003), null)).not.toBe('pdf');
    expect(sniffContentType(utf8('%PDF'), 'text/plain')).toBe('text');
  });

  it('recognizes HTML, XML, JSON and plain text by their start', () => {
    expect(sniffContentType(utf8('\n  <html lang="de">'), null)).toBe('html');
    expect(sniffContentType(utf8('<div class="a">fragment</div>'), null)).toBe('html');
    expect(sniffContentType(utf8('<?xml version="1.0"?><rss><channel/></rss>'), null)).toBe('xml');
    expect(sniffContentType(utf8('<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'), null)).toBe('html');
    expect(sniffContentType(utf8('{"name": "Tosca"}'), 'text/plain')).toBe('json');
    expect(sniffContentType(utf8('[1, 2]'), null)).toBe('json');
    expect(sniffContentType(utf8('Dirigent: Maria Rossi'), null)).toBe('text');
    expect(sniffContentType(utf8('[Abschnitt] kein JSON'), null)).toBe('text');
  });

  it('takes an XML document without a declaration for XML when it is served as XML or declares a namespace, whatever elements it holds', () => {
    const notice = '<NOTICE><TITLE><P>Schule</P></TITLE></NOTICE>';
    expect(sniffContentType(utf8(notice), 'application/xml')).toBe('xml');
    expect(sniffContentType(utf8(notice), 'application/atom+xml; charset=utf-8')).toBe('xml');
    expect(sniffContentType(utf8(notice), null)).toBe('html');
    expect(sniffContentType(utf8('<cn:Notice xmlns:cn="urn:example:notice"><cn:Title>Schule</cn:Title></cn:Notice>'), null)).toBe('xml');
    expect(sniffContentType(utf8('<html xmlns="http://www.w3.org/1999/xhtml"><title>x</title></html>'), 'application/xml')).toBe('html');
    expect(sniffContentType(utf8('<div><p>fragment</p></div>'), 'application/xhtml+xml')).toBe('html');
  });

  it('falls back to the declared type for text that does not say what it is', () => {
    expect(sniffContentType(utf8('Hallo Welt'), 'text/html')).toBe('html');
    expect(sniffContentType(utf8('a,b,c'), 'application/xml')).toBe('xml');
    expect(sniffContentType(utf8('not really a pdf'), 'application/pdf')).toBe('pdf');
  });

  it('calls NUL-laden or control-character bytes binary', () => {
    const garbage = Uint8Array.from({ length: 512 }, (_, i) => (i * 7919) % 256);
    expect(sniffContentType(garbage, 'text/html')).toBe('binary');
    expect(sniffContentType(utf8('plain'), 'image/svg+xml')).toBe('xml');
    expect(sniffContentType(utf8('plain'), 'image/png')).toBe('binary');
  });

  it('names binary formats by their magic bytes', () => {
    expect(binaryMediaType(png)).toBe('image/png');
    expect(binaryMediaType(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe('application/gzip');
    expect(binaryMediaType(utf8('hello'))).toBeNull();
  });
});
