/**
 * Seeds of the generator. Developers and unit tests use the dev seeds; the eval scores the held-out seeds, kept in
 * `evals/baseline.json` under `generator.heldOutSeeds` — seeds nobody develops on, never used in a unit test.
 */
export const DEV_SEEDS: readonly number[] = [1, 2, 3];

export interface GeneratorBaseline {
  heldOutSeeds: number[];
}

/** The held-out seeds a baseline names (none when it names none); a dev seed or a non-integer there is an error. */
export function heldOutSeedsOf(baseline: { generator?: Partial<GeneratorBaseline> } | null | undefined): number[] {
  const seeds = baseline?.generator?.heldOutSeeds ?? [];
  if (!Array.isArray(seeds)) throw new Error('baseline generator.heldOutSeeds must be a list of seeds');
  for (const seed of seeds) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`baseline generator.heldOutSeeds holds ${JSON.stringify(seed)}, not a seed (a non-negative integer)`);
    if (DEV_SEEDS.includes(seed)) throw new Error(`baseline generator.heldOutSeeds holds ${seed}, a dev seed: held-out seeds must be ones nobody develops on`);
  }
  return [...seeds];
}

/** `held-out`, `none`, or seeds separated by commas (`1,2`). */
export type GeneratedSelection = 'held-out' | 'none' | number[];

export function parseGeneratedSelection(text: string): GeneratedSelection {
  const value = text.trim();
  if (value === 'held-out' || value === 'none') return value;
  const seeds = value.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new Error(`--generated takes held-out, none or seeds such as 1,2 (got ${JSON.stringify(text)})`);
  return seeds;
}
