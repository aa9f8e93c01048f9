import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Parses the `import-rules` block of ARCHITECTURE.md: module → modules it may import. */
function readImportRules(markdown: string): Map<string, string[]> {
  const block = /```import-rules\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error('ARCHITECTURE.md has no ```import-rules block');
  const rules = new Map<string, string[]>();
  for (const line of block.split('\n')) {
    const m = /^([\w/-]+):\s*(.*)$/.exec(line.trim());
    if (m?.[1]) rules.set(m[1], (m[2] ?? '').split(/\s+/).filter(Boolean));
  }
  return rules;
}

/** The module a repo-relative path belongs to: the longest rule key that prefixes it. */
function moduleOf(path: string, modules: readonly string[]): string | undefined {
  return modules.filter((m) => path === m || path.startsWith(`${m}/`)).sort((a, b) => b.length - a.length)[0];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|js|mjs)$/.test(entry) && !/\.test\.ts$/.test(entry) && !/(^|\/)testing\.ts$/.test(path) && !path.endsWith('/contract.ts')) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function findViolations(root: string, rules: Map<string, string[]>): string[] {
  const modules = [...rules.keys()];
  const violations: string[] = [];
  for (const top of ['server', 'tools', 'prompts', 'agents', 'evals', 'pipeline']) {
    const dir = join(root, top);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const file of sourceFiles(dir)) {
      const from = relative(root, file);
      const own = moduleOf(from, modules);
      if (!own) continue;
      const allowed = rules.get(own) ?? [];
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = match[1] ?? match[2];
        if (!spec) continue;
        const target = relative(root, resolve(dirname(file), spec));
        const targetModule = moduleOf(target, modules) ?? target.split('/')[0] ?? target;
        if (targetModule === own) continue;
        const ok = allowed.some((a) => targetModule === a || targetModule.startsWith(`${a}/`));
        if (!ok) violations.push(`${from} imports ${target} (${own} may import: ${allowed.join(', ') || 'nothing'})`);
      }
    }
  }
  return violations;
}

describe('the import rules in ARCHITECTURE.md', () => {
  const rules = readImportRules(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));
  const modules = [...rules.keys()];

  it('cover every top-level code folder', () => {
    const folders = ['server', 'tools', 'prompts', 'agents', 'evals', ...readdirSync(join(ROOT, 'pipeline')).map((d) => `pipeline/${d}`)];
    for (const folder of folders) {
      if (!statSync(join(ROOT, folder), { throwIfNoEntry: false })?.isDirectory()) continue;
      expect(moduleOf(folder, modules), `${folder} has no row in ARCHITECTURE.md's import rules`).toBeDefined();
    }
  });

  it('hold for every non-test source file', () => {
    expect(findViolations(ROOT, rules)).toEqual([]);
  });

  it('catch a pipeline module importing the server', () => {
    const root = mkdtempSync(join(tmpdir(), 'quarry-arch-'));
    mkdirSync(join(root, 'pipeline/store'), { recursive: true });
    mkdirSync(join(root, 'server'), { recursive: true });
    writeFileSync(join(root, 'server/config.ts'), 'export const x = 1;\n');
    writeFileSync(join(root, 'pipeline/store/open.ts'), "import { x } from '../../server/config.js';\nexport const y = x;\n");
    const fake = readImportRules('```import-rules\npipeline/store: pipeline/shared\nserver: server pipeline\n```');
    expect(findViolations(root, fake)).toEqual([
      'pipeline/store/open.ts imports server/config.js (pipeline/store may import: pipeline/shared)',
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});
