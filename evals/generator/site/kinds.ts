import { createArticles, type Article } from '../content/article.js';
import { createInvoices } from '../content/invoice.js';
import { createProductions, type Production } from '../content/production.js';
import { createBrands, createProducts, type Product } from '../content/product.js';
import { createTenders, type Tender } from '../content/tender.js';
import { fill } from '../locale/format.js';
import { slugify } from '../locale/names.js';
import { articlePage } from '../pages/article.js';
import { listingPages, type ListingItem } from '../pages/listing.js';
import { noticePage } from '../pages/notice.js';
import { aboutPage, contactPage } from '../pages/organisation.js';
import { productionPage } from '../pages/production.js';
import { productPage } from '../pages/product.js';
import { invoicePdfPage, type InvoiceLayout } from '../pdf/invoice-pdf.js';
import { tenderPdfPage, type TenderPdfLayout } from '../pdf/tender-pdf.js';
import { date, dateRange, money, text } from '../render/values.js';
import type { GeneratedPage, GeneratedSite } from '../types.js';
import { finishSite, type SiteBase } from './base.js';

/**
 * The page sets of each kind of site. Every site has a home page, about and contact pages; opera houses and
 * theatres add a season listing, productions and news; portals notices and their PDFs; shops products; news sites
 * articles; software companies a help article that links their sample invoices (PDF).
 */
export interface KindInput {
  base: SiteBase;
  items: number;
  /** The portal's tender PDF layout, the issuer's invoice layout. */
  pdfLayout: TenderPdfLayout;
  invoiceLayout: InvoiceLayout;
}

const SEASON_START = '2026-09-12';

function orgSlots(base: SiteBase): { org: string; place: string } {
  return { org: base.ctx.org.name, place: base.ctx.org.place };
}

function orgPages(base: SiteBase): GeneratedPage[] {
  return [aboutPage(base.ctx, `/${base.word('about')}`), contactPage(base.ctx, `/${base.word('contact')}`)];
}

function articleSet(base: SiteBase, articles: readonly Article[], listingBase: string, pathOf: (a: Article, i: number) => string): GeneratedPage[] {
  const { ctx } = base;
  const { t } = ctx;
  const paths = articles.map((a, i) => pathOf(a, i));
  const pages = articles.map((a, i) =>
    articlePage(ctx, a, {
      path: paths[i] ?? '/',
      listingPath: listingBase,
      listingLabel: t.ui.news,
      others: articles.map((o, k) => ({ article: o, path: paths[k] ?? '/' })).filter((_, k) => k !== i).slice(0, 3),
    }),
  );
  const items: ListingItem[] = articles.map((a, i) => ({
    titleField: 'headline',
    title: a.headline,
    href: paths[i] ?? '/',
    cells: [{ field: 'published', label: t.labels.article_published, value: date(t, a.published, true) }],
  }));
  return [...pages, ...listingPages(ctx, { documentType: 'article_listing', title: t.ui.newsTitle, pagePath: (n) => base.pagePath(listingBase, n), items, perPage: t.listing.perPage + 2 })];
}

function articlePathStyle(base: SiteBase): (a: Article, i: number) => string {
  const news = base.word('news');
  const style = base.ctx.t.wrapper === 'form' ? 'aspx' : base.ctx.rng.fork('article-paths').pick(['dated', 'flat', 'blog'] as const);
  return (a, i) => {
    switch (style) {
      case 'aspx':
        return `/article.aspx?id=${1040 + i * 7}`;
      case 'dated':
        return `/${news}/${a.published.slice(0, 4)}/${a.published.slice(5, 7)}/${a.slug}`;
      case 'flat':
        return `/${news}/${a.slug}`;
      case 'blog':
        return `/blog/${a.slug}/`;
    }
  };
}

export function buildStageSite(input: KindInput): GeneratedSite {
  const { base, items } = input;
  const { ctx } = base;
  const { t } = ctx;
  const r = ctx.rng.fork('stage');
  const season = base.word('season');
  const listingBase = `/${season}`;
  const newsBase = `/${base.word('news')}`;
  ctx.site.nav = [
    { label: t.ui.season, href: listingBase },
    { label: t.ui.news, href: newsBase },
    { label: t.ui.about, href: `/${base.word('about')}` },
    { label: t.ui.contact, href: `/${base.word('contact')}` },
  ];
  const genre = t.kind === 'opera' ? 'opera' : 'play';
  const productions = createProductions(r, { pack: t.pack, genre, venues: r.sample(t.pack.venues, 3), seasonStart: SEASON_START, currency: t.locale.currency, count: items });
  const pathStyle = r.pick(['slug', 'html', 'slash', 'query'] as const);
  const pathOf = (p: Production, i: number): string =>
    pathStyle === 'slug' ? `${listingBase}/${p.slug}` : pathStyle === 'html' ? `${listingBase}/2026-27/${p.slug}.html` : pathStyle === 'slash' ? `/productions/${p.slug}/` : `/event.php?id=${310 + i * 11}`;
  const withPaths = productions.map((p, i) => ({ production: p, path: pathOf(p, i) }));
  const details = withPaths.map(({ production, path }) =>
    productionPage(ctx, production, { path, listingPath: listingBase, listingLabel: t.ui.season, others: withPaths.filter((o) => o.production !== production).slice(0, 3) }),
  );
  const showRange = r.chance(0.6);
  const listItems: ListingItem[] = withPaths.map(({ production: p, path }) => ({
    titleField: 'title',
    title: p.title,
    href: path,
    cells: [
      showRange
        ? { field: 'dates', label: t.labels.dates, value: dateRange(t, p.performances[0] ?? SEASON_START, p.performances[p.performances.length - 1] ?? SEASON_START) }
        : { field: 'date', label: t.labels.premiere, value: date(t, p.performances[0] ?? SEASON_START, true) },
      { field: 'venue', label: t.labels.venue, value: text(p.venue) },
    ],
  }));
  const listing = listingPages(ctx, { documentType: 'production_listing', title: fill(t.ui.seasonTitle, { y: '2026/27' }), pagePath: (n) => base.pagePath(listingBase, n), items: listItems, perPage: t.listing.perPage });
  const home = listingPages(ctx, { documentType: 'production_listing', title: ctx.site.name, pagePath: () => '/', items: listItems.slice(0, 3), perPage: 3, intro: fill(r.pick(t.pack.prose.aboutSentences), { org: ctx.org.name, place: ctx.org.place, n: r.int(20, 400), topic: r.pick(t.pack.prose.topics) }) });
  const articles = createArticles(r.fork('news'), { pack: t.pack, slots: orgSlots(base), firstDate: '2027-01-08', count: 2, withTime: r.chance(0.3) });
  return finishSite(base, [...home, ...listing, ...details, ...articleSet(base, articles, newsBase, articlePathStyle(base)), ...orgPages(base)]);
}

export async function buildPortalSite(input: KindInput): Promise<GeneratedSite> {
  const { base, items } = input;
  const { ctx } = base;
  const { t } = ctx;
  const r = ctx.rng.fork('portal');
  const listingBase = `/${base.word('notices')}`;
  const newsBase = `/${base.word('news')}`;
  ctx.site.nav = [
    { label: t.ui.notices, href: listingBase },
    { label: t.ui.news, href: newsBase },
    { label: t.ui.about, href: `/${base.word('about')}` },
    { label: t.ui.help, href: `/${base.word('contact')}` },
  ];
  const tenders = createTenders(r, t.locale, t.pack, '2027-01-05', items);
  const pathStyle = r.pick(['notice', 'nested', 'query', 'html'] as const);
  const pathOf = (n: Tender, i: number): string =>
    pathStyle === 'notice' ? `/notice/${n.slug}` : pathStyle === 'nested' ? `${listingBase}/${2027000 + i * 37}/${n.slug}` : pathStyle === 'query' ? `/tender?id=${encodeURIComponent(n.reference).replace(/%20/g, '+')}` : `/bandi/${n.published.slice(0, 4)}/${n.slug}.html`;
  const pdfStyle = r.pick(['documents', 'download', 'files'] as const);
  const pdfOf = (n: Tender): string | null => {
    if (!t.locale.pdfSafe) return null;
    return pdfStyle === 'documents' ? `/documents/${n.slug}.pdf` : pdfStyle === 'download' ? `/download?file=${n.slug}.pdf` : `/files/${n.published.slice(0, 4)}/${n.slug}-tender.pdf`;
  };
  const percentSpace = r.chance(0.6);
  const pages: GeneratedPage[] = [];
  for (const [i, tender] of tenders.entries()) {
    const pdfPath = pdfOf(tender);
    pages.push(noticePage(ctx, tender, { path: pathOf(tender, i), listingPath: listingBase, pdfPath }));
    if (pdfPath) pages.push(await tenderPdfPage(t, tender, pdfPath, input.pdfLayout, percentSpace));
  }
  const listItems: ListingItem[] = tenders.map((n, i) => ({
    titleField: 'title',
    title: n.title,
    href: pathOf(n, i),
    cells: [
      { field: 'reference', label: t.labels.reference, value: text(n.reference) },
      { field: 'buyer', label: t.labels.buyer, value: text(n.buyer) },
      { field: 'deadline', label: t.labels.deadline, value: date(t, n.deadline, true) },
    ],
  }));
  const listing = listingPages(ctx, { documentType: 'notice_listing', title: t.ui.noticesTitle, pagePath: (n) => base.pagePath(listingBase, n), items: listItems, perPage: t.listing.perPage });
  const home = listingPages(ctx, { documentType: 'notice_listing', title: ctx.site.name, pagePath: () => '/', items: listItems.slice(0, 3), perPage: 3 });
  const articles = createArticles(r.fork('news'), { pack: t.pack, slots: orgSlots(base), firstDate: '2027-01-03', count: 2, withTime: false });
  return finishSite(base, [...home, ...listing, ...pages, ...articleSet(base, articles, newsBase, articlePathStyle(base)), ...orgPages(base)]);
}

export function buildShopSite(input: KindInput): GeneratedSite {
  const { base, items } = input;
  const { ctx } = base;
  const { t } = ctx;
  const r = ctx.rng.fork('shop');
  const listingBase = `/${base.word('shop')}`;
  ctx.site.nav = [
    { label: t.ui.shop, href: listingBase },
    { label: t.ui.about, href: `/${base.word('about')}` },
    { label: t.ui.contact, href: `/${base.word('contact')}` },
  ];
  const products = createProducts(r, t.locale, t.pack, items + 1, createBrands(r.fork('brands')));
  const pathStyle = r.pick(['p', 'products', 'html', 'id'] as const);
  const pathOf = (p: Product, i: number): string =>
    pathStyle === 'p' ? `/p/${slugify(p.sku)}/${p.slug}` : pathStyle === 'products' ? `/products/${p.slug}` : pathStyle === 'html' ? `/${slugify(t.pack.categories[p.category])}/${p.slug}-${slugify(p.sku)}.html` : `/artikel/${48000 + i * 13}`;
  const withPaths = products.map((p, i) => ({ product: p, path: pathOf(p, i) }));
  const details = withPaths.map(({ product, path }) =>
    productPage(ctx, product, { path, listingPath: listingBase, listingLabel: t.ui.shop, related: withPaths.filter((o) => o.product !== product).slice(0, 4) }),
  );
  const listItems: ListingItem[] = withPaths.map(({ product: p, path }) => ({
    titleField: 'name',
    title: p.name,
    href: path,
    cells: [{ field: 'price', label: t.labels.unit_price, value: money(t, p.price) }],
  }));
  const listing = listingPages(ctx, { documentType: 'product_listing', title: fill(t.ui.productsTitle, { c: t.ui.shop }), pagePath: (n) => base.pagePath(listingBase, n), items: listItems, perPage: t.listing.perPage });
  const home = listingPages(ctx, { documentType: 'product_listing', title: ctx.site.name, pagePath: () => '/', items: listItems.slice(0, 4), perPage: 4 });
  return finishSite(base, [...home, ...listing, ...details, ...orgPages(base)]);
}

export function buildNewsSite(input: KindInput): GeneratedSite {
  const { base, items } = input;
  const { ctx } = base;
  const { t } = ctx;
  const r = ctx.rng.fork('newsroom');
  const newsBase = `/${base.word('news')}`;
  ctx.site.nav = [
    { label: t.ui.news, href: newsBase },
    { label: t.ui.about, href: `/${base.word('about')}` },
    { label: t.ui.contact, href: `/${base.word('contact')}` },
  ];
  const articles = createArticles(r, { pack: t.pack, slots: orgSlots(base), firstDate: '2027-01-04', count: items + 2, withTime: r.chance(0.6) });
  const pathOf = articlePathStyle(base);
  const set = articleSet(base, articles, newsBase, pathOf);
  const homeItems: ListingItem[] = articles.slice(0, 4).map((a, i) => ({ titleField: 'headline', title: a.headline, href: pathOf(a, i), cells: [{ field: 'published', label: t.labels.article_published, value: date(t, a.published, true) }] }));
  const home = listingPages(ctx, { documentType: 'article_listing', title: ctx.site.name, pagePath: () => '/', items: homeItems, perPage: 4 });
  return finishSite(base, [...home, ...set, ...orgPages(base)]);
}

export async function buildBillingSite(input: KindInput): Promise<GeneratedSite> {
  const { base, items } = input;
  const { ctx } = base;
  const { t } = ctx;
  const r = ctx.rng.fork('billing');
  const helpPath = `/${base.word('help')}/${slugify(t.ui.helpTitle)}`;
  ctx.site.aboutPath = '/';
  ctx.site.nav = [
    { label: t.ui.help, href: helpPath },
    { label: t.ui.contact, href: `/${base.word('contact')}` },
  ];
  const invoices = createInvoices(r, { locale: t.locale, pack: t.pack, issuer: ctx.org, email: ctx.site.email, firstDate: '2027-01-02', count: Math.ceil((items * 2) / 3) + 1 });
  const underInvoices = r.chance(0.5);
  const invoicePaths = invoices.map((inv) => (underInvoices ? `/invoices/${slugify(inv.number)}.pdf` : `/docs/${slugify(t.labels.invoice_title)}-${slugify(inv.number)}.pdf`));
  const pdfs: GeneratedPage[] = [];
  for (const [i, inv] of invoices.entries()) pdfs.push(await invoicePdfPage(t, inv, invoicePaths[i] ?? '/', input.invoiceLayout));
  const [help] = createArticles(r.fork('help'), { pack: t.pack, slots: orgSlots(base), firstDate: '2027-01-02', count: 1, withTime: false });
  const attachments = invoices.map((inv, i) => ({ label: `${t.labels.invoice_title} ${inv.number} (PDF)`, href: invoicePaths[i] ?? '/' }));
  const pages: GeneratedPage[] = [aboutPage(ctx, '/', { heading: t.ui.helpTitle, links: [{ label: t.ui.helpTitle, href: helpPath }] }), contactPage(ctx, `/${base.word('contact')}`), ...pdfs];
  if (help) pages.push(articlePage(ctx, { ...help, headline: `${t.ui.helpTitle}: ${help.headline}` }, { path: helpPath, listingPath: '/', listingLabel: t.ui.help, others: [], attachments }));
  return finishSite(base, pages);
}
