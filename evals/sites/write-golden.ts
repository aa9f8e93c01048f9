import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOLDEN_DIR } from '../golden/load.js';
import { goldenFiles } from './golden.js';
import { buildDemoSites } from './sites.js';

/**
 * Writes evals/golden/{pages,schemas} from the site data (the single source), removing files no page produces.
 *   npx tsx evals/sites/write-golden.ts           write
 *   npx tsx evals/sites/write-golden.ts --check   list drift and exit 1 if any
 */

export interface GoldenDrift {
  missing: string[];
  changed: string[];
  stale: string[];
}

export async function goldenDrift(dir: string = GOLDEN_DIR): Promise<GoldenDrift> {
  const expected = goldenFiles(await buildDemoSites());
  const present = await committedFiles(dir);
  const drift: GoldenDrift = { missing: [], changed: [], stale: [] };
  for (const [file, text] of expected) {
    if (!present.has(file)) drift.missing.push(file);
    else if ((await readFile(join(dir, file), 'utf8')) !== text) drift.changed.push(file);
  }
  for (const file of present) if (!expected.has(file)) drift.stale.push(file);
  return drift;
}

export async function writeGolden(dir: string = GOLDEN_DIR): Promise<number> {
  const expected = goldenFiles(await buildDemoSites());
  for (const file of await committedFiles(dir)) if (!expected.has(file)) await rm(join(dir, file));
  for (const [file, text] of expected) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return expected.size;
}

async function committedFiles(dir: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const sub of ['pages', 'schemas']) {
    let entries;
    try {
      entries = await readdir(join(dir, sub), { withFileTypes: true, recursive: true });
    } catch {
      continue;
    }
    for (const e of entries) if (e.isFile() && e.name.endsWith('.json')) found.add(relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
  }
  return found;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--check')) {
    const drift = await goldenDrift();
    const lines = [...drift.missing.map((f) => `missing ${f}`), ...drift.changed.map((f) => `changed ${f}`), ...drift.stale.map((f) => `stale   ${f}`)];
    console.log(lines.length ? lines.join('\n') : 'golden fixtures match the site data');
    return lines.length ? 1 : 0;
  }
  console.log(`wrote ${await writeGolden()} golden files to ${GOLDEN_DIR}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
