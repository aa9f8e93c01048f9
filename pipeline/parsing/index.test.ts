import { describe, expect, it } from 'vitest';
import { parseDocument } from './index.js';
import { OPERA_PRODUCTION_PAGE } from './fixtures.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
const url = 'https://example.org/doc';

describe('parseDocument', () => {
  it('parses an HTML page served as ISO-8859-1 with umlauts intact', async () => {
    const html = OPERA_PRODUCTION_PAGE.replace('<meta charset="utf-8">', '').replace(/[–©·“”]/g, '-');
    const result = await parseDocument({ bytes: latin1(html), contentType: 'text/html; charset=iso-8859-1', url });
    expect(result.ok).toBe(true);
    if (!result.ok || result.document.kind !== 'html') throw new Error('expected html');
    expect(result.document.text).toContain('Johanna Weißkirch');
    expect(result.document.text).toContain('Großes Haus');
  });

  it('sniffs HTML served with a wrong Content-Type', async () => {
    const result = await parseDocument({ bytes: utf8('<!doctype html><title>Aida</title><p>Oper</p>'), contentType: 'application/octet-stream', url });
    expect(result).toMatchObject({ ok: true, document: { kind: 'html', title: 'Aida' } });
  });

  it('parses JSON into data and label: value text', async () => {
    const payload = { title: 'Ausschreibung 2025/17', buyer: { name: 'Stadt Lindenau' }, lots: [{ value: 120000 }, { value: null }] };
    const result = await parseDocument({ bytes: utf8(JSON.stringify(payload)), contentType: 'application/json', url });
    expect(result).toMatchObject({ ok: true, document: { kind: 'json', title: 'Ausschreibung 2025/17', data: payload } });
    if (!result.ok) throw new Error(result.reason);
    expect(result.document.text.split('\n')).toEqual(['title: Ausschreibung 2025/17', 'buyer.name: Stadt Lindenau', 'lots[0].value: 120000', 'lots[1].value: null']);
  });

  it('parses plain text into lines with the first short line as title', async () => {
    const result = await parseDocument({ bytes: utf8('Vergabebekanntmachung\r\n\r\nAuftraggeber:  Stadt Lindenau\nFrist: 14.03.2025\n'), contentType: 'text/plain', url });
    expect(result).toMatchObject({
      ok: true,
      document: { kind: 'text', title: 'Vergabebekanntmachung', text: 'Vergabebekanntmachung\nAuftraggeber: Stadt Lindenau\nFrist: 14.03.2025' },
    });
  });

  it('parses XML into its element tree, CDATA included', async () => {
    const xml = '<?xml version="1.0"?><rss><channel><title>Spielplan</title><item><description><![CDATA[Tosca <b>heute</b>]]></description></item></channel></rss>';
    const result = await parseDocument({ bytes: utf8(xml), contentType: 'application/rss+xml', url });
    expect(result).toMatchObject({ ok: true, document: { kind: 'xml', title: 'Spielplan', text: 'channel/title: Spielplan\nitem/description: Tosca <b>heute</b>' } });
  });

  it('refuses empty input with a reason', async () => {
    expect(await parseDocument({ bytes: new Uint8Array(), contentType: 'text/html', url })).toEqual({ ok: false, reason: 'document is empty (0 bytes)' });
  });

  it('refuses binary content and names what it is', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await parseDocument({ bytes: png, contentType: 'text/html', url })).toEqual({
      ok: false,
      reason: 'binary content (image/png) is not a document Quarry parses',
    });
    const unknown = Uint8Array.from({ length: 256 }, (_, i) => (i * 31) % 256);
    expect(await parseDocument({ bytes: unknown, contentType: 'application/octet-stream', url })).toEqual({
      ok: false,
      reason: 'binary content (application/octet-stream) is not a document Quarry parses',
    });
  });

  it('refuses invalid and absurdly nested JSON with a reason', async () => {
    const invalid = await parseDocument({ bytes: utf8('{"a": '), contentType: 'application/json', url });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.reason).toMatch(/^JSON is not valid/);
    const deep = await parseDocument({ bytes: utf8('['.repeat(100_000) + ']'.repeat(100_000)), contentType: 'application/json', url });
    expect(deep).toEqual({ ok: false, reason: 'JSON is nested deeper than 256 levels' });
  });
});
