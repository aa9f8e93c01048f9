import type { GoldenTask } from '../golden/task.js';
import { GOLDEN_SCHEMAS } from './data/schemas.js';
import type { BuiltSite } from './site.js';

/**
 * Golden fixture files derived from the rendered sites: a map from path (relative to evals/golden) to the exact
 * JSON text that belongs there. write-golden.ts writes it; a test compares it with what is committed.
 */
export function goldenFiles(sites: readonly BuiltSite[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const site of sites) {
    for (const page of site.pages) {
      if (!page.golden) continue;
      const task: GoldenTask = {
        site: site.id,
        path: page.path,
        documentType: page.golden.documentType,
        language: site.lang,
        contentType: page.contentType,
        ...(page.golden.requiresJavaScript ? { requiresJavaScript: true } : {}),
        records: page.golden.records,
      };
      const file = `pages/${site.id}/${fileSlug(page.path)}.json`;
      if (files.has(file)) throw new Error(`two pages of ${site.id} map to the golden file ${file}`);
      files.set(file, toJson(task));
    }
  }
  for (const schema of GOLDEN_SCHEMAS) files.set(`schemas/${schema.documentType}.json`, toJson(schema));
  return files;
}

/** `/` → `index`, `/produktionen/salome` → `produktionen__salome`, `/spielplan?seite=2` → `spielplan_seite_2`. */
export function fileSlug(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return 'index';
  return trimmed
    .replace(/\//g, '__')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+$/, '');
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
