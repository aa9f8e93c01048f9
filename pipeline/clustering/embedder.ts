import { existsSync } from 'node:fs';
import type { Logger } from '../shared/logger.js';

/** A weighted bag of features, or a text. Every embedder accepts both; each is honest about what it sees. */
export type EmbedInput = string | ReadonlyMap<string, number>;

export interface Embedder {
  /** Identifies the vector space: vectors from embedders with different ids are never compared. */
  readonly id: string;
  readonly dim: number;
  /** What it embeds best: structural feature bags (hashing) or text (language models). */
  readonly prefers: 'features' | 'text';
  /** One L2-normalized vector per input, in order. */
  embed(inputs: readonly EmbedInput[]): Promise<Float32Array[]>;
}

export class EmbedderUnavailableError extends Error {
  override readonly name = 'EmbedderUnavailableError';
}

/**
 * Signed feature hashing (Weinberger et al. 2009): each feature adds ±weight at one hashed index, the sign from
 * another hash bit, so collisions cancel on average instead of piling up. Deterministic, no model, no state.
 */
export function createHashingEmbedder(opts: { dim?: number } = {}): Embedder {
  const dim = opts.dim ?? 256;
  if (!Number.isInteger(dim) || dim < 8) throw new RangeError(`hashing embedder dim must be an integer >= 8, got ${dim}`);
  return {
    id: `hashing-v1-${dim}`,
    dim,
    prefers: 'features',
    embed: (inputs) => Promise.resolve(inputs.map((input) => hashEmbed(input, dim))),
  };
}

/**
 * Site-specific template features (`p:<site>|…`) are hashed into their own quarter of the vector: hundreds of
 * shingles of one site would otherwise collide with the few content features that compare pages across sites and
 * drown their similarity in noise (measured: a cross-site pair at 0.62 exactly came out at 0.43 with 256 shared
 * dimensions). Within a site both parts still compare as before.
 */
export function hashEmbed(input: EmbedInput, dim: number): Float32Array {
  const bag = typeof input === 'string' ? textFeatures(input) : input;
  const vector = new Float32Array(dim);
  const contentDims = typeof input === 'string' ? dim : templateOffset(dim);
  const templateDims = dim - contentDims;
  for (const [feature, weight] of bag) {
    if (!Number.isFinite(weight) || weight === 0) continue;
    const h = hash32(feature);
    const sign = (h & 0x80000000) === 0 ? 1 : -1;
    const index = templateDims > 0 && feature.startsWith('p:') ? contentDims + ((h & 0x7fffffff) % templateDims) : (h & 0x7fffffff) % contentDims;
    vector[index] = (vector[index] ?? 0) + sign * weight;
  }
  return normalize(vector);
}

/** Where the template part (`p:` features) of a hashed feature vector begins: its last quarter. */
export function templateOffset(dim: number): number {
  return dim - Math.floor(dim / 4);
}

/** Words and word bigrams of a text, counted. */
export function textFeatures(text: string): Map<string, number> {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}_:]+/u).filter((w) => w.length > 0);
  const bag = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    bag.set(w, (bag.get(w) ?? 0) + 1);
    if (i > 0) {
      const bigram = `${words[i - 1]} ${w}`;
      bag.set(bigram, (bag.get(bigram) ?? 0) + 0.5);
    }
  }
  return bag;
}

/** FNV-1a over UTF-16 code units with a murmur3 finalizer for good high bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += (vector[i] as number) ** 2;
  if (norm === 0) return vector;
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) * inv;
  return vector;
}

/** A variable, not a literal, so no bundler or type checker tries to resolve the optional package. */
const OPTIONAL_PACKAGE = 'fastembed';

/** The subset of the fastembed package we use; typed here because the package is optional and not installed. */
interface FastembedModule {
  EmbeddingModel: Record<string, string>;
  FlagEmbedding: {
    init(opts: { model: string; cacheDir: string; showDownloadProgress?: boolean }): Promise<{
      embed(texts: string[], batchSize?: number): AsyncIterable<number[][]>;
    }>;
  };
}

export interface FastembedOptions {
  cacheDir: string;
  /** fastembed's model enum key (`BGESmallENV15`) or value (`fast-bge-small-en-v1.5`). */
  model?: string;
  /** Renders feature bags as text; the default lists the feature names. */
  featuresToText?: (bag: ReadonlyMap<string, number>) => string;
  /** Loads the package; injectable so the failure path is testable. */
  importModule?: () => Promise<unknown>;
}

/**
 * fastembed is an optional dependency: it is imported only here, only when called, and a missing package or model
 * cache is reported as `EmbedderUnavailableError` so callers can fall back to hashing.
 */
export async function createFastembedEmbedder(opts: FastembedOptions): Promise<Embedder> {
  if (!existsSync(opts.cacheDir)) {
    throw new EmbedderUnavailableError(`fastembed model cache ${opts.cacheDir} does not exist (set FASTEMBED_CACHE to a populated cache)`);
  }
  const load = opts.importModule ?? (() => import(OPTIONAL_PACKAGE) as Promise<unknown>);
  let mod: FastembedModule;
  try {
    mod = (await load()) as FastembedModule;
  } catch (err) {
    throw new EmbedderUnavailableError(`the optional package fastembed is not installed (${(err as Error).message})`);
  }
  if (typeof mod?.FlagEmbedding?.init !== 'function') {
    throw new EmbedderUnavailableError('the fastembed package does not export FlagEmbedding.init');
  }
  const key = opts.model ?? 'BGESmallENV15';
  const model = mod.EmbeddingModel?.[key] ?? key;
  let flag: Awaited<ReturnType<FastembedModule['FlagEmbedding']['init']>>;
  try {
    flag = await mod.FlagEmbedding.init({ model, cacheDir: opts.cacheDir, showDownloadProgress: false });
  } catch (err) {
    throw new EmbedderUnavailableError(`fastembed could not load model ${model} from ${opts.cacheDir}: ${(err as Error).message}`);
  }
  const toText = opts.featuresToText ?? ((bag) => [...bag.keys()].join(' '));
  const probe = await embedAll(flag, ['probe']);
  const dim = probe[0]?.length ?? 0;
  return {
    id: `fastembed-${model}`,
    dim,
    prefers: 'text',
    async embed(inputs) {
      const texts = inputs.map((i) => (typeof i === 'string' ? i : toText(i)));
      return (await embedAll(flag, texts)).map((v) => normalize(Float32Array.from(v)));
    },
  };
}

async function embedAll(flag: { embed(texts: string[], batchSize?: number): AsyncIterable<number[][]> }, texts: string[]): Promise<number[][]> {
  const out: number[][] = [];
  if (texts.length === 0) return out;
  for await (const batch of flag.embed(texts, 64)) out.push(...batch);
  return out;
}

/** fastembed when `FASTEMBED_CACHE` is set and loads; the hashing embedder otherwise (with the reason logged). */
export async function selectEmbedder(env: { FASTEMBED_CACHE?: string | undefined }, logger?: Logger): Promise<Embedder> {
  if (env.FASTEMBED_CACHE) {
    try {
      return await createFastembedEmbedder({ cacheDir: env.FASTEMBED_CACHE });
    } catch (err) {
      logger?.warn('fastembed unavailable; using the hashing embedder', { reason: (err as Error).message });
    }
  }
  return createHashingEmbedder();
}
