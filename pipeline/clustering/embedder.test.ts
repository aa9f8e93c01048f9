import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dot } from './algorithm.js';
import { createFastembedEmbedder, createHashingEmbedder, EmbedderUnavailableError, hash32, selectEmbedder } from './embedder.js';

const OPTIONAL_PACKAGE = 'fastembed';
const cache = process.env['FASTEMBED_CACHE'];
const hasPackage = await import(OPTIONAL_PACKAGE).then(
  () => true,
  () => false,
);
const reason = !cache ? 'FASTEMBED_CACHE is not set' : !hasPackage ? 'the optional package fastembed is not installed' : '';
if (reason) console.info(`skipping the fastembed model test: ${reason}`);

const norm = (v: Float32Array) => Math.sqrt(dot(v, v));

describe('the hashing embedder', () => {
  it('is deterministic and returns unit vectors of its dimension', async () => {
    const embedder = createHashingEmbedder({ dim: 128 });
    const bag = new Map([['s:t:date', 1], ['s:t:money', 0.5], ['m:mult:single', 2]]);
    const [a, b] = await embedder.embed([bag, new Map(bag)]);
    expect(a).toHaveLength(128);
    expect(norm(a as Float32Array)).toBeCloseTo(1, 6);
    expect(a).toEqual(b);
    expect(embedder).toMatchObject({ id: 'hashing-v1-128', dim: 128, prefers: 'features' });
  });

  it('embeds similar bags close and unrelated bags far apart', async () => {
    const embedder = createHashingEmbedder();
    const base = new Map(Array.from({ length: 20 }, (_, i) => [`f${i}`, 1] as [string, number]));
    const similar = new Map(base);
    similar.delete('f0');
    similar.set('g0', 1);
    const unrelated = new Map(Array.from({ length: 20 }, (_, i) => [`u${i}`, 1] as [string, number]));
    const [a, b, c] = (await embedder.embed([base, similar, unrelated])) as [Float32Array, Float32Array, Float32Array];
    expect(dot(a, b)).toBeGreaterThan(0.85);
    expect(Math.abs(dot(a, c))).toBeLessThan(0.35);
  });

  it('embeds text, empty input and hostile input without failing', async () => {
    const embedder = createHashingEmbedder({ dim: 64 });
    const [text, empty, weird] = (await embedder.embed([
      'Produktion Premiere Dirigent',
      '',
      new Map([['\u0000💥', Number.NaN], ['x'.repeat(100_000), Infinity], ['ok', 1]]),
    ])) as [Float32Array, Float32Array, Float32Array];
    expect(norm(text)).toBeCloseTo(1, 6);
    expect(norm(empty)).toBe(0);
    expect(norm(weird)).toBeCloseTo(1, 6);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('rejects a dimension that cannot hold features', () => {
    expect(() => createHashingEmbedder({ dim: 3 })).toThrow(/dim must be/);
  });

  it('spreads hashes over both signs and all buckets', () => {
    const buckets = new Set<number>();
    let negative = 0;
    for (let i = 0; i < 2000; i++) {
      const h = hash32(`feature-${i}`);
      buckets.add(h % 64);
      if (h & 0x80000000) negative++;
    }
    expect(buckets.size).toBe(64);
    expect(negative).toBeGreaterThan(800);
    expect(negative).toBeLessThan(1200);
  });
});

describe('the fastembed embedder', () => {
  it('reports a missing model cache as unavailable', async () => {
    await expect(createFastembedEmbedder({ cacheDir: '/nonexistent/fastembed-cache' })).rejects.toBeInstanceOf(EmbedderUnavailableError);
  });

  it('reports a missing package as unavailable, and selection falls back to hashing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fastembed-'));
    const failing = createFastembedEmbedder({ cacheDir: dir, importModule: () => Promise.reject(new Error("Cannot find package 'fastembed'")) });
    await expect(failing).rejects.toThrow(/optional package fastembed is not installed/);
    const selected = await selectEmbedder({ FASTEMBED_CACHE: '/nonexistent/fastembed-cache' });
    expect(selected.id).toMatch(/^hashing/);
    expect((await selectEmbedder({})).id).toMatch(/^hashing/);
  });

  it.skipIf(reason !== '')(`embeds text with the cached model (skipped when ${reason || 'no model'})`, async () => {
    const embedder = await createFastembedEmbedder({ cacheDir: cache as string });
    const [a, b, c] = (await embedder.embed(['opera production premiere', 'opera performance first night', 'tax notice'])) as Float32Array[];
    expect(embedder.prefers).toBe('text');
    expect(dot(a as Float32Array, b as Float32Array)).toBeGreaterThan(dot(a as Float32Array, c as Float32Array));
  });
});

describe('the hashing embedder with site templates', () => {
  it('keeps template features out of the dimensions that compare content across sites', async () => {
    const content: Array<[string, number]> = [['s:t:date', 0.6], ['n:conductor', 0.5]];
    const site = (host: string) => new Map([...content, ...Array.from({ length: 400 }, (_, i) => [`p:${host}|body>div.x${i}`, 0.05] as [string, number])]);
    const [x, y] = (await createHashingEmbedder({ dim: 64 }).embed([site('a.example'), site('b.example')])) as [Float32Array, Float32Array];
    const contentDims = 48;
    expect([...x.slice(contentDims)].some((w) => w !== 0)).toBe(true);
    // The content parts point the same way, however the two sites' templates hash.
    const [cx, cy] = [x.slice(0, contentDims), y.slice(0, contentDims)];
    expect(dot(cx, cy) / Math.sqrt(dot(cx, cx) * dot(cy, cy))).toBeCloseTo(1, 6);
  });
});
