import type { NewsArticle, Notice, ProcurementPortal } from '../data/types.js';
import type { BuiltSite, SitePage } from '../site.js';
import { htmlPage, robotsTxt, sitemapXml, textPage } from '../site.js';
import { enLong } from './dates.js';
import type { Markup } from './html.js';
import { html } from './html.js';
import { aboutRecord, contactRecord, newsRecord, noticeRecord, noticeRowRecord, tenderPdfRecord } from './records.js';
import { deadlineText, money, tenderPdf } from './tender-pdf.js';

/** English procurement portal: GOV-style markup, a paginated notices table, summary-list notice pages, tender PDFs. */

const PER_PAGE = 5;
const UPDATED = new Date('2027-02-22T09:00:00Z');

const noticePath = (n: Notice) => `/notices/${n.slug}`;
const documentPath = (n: Notice) => `/documents/${n.documentFile}`;
const newsPath = (a: NewsArticle) => `/news/${a.slug}`;
const listingPath = (page: number) => (page === 1 ? '/notices' : `/notices?page=${page}`);
const ARCHIVE_LINK = '/archive/2019';

function layout(portal: ProcurementPortal, title: string, main: Markup): string {
  const o = portal.org;
  return html`<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>${title} - ${o.name}</title>
  <link rel="stylesheet" href="/styles/portal.css">
</head>
<body class="govuk-template__body">
  <div class="govuk-cookie-banner" role="region" aria-label="Cookies on ${o.name}">
    <h2 class="govuk-cookie-banner__heading">Cookies on ${o.name}</h2>
    <p>We use some essential cookies to make this service work. We would also like to use analytics cookies.</p>
    <button class="govuk-button" value="accept">Accept analytics cookies</button>
    <button class="govuk-button" value="reject">Reject analytics cookies</button>
  </div>
  <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
  <header class="govuk-header" role="banner">
    <a href="/" class="govuk-header__link govuk-header__service-name">${o.name}</a>
    <nav aria-label="Menu" class="govuk-header__navigation">
      <ul class="govuk-header__navigation-list">
        <li><a class="govuk-header__link" href="/notices">Find a tender</a></li>
        <li><a class="govuk-header__link" href="/search?status=open">Advanced search</a></li>
        <li><a class="govuk-header__link" href="/about">About</a></li>
        <li><a class="govuk-header__link" href="/contact">Help</a></li>
      </ul>
    </nav>
  </header>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content" role="main">
${main}
    </main>
  </div>
  <footer class="govuk-footer" role="contentinfo">
    <ul class="govuk-footer__inline-list">
      <li><a class="govuk-footer__link" href="/about">Accessibility statement</a></li>
      <li><a class="govuk-footer__link" href="/contact">Contact</a></li>
      <li><a class="govuk-footer__link" href="${ARCHIVE_LINK}">Notices archive (2019)</a></li>
    </ul>
    <p>All content is available under an invented licence. © ${o.name}</p>
  </footer>
</body>
</html>
`.value;
}

function noticesTable(notices: readonly Notice[]): Markup {
  return html`<table class="govuk-table notices">
        <caption class="govuk-table__caption">Open notices</caption>
        <thead class="govuk-table__head"><tr><th scope="col">Reference</th><th scope="col">Title</th><th scope="col">Buyer</th><th scope="col">Deadline</th><th scope="col">Estimated value</th></tr></thead>
        <tbody class="govuk-table__body">
          ${notices.map((n) => html`<tr class="govuk-table__row"><td>${n.reference}</td><td><a href="${noticePath(n)}">${n.title}</a></td><td>${n.buyer}</td><td>${deadlineText(n.deadline)}</td><td>${money(n.estimatedValue, n.currency)}</td></tr>`)}
        </tbody>
      </table>`;
}

function home(portal: ProcurementPortal): SitePage {
  const latest = [...portal.notices].sort((a, b) => b.published.localeCompare(a.published)).slice(0, 3);
  const main = html`      <h1 class="govuk-heading-xl">Find a tender</h1>
      <p class="govuk-body">Contract opportunities from ${portal.notices[0]?.buyer ?? 'public buyers'} and its partners.</p>
      <h2 class="govuk-heading-m">Latest notices</h2>
      ${noticesTable(latest)}
      <p><a href="/notices">See all notices</a></p>
      <h2 class="govuk-heading-m">News</h2>
      <ul class="govuk-list">${portal.news.map((a) => html`<li><a href="${newsPath(a)}">${a.headline}</a></li>`)}</ul>`;
  return htmlPage('/', layout(portal, 'Home', main), UPDATED, { documentType: 'listing', records: latest.map((n) => noticeRowRecord(n, noticePath(n))) });
}

function listingPages(portal: ProcurementPortal): SitePage[] {
  const all = [...portal.notices].sort((a, b) => a.deadline.localeCompare(b.deadline));
  const pageCount = Math.ceil(all.length / PER_PAGE);
  return Array.from({ length: pageCount }, (_, i) => {
    const page = i + 1;
    const slice = all.slice(i * PER_PAGE, page * PER_PAGE);
    const main = html`      <h1 class="govuk-heading-l">Notices</h1>
      <p class="govuk-body">Showing ${i * PER_PAGE + 1} to ${i * PER_PAGE + slice.length} of ${all.length} notices, sorted by deadline.</p>
      ${noticesTable(slice)}
      <nav class="govuk-pagination" aria-label="Pagination">
        ${page > 1 ? html`<a class="govuk-pagination__prev" rel="prev" href="${listingPath(page - 1)}">Previous page</a>` : ''}
        ${page < pageCount ? html`<a class="govuk-pagination__next" rel="next" href="${listingPath(page + 1)}">Next page</a>` : ''}
      </nav>`;
    return htmlPage(listingPath(page), layout(portal, `Notices, page ${page}`, main), UPDATED, {
      documentType: 'listing',
      records: slice.map((n) => noticeRowRecord(n, noticePath(n))),
    });
  });
}

function summaryRow(key: string, value: Markup | string): Markup {
  return html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`;
}

function notice(portal: ProcurementPortal, n: Notice): SitePage {
  const main = html`      <span class="govuk-caption-l">${n.reference}</span>
      <h1 class="govuk-heading-l">${n.title}</h1>
      <p class="govuk-body-l">${n.summary}</p>
      <h2 class="govuk-heading-m">Notice details</h2>
      <dl class="govuk-summary-list">
        ${summaryRow('Reference number', n.reference)}
        ${summaryRow('Buyer', n.buyer)}
        ${summaryRow('CPV code', `${n.cpvCode} – ${n.cpvLabel}`)}
        ${summaryRow('Procedure', n.procedure)}
        ${summaryRow('Published', enLong(n.published))}
        ${summaryRow('Tender deadline', deadlineText(n.deadline))}
        ${summaryRow('Estimated value', `${money(n.estimatedValue, n.currency)} excluding VAT`)}
        ${summaryRow('Place of performance', n.place)}
        ${summaryRow('Contract duration', `${n.durationMonths} months`)}
      </dl>
      <h2 class="govuk-heading-m">Lots</h2>
      <ol class="govuk-list lots">
        ${n.lots.map((l) => html`<li class="lot"><h3 class="govuk-heading-s">Lot ${l.number}: ${l.title}</h3>
          <ul class="govuk-list"><li>Estimated value: ${money(l.estimatedValue, n.currency)}</li></ul></li>`)}
      </ol>
      <h2 class="govuk-heading-m">Tender documents</h2>
      <p><a class="govuk-link" href="${documentPath(n)}">Invitation to tender (PDF)</a></p>
      <h2 class="govuk-heading-m">Contact</h2>
      <dl class="govuk-summary-list">
        ${summaryRow('Name', n.contactName)}
        ${summaryRow('Email', html`<a href="mailto:${n.contactEmail}">${n.contactEmail}</a>`)}
        ${summaryRow('Telephone', n.contactPhone)}
      </dl>`;
  return htmlPage(noticePath(n), layout(portal, n.title, main), new Date(`${n.published}T09:00:00Z`), {
    documentType: 'notice',
    records: [noticeRecord(n, documentPath(n))],
  });
}

async function document(n: Notice): Promise<SitePage> {
  return {
    path: documentPath(n),
    contentType: 'application/pdf',
    body: await tenderPdf(n),
    lastModified: new Date(`${n.published}T09:00:00Z`),
    golden: { documentType: 'tender_pdf', records: [tenderPdfRecord(n)] },
  };
}

function about(portal: ProcurementPortal): SitePage {
  const o = portal.org;
  const main = html`      <h1 class="govuk-heading-l">About ${o.name}</h1>
      ${o.about.map((a) => html`<p class="govuk-body">${a}</p>`)}
      <p class="govuk-body">The portal was launched in ${o.founded}. Head of procurement: ${o.director}.</p>`;
  return htmlPage('/about', layout(portal, 'About', main), UPDATED, { documentType: 'about', records: [aboutRecord(o)] });
}

function contact(portal: ProcurementPortal): SitePage {
  const o = portal.org;
  const main = html`      <h1 class="govuk-heading-l">Help and contact</h1>
      <p class="govuk-body">Supplier helpdesk, ${o.hours}.</p>
      <dl class="govuk-summary-list">
        ${summaryRow('Address', html`${o.name}, ${o.address.street}, ${o.address.city} ${o.address.postalCode}, ${o.address.country}`)}
        ${summaryRow('Telephone', o.phone)}
        ${summaryRow('Email', html`<a href="mailto:${o.email}">${o.email}</a>`)}
      </dl>`;
  return htmlPage('/contact', layout(portal, 'Help and contact', main), UPDATED, { documentType: 'contact', records: [contactRecord(o)] });
}

function news(portal: ProcurementPortal, a: NewsArticle): SitePage {
  const main = html`      <article>
        <h1 class="govuk-heading-l">${a.headline}</h1>
        <p class="govuk-body-s">Published ${enLong(a.date)} by ${a.author}</p>
        ${a.paragraphs.map((p) => html`<p class="govuk-body">${p}</p>`)}
      </article>`;
  return htmlPage(newsPath(a), layout(portal, a.headline, main), new Date(`${a.date}T09:00:00Z`), { documentType: 'news', records: [newsRecord(a)] });
}

function search(portal: ProcurementPortal): SitePage {
  const main = html`      <h1 class="govuk-heading-l">Advanced search</h1><p class="govuk-body">Search results are generated for each query and are not for crawling.</p>`;
  return htmlPage('/search?status=open', layout(portal, 'Advanced search', main), UPDATED);
}

const CSS = `body{font-family:Arial,sans-serif;margin:0}.govuk-header{background:#0b0c0c;color:#fff;padding:10px}
.govuk-header__link{color:#fff}.govuk-width-container{max-width:960px;margin:0 auto}.govuk-table{border-collapse:collapse;width:100%}
.govuk-table td,.govuk-table th{border-bottom:1px solid #b1b4b6;padding:8px}.govuk-cookie-banner{background:#f3f2f1;padding:16px}`;

export async function buildEastmereTenders(portal: ProcurementPortal): Promise<BuiltSite> {
  const content: SitePage[] = [
    home(portal),
    ...listingPages(portal),
    ...portal.notices.map((n) => notice(portal, n)),
    ...(await Promise.all(portal.notices.map(document))),
    about(portal),
    contact(portal),
    ...portal.news.map((a) => news(portal, a)),
  ];
  return {
    id: portal.id,
    name: portal.org.name,
    kind: 'procurement',
    lang: portal.lang,
    pages: [
      ...content,
      search(portal),
      textPage('/styles/portal.css', 'text/css; charset=utf-8', CSS, UPDATED),
      textPage('/robots.txt', 'text/plain; charset=utf-8', robotsTxt(['/search'], true), UPDATED),
      textPage('/sitemap.xml', 'application/xml; charset=utf-8', sitemapXml(content.map((p) => p.path), '2027-02-22'), UPDATED),
    ],
    disallowed: ['/search?status=open'],
    deliberatelyMissing: [ARCHIVE_LINK],
  };
}
