import { html } from '../../sites/render/html.js';
import { robotsTxt, sitemapXml } from '../../sites/site.js';
import { createOrganisation, type Organisation } from '../content/organisation.js';
import type { Locale } from '../locale/locales.js';
import { hostName, slugify } from '../locale/names.js';
import type { OrgKind } from '../locale/pack.js';
import type { Rng } from '../random.js';
import type { SiteIdentity } from '../render/chrome.js';
import type { GeneratedPage, GeneratedSite, SiteResource } from '../types.js';
import { htmlDocument, segment, type SiteContext } from './context.js';
import { createTemplate, type SiteKind, type TemplateChoices } from './template.js';

/**
 * What every site shares before its kind adds pages: organisation, host, template, navigation, the page robots.txt
 * disallows, and the finishing step that adds robots.txt and (on some sites) a sitemap.
 */
const ORG_KIND: Readonly<Record<SiteKind, OrgKind>> = { opera: 'opera', theatre: 'theatre', procurement: 'portal', shop: 'shop', news: 'news', billing: 'company' };

export interface SiteBase {
  ctx: SiteContext;
  id: string;
  /** Path pieces in the site's language (`spielplan`, `aktuelles`). */
  word(key: Parameters<typeof wordOf>[1]): string;
  /** Path of page n of a paginated listing at `base`. */
  pagePath(base: string, n: number): string;
}

type WordKey = 'season' | 'news' | 'notices' | 'shop' | 'about' | 'contact' | 'help';

function wordOf(ctx: SiteContext, key: WordKey): string {
  return segment(ctx.t.ui[key], key);
}

export function createSiteBase(rng: Rng, id: string, kind: SiteKind, locale: Locale, choices: Omit<TemplateChoices, 'kind' | 'locale' | 'pack'>, takenHosts: ReadonlySet<string>, pack: TemplateChoices['pack']): SiteBase {
  const org: Organisation = createOrganisation(rng.fork('org'), locale, pack, ORG_KIND[kind]);
  const t = createTemplate(rng.fork('template'), { ...choices, kind, locale, pack });
  const host = hostName(rng.fork('host'), org.name, takenHosts);
  const email = `${org.emailLocal}@${host.replace(/^www\./, '')}`;
  const disallowed = rng.pick(['/search', '/intern/', '/account/login', '/print/', '/admin/']);
  const pageStyle = rng.pick(['page', 'p', 'seite', 'path', 'slash'] as const);
  const site: SiteIdentity = {
    name: org.name,
    host,
    org,
    email,
    nav: [],
    aboutPath: '/',
    disallowed,
    htmlLang: rng.chance(0.8) ? (rng.chance(0.5) ? locale.tag : locale.lang) : null,
    copyrightYear: 2027,
  };
  const ctx: SiteContext = { rng: rng.fork('pages'), t, site, org };
  site.aboutPath = `/${wordOf(ctx, 'about')}`;
  return {
    ctx,
    id,
    word: (key) => wordOf(ctx, key),
    pagePath(base, n) {
      if (n === 1) return base;
      switch (pageStyle) {
        case 'page':
          return `${base}?page=${n}`;
        case 'p':
          return `${base}?p=${n}`;
        case 'seite':
          return `${base}?${segment(ctx.t.ui.pageOf.split(' ')[0] ?? 'page', 'page')}=${n}`;
        case 'path':
          return `${base.replace(/\/$/, '')}/page/${n}/`;
        case 'slash':
          return `${base.replace(/\/$/, '')}/${n}`;
      }
    },
  };
}

const encoder = new TextEncoder();

/** The site as served: its pages, robots.txt disallowing one linked page, that page itself, and maybe a sitemap. */
export function finishSite(base: SiteBase, pages: GeneratedPage[], extraResources: SiteResource[] = []): GeneratedSite {
  const { ctx } = base;
  const r = ctx.rng.fork('finish');
  const hasSitemap = r.chance(0.6);
  const disallowedPage = htmlDocument(ctx, {
    path: ctx.site.disallowed,
    title: ctx.t.ui.account,
    main: html`<h1>${ctx.t.ui.account}</h1><form method="post"><input name="user"><input type="password" name="password"><button>${ctx.t.ui.account}</button></form>`,
    documentType: 'about',
    records: [],
    layouts: [],
  });
  const resources: SiteResource[] = [
    { path: '/robots.txt', contentType: 'text/plain; charset=utf-8', bytes: encoder.encode(robotsTxt([ctx.site.disallowed], hasSitemap)), originTemplated: hasSitemap },
    { path: ctx.site.disallowed, contentType: 'text/html; charset=utf-8', bytes: disallowedPage.bytes, originTemplated: true },
    { path: '/assets/site.css', contentType: 'text/css; charset=utf-8', bytes: encoder.encode(`body{font-family:system-ui;margin:0}\n.${slugify(ctx.site.name)}{color:#222}\n`), originTemplated: false },
    ...extraResources,
  ];
  if (hasSitemap) {
    resources.push({ path: '/sitemap.xml', contentType: 'application/xml; charset=utf-8', bytes: encoder.encode(sitemapXml(pages.map((p) => p.path), '2027-01-15')), originTemplated: true });
  }
  return {
    id: base.id,
    host: ctx.site.host,
    name: ctx.site.name,
    kind: ctx.t.kind,
    language: ctx.t.locale.tag,
    template: {
      classes: ctx.t.scheme,
      wrapper: ctx.t.wrapper,
      families: { ...ctx.t.families },
      records: { ...ctx.t.records },
      jsonLd: ctx.t.jsonLd,
      microdata: ctx.t.microdata,
      labels: { ...ctx.t.labels },
    },
    pages,
    resources,
    disallowed: [ctx.site.disallowed],
    hasSitemap,
  };
}
