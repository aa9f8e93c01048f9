import { html, raw, type Markup } from '../../sites/render/html.js';
import { ORIGIN_PLACEHOLDER } from '../../sites/site.js';
import { addressLines } from '../locale/names.js';
import type { Organisation } from '../content/organisation.js';
import type { SiteTemplate } from '../site/template.js';

/**
 * The chrome around every HTML page of a site: head (title with the site's suffix, canonical link, meta), cookie
 * banner, header with navigation, breadcrumbs, sidebar, newsletter box and a footer that repeats the organisation's
 * address and phone. The main content sits in `<main>`, in plain `<div>`s, or inside an ASP.NET-style `<form>`.
 */
export interface SiteIdentity {
  name: string;
  host: string;
  org: Organisation;
  email: string;
  nav: ReadonlyArray<{ label: string; href: string }>;
  /** Where the about page is (the footer's legal links point into it). */
  aboutPath: string;
  /** A path robots.txt disallows, linked from the footer. */
  disallowed: string;
  /** `<html lang>` as the site writes it (absent on some sites). */
  htmlLang: string | null;
  copyrightYear: number;
}

export interface PageParts {
  path: string;
  /** The page's own title, before the site's suffix. */
  title: string;
  main: Markup;
  breadcrumbs?: ReadonlyArray<{ label: string; href?: string }>;
  sidebar?: Markup;
  /** Extra `<head>` content: JSON-LD, meta. */
  head?: Markup;
  description?: string;
  /** Microdata on the main wrapper (`itemscope itemtype=…`). */
  itemtype?: string;
}

export function renderPage(t: SiteTemplate, site: SiteIdentity, parts: PageParts): string {
  const c = (block: string, element?: string) => t.facts.cls.attr(block, element);
  const title = t.titlePattern.replace('{page}', parts.title).replace('{site}', site.name);
  const cookie = html`<div id="cookie-consent"${c('cookie')} role="dialog" aria-live="polite">
  <p${c('cookie', 'text')}>${t.ui.cookieText}</p>
  <button type="button"${c('cookie', 'accept')}>${t.ui.cookieAccept}</button> <button type="button"${c('cookie', 'reject')}>${t.ui.cookieReject}</button>
</div>`;
  const nav = html`<ul${c('nav', 'list')}>
${site.nav.map((n) => html`    <li${c('nav', 'item')}><a${c('nav', 'link')} href="${n.href}">${n.label}</a></li>\n`)}  </ul>`;
  const header = html`<a class="skip-link" href="#content">${t.ui.skip}</a>
  <div${c('header', 'brand')}><a href="/">${site.name}</a></div>
  ${t.wrapper === 'semantic' ? html`<nav${c('nav')} aria-label="${t.ui.home}">${nav}</nav>` : html`<div${c('nav')} id="menu">${nav}</div>`}
  <form${c('search')} action="/search" method="get" role="search"><input type="search" name="q" placeholder="${t.ui.search}"><button>${t.ui.search}</button></form>`;
  const crumbs = t.breadcrumbs && parts.breadcrumbs && parts.breadcrumbs.length > 0 ? breadcrumbs(t, parts.breadcrumbs) : html``;
  const newsletter = t.newsletter
    ? html`<div${c('newsletter')}>
  <h3>${t.headings.newsletter}</h3>
  <p>${t.ui.newsletterText}</p>
  <form action="/newsletter" method="post"><input type="email" name="email" placeholder="name@example.org"> <button>${t.ui.subscribe}</button></form>
</div>`
    : html``;
  const aside = t.sidebar && parts.sidebar ? parts.sidebar : html``;
  const lines = addressLines(site.org.address, t.locale);
  const footer = html`<div${c('footer', 'org')}>
    <strong>${site.org.name}</strong><br>
    ${lines.map((l, i) => html`${i > 0 ? raw('<br>') : ''}${l}`)}<br>
    ${t.labels.phone} ${site.org.phone} · <a href="mailto:${site.email}">${site.email}</a>
  </div>
  <ul${c('footer', 'links')}>
    <li><a href="${site.aboutPath}#privacy">${t.ui.privacy}</a></li>
    <li><a href="${site.aboutPath}#legal">${t.ui.imprint}</a></li>
    <li><a href="${site.disallowed}">${t.ui.account}</a></li>
  </ul>
  <p${c('footer', 'copy')}>© ${site.copyrightYear} ${site.org.name}. ${t.ui.allRights}</p>`;
  const microdata = parts.itemtype ? raw(` itemscope itemtype="${parts.itemtype}"`) : raw('');
  const content = html`${crumbs}${parts.main}`;
  const body =
    t.wrapper === 'semantic'
      ? html`<header${c('header')}>
  ${header}
</header>
<main id="content"${c('main')}${microdata}>
${content}
</main>
${t.sidebar && parts.sidebar ? html`<aside${c('sidebar')}>${aside}${newsletter}</aside>` : html`<section${c('promo')}>${newsletter}</section>`}
<footer${c('footer')}>
  ${footer}
</footer>`
      : t.wrapper === 'divs'
        ? html`<div id="header"${c('header')}>
  ${header}
</div>
<div id="wrapper"${c('layout')}>
  <div id="content"${c('content')}${microdata}>
${content}
  </div>
  <div id="sidebar"${c('sidebar')}>${aside}${newsletter}</div>
</div>
<div id="footer"${c('footer')}>
  ${footer}
</div>`
        : html`<form method="post" action=".${parts.path.split('?')[0] ?? '/'}" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM2${raw(hashish(parts.path))}ZGQ=">
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAAK${raw(hashish(site.host))}">
</div>
<div id="ctl00_header"${c('header')}>
  ${header}
</div>
<div id="ctl00_ContentPlaceHolder1_pnlMain"${c('content')}${microdata}>
${content}
</div>
<div id="ctl00_Sidebar"${c('sidebar')}>${aside}${newsletter}</div>
<div id="ctl00_footer"${c('footer')}>
  ${footer}
</div>
</form>`;
  return html`<!DOCTYPE html>
<html${site.htmlLang ? raw(` lang="${site.htmlLang}"`) : ''}>
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  ${parts.description ? html`<meta name="description" content="${parts.description}">` : ''}
  <meta property="og:title" content="${parts.title}">
  <meta property="og:site_name" content="${site.name}">
  <link rel="canonical" href="${raw(ORIGIN_PLACEHOLDER)}${parts.path}">
  <link rel="stylesheet" href="/assets/site.css">
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({ page: "${raw(parts.path.replace(/["\\<]/g, ''))}" });</script>
  ${parts.head ?? ''}
</head>
<body${c('page')}>
${t.cookieAtTop ? cookie : ''}
${body}
${t.cookieAtTop ? '' : cookie}
</body>
</html>
`.value;
}

function breadcrumbs(t: SiteTemplate, items: ReadonlyArray<{ label: string; href?: string }>): Markup {
  const c = (element?: string) => t.facts.cls.attr('breadcrumb', element);
  const all = [{ label: t.ui.home, href: '/' }, ...items];
  if (t.scheme === 'none' || t.scheme === 'hashed') {
    return html`<div${c()}>${all.map((b, i) => html`${i > 0 ? ' › ' : ''}${b.href ? html`<a href="${b.href}">${b.label}</a>` : b.label}`)}</div>\n`;
  }
  return html`<nav${c()} aria-label="breadcrumb"><ol>${all.map((b) => html`<li${c('item')}>${b.href ? html`<a href="${b.href}">${b.label}</a>` : html`<span aria-current="page">${b.label}</span>`}</li>`)}</ol></nav>\n`;
}

/** Stable base64-looking noise from a string, for hidden form state. */
function hashish(text: string): string {
  let h = 2166136261;
  let out = '';
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    out += (h >>> 0).toString(36);
    h ^= round * 7919;
  }
  return out;
}
