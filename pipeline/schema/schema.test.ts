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
