import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedSelectionOf, loadEvalDatasets } from '../../server/commands/eval.js';
import type { EvalDataset } from '../datasets/types.js';
import { evaluateDataset, toBaseline } from '../runner/run.js';
import { offlineStages } from '../runner/stages.js';
import { generateCorpus } from './corpus.js';
import { datasetsOf } from './datasets.js';
import { DEV_SEEDS, heldOutSeedsOf, parseGeneratedSelection } from './seeds.js';
import { DETAIL_TYPES } from './types.js';

let datasets: EvalDataset[];

beforeAll(async () => {
  datasets = datasetsOf([await generateCorpus(DEV_SEEDS[2] ?? 3, { sitesPerKind: 1, itemsPerSite: 2 })], 'seed 3');
}, 60_000);

const named = (suffix: string): EvalDataset => {
  const found = datasets.find((d) => d.name === `generated (seed 3) ${suffix}`);
  if (!found) throw new Error(`no dataset ${suffix}`);
  return found;
};

describe('generated datasets', () => {
  it('are one mixed dataset that clusters all types with their schemas, and one per detail type', () => {
    expect(datasets.map((d) => d.name)).toEqual(['mixed', ...DETAIL_TYPES].map((t) => `generated (seed 3) ${t}`));
    const mixed = named('mixed');
    expect(mixed.clustering).toBe(true);
    expect(mixed.schemas?.map((s) => s.documentType).sort()).toEqual([...DETAIL_TYPES].sort());
    expect(new Set(mixed.documents.map((d) => d.type)).size).toBe(12);
    for (const type of DETAIL_TYPES) {
      const d = named(type);
      expect(d.clustering).toBe(false);
      expect(d.documents.length).toBeGreaterThan(0);
      expect(d.documents.every((doc) => doc.type === type)).toBe(true);
      expect(d.schemas?.map((s) => s.documentType)).toEqual([type]);
    }
  });

  it('carry each page at its invented origin, links in the ground truth resolved against it', () => {
    for (const doc of named('mixed').documents) {
      const origin = new URL(doc.input.url).origin;
      expect(origin).toMatch(/^https:\/\/[a-z0-9.-]+\.(example|test)$/);
      expect(new TextDecoder().decode(doc.input.bytes)).not.toContain('{{origin}}');
      for (const record of doc.expectedRecords ?? []) {
        for (const key of ['url', 'tender_document']) if (typeof record[key] === 'string') expect(record[key]).toMatch(new RegExp(`^${origin.replace(/\./g, '\\.')}/`));
      }
      expect(doc.expectedValues?.length, doc.id).toBeGreaterThan(0);
    }
  });

  it('score an article’s body by shingles, not as one value, and a product’s attributes as answers', () => {
    for (const doc of named('article').documents) {
      expect(doc.expectedBody?.length).toBeGreaterThan(200);
      expect(doc.expectedRecords?.[0]).not.toHaveProperty('body');
      expect(doc.expectedValues).not.toContain(doc.expectedBody);
    }
    for (const doc of named('product').documents) expect(Object.keys(doc.expectedAnswers ?? {})).toEqual(expect.arrayContaining(['price', 'currency', 'sku', 'brand', 'availability']));
    expect(named('product').answerNames?.['price']).toEqual(['price']);
  });

  it('load into the eval runner and score with the real offline stages', async () => {
    const result = await evaluateDataset(named('product'), offlineStages);
    for (const key of ['value_recall', 'field_f1', 'schema_field_recall', 'answer_accuracy'] as const) {
      expect(result.metrics[key], key).not.toBeNull();
      expect(result.metrics[key]).toBeGreaterThanOrEqual(0);
      expect(result.metrics[key]).toBeLessThanOrEqual(1);
    }
  }, 60_000);
});

describe('the eval command and the baseline', () => {
  it('score held-out seeds by default, none when folders are named, and dev seeds when asked', async () => {
    expect(generatedSelectionOf({})).toBe('held-out');
    expect(generatedSelectionOf({ datasets: ['/some/folder'] })).toBe('none');
    expect(generatedSelectionOf({ noExternal: true })).toBe('none');
    expect(generatedSelectionOf({ noExternal: true, generated: [1] })).toEqual([1]);
    const loaded = await loadEvalDatasets({ noGolden: true, noExternal: true, generated: [DEV_SEEDS[0] ?? 1] });
    expect(loaded.map((d) => d.name)).toContain('generated (seed 1) production');
    expect(await loadEvalDatasets({ noGolden: true, noExternal: true, generated: 'held-out', heldOutSeeds: [] })).toEqual([]);
  }, 60_000);

  it('take --generated as held-out, none or seeds, and refuse anything else', () => {
    expect(parseGeneratedSelection('held-out')).toBe('held-out');
    expect(parseGeneratedSelection(' none ')).toBe('none');
    expect(parseGeneratedSelection('1,2')).toEqual([1, 2]);
    expect(() => parseGeneratedSelection('1,x')).toThrow(/held-out, none or seeds/);
  });

  it('keep held-out seeds apart from dev seeds: the committed baseline names some, none of them a dev seed', () => {
    const committed = JSON.parse(readFileSync(new URL('../baseline.json', import.meta.url), 'utf8')) as { generator?: { heldOutSeeds?: number[] } };
    const seeds = heldOutSeedsOf(committed);
    expect(seeds.length).toBeGreaterThan(0);
    for (const seed of seeds) expect(DEV_SEEDS).not.toContain(seed);
    expect(() => heldOutSeedsOf({ generator: { heldOutSeeds: [DEV_SEEDS[0] ?? 1] } })).toThrow(/a dev seed/);
    expect(() => heldOutSeedsOf({ generator: { heldOutSeeds: [-4] } })).toThrow(/not a seed/);
    expect(heldOutSeedsOf(null)).toEqual([]);
  });

  it('survive a baseline update: the held-out seeds stay in the rewritten baseline', () => {
    const rewritten = toBaseline([], { tolerance: 0.02, results: [], generator: { heldOutSeeds: [9_999] } });
    expect(rewritten.generator).toEqual({ heldOutSeeds: [9_999] });
  });
});
