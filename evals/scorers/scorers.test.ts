import { describe, expect, it, vi } from 'vitest';
import type { ExtractedField, ExtractedRecord, FieldType, JsonValue } from '../../pipeline/extraction/model.js';
import { noiseAsSingletons } from '../../pipeline/clustering/metrics.js';
import { adjustedRandIndex, normalizedMutualInformation, purity, valueRecall } from './index.js';
import { costFromSpans, latencyFromSpans, StageTimer } from './cost.js';
import { fieldAlignedScores, type TypedDocument } from './fields.js';
import { schemaScores } from './schema.js';
import { standardCorruptions, validationCatchRate } from './validation.js';
import { answerAccuracy, namesAttribute } from './answers.js';
import { shingleF1 } from './shingles.js';

const field = (name: string, value: JsonValue, type: FieldType = 'string', records?: ExtractedRecord[]): ExtractedField => ({
  name,
  label: name,
  raw: typeof value === 'string' ? value : JSON.stringify(value),
  value,
  type,
  confidence: 0.9,
  provenance: [],
  sources: ['offline'],
  ...(records ? { records } : {}),
});
const record = (...fields: ExtractedField[]): ExtractedRecord => ({ origin: 'page', path: null, declaredType: null, fields });

const golden = [
  { title: 'Tosca', conductor: 'Anna Berg', date: '2027-03-14', price: { amount: 45, currency: 'EUR' } },
  { title: 'Aida', conductor: 'Luca Ferri', date: '2027-04-02', price: { amount: 60, currency: 'EUR' } },
];
const docs = (make: (g: (typeof golden)[number]) => ExtractedRecord[]): TypedDocument[] =>
  golden.map((g) => ({ type: 'production', expected: [g], extracted: make(g) }));

describe('field-aligned precision, recall and F1', () => {
  it('is perfect when every golden value is found under a consistent name', () => {
    const s = fieldAlignedScores(
      docs((g) => [record(field('name', g.title), field('dirigent', g.conductor), field('start_date', g.date, 'date'), field('preis', `€ ${g.price.amount}`, 'money'))]),
    );
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(s.alignment.production?.find((a) => a.golden === 'conductor')?.discovered).toBe('dirigent');
  });

  it('is zero for an empty extraction', () => {
    expect(fieldAlignedScores(docs(() => []))).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('aligns by value, so fields named the other way round still score', () => {
    const s = fieldAlignedScores(docs((g) => [record(field('conductor', g.title), field('title', g.conductor), field('date', g.date), field('price', g.price, 'money'))]));
    expect(s.recall).toBe(1);
    expect(s.alignment.production?.find((a) => a.golden === 'title')?.discovered).toBe('conductor');
  });

  it('counts a partial extraction in recall but not against precision', () => {
    const s = fieldAlignedScores(docs((g) => [record(field('title', g.title), field('conductor', g.conductor))]));
    expect(s.recall).toBe(0.5);
    expect(s.precision).toBe(1);
    expect(s.f1).toBeCloseTo(2 / 3, 5);
  });

  it('lowers precision when an aligned field holds a wrong value', () => {
    const s = fieldAlignedScores([
      { type: 'p', expected: [{ conductor: 'Anna Berg' }], extracted: [record(field('dirigent', 'Anna Berg'))] },
      { type: 'p', expected: [{ conductor: 'Luca Ferri' }], extracted: [record(field('dirigent', 'Somebody Else'))] },
    ]);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(0.5);
  });

  it('aligns nested lists such as a cast', () => {
    const castRecords = (pairs: string[][]) => pairs.map(([role, singer]) => record(field('rolle', role ?? ''), field('saenger', singer ?? '')));
    const s = fieldAlignedScores([
      {
        type: 'p',
        expected: [{ cast: [{ role: 'Tosca', singer: 'Maria Neri' }, { role: 'Scarpia', singer: 'Piet Holm' }] }],
        extracted: [record(field('besetzung', null, 'list', castRecords([['Tosca', 'Maria Neri'], ['Scarpia', 'Piet Holm']])))],
      },
    ]);
    expect(s.recall).toBe(1);
    expect(s.alignment.p?.map((a) => [a.golden, a.discovered]).sort()).toEqual([
      ['cast.role', 'besetzung.rolle'],
      ['cast.singer', 'besetzung.saenger'],
    ]);
  });
});

describe('clustering scores', () => {
  it('are 1 for a perfect clustering whatever the cluster names, and low for a random one', () => {
    const truth = ['a', 'a', 'b', 'b', 'c', 'c'];
    expect(adjustedRandIndex(truth, [7, 7, 3, 3, 9, 9])).toBeCloseTo(1, 10);
    expect(normalizedMutualInformation(truth, [7, 7, 3, 3, 9, 9])).toBeCloseTo(1, 10);
    expect(purity(truth, [1, 1, 1, 1, 1, 1])).toBeCloseTo(1 / 3, 10);
    expect(adjustedRandIndex(truth, [1, 2, 3, 1, 2, 3])).toBeLessThan(0.1);
  });
});

describe('schema field recall and type accuracy', () => {
  const goldenSchema = [
    { name: 'title', type: 'string' },
    { name: 'conductor', type: 'string' },
    { name: 'dates', type: 'date_range' },
    { name: 'price', type: 'money' },
  ];

  it('is perfect for the same schema', () => {
    expect(schemaScores(goldenSchema, goldenSchema)).toMatchObject({ fieldRecall: 1, typeAccuracy: 1, missing: [] });
  });

  it('counts a money range as the money a reviewer expects (an amount or a range), and nothing else as it', () => {
    const ranged = goldenSchema.map((f) => (f.name === 'price' ? { ...f, type: 'money_range' } : f));
    expect(schemaScores(ranged, goldenSchema).typeAccuracy).toBe(1);
    const texted = goldenSchema.map((f) => (f.name === 'price' ? { ...f, type: 'string' } : f));
    expect(schemaScores(texted, goldenSchema).typeAccuracy).toBe(0.75);
  });

  it('is zero for an empty proposal', () => {
    expect(schemaScores([], goldenSchema)).toMatchObject({ fieldRecall: 0, typeAccuracy: 0 });
  });

  it('matches synonyms the proposal recorded and names the missing fields', () => {
    const s = schemaScores(
      [
        { name: 'Title', type: 'string' },
        { name: 'dirigent', type: 'string', aliases: ['direttore', 'conductor'] },
        { name: 'dates', type: 'string' },
      ],
      goldenSchema,
    );
    expect(s.fieldRecall).toBe(0.75);
    expect(s.typeAccuracy).toBeCloseTo(2 / 3, 10);
    expect(s.missing).toEqual(['price']);
  });

  it('uses the value alignment when names differ', () => {
    const s = schemaScores([{ name: 'preis', type: 'money' }], [{ name: 'price', type: 'money' }], new Map([['price', 'preis']]));
    expect(s.fieldRecall).toBe(1);
  });
});

describe('validation catch rate', () => {
  const rows = [
    { title: 'Tosca', start: '2027-03-01', end: '2027-03-20' },
    { title: 'Aida', start: '2027-04-01', end: '2027-04-09' },
  ];
  const corruptions = standardCorruptions({ text: ['title'], ranges: [['start', 'end']], required: ['title'] });
  const source = 'Tosca Aida';
  const strict = (row: Record<string, unknown>): boolean =>
    typeof row.title !== 'string' || !source.includes(row.title) || String(row.start) > String(row.end);

  it('counts every injected corruption a strict validator flags', async () => {
    const r = await validationCatchRate(rows, corruptions, strict);
    expect(r).toMatchObject({ injected: 8, caught: 8, rate: 1, falseAlarms: 0 });
  });

  it('shows what a lax validator misses, by corruption', async () => {
    const lax = (row: Record<string, unknown>): boolean => typeof row.title !== 'string';
    const r = await validationCatchRate(rows, corruptions, lax);
    expect(r.rate).toBe(0.5);
    expect(r.byCorruption['end before start']).toEqual({ injected: 2, caught: 0 });
    expect(r.byCorruption['wrong type']).toEqual({ injected: 2, caught: 2 });
  });

  it('reports false alarms on clean rows', async () => {
    expect((await validationCatchRate(rows, corruptions, () => true)).falseAlarms).toBe(2);
  });
});

describe('cost per document', () => {
  it('sums generation spans and divides by documents', () => {
    const span = (inputTokens: number, outputTokens: number) =>
      ({ kind: 'generation', usage: { inputTokens, outputTokens, costUsd: 0.01 } }) as Parameters<typeof costFromSpans>[0][number];
    expect(costFromSpans([span(1000, 200), span(3000, 400)], 2)).toEqual({ llmCalls: 2, inputTokensPerDoc: 2000, outputTokensPerDoc: 300, costUsd: 0.02 });
    expect(costFromSpans([], 0)).toEqual({ llmCalls: 0, inputTokensPerDoc: 0, outputTokensPerDoc: 0, costUsd: 0 });
  });
});

describe('value recall', () => {
  const extraction = [
    record(
      field('headline', 'TOSCA'),
      field('when', '2027-03-14', 'date'),
      field('price', { amount: 45, currency: 'EUR' }, 'money'),
      field('conductor', 'Anna  Berg'),
    ),
  ];
  extraction[0]!.fields[1]!.raw = '14 March 2027';
  extraction[0]!.fields[2]!.raw = '€ 45,00';

  it('finds every value whatever its case, spacing, date or number format', () => {
    expect(valueRecall(['Tosca', '2027-03-14', 45, 'anna berg'], extraction)).toMatchObject({ expected: 4, found: 4, recall: 1, missing: [] });
    expect(valueRecall(['14.03.2027', '45.00 EUR', '€45', 'EUR'], extraction).recall).toBe(1);
    expect(valueRecall(['USD', '46'], extraction).recall).toBe(0);
  });

  it('reads structured-data spellings as the page shows them', () => {
    const shop = [record(field('availability', 'http://schema.org/InStock', 'url'), field('image', 'https://shop.example/img/anvil.jpg', 'url'))];
    expect(valueRecall(['InStock', 'img/anvil.jpg'], shop).recall).toBe(1);
    expect(valueRecall(['https://schema.org/InStock'], [record(field('stock', 'in stock'))]).recall).toBe(0);
    expect(valueRecall(['https://schema.org/InStock'], [record(field('stock', 'InStock'))]).recall).toBe(1);
  });

  it('is zero for an empty extraction and names what is missing', () => {
    expect(valueRecall(['Tosca', 45], [])).toMatchObject({ found: 0, recall: 0, missing: ['Tosca', '45'] });
  });

  it('does not care under which field a value was found', () => {
    const swapped = [record(field('conductor', 'Tosca'), field('title', 'Anna Berg'))];
    expect(valueRecall(['Tosca', 'Anna Berg'], swapped).recall).toBe(1);
  });

  it('counts a partial extraction', () => {
    expect(valueRecall(['Tosca', 'Aida', 45, 99], extraction)).toMatchObject({ found: 2, recall: 0.5, missing: ['Aida', '99'] });
  });
});

describe('clustering scores on hand-computed cases', () => {
  const truth = ['a', 'a', 'b', 'b'];

  it('give 1 to the same partition under swapped cluster names', () => {
    expect(adjustedRandIndex(truth, ['y', 'y', 'x', 'x'])).toBe(1);
    expect(normalizedMutualInformation(truth, ['y', 'y', 'x', 'x'])).toBeCloseTo(1, 10);
    expect(purity(truth, ['y', 'y', 'x', 'x'])).toBe(1);
  });

  it('give no credit for putting everything in one cluster', () => {
    expect(adjustedRandIndex(truth, [1, 1, 1, 1])).toBe(0);
    expect(normalizedMutualInformation(truth, [1, 1, 1, 1])).toBe(0);
    expect(purity(truth, [1, 1, 1, 1])).toBe(0.5);
  });

  it('give no ARI credit when everything is noise, though singletons are trivially pure', () => {
    const allNoise = noiseAsSingletons([null, null, null, null]);
    expect(adjustedRandIndex(truth, allNoise)).toBe(0);
    expect(purity(truth, allNoise)).toBe(1);
  });

  it('score a partial clustering with the textbook values', () => {
    // a→{1:2}, b→{1:1, 2:1}: index 1, expected 2·3/6 = 1, max 2.5, so ARI 0; purity (2+1)/4.
    expect(adjustedRandIndex(truth, [1, 1, 1, 2])).toBeCloseTo(0, 10);
    expect(purity(truth, [1, 1, 1, 2])).toBe(0.75);
    expect(normalizedMutualInformation(truth, [1, 1, 1, 2])).toBeCloseTo(0.3438, 3);
    // One type split in two: index 4, expected 6·4/15 = 1.6, max 5 → 2.4/3.4.
    expect(adjustedRandIndex(['a', 'a', 'a', 'b', 'b', 'b'], [1, 1, 1, 2, 2, 3])).toBeCloseTo(2.4 / 3.4, 10);
  });
});

describe('schema type accuracy', () => {
  it('is zero when the proposal swaps the types of the fields it found', () => {
    const s = schemaScores(
      [
        { name: 'title', type: 'date' },
        { name: 'date', type: 'string' },
      ],
      [
        { name: 'title', type: 'string' },
        { name: 'date', type: 'date' },
      ],
    );
    expect(s).toMatchObject({ fieldRecall: 1, typeAccuracy: 0 });
    expect(s.matched.map((m) => `${m.golden}:${m.goldenType}→${m.proposedType}`)).toEqual(['title:string→date', 'date:date→string']);
  });

  it('matches a proposed field to one golden field only', () => {
    const s = schemaScores([{ name: 'name', type: 'string', aliases: ['title', 'heading'] }], [
      { name: 'title', type: 'string' },
      { name: 'heading', type: 'string' },
    ]);
    expect(s.fieldRecall).toBe(0.5);
    expect(s.missing).toEqual(['heading']);
  });
});

describe('latency per stage', () => {
  it('sums span durations by stage, counting sub-spans under their stage', () => {
    const at = (ms: number) => new Date(Date.UTC(2027, 0, 1) + ms);
    const spans = [
      { name: 'parse', startedAt: at(0), endedAt: at(30) },
      { name: 'extract', startedAt: at(30), endedAt: at(130) },
      { name: 'extract.llm', startedAt: at(40), endedAt: at(120) },
      { name: 'parse', startedAt: at(200), endedAt: at(210) },
      { name: 'extractor-other', startedAt: at(0), endedAt: at(999) },
    ];
    expect(latencyFromSpans(spans, ['parse', 'extract', 'cluster'])).toEqual({
      parse: { totalMs: 40, meanMs: 20, spans: 2 },
      extract: { totalMs: 180, meanMs: 90, spans: 2 },
      cluster: { totalMs: 0, meanMs: 0, spans: 0 },
    });
  });

  it('times stages by call, including calls that throw', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const timer = new StageTimer();
      await timer.time('parse', () => vi.advanceTimersByTime(10));
      await timer.time('parse', () => vi.advanceTimersByTime(30));
      await expect(timer.time('extract', () => (vi.advanceTimersByTime(5), Promise.reject(new Error('bad page'))))).rejects.toThrow('bad page');
      expect(timer.totals()).toEqual({ parse: 40, extract: 5 });
      expect(timer.perCall()).toEqual({ parse: 20, extract: 5 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('answer accuracy (one answer per attribute)', () => {
  const names = { price: ['price'], brand: ['brand'] };
  const scored = (fields: ExtractedField[]) => answerAccuracy([{ id: 'p', expected: { price: 119.01, brand: 'Kärcher' }, extracted: [record(...fields)] }], names);

  it('takes the surest field that names the attribute, not any field holding the value', () => {
    const cheap = { ...field('related_price', '€ 19,99', 'money'), confidence: 0.5 };
    const main = { ...field('price', '119,01 €', 'money'), confidence: 0.8 };
    expect(scored([cheap, main, field('brand', 'KÄRCHER')]).accuracy).toBe(1);
    const wrong = scored([{ ...cheap, confidence: 0.9 }, main, field('maker', 'Kärcher')]);
    expect(wrong.accuracy).toBe(0);
    expect(wrong.misses.map((m) => [m.attribute, m.picked])).toEqual([
      ['price', 'related_price'],
      ['brand', null],
    ]);
  });

  it('matches a name by the head of a snake_case compound', () => {
    expect(namesAttribute('offer_price', ['price'])).toBe(true);
    expect(namesAttribute('price', ['price'])).toBe(true);
    expect(namesAttribute('price_currency', ['price'])).toBe(false);
    expect(namesAttribute('price_currency', ['currency'])).toBe(true);
    expect(namesAttribute('unpriced', ['price'])).toBe(false);
  });

  it('averages over attributes and skips attributes nobody named', () => {
    const s = answerAccuracy(
      [
        { id: 'a', expected: { price: 10, colour: 'red' }, extracted: [record(field('price', '10 €', 'money'))] },
        { id: 'b', expected: { price: 20, brand: 'X' }, extracted: [record(field('price', '21 €', 'money'), field('brand', 'X'))] },
      ],
      names,
    );
    expect(s.byAttribute).toEqual({ price: { right: 1, total: 2 }, brand: { right: 1, total: 1 } });
    expect(s.accuracy).toBeCloseTo(0.75);
  });
});

describe('word-shingle F1 of a body text', () => {
  it('is 1 for the same text however it is cased, spaced and punctuated', () => {
    expect(shingleF1('Gaming used to be so simple. We bought a game.', 'gaming used to be so simple we   bought a GAME').f1).toBe(1);
  });

  it('drops with what is missing and with what was added', () => {
    const text = 'one two three four five six seven eight nine ten';
    const half = shingleF1(text, 'one two three four five six seven');
    expect(half.precision).toBe(1);
    expect(half.recall).toBeCloseTo(4 / 7);
    const padded = shingleF1(text, `${text} related stories read more about this`);
    expect(padded.recall).toBe(1);
    expect(padded.precision).toBeLessThan(0.6);
    expect(shingleF1(text, '').f1).toBe(0);
    expect(shingleF1(text, null).f1).toBe(0);
  });
});
