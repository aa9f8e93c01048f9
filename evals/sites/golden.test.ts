import { beforeAll, describe, expect, it } from 'vitest';
import { recordProblems } from '../golden/conform.js';
import type { LoadedGoldenSchema, LoadedGoldenTask } from '../golden/load.js';
import { loadGoldenSchemas, loadGoldenTasks } from '../golden/load.js';
import type { JsonValue } from '../golden/task.js';
import { buildDemoSites } from './sites.js';
import type { BuiltSite, SitePage } from './site.js';
import { decodeHtml, normalizeSpace, pdfText, visibleText } from './testing.js';
import { goldenDrift } from './write-golden.js';

let sites: BuiltSite[];
let tasks: LoadedGoldenTask[];
let schemas: LoadedGoldenSchema[];

beforeAll(async () => {
  [sites, tasks, schemas] = await Promise.all([buildDemoSites(), loadGoldenTasks(), loadGoldenSchemas()]);
});

function pageOf(task: LoadedGoldenTask): SitePage | undefined {
  return sites.find((s) => s.id === task.site)?.pages.find((p) => p.path === task.path);
}

/** Normalized values (ISO dates and durations, paths) are not written that way on the page; everything else is. */
function stringLeaves(value: JsonValue): string[] {
  if (typeof value === 'string') return /^(\d{4}-\d{2}-\d{2}(T[\d:]+)?|P[\dTHMS]+|\/.*)$/.test(value) ? [] : [value];
  if (typeof value === 'number' && Number.isInteger(value) && value > 1000 && value < 3000) return [String(value)];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (k === 'currency' ? [] : stringLeaves(v)));
  return [];
}

describe('golden fixtures', () => {
  it('match the site data they are derived from (run `npx tsx evals/sites/write-golden.ts` after changing the data)', async () => {
    expect(await goldenDrift()).toEqual({ missing: [], changed: [], stale: [] });
  });

  it('cover every content page of every site, and no page robots.txt forbids', () => {
    const expected = sites.flatMap((s) =>
      s.pages
        .filter((p) => (p.contentType.startsWith('text/html') || p.contentType === 'application/pdf') && !s.disallowed.includes(p.path))
        .map((p) => `${s.id} ${p.path}`),
    );
    expect(tasks.map((t) => `${t.site} ${t.path}`).sort()).toEqual(expected.sort());
    for (const task of tasks) expect(pageOf(task)?.contentType, task.id).toBe(task.contentType);
  });

  it('label 14 productions on three opera sites, 7 notices and 7 tender PDFs', () => {
    const count = (type: string) => tasks.filter((t) => t.documentType === type);
    expect(count('production')).toHaveLength(14);
    expect(new Set(count('production').map((t) => t.site))).toEqual(new Set(['staatsoper-nord', 'teatro-lirico', 'opera-lumiere']));
    expect(count('notice')).toHaveLength(7);
    expect(count('tender_pdf')).toHaveLength(7);
    for (const type of ['listing', 'about', 'contact', 'news']) expect(count(type).length, type).toBeGreaterThanOrEqual(4);
  });

  it('hold records that fit the reviewed schema of their type', () => {
    expect(schemas.map((s) => s.documentType)).toEqual(['notice', 'production']);
    for (const schema of schemas) {
      const ofType = tasks.filter((t) => t.documentType === schema.documentType);
      for (const task of ofType) {
        expect(task.records, task.id).toHaveLength(1);
        for (const record of task.records) expect(recordProblems(record, schema), task.id).toEqual([]);
      }
    }
  });

  it('only hold values that are written on the page (grounded), for HTML and PDF alike', async () => {
    let checked = 0;
    for (const task of tasks.filter((t) => !t.requiresJavaScript)) {
      const page = pageOf(task);
      if (!page) throw new Error(`no page for ${task.id}`);
      const text = page.contentType === 'application/pdf' ? normalizeSpace((await pdfText(page.body)).join(' ')) : visibleText(decodeHtml(page.body, page.contentType));
      for (const value of task.records.flatMap((r) => stringLeaves(r))) {
        expect(text, `${task.id} shows "${value}"`).toContain(value);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('describe the JavaScript-only calendar as needing a browser, with every performance of the house', () => {
    const calendar = tasks.find((t) => t.requiresJavaScript);
    expect(calendar?.path).toBe('/spielplan/kalender');
    const performances = tasks.filter((t) => t.site === 'staatsoper-nord' && t.documentType === 'production').flatMap((t) => t.records[0]?.['performances'] as string[]);
    expect(calendar?.records.map((r) => r['datetime']).sort()).toEqual(performances.sort());
  });
});

describe('demoDocuments', () => {
  it('pairs every golden task with its page bytes under a per-site origin', async () => {
    const { demoDocuments } = await import('./documents.js');
    const docs = await demoDocuments();
    expect(docs).toHaveLength(tasks.length);
    const salome = docs.find((d) => d.task.id === 'staatsoper-nord/produktionen__salome');
    expect(salome?.url).toBe('http://staatsoper-nord.demo.localhost/produktionen/salome');
    expect(new TextDecoder().decode(salome?.bytes)).toContain('<h1 class="produktion__titel">Salome</h1>');
    const served = await demoDocuments({ origin: (id) => `http://127.0.0.1:9/${id}` });
    expect(served[0]?.url.startsWith('http://127.0.0.1:9/')).toBe(true);
  });
});
