import { describe, expect, it } from 'vitest';
import type { EvalDataset } from '../datasets/types.js';
import { loadReadability } from './readability.js';
import { evaluateDataset, formatTable } from './run.js';
import { offlineStages } from './stages.js';

const PARAGRAPHS = [
  'The harbour authority approved the new ferry timetable on Monday after a long consultation with residents of both islands.',
  'Under the plan, the first crossing leaves at six in the morning and the last returns shortly before midnight, every day of the week.',
  'Residents had asked for an earlier boat for years, saying that the old timetable made it impossible to reach the mainland hospital on time.',
];
const ARTICLE = `<html><head><title>Ferry timetable approved</title></head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
  <article><h1>Ferry timetable approved</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</article>
  <footer><p>Copyright Island Gazette. All rights reserved. Contact the newsroom for corrections and reprint requests.</p></footer>
</body></html>`;
const input = { bytes: new TextEncoder().encode(ARTICLE), contentType: 'text/html; charset=utf-8', url: 'https://gazette.example/ferry' };

describe('Readability as the reference body', () => {
  it('reads the article paragraphs and leaves out the navigation and footer', async () => {
    const readability = await loadReadability();
    const text = (await readability?.(input)) ?? '';
    for (const p of PARAGRAPHS) expect(text.replace(/\s+/g, ' ')).toContain(p);
    expect(text).not.toMatch(/Weather|Copyright/);
  });

  it('is scored beside Quarry\'s body for each document with an expected body', async () => {
    const dataset: EvalDataset = { name: 'articles', clustering: false, documents: [{ id: 'ferry', input, type: 'article', expectedBody: PARAGRAPHS.join('\n\n') }] };
    const referenceBody = (await loadReadability()) ?? undefined;
    const result = await evaluateDataset(dataset, offlineStages, { referenceBody });
    expect(result.metrics.reference_body_f1).toBe(1);
    expect(result.metrics.body_f1).toBeGreaterThan(0.9);
    expect(result.details.bodies).toEqual([{ id: 'ferry', f1: result.metrics.body_f1, reference: 1 }]);
    const [header, , row] = formatTable([result]).split('\n').map((line) => line.split(' | '));
    expect(row?.[header?.indexOf('Readability body F1') ?? -1]).toBe('1.000');
  });
});
