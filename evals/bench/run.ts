import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './types.js';

/**
 * `npm run bench -- <name…> [--quick]`: runs `evals/bench/<name>.ts` and prints each case beside its baseline with
 * the ratios between them. With no name it lists the benchmarks.
 */
const DIR = dirname(fileURLToPath(import.meta.url));

export function availableBenches(dir = DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['run.ts', 'types.ts', 'format.ts'].includes(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

const fmt = (n: number | undefined, digits = 1): string => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));
const rate = (items: number | undefined, ms: number): number | undefined => (items === undefined || ms <= 0 ? undefined : (items / ms) * 1000);

export function formatResults(name: string, results: readonly BenchResult[]): string {
  const header = ['case', 'ms', 'items/s', 'peak MiB', 'baseline', 'base ms', 'base items/s', 'base MiB', 'time ×', 'mem ×', 'goal'];
  const rows = results.map((r) => {
    const b = r.baseline;
    const itemsRate = rate(r.items, r.ms);
    const baseRate = b ? rate(b.items, b.ms) : undefined;
    return [
      r.case,
      fmt(r.ms, 0),
      fmt(itemsRate, 0),
      fmt(r.peakMiB),
      b?.case ?? '—',
      fmt(b?.ms, 0),
      fmt(baseRate, 0),
      fmt(b?.peakMiB),
      b ? fmt(r.ms / b.ms, 2) : '—',
      b?.peakMiB && r.peakMiB !== undefined ? fmt(r.peakMiB / b.peakMiB, 2) : '—',
      r.goal ? `${r.goal.met ? 'met' : 'MISSED'}: ${r.goal.text}` : '—',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const notes = results.filter((r) => r.note).map((r) => `  note (${r.case}): ${r.note}`);
  return [`\n## bench ${name}`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...notes].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const names = argv.filter((a) => !a.startsWith('--'));
  const available = availableBenches();
  if (names.length === 0) {
    process.stdout.write(`usage: npm run bench -- <${available.join('|')}> [--quick]\n`);
    return 0;
  }
  const unknown = names.filter((n) => !available.includes(n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
    return 2;
  }
  let missed = false;
  for (const name of names) {
    const bench = (await import(pathToFileURL(join(DIR, `${name}.ts`)).href)) as Bench;
    const results = await bench.run({ quick });
    process.stdout.write(formatResults(name, results) + '\n');
    missed ||= results.some((r) => r.goal && !r.goal.met);
  }
  if (missed) process.stdout.write('\nsome goals were missed (see MISSED above)\n');
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
