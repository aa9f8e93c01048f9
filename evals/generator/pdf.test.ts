import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../pipeline/parsing/index.js';
import type { ParsedPdf } from '../../pipeline/parsing/document.js';
import { generateCorpus } from './corpus.js';
import { amountPattern } from './grounding.js';
import { DEV_SEEDS } from './seeds.js';
import type { Corpus, GeneratedPage, GeneratedSite } from './types.js';

let corpus: Corpus;
const parsed = new Map<GeneratedPage, ParsedPdf>();

beforeAll(async () => {
  corpus = await generateCorpus(DEV_SEEDS[0] ?? 1);
  for (const site of corpus.sites) {
    for (const page of site.pages.filter((p) => p.contentType === 'application/pdf')) {
      const result = await parseDocument({ bytes: page.bytes, contentType: page.contentType, url: `https://${site.host}${page.path}` });
      if (result.ok && result.document.kind === 'pdf') parsed.set(page, result.document);
    }
  }
}, 60_000);

const pdfs = (type: 'tender_pdf' | 'invoice'): Array<{ site: GeneratedSite; page: GeneratedPage }> => corpus.sites.flatMap((site) => site.pages.filter((p) => p.documentType === type).map((page) => ({ site, page })));
const lines = (page: GeneratedPage): string[] => (parsed.get(page)?.pages ?? []).flatMap((p) => p.lines.map((l) => l.text));

describe('generated PDFs', () => {
  it('parse with the project’s own PDF parser, one text layer per page, metadata fixed', async () => {
    const all = [...pdfs('tender_pdf'), ...pdfs('invoice')];
    expect(all.length).toBeGreaterThan(10);
    for (const { site, page } of all) {
      expect(parsed.has(page), `${site.id}${page.path}`).toBe(true);
      expect(lines(page).length).toBeGreaterThan(8);
      const doc = await PDFDocument.load(page.bytes, { updateMetadata: false });
      expect(doc.getCreationDate()?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    }
  });

  it('write a tender summary as two columns without colons where the portal uses that layout', () => {
    const twoColumns = pdfs('tender_pdf').filter(({ page }) => page.layouts.includes('pdf:two_columns'));
    expect(twoColumns.length).toBeGreaterThan(0);
    for (const { site, page } of twoColumns) {
      const reference = String(page.records[0]?.['reference']);
      const line = lines(page).find((l) => l.endsWith(reference) && l.startsWith(site.template.labels['reference'] ?? '?'));
      expect(line, `${site.id}${page.path}`).toBe(`${site.template.labels['reference']} ${reference}`);
    }
  });

  it('write award criteria with weights in percent on the criterion’s line', () => {
    for (const { site, page } of pdfs('tender_pdf')) {
      const criteria = page.records[0]?.['award_criteria'] as Array<{ criterion: string; weight: number }>;
      expect(criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
      for (const c of criteria) expect(lines(page), `${site.id}${page.path}`).toContainEqual(expect.stringMatching(new RegExp(`^${c.criterion} ${c.weight} ?%$`)));
    }
  });

  it('write invoice totals as a label and an amount without a colon, and totals that add up', () => {
    for (const { site, page } of pdfs('invoice')) {
      const r = page.records[0] ?? {};
      const amount = (key: string) => (r[key] as { amount: number }).amount;
      expect(Math.round((amount('subtotal') + amount('vat_amount')) * 100) / 100).toBe(amount('total'));
      const items = r['line_items'] as Array<{ amount: { amount: number } }>;
      expect(Math.round(items.reduce((s, i) => s + i.amount.amount, 0) * 100) / 100).toBe(amount('subtotal'));
      const label = site.template.labels['total'] ?? '?';
      const line = lines(page).find((l) => l.startsWith(`${label} `) && amountPattern(amount('total')).test(l));
      expect(line, `${site.id}${page.path}`).toBeDefined();
      expect(line).not.toContain(':');
    }
  });
});
