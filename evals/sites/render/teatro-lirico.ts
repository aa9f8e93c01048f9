import type { NewsArticle, OperaHouse, Production } from '../data/types.js';
import type { BuiltSite, GoldenAnnotation, SitePage } from '../site.js';
import { htmlPage, robotsTxt, sitemapXml, textPage } from '../site.js';
import { firstDate, isoDuration, itLong, itPerformance, itRange, lastDate } from './dates.js';
import type { Markup } from './html.js';
import { html } from './html.js';
import { aboutRecord, contactRecord, newsRecord, productionCardRecord, productionRecord } from './records.js';

/** Italian house: `.html` URLs, schema.org microdata on production pages, cast as a table, list-style season pages. */

const PER_PAGE = 3;
const UPDATED = new Date('2026-09-10T07:30:00Z');

const productionPath = (p: Production) => `/spettacoli/${p.slug}.html`;
const newsPath = (n: NewsArticle) => `/notizie/${n.slug}.html`;
const listingPath = (page: number) => (page === 1 ? '/stagione' : `/stagione/pagina/${page}`);

function euro(n: number): string {
  return `€ ${n},00`;
}

function durata(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const ore = h === 1 ? '1 ora' : `${h} ore`;
  if (h === 0) return `${m} minuti`;
  return m === 0 ? ore : `${ore} e ${m} minuti`;
}

function layout(house: OperaHouse, title: string, main: Markup, bodyClass: string): string {
  const o = house.org;
  return html`<!doctype html>
<html lang="it">
<head>
  <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
  <title>${o.name} – ${title}</title>
  <meta name="description" content="${o.name}, ${house.season}">
  <link rel="stylesheet" href="/css/teatro.css">
</head>
<body class="${bodyClass}">
  <div id="wrapper">
    <div id="top">
      <div class="logo"><a href="/"><img src="/img/logo.svg" alt="${o.name}"></a></div>
      <ul id="menu">
        <li><a href="/stagione">Stagione</a></li>
        <li><a href="/chi-siamo.html">Chi siamo</a></li>
        <li><a href="/contatti.html">Contatti</a></li>
        <li><a href="/area-riservata/abbonati.html">Area abbonati</a></li>
      </ul>
    </div>
    <div id="contenuto">
${main}
    </div>
    <div id="piede">
      <p>${o.name} – ${o.address.street}, ${o.address.postalCode} ${o.address.city} – Tel. ${o.phone}</p>
      <p><a href="/contatti.html">Biglietteria</a> | <a href="/chi-siamo.html">Trasparenza</a> | P. IVA 01234560344</p>
    </div>
  </div>
  <div class="banner-cookie" id="cookieBar">
    Questo sito utilizza cookie tecnici e, previo consenso, cookie di profilazione. <a href="/chi-siamo.html">Informativa</a>
    <button onclick="document.getElementById('cookieBar').style.display='none'">Accetto</button>
  </div>
</body>
</html>
`.value;
}

function scheda(p: Production): Markup {
  return html`<li class="spettacolo">
          <h2><a href="${productionPath(p)}">${p.title}</a></h2>
          <span class="autore">${p.composer}</span>
          <span class="date">${itRange(firstDate(p.performances), lastDate(p.performances))}</span>
          <span class="sala">${p.venue}</span>
        </li>`;
}

function listingGolden(productions: readonly Production[]): GoldenAnnotation {
  return { documentType: 'listing', records: productions.map((p) => productionCardRecord(p, productionPath(p))) };
}

function home(house: OperaHouse): SitePage {
  const inEvidenza = house.productions.slice(0, 3);
  const main = html`      <h1>${house.season}</h1>
      <div class="evidenza"><h3>In evidenza</h3><ul class="elenco-spettacoli">
        ${inEvidenza.map(scheda)}
      </ul></div>
      <div class="notizie"><h3>Notizie</h3>
        ${house.news.map((n) => html`<p><a href="${newsPath(n)}">${n.headline}</a> (${itLong(n.date)})</p>`)}
      </div>`;
  return htmlPage('/', layout(house, 'Home', main, 'home'), UPDATED, listingGolden(inEvidenza));
}

function listingPages(house: OperaHouse): SitePage[] {
  const all = [...house.productions].sort((a, b) => firstDate(a.performances).localeCompare(firstDate(b.performances)));
  const pageCount = Math.ceil(all.length / PER_PAGE);
  const pages: SitePage[] = [];
  for (let page = 1; page <= pageCount; page++) {
    const slice = all.slice((page - 1) * PER_PAGE, page * PER_PAGE);
    const pager = Array.from({ length: pageCount }, (_, i) => i + 1).map((n) =>
      n === page ? html`<strong>${n}</strong> ` : html`<a href="${listingPath(n)}">${n}</a> `,
    );
    const main = html`      <h1>Stagione lirica</h1>
      <ul class="elenco-spettacoli">
        ${slice.map(scheda)}
      </ul>
      <div class="paginazione">Pagina ${pager}</div>`;
    pages.push(htmlPage(listingPath(page), layout(house, `Stagione – pagina ${page}`, main, 'stagione'), UPDATED, listingGolden(slice)));
  }
  return pages;
}

function production(house: OperaHouse, p: Production): SitePage {
  const o = house.org;
  const main = html`      <div class="scheda-spettacolo" itemscope itemtype="https://schema.org/TheaterEvent">
        <h1 itemprop="name">${p.title}</h1>
        <div class="sottotitolo">Musica di <span itemprop="workPerformed" itemscope itemtype="https://schema.org/CreativeWork"><meta itemprop="name" content="${p.title}"><span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">${p.composer}</span></span></span></div>
        <div class="periodo">${itRange(firstDate(p.performances), lastDate(p.performances))}</div>
        <meta itemprop="startDate" content="${p.performances[0]?.date}T${p.performances[0]?.time}">
        <meta itemprop="endDate" content="${lastDate(p.performances)}">
        <meta itemprop="duration" content="${isoDuration(p.durationMinutes)}">
        <div class="descrizione" itemprop="description">${p.description.map((d) => html`<p>${d}</p>`)}</div>
        <table class="crediti">
          <tr><td class="etichetta">Direttore</td><td itemprop="performer" itemscope itemtype="https://schema.org/Person"><span itemprop="name">${p.conductor}</span></td></tr>
          <tr><td class="etichetta">Regia</td><td itemprop="director" itemscope itemtype="https://schema.org/Person"><span itemprop="name">${p.director}</span></td></tr>
          ${p.team.map((t) => html`<tr><td class="etichetta">${t.role}</td><td>${t.name}</td></tr>`)}
        </table>
        <h3>Interpreti</h3>
        <table class="interpreti">
          <thead><tr><th>Personaggio</th><th>Interprete</th></tr></thead>
          <tbody>
          ${p.cast.map((c) => html`<tr itemprop="performer" itemscope itemtype="https://schema.org/Person"><td><meta itemprop="roleName" content="${c.role}">${c.role}</td><td itemprop="name">${c.singer}</td></tr>`)}
          </tbody>
        </table>
        <h3>Date</h3>
        <ul class="recite">
          ${p.performances.map((x) => html`<li itemprop="subEvent" itemscope itemtype="https://schema.org/TheaterEvent"><time itemprop="startDate" datetime="${x.date}T${x.time}">${itPerformance(x)}</time></li>`)}
        </ul>
        <div class="info-pratiche">
          <p>Luogo: <span itemprop="location" itemscope itemtype="https://schema.org/Place"><span itemprop="name">${p.venue}</span>, <span itemprop="address">${o.address.street}, ${o.address.city}</span></span></p>
          <p itemprop="offers" itemscope itemtype="https://schema.org/AggregateOffer">Biglietti: da <span itemprop="lowPrice" content="${p.priceMin}">${euro(p.priceMin)}</span> a <span itemprop="highPrice" content="${p.priceMax}">${euro(p.priceMax)}</span><meta itemprop="priceCurrency" content="${p.currency}"></p>
          <p>Durata: ${durata(p.durationMinutes)}</p>
          <p>Lingua: ${p.language}, con sopratitoli</p>
        </div>
      </div>`;
  return htmlPage(productionPath(p), layout(house, p.title, main, 'spettacolo'), UPDATED, {
    documentType: 'production',
    records: [productionRecord(p)],
  });
}

function about(house: OperaHouse): SitePage {
  const o = house.org;
  const main = html`      <h1>Chi siamo</h1>
      ${o.about.map((a) => html`<p>${a}</p>`)}
      <p>Fondato nel <b>${o.founded}</b>. Sovrintendente: <b>${o.director}</b>.</p>`;
  return htmlPage('/chi-siamo.html', layout(house, 'Chi siamo', main, 'pagina'), UPDATED, { documentType: 'about', records: [aboutRecord(o)] });
}

function contact(house: OperaHouse): SitePage {
  const o = house.org;
  const main = html`      <h1>Contatti</h1>
      <table class="contatti">
        <tr><th>Indirizzo</th><td>${o.address.street}<br>${o.address.postalCode} ${o.address.city} (${o.address.country})</td></tr>
        <tr><th>Telefono</th><td>${o.phone}</td></tr>
        <tr><th>Email</th><td><a href="mailto:${o.email}">${o.email}</a></td></tr>
        <tr><th>Orari biglietteria</th><td>${o.hours}</td></tr>
      </table>`;
  return htmlPage('/contatti.html', layout(house, 'Contatti', main, 'pagina'), UPDATED, { documentType: 'contact', records: [contactRecord(o)] });
}

function news(house: OperaHouse, n: NewsArticle): SitePage {
  const main = html`      <div class="notizia">
        <span class="data">${itLong(n.date)}</span>
        <h1>${n.headline}</h1>
        <span class="firma">A cura di: ${n.author}</span>
        ${n.paragraphs.map((p) => html`<p>${p}</p>`)}
      </div>`;
  return htmlPage(newsPath(n), layout(house, n.headline, main, 'notizia'), new Date(`${n.date}T10:00:00Z`), { documentType: 'news', records: [newsRecord(n)] });
}

function reserved(house: OperaHouse): SitePage {
  const main = html`      <h1>Area abbonati</h1><p>Accesso riservato agli abbonati. Inserire il codice abbonamento.</p>
      <form method="post" action="/area-riservata/abbonati.html"><input name="codice"><button>Entra</button></form>`;
  return htmlPage('/area-riservata/abbonati.html', layout(house, 'Area abbonati', main, 'pagina'), UPDATED);
}

const CSS = `#wrapper{width:960px;margin:0 auto;font-family:"Times New Roman",serif}#top{border-bottom:3px solid #8b0000}
#menu li{display:inline;margin-right:12px}.elenco-spettacoli{list-style:none}.spettacolo{border-bottom:1px dotted #999}
.banner-cookie{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:8px}`;

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="0" y="28" font-size="24">Teatro</text></svg>';

export function buildTeatroLirico(house: OperaHouse): BuiltSite {
  const content: SitePage[] = [
    home(house),
    ...listingPages(house),
    ...house.productions.map((p) => production(house, p)),
    about(house),
    contact(house),
    ...house.news.map((n) => news(house, n)),
  ];
  return {
    id: house.id,
    name: house.org.name,
    kind: 'opera',
    lang: house.lang,
    pages: [
      ...content,
      reserved(house),
      textPage('/css/teatro.css', 'text/css; charset=utf-8', CSS, UPDATED),
      textPage('/img/logo.svg', 'image/svg+xml', LOGO, UPDATED),
      textPage('/robots.txt', 'text/plain; charset=utf-8', robotsTxt(['/area-riservata/'], true), UPDATED),
      textPage('/sitemap.xml', 'application/xml; charset=utf-8', sitemapXml(content.map((p) => p.path), '2026-09-10'), UPDATED),
    ],
    disallowed: ['/area-riservata/abbonati.html'],
    deliberatelyMissing: [],
  };
}
