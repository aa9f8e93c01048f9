import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { extraction, record, type FieldSpec } from '../clustering/fixtures.js';
import { saveExtraction } from '../extraction/repository.js';
import { openTestServices, type TestServices } from '../../server/testing.js';
import { emitZodSource, mapRecord, toZod } from './emit.js';
import { induceSchema } from './induce.js';

const production = (i: number, extra: FieldSpec[] = []) =>
  extraction(`https://opera.test/p/${i}`, [
    record([
      ['title', 'string', `Oper ${i}`, 'Titel'],
      ['conductor', 'string', `Person ${i}`, 'Dirigent'],
      ['seats', i % 2 === 0 ? 'integer' : 'number', i % 2 === 0 ? 1200 : 1200.5, 'Plätze'],
      ['premiere', 'date', `2027-03-1${i % 10}`, 'Premiere'],
      ['genre', 'string', i % 2 === 0 ? 'Oper' : 'Ballett', 'Sparte'],
      ...(i < 2 ? ([['sponsor', 'string', 'Bank', 'Sponsor']] as FieldSpec[]) : []),
      ...extra,
    ]),
  ]);

describe('what a reviewer reads on the page, typed by its values', () => {
  const meta = (f: ReturnType<typeof record>['fields'][number], path?: string) => ({ ...f, provenance: [path ? { kind: 'css' as const, path } : { kind: 'meta' as const, path: f.name }] });
  const page = (site: number, i: number) => {
    const r = record([
      ['headline', 'string', `Oper ${site}-${i}`, 'h1'],
      ['og_title', 'string', `Oper ${site}-${i}`, 'og:title'],
      ['title', 'string', `Oper ${site}-${i} – Haus ${site}`, 'title'],
      ['og_site_name', 'string', `Haus ${site}`, 'og:site_name'],
      ['description', 'string', `Eine Oper, Nummer ${i} von Haus ${site}`, 'description'],
      ['premiere', i % 2 === 0 ? 'date' : 'datetime', i % 2 === 0 ? `2027-03-1${i}` : `2027-03-1${i}T19:30`, 'Premiere'],
      ['price', 'money', i === 3 ? { amount: 40, currency: 'EUR' } : { min: 10 + i, max: 90 + i, currency: 'EUR' }, 'Preise'],
    ]);
    r.fields = r.fields.map((f) => (f.name === 'title' ? meta(f, 'title') : ['og_title', 'og_site_name', 'description'].includes(f.name) ? meta(f) : f));
    return extraction(`https://haus${site}.test/p/${i}`, [r]);
  };
  const samples = [0, 1, 2].flatMap((site) => [0, 1, 2, 3].map((i) => page(site, i)));
  const induction = induceSchema(samples, { name: 'production' });
  const field = (name: string) => induction.schema.fields.find((f) => f.name === name);

  it('leaves out page metadata that repeats a visible field or names the site, and never requires metadata', () => {
    expect(induction.leftOut).toEqual([
      { name: 'og_title', reason: 'page metadata repeating the visible field headline' },
      { name: 'title', reason: 'page metadata repeating the visible field headline' },
      { name: 'og_site_name', reason: 'page metadata with one value per site (the site, not the document)' },
    ]);
    // The heading takes the name a reviewer gives it, and keeps where it came from.
    expect(field('title')).toMatchObject({ required: true, sources: ['headline'] });
    expect(field('description')).toMatchObject({ required: false, coverage: 1 });
  });

  it('types a date that only some documents give with a time as a timestamp holding the day where no time is given, and a money range as min, max and currency', () => {
    expect(field('premiere')?.type).toBe('datetime');
    expect(field('price')?.type).toBe('money_range');
    const rows = samples.map((s, i) => mapRecord(induction.schema, s.records[0] as ReturnType<typeof record>, { rowId: `r${i}`, documentId: `d${i}`, url: s.url, extractionId: `e${i}` }).row);
    expect(rows[0]).toMatchObject({ premiere: '2027-03-10' });
    expect(rows[1]).toMatchObject({ premiere: '2027-03-11T19:30', price_min: 11, price_max: 91, price_currency: 'EUR' });
    expect(rows[3]).toMatchObject({ price_min: 40, price_max: 40 });
    expect(rows.every((r) => toZod(induction.schema).safeParse(r).success)).toBe(true);
  });
});

describe('date-times with an offset', () => {
  it('maps "09:30+01:00" with its seconds, which the engines need to read it, and keeps a local time as written', () => {
    const samples = [0, 1, 2].map((i) => extraction(`https://t.test/${i}`, [record([['title', 'string', `T ${i}`, 'h1'], ['deadline', 'datetime', i === 0 ? '2027-02-23T09:30' : `2027-02-2${i}T09:30+01:00`, 'Frist']])]));
    const { schema } = induceSchema(samples, { name: 'notice' });
    const rows = samples.map((e) => mapRecord(schema, e.records[0] as ReturnType<typeof record>, { rowId: 'r', documentId: 'd', url: e.url, extractionId: 'e' }).row);
    expect(rows.map((r) => r.deadline)).toEqual(['2027-02-23T09:30', '2027-02-21T09:30:00+01:00', '2027-02-22T09:30:00+01:00']);
    expect(rows.every((r) => toZod(schema).safeParse(r).success)).toBe(true);
  });
});

describe('running text', () => {
  it('never requires a page body, even on every document: the row is the facts, the prose comes with them', () => {
    const samples = Array.from({ length: 6 }, (_, i) => extraction(`https://x${i % 2}.test/${i}`, [record([['title', 'string', `T ${i}`, 'h1'], ['body', 'string', `Absatz ${i}. `.repeat(30), 'body']])]));
    const { schema } = induceSchema(samples, { name: 'page' });
    expect(schema.fields.map((f) => [f.name, f.required])).toEqual([['body', false], ['title', true]]);
  });
});

describe('types that follow the values most documents agree on', () => {
  it('types dates and date-times with a stray text among them as a timestamp', () => {
    const value = (i: number): [string, 'date' | 'datetime' | 'string', string, string] =>
      i === 0 ? ['published', 'string', 'Über Nacht wird sich nichts ändern.', 'Datum'] : i % 2 ? ['published', 'date', `2027-01-0${i}`, 'Datum'] : ['published', 'datetime', `2027-01-0${i}T08:20`, 'Datum'];
    const samples = Array.from({ length: 6 }, (_, i) => extraction(`https://news${i % 2}.test/a/${i}`, [record([['title', 'string', `A ${i}`, 'h1'], value(i)])]));
    expect(induceSchema(samples, { name: 'article' }).schema.fields.find((f) => f.name === 'published')?.type).toBe('datetime');
  });

  it('types a field money when two thirds of its values are money, and a stray text under the label loads as null', () => {
    const samples = Array.from({ length: 6 }, (_, i) =>
      extraction(`https://shop${i % 2}.test/p/${i}`, [record([['title', 'string', `Ding ${i}`, 'Titel'], i === 5 ? ['price', 'string', 'Newsletter', 'Preis'] : ['price', 'money', { amount: 10 + i, currency: 'EUR' }, 'Preis']])]),
    );
    const { schema } = induceSchema(samples, { name: 'product' });
    expect(schema.fields.find((f) => f.name === 'price')?.type).toBe('money');
    const row = (i: number) => mapRecord(schema, samples[i]?.records[0] as ReturnType<typeof record>, { rowId: 'r', documentId: 'd', url: 'u', extractionId: 'e' }).row;
    expect(row(0)).toMatchObject({ price: 10, price_currency: 'EUR' });
    expect(row(5)).toMatchObject({ price: null });
  });
});

describe('schema induction', () => {
  const samples = Array.from({ length: 10 }, (_, i) => production(i));
  const { schema, rare, mixedTypes } = induceSchema(samples, { name: 'production' });
  const field = (name: string) => schema.fields.find((f) => f.name === name);

  it('widens mixed numeric types, requires well-covered fields and finds enums', () => {
    expect(field('seats')?.type).toBe('number');
    expect(mixedTypes).toEqual([{ name: 'seats', types: ['integer', 'number'] }]);
    expect(field('title')?.required).toBe(true);
    expect(field('genre')?.enum).toEqual(['Ballett', 'Oper']);
    expect(field('conductor')?.evidence).toEqual(['labels as written: Dirigent']);
    expect(schema.tableName).toBe('productions');
  });

  it('leaves rare fields out and lists them', () => {
    expect(field('sponsor')).toBeUndefined();
    expect(rare).toEqual([{ name: 'sponsor', coverage: 0.2 }]);
  });

  it('emits zod source that validates exactly like the runtime validator', async () => {
    const dir = join(import.meta.dirname, '../../node_modules/.cache/quarry-schema-test');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `emitted-${Date.now()}.mjs`);
    writeFileSync(file, emitZodSource(schema));
    const emitted = (await import(pathToFileURL(file).href)) as Record<string, z.ZodType>;
    rmSync(file);
    const fromSource = emitted.productionsRow;
    const runtime = toZod(schema);
    const good = mapRecord(schema, samples[0]?.records[0] ?? record([]), { rowId: 'r', documentId: 'd', url: 'u', extractionId: 'e' }).row;
    const cases = [good, { ...good, title: 42 }, { ...good, genre: 'Musical' }, { ...good, premiere: '14.03.2027' }, { ...good, extra: 1 }, {}];
    for (const c of cases) expect(fromSource?.safeParse(c).success, JSON.stringify(c)).toBe(runtime.safeParse(c).success);
    expect(runtime.safeParse(good).success).toBe(true);
  });

  it('handles no samples, empty records and hostile field names', () => {
    expect(induceSchema([], { name: 'nothing' }).schema.fields).toEqual([]);
    const hostile = induceSchema([extraction('https://x.test', [record([['__proto__', 'string', 'x'], ['constructor', 'string', 'y']])])], { name: 'x' });
    expect(hostile.schema.fields.map((f) => f.name).sort()).toEqual(['constructor', 'proto']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('drift', () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(async () => services.dispose());

  it('flags new fields in an approved type and proposes an evolution to review', async () => {
    const add = async (i: number, extra: FieldSpec[] = []) => {
      const e = { ...production(i, extra), documentId: `doc_drift_${i}` };
      await saveExtraction(services.store, `ext_drift_${i}`, e, null);
      await services.clusters.addExtraction(e, null);
    };
    for (let i = 0; i < 8; i++) await add(i);
    for (let i = 0; i < 3; i++) await services.clusters.recluster();
    const [cluster] = await services.clusters.listClusters({ status: 'candidate' });
    if (!cluster) throw new Error('no candidate');
    const proposal = await services.schemas.propose(cluster.id);
    await services.schemas.decide(proposal.id, { approve: true, by: 'test' });
    expect((await services.schemas.checkDrift(cluster.id)).drift).toEqual([]);

    for (let i = 8; i < 16; i++) await add(i, [['livestream', 'url', `https://opera.test/live/${i}`, 'Livestream']]);
    const drift = await services.schemas.checkDrift(cluster.id);
    expect(drift.drift.join(' ')).toMatch(/new field livestream/);
    expect(drift.proposal?.version).toBe(2);
    expect(drift.proposal?.status).toBe('proposed');
    expect(await services.schemas.diff(proposal.id, drift.proposal?.id ?? '')).toContain('+ livestream (url) added');
    expect((await services.schemas.alerts()).some((a) => a.kind === 'drift')).toBe(true);
  });
});
