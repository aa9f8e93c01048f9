import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordProblems } from '../golden/conform.js';
import type { JsonValue } from '../golden/task.js';
import { generateCorpus } from './corpus.js';
import { pageText, ungroundedValues } from './grounding.js';
import { LANGS } from './locale/pack.js';
import { CLASS_SCHEMES } from './render/classes.js';
import { LAYOUT_FAMILIES } from './render/facts.js';
import { INVOICE_LAYOUTS } from './pdf/invoice-pdf.js';
import { TENDER_PDF_LAYOUTS } from './pdf/tender-pdf.js';
import { DEV_SEEDS } from './seeds.js';
import { BLOCKS } from './site/template.js';
import { DETAIL_TYPES, GENERATED_TYPES, type Corpus, type GeneratedPage } from './types.js';

let corpora: Corpus[];

beforeAll(async () => {
  corpora = [];
  for (const seed of DEV_SEEDS) corpora.push(await generateCorpus(seed));
}, 120_000);

const pagesOf = (c: Corpus) => c.sites.flatMap((s) => s.pages.map((p) => ({ site: s, page: p })));

function fingerprint(c: Corpus): string {
  const hash = createHash('sha256');
  for (const s of c.sites) {
    hash.update(`${s.id} ${s.host}\n`);
    for (const f of [...s.pages, ...s.resources]) hash.update(f.path).update(f.bytes);
    for (const p of s.pages) hash.update(JSON.stringify(p.records));
  }
  return hash.digest('hex');
}

describe('generateCorpus', () => {
  it('gives the same bytes and ground truth for the same seed, and other sites for another seed', async () => {
    const [first, second] = corpora;
    expect(fingerprint(await generateCorpus(DEV_SEEDS[0] ?? 1))).toBe(fingerprint(first as Corpus));
    expect(first?.sites.map((s) => s.host)).not.toEqual(second?.sites.map((s) => s.host));
  });

  it('refuses seeds and sizes it cannot honour, naming the limit', async () => {
    await expect(generateCorpus(-1)).rejects.toThrow(/non-negative integer/);
    await expect(generateCorpus(1.5)).rejects.toThrow(/non-negative integer/);
    await expect(generateCorpus(1, { sitesPerKind: 0 })).rejects.toThrow(/sitesPerKind must be 1–50/);
    await expect(generateCorpus(1, { itemsPerSite: 10_000 })).rejects.toThrow(/itemsPerSite must be 1–60/);
  });

  it('holds every document type, each detail type on at least three sites in different languages', () => {
    for (const c of corpora) {
      const types = new Set(pagesOf(c).map(({ page }) => page.documentType));
      expect([...types].sort()).toEqual([...GENERATED_TYPES].sort());
      for (const type of [...DETAIL_TYPES, 'about', 'contact'] as const) {
        const sites = c.sites.filter((s) => s.pages.some((p) => p.documentType === type));
        expect(sites.length, `${type} in seed ${c.seed}`).toBeGreaterThanOrEqual(3);
        expect(new Set(sites.map((s) => s.language.slice(0, 2))).size, `${type} languages in seed ${c.seed}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('gives every page and resource of a site its own path', () => {
    for (const s of corpora.flatMap((c) => c.sites)) {
      const paths = [...s.pages, ...s.resources].map((f) => f.path);
      expect(paths.filter((p, i) => paths.indexOf(p) !== i), s.id).toEqual([]);
    }
  });

  it('names each site with a unique invented host on a TLD reserved for examples and tests', () => {
    for (const c of corpora) {
      const hosts = c.sites.map((s) => s.host);
      expect(new Set(hosts).size).toBe(hosts.length);
      for (const host of hosts) expect(host).toMatch(/^[a-z0-9.-]+\.(example|test)$/);
    }
  });

  it('gives each site one language, at least six across a corpus, and no two sites of a language every same label', () => {
    for (const c of corpora) {
      expect(new Set(c.sites.map((s) => s.language.slice(0, 2))).size).toBeGreaterThanOrEqual(6);
      for (const s of c.sites) for (const p of s.pages) expect(p.language).toBe(s.language);
      for (const [i, a] of c.sites.entries()) {
        for (const b of c.sites.slice(i + 1)) {
          if (a.language.slice(0, 2) !== b.language.slice(0, 2)) continue;
          expect(JSON.stringify(a.template.labels), `${a.id} and ${b.id}`).not.toBe(JSON.stringify(b.template.labels));
        }
      }
    }
    const all = new Set(corpora.flatMap((c) => c.sites.map((s) => s.language.slice(0, 2))));
    expect([...all].sort()).toEqual([...LANGS].sort());
  });

  it('links listings to details and back, every page to about and contact, notices to their PDF, invoices from a help page', () => {
    for (const c of corpora) {
      for (const s of c.sites) {
        const paths = new Set(s.pages.map((p) => p.path));
        const linkedFromAnywhere = new Set(s.pages.flatMap((p) => p.links));
        for (const p of s.pages) {
          if (p.path !== '/' && !s.hasSitemap) expect(linkedFromAnywhere.has(p.path), `${s.id} ${p.path} is linked`).toBe(true);
          for (const link of p.links) expect(paths.has(link) || s.resources.some((r) => r.path === link), `${s.id} ${p.path} → ${link}`).toBe(true);
        }
        const about = s.pages.find((p) => p.documentType === 'about');
        const contact = s.pages.find((p) => p.documentType === 'contact');
        if (!contact || !about) throw new Error(`${s.id} has about and contact pages`);
        for (const p of s.pages.filter((x) => x.contentType.startsWith('text/html'))) expect(p.links).toContain(contact.path);
        for (const listing of s.pages.filter((p) => p.documentType.endsWith('_listing'))) {
          for (const item of listing.records) {
            const target = s.pages.find((p) => p.path === item['url']);
            expect(target, `${s.id} ${listing.path} → ${String(item['url'])}`).toBeDefined();
            if (target && target.documentType !== 'article') expect(target.links.some((l) => s.pages.find((p) => p.path === l)?.documentType === listing.documentType)).toBe(true);
          }
        }
        const articleLinks = new Set(s.pages.filter((p) => p.documentType === 'article').flatMap((p) => p.links));
        for (const invoice of s.pages.filter((p) => p.documentType === 'invoice')) expect(articleLinks.has(invoice.path), `${s.id} links ${invoice.path} from its help article`).toBe(true);
        for (const notice of s.pages.filter((p) => p.documentType === 'tender_notice')) {
          const pdf = notice.records[0]?.['tender_document'];
          if (pdf !== undefined) expect(s.pages.find((p) => p.path === pdf)?.documentType).toBe('tender_pdf');
        }
      }
    }
  });

  it('has a robots.txt on every site that disallows one page which exists and is linked', () => {
    for (const s of corpora.flatMap((c) => c.sites)) {
      const robots = new TextDecoder().decode(s.resources.find((r) => r.path === '/robots.txt')?.bytes);
      expect(robots).toContain(`Disallow: ${s.disallowed[0]}`);
      expect(s.resources.some((r) => r.path === s.disallowed[0])).toBe(true);
      expect(s.pages.some((p) => p.links.includes(s.disallowed[0] ?? ''))).toBe(true);
      expect(s.resources.some((r) => r.path === '/sitemap.xml')).toBe(s.hasSitemap);
    }
  });

  it('titles pages with the site name as suffix or prefix, and repeats notice references in their URLs', () => {
    for (const s of corpora.flatMap((c) => c.sites)) {
      for (const p of s.pages.filter((x) => x.contentType.startsWith('text/html'))) {
        const title = /<title>([^<]*)<\/title>/.exec(new TextDecoder().decode(p.bytes))?.[1] ?? '';
        expect(title.replace(/&#39;/g, "'").replace(/&amp;/g, '&')).toContain(s.name);
      }
      for (const n of s.pages.filter((p) => p.documentType === 'tender_notice')) {
        // Slugs drop accents ("Pregão" → "pregao"): compare both sides without them.
        const slug = (text: string): string => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
        const reference = slug(String(n.records[0]?.['reference']));
        const inUrl = slug(decodeURIComponent(n.path.replace(/\+/g, ' ')));
        expect(inUrl, `${s.id} ${n.path}`).toContain(reference.replace(/^-|-$/g, ''));
      }
    }
  });

  it('writes every golden value on its page, HTML as a reader sees it and PDFs as the project parser reads them', async () => {
    let checked = 0;
    const failures: string[] = [];
    for (const c of corpora) {
      for (const { site, page } of pagesOf(c)) {
        const text = await pageText(site, page);
        for (const u of ungroundedValues(text, page.records)) failures.push(`${c.seed} ${site.id}${page.path}: ${u.field} = ${u.value}`);
        checked += page.records.reduce((n, r) => n + Object.keys(r).length, 0);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(3000);
  }, 120_000);

  it('fits every detail record to the expected schema of its type', () => {
    for (const c of corpora) {
      for (const { site, page } of pagesOf(c)) {
        const schema = c.schemas.find((s) => s.documentType === page.documentType);
        if (!schema) continue;
        expect(page.records, `${site.id}${page.path}`).toHaveLength(1);
        // An article without a printed time has a date where the schema says date-time: a date-time of unknown hour.
        const record = Object.fromEntries(Object.entries(page.records[0] ?? {}).map(([k, v]): [string, JsonValue] => [k, typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && schema.fields.find((f) => f.name === k)?.type === 'datetime' ? `${v}T00:00` : v]));
        expect(recordProblems(record, schema), `${site.id}${page.path}`).toEqual([]);
      }
    }
  });

  it('deals out every layout family for every detail type, and every class scheme, wrapper, record and PDF layout', () => {
    const layouts = new Set(corpora.flatMap((c) => pagesOf(c).flatMap(({ page }) => page.layouts)));
    for (const [type, blocks] of Object.entries(BLOCKS)) {
      if (type === 'organisation') continue;
      for (const family of LAYOUT_FAMILIES) expect(blocks.some((b) => layouts.has(`${type}.${b}:${family}`)), `${type} in ${family}`).toBe(true);
    }
    for (const family of LAYOUT_FAMILIES) expect(layouts.has(`organisation.contact:${family}`), `contact in ${family}`).toBe(true);
    for (const layout of ['header_table', 'two_column_table', 'dl', 'list', 'lines', 'cards', 'sections']) expect(layouts.has(`cast:${layout}`), `cast as ${layout}`).toBe(true);
    for (const layout of TENDER_PDF_LAYOUTS) expect(layouts.has(`pdf:${layout}`)).toBe(true);
    for (const layout of INVOICE_LAYOUTS) expect(layouts.has(`invoice:${layout}`)).toBe(true);
    for (const wrapper of ['semantic', 'divs', 'form']) expect(layouts.has(`wrapper:${wrapper}`), `articles in ${wrapper}`).toBe(true);
    const sites = corpora.flatMap((c) => c.sites);
    for (const scheme of CLASS_SCHEMES) expect(sites.some((s) => s.template.classes === scheme), scheme).toBe(true);
  });

  it('embeds structured data on some pages of each HTML detail type, never on all', () => {
    for (const type of ['production', 'product', 'article'] as const) {
      const pages = corpora.flatMap((c) => pagesOf(c).map(({ page }) => page)).filter((p: GeneratedPage) => p.documentType === type);
      const withJsonLd = pages.filter((p) => p.structuredData.includes('json-ld')).length;
      expect(withJsonLd, type).toBeGreaterThan(0);
      expect(withJsonLd, type).toBeLessThan(pages.length);
      expect(pages.some((p) => p.structuredData.includes('microdata')), `${type} microdata`).toBe(true);
    }
  });

  it('writes deadlines with their zone where the page names one, and as local time where it does not', () => {
    const deadlines = corpora.flatMap((c) => pagesOf(c)).filter(({ page }) => page.documentType === 'tender_notice').map(({ site, page }) => ({ site, value: String(page.records[0]?.['deadline']) }));
    expect(deadlines.some((d) => /[+-]\d{2}:\d{2}$/.test(d.value))).toBe(true);
    expect(deadlines.some((d) => /T\d{2}:\d{2}$/.test(d.value))).toBe(true);
    for (const d of deadlines.filter((x) => x.site.language === 'en-US')) expect(d.value).toMatch(/-0[4-8]:00$/);
  });
});
