import { describe, expect, it } from 'vitest';
import { record, type FieldSpec } from '../clustering/fixtures.js';
import { parseDocument } from '../parsing/index.js';
import { mapRecord } from '../schema/emit.js';
import type { SchemaDef, SchemaFieldDef } from '../schema/model.js';
import { groundingText, validateRow } from './validate.js';

const field = (name: string, type: SchemaFieldDef['type'], required = true): SchemaFieldDef => ({
  name,
  type,
  required,
  description: name,
  coverage: 1,
  examples: [],
  sources: [name],
  evidence: [],
  stats: { distinct: 0 },
});

const def: SchemaDef = {
  name: 'festival',
  namespace: 'quarry',
  tableName: 'festivals',
  description: 'invented festivals',
  fields: [field('title', 'string'), field('conductor', 'string'), field('run', 'date_range'), field('seats', 'integer', false), field('price_min', 'number', false), field('price_max', 'number', false)],
};

const PAGE = `<!doctype html><html lang="de"><head><title>Sommerfest 2027</title>
<script type="application/ld+json">{"@type":"Event","organizer":"Stadt Ölberg"}</script></head>
<body><main><h1>Sommerfest   2027</h1><p>Dirigent: KARL BÖHM</p><p>Vom 12.07.2027 bis 20.07.2027</p><p>Plätze: 1200</p>
<p>Preise 20 € bis 50 €</p></main></body></html>`;

async function grounding(html: string): Promise<string> {
  const parsed = await parseDocument({ bytes: new TextEncoder().encode(html), contentType: 'text/html', url: 'https://fest.test/2027' });
  if (!parsed.ok) throw new Error(parsed.reason);
  return groundingText(parsed.document);
}

function row(fields: FieldSpec[]) {
  return mapRecord(def, record(fields), { rowId: 'r1', documentId: 'doc1', url: 'https://fest.test/2027', extractionId: 'ext1' });
}

const good: FieldSpec[] = [
  ['title', 'string', 'Sommerfest 2027'],
  ['conductor', 'string', 'Karl Böhm'],
  ['run', 'date_range', { start: '2027-07-12', end: '2027-07-20' }],
  ['seats', 'integer', 1200],
];

/** Raw strings as a page shows them: grounding looks for these, not for the normalized values. */
function withRaw(fields: FieldSpec[], raws: Record<string, string>) {
  const mapped = row(fields);
  for (const [k, v] of Object.entries(raws)) mapped.raw[k] = v;
  return mapped;
}

const RUN_RAW = { run: '12.07.2027 bis 20.07.2027' };

describe('row validation', () => {
  it('passes a row whose values all appear in the document, across case, accents and spacing', async () => {
    const text = await grounding(PAGE);
    expect(validateRow(def, withRaw(good, RUN_RAW), text)).toEqual([]);
  });

  it('flags a value that the document does not contain', async () => {
    const text = await grounding(PAGE);
    const problems = validateRow(def, withRaw([...good.filter(([n]) => n !== 'conductor'), ['conductor', 'string', 'Herbert Invented']], RUN_RAW), text);
    expect(problems).toEqual([{ field: 'conductor', rule: 'grounding', message: 'value "Herbert Invented" does not appear in the document' }]);
  });

  it('finds values that only structured data on the page carries', async () => {
    const text = await grounding(PAGE);
    expect(text).toContain('stadt olberg');
  });

  it('grounds a link by its target, as written on the page and resolved, but not a target the page lacks', async () => {
    const text = await grounding(PAGE.replace('</main>', '<a href="/documents/tender-7.pdf">Unterlagen</a> <a href="https://elsewhere.test/x?y=1">Anderswo</a></main>'));
    const withLink = (raw: string) => validateRow(def, withRaw([...good, ['document', 'url', raw]], { ...RUN_RAW, document: raw }), text);
    expect(withLink('/documents/tender-7.pdf')).toEqual([]);
    expect(withLink('https://fest.test/documents/tender-7.pdf')).toEqual([]);
    expect(withLink('https://elsewhere.test/x?y=1')).toEqual([]);
    expect(withLink('/documents/tender-8.pdf').map((p) => p.rule)).toEqual(['grounding']);
  });

  it('grounds running text line by line: paragraphs the page holds apart, but not a line it lacks', async () => {
    const text = await grounding(PAGE.replace('</main>', '<p>Das Fest beginnt am Abend.</p><div class="ad">Anzeige</div><p>Der Eintritt ist frei.</p></main>'));
    const withBody = (raw: string) => validateRow(def, withRaw([...good, ['body', 'string', raw]], { ...RUN_RAW, body: raw }), text);
    expect(withBody('Das Fest beginnt am Abend.\nDer Eintritt ist frei.')).toEqual([]);
    expect(withBody('Das Fest beginnt am Abend.\nDer Eintritt kostet 90 €.').map((p) => p.rule)).toEqual(['grounding']);
  });

  it('flags a range that ends before it starts', () => {
    const problems = validateRow(def, row([...good.filter(([n]) => n !== 'run'), ['run', 'date_range', { start: '2027-07-20', end: '2027-07-12' }]]), null);
    expect(problems).toEqual([{ field: 'run', rule: 'cross_field', message: 'starts 2027-07-20 after it ends 2027-07-12' }]);
  });

  it('flags a minimum above its maximum', () => {
    const problems = validateRow(def, row([...good, ['price_min', 'number', 50], ['price_max', 'number', 20]]), null);
    expect(problems.map((p) => [p.field, p.rule])).toEqual([['price', 'cross_field']]);
  });

  it('compares numbers as numbers: 8 is not after 60', () => {
    expect(validateRow(def, row([...good, ['price_min', 'number', 8], ['price_max', 'number', 60]]), null)).toEqual([]);
  });

  it('accepts equal bounds and a range of one day', () => {
    expect(validateRow(def, row([...good.filter(([n]) => n !== 'run'), ['run', 'date_range', { start: '2027-07-12', end: '2027-07-12' }], ['price_min', 'number', 20], ['price_max', 'number', 20]]), null)).toEqual([]);
  });

  it('rejects rows that do not parse against the schema, naming the column', () => {
    const missing = validateRow(def, row(good.filter(([n]) => n !== 'title')), null);
    expect(missing.map((p) => [p.field, p.rule])).toEqual([['title', 'schema']]);
    const mapped = row(good);
    mapped.row.seats = 12.5;
    mapped.row.smuggled = 'x';
    expect(validateRow(def, mapped, null).map((p) => [p.field, p.rule])).toEqual(expect.arrayContaining([['seats', 'schema'], ['(row)', 'schema']]));
  });

  it('takes hostile values literally: regex characters, markup, a value made of only spaces', async () => {
    const text = await grounding(PAGE);
    const hostile = withRaw([...good.filter(([n]) => n !== 'conductor'), ['conductor', 'string', '.*']], RUN_RAW);
    expect(validateRow(def, hostile, text).map((p) => p.rule)).toEqual(['grounding']);
    const markup = withRaw([...good.filter(([n]) => n !== 'conductor'), ['conductor', 'string', '<p>Dirigent: KARL BÖHM</p>']], RUN_RAW);
    expect(validateRow(def, markup, text).map((p) => p.rule)).toEqual(['grounding']);
    const blank = withRaw([...good.filter(([n]) => n !== 'conductor'), ['conductor', 'string', '   ']], RUN_RAW);
    expect(validateRow(def, blank, text)).toEqual([]);
  });

  it('grounds against an empty page by flagging every value, and against a huge page without trouble', async () => {
    const empty = await grounding('<html><body></body></html>');
    expect(validateRow(def, row(good), empty).filter((p) => p.rule === 'grounding').length).toBeGreaterThanOrEqual(3);
    const huge = await grounding(`<html><body>${'<p>Füllwort und noch eins</p>'.repeat(5_000)}${PAGE}</body></html>`);
    expect(validateRow(def, withRaw(good, RUN_RAW), huge)).toEqual([]);
  });

  it('checks the value of each nested record against the document too', async () => {
    const nestedDef: SchemaDef = { ...def, fields: [field('title', 'string'), { ...field('cast', 'records', false), fields: [field('role', 'string'), field('performer', 'string')] }] };
    const cast = (performer: string): FieldSpec => ['cast', 'list', [{ role: 'Dirigent', performer }]];
    const mapped = (performer: string) => {
      const r = record([['title', 'string', 'Sommerfest 2027'], cast(performer)]);
      const castField = r.fields[1];
      if (castField) castField.records = [record([['role', 'string', 'Dirigent'], ['performer', 'string', performer]])];
      return mapRecord(nestedDef, r, { rowId: 'r', documentId: 'd', url: 'u', extractionId: 'e' });
    };
    const text = await grounding(PAGE);
    expect(validateRow(nestedDef, mapped('Karl Böhm'), text)).toEqual([]);
    expect(validateRow(nestedDef, mapped('Nobody Atall'), text)).toEqual([{ field: 'cast[0].performer', rule: 'grounding', message: 'value "Nobody Atall" does not appear in the document' }]);
  });
});

describe('long texts and what a rejected value was compared to', () => {
  const ABOUT = `<!doctype html><html lang="nl"><head><title>Wie zijn wij</title></head><body><main><h1>Wie zijn wij</h1>
<p>Wij worden gesteund door de gemeente en door onze vrienden.</p><aside><a href="/doneer">Doneer nu</a></aside>
<p>Elk jaar verwelkomen wij bezoekers uit de hele regio. Ons team telt 147 mensen.</p><p>Wij spelen in drie zalen.</p></main></body></html>`;
  const about: SchemaDef = { ...def, fields: [field('title', 'string'), field('body', 'string', false)] };
  const text = (body: string) => mapRecord(about, record([['title', 'string', 'Wie zijn wij'], ['body', 'string', body]]), { rowId: 'r', documentId: 'd', url: 'https://x.test/', extractionId: 'e' });

  it('grounds a text put together from the paragraphs of a page, passage by passage, whatever stood between them', async () => {
    const g = await grounding(ABOUT);
    const body = 'Wij worden gesteund door de gemeente en door onze vrienden. Elk jaar verwelkomen wij bezoekers uit de hele regio. Ons team telt 147 mensen. Wij spelen in drie zalen. '.repeat(2);
    expect(validateRow(about, text(body), g)).toEqual([]);
  });

  it('still refuses a long text the page does not say, and shows what the page has where it starts', async () => {
    const g = await grounding(ABOUT);
    const invented = 'Wij worden gesteund door een geheime stichting in het buitenland. Elk jaar sluiten wij de deuren voor iedereen. Ons team telt drie robots die nooit slapen en alles weten. Niemand heeft ons ooit gezien.';
    const problems = validateRow(about, text(invented), g);
    expect(problems).toEqual([{ field: 'body', rule: 'grounding', message: expect.stringMatching(/does not appear in the document; the document has "wij worden gesteund door de gemeente/) }]);
  });
});

describe('lists and cut values', () => {
  const def2: SchemaDef = { ...def, fields: [field('title', 'string'), field('cpv_codes', 'string', false), field('summary', 'string', false)] };
  const PAGE2 = `<!doctype html><html><body><main><h1>Notice</h1><p>CPV: 45000000-7</p><p>Also: 71000000-8</p><p>${'A long description of the works. '.repeat(3)}</p></main></body></html>`;
  it('grounds a list item by item and a value cut with an ellipsis by what comes before it', async () => {
    const g = await grounding(PAGE2);
    const mapped = mapRecord(def2, record([['title', 'string', 'Notice'], ['cpv_codes', 'string', '45000000-7; 71000000-8'], ['summary', 'string', 'A long description of the works. A long…']]), { rowId: 'r', documentId: 'd', url: 'https://x.test/', extractionId: 'e' });
    expect(validateRow(def2, mapped, g)).toEqual([]);
    const wrong = mapRecord(def2, record([['title', 'string', 'Notice'], ['cpv_codes', 'string', '45000000-7; 99999999-9']]), { rowId: 'r', documentId: 'd', url: 'https://x.test/', extractionId: 'e' });
    expect(validateRow(def2, wrong, g).map((p) => p.field)).toEqual(['cpv_codes']);
  });
});
