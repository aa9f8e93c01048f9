import type { NewsArticle, OperaHouse, Production } from '../data/types.js';
import type { BuiltSite, GoldenAnnotation, SitePage } from '../site.js';
import { htmlPage, latin1Page, robotsTxt, sitemapXml, textPage } from '../site.js';
import { deLong, dePerformance, deRange, firstDate, isoDuration, lastDate } from './dates.js';
import type { Markup } from './html.js';
import { html, jsonForScript } from './html.js';
import { aboutRecord, contactRecord, newsRecord, productionCardRecord, productionRecord } from './records.js';

/** German house: BEM-ish class names, a nested cast list, JSON-LD TheaterEvent on production pages, paginated Spielplan. */

const PER_PAGE = 3;
const UPDATED = new Date('2026-10-01T08:00:00Z');

const productionPath = (p: Production) => `/produktionen/${p.slug}`;
const newsPath = (n: NewsArticle) => `/aktuelles/${n.slug}`;
const listingPath = (page: number) => (page === 1 ? '/spielplan' : `/spielplan?seite=${page}`);

function euro(min: number, max: number): string {
  return `€ ${min} – ${max}`;
}

function dauer(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function layout(house: OperaHouse, title: string, main: Markup, extraHead: Markup | string = ''): string {
  const o = house.org;
  return html`<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | ${o.name}</title>
<link rel="stylesheet" href="/assets/style.css">
${extraHead}
</head>
<body class="seite">
<div class="cookie-hinweis" id="cookie-hinweis" role="dialog" aria-label="Cookie-Einstellungen">
  <p>Wir verwenden Cookies, um unsere Website für Sie optimal zu gestalten. Mit „Alle akzeptieren“ stimmen Sie der Nutzung zu.</p>
  <button type="button" class="cookie-hinweis__ok">Alle akzeptieren</button> <button type="button" class="cookie-hinweis__nein">Nur notwendige</button>
</div>
<header class="kopf">
  <a class="kopf__logo" href="/">${o.name}</a>
  <nav class="hauptnavigation" aria-label="Hauptnavigation">
    <ul>
      <li><a href="/spielplan">Spielplan</a></li>
      <li><a href="/spielplan/kalender">Kalender</a></li>
      <li><a href="/haus/ueber-uns">Über uns</a></li>
      <li><a href="/haus/geschichte">Geschichte</a></li>
      <li><a href="/kontakt">Kontakt &amp; Karten</a></li>
    </ul>
  </nav>
</header>
<main id="inhalt" class="inhalt">
${main}
</main>
<footer class="fuss">
  <div class="fuss__adresse">${o.name} · ${o.address.street} · ${o.address.postalCode} ${o.address.city}</div>
  <div class="fuss__kasse">Theaterkasse: ${o.phone} · ${o.hours}</div>
  <ul class="fuss__links">
    <li><a href="/kontakt">Impressum</a></li>
    <li><a href="/haus/ueber-uns">Presse</a></li>
    <li><a href="/intern/probenplan">Intern</a></li>
  </ul>
  <p class="fuss__copy">© 2026 ${o.name}</p>
</footer>
</body>
</html>
`.value;
}

function karte(p: Production): Markup {
  return html`<div class="karte">
      <a class="karte__link" href="${productionPath(p)}"><h3 class="karte__titel">${p.title}</h3></a>
      <p class="karte__komponist">${p.composer}</p>
      <p class="karte__datum">${deRange(firstDate(p.performances), lastDate(p.performances))}</p>
      <p class="karte__ort">${p.venue}</p>
      <a class="karte__mehr" href="${productionPath(p)}">Mehr erfahren</a>
    </div>`;
}

function sortedProductions(house: OperaHouse): Production[] {
  return [...house.productions].sort((a, b) => firstDate(a.performances).localeCompare(firstDate(b.performances)));
}

function listingGolden(productions: readonly Production[]): GoldenAnnotation {
  return { documentType: 'listing', records: productions.map((p) => productionCardRecord(p, productionPath(p))) };
}

function home(house: OperaHouse): SitePage {
  const featured = house.productions.slice(0, 3);
  const main = html`<section class="buehne"><h1>${house.season}</h1><p>Willkommen in der ${house.org.name}.</p></section>
  <section class="premieren"><h2>Premieren</h2><div class="karten">${featured.map(karte)}</div></section>
  <section class="aktuelles"><h2>Aktuelles</h2><ul>${house.news.map((n) => html`<li><a href="${newsPath(n)}">${n.headline}</a> <span class="datum">${deLong(n.date)}</span></li>`)}</ul></section>`;
  return htmlPage('/', layout(house, 'Startseite', main), UPDATED, listingGolden(featured));
}

function listingPages(house: OperaHouse): SitePage[] {
  const all = sortedProductions(house);
  const pageCount = Math.ceil(all.length / PER_PAGE);
  const pages: SitePage[] = [];
  for (let page = 1; page <= pageCount; page++) {
    const slice = all.slice((page - 1) * PER_PAGE, page * PER_PAGE);
    const main = html`<h1>Spielplan ${house.season.replace('Spielzeit ', '')}</h1>
  <div class="karten">${slice.map(karte)}</div>
  <nav class="blaettern" aria-label="Seiten">
    ${page > 1 ? html`<a rel="prev" href="${listingPath(page - 1)}">« Zurück</a>` : ''}
    <span>Seite ${page} von ${pageCount}</span>
    ${page < pageCount ? html`<a rel="next" href="${listingPath(page + 1)}">Weiter »</a>` : ''}
  </nav>`;
    pages.push(htmlPage(listingPath(page), layout(house, `Spielplan – Seite ${page}`, main), UPDATED, listingGolden(slice)));
  }
  return pages;
}

function jsonLd(house: OperaHouse, p: Production): unknown {
  const place = {
    '@type': 'Place',
    name: `${house.org.name}, ${p.venue}`,
    address: {
      '@type': 'PostalAddress',
      streetAddress: house.org.address.street,
      postalCode: house.org.address.postalCode,
      addressLocality: house.org.address.city,
      addressCountry: 'DE',
    },
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'TheaterEvent',
    name: p.title,
    inLanguage: 'de',
    startDate: `${p.performances[0]?.date}T${p.performances[0]?.time}`,
    endDate: lastDate(p.performances),
    duration: isoDuration(p.durationMinutes),
    location: place,
    workPerformed: { '@type': 'CreativeWork', name: p.title, author: { '@type': 'Person', name: p.composer } },
    director: { '@type': 'Person', name: p.director },
    performer: [
      { '@type': 'Person', name: p.conductor, jobTitle: 'Dirigent' },
      ...p.cast.map((c) => ({ '@type': 'Person', name: c.singer, roleName: c.role })),
    ],
    offers: { '@type': 'AggregateOffer', lowPrice: p.priceMin, highPrice: p.priceMax, priceCurrency: p.currency, url: productionPath(p) },
    subEvent: p.performances.map((x) => ({ '@type': 'TheaterEvent', name: p.title, startDate: `${x.date}T${x.time}`, location: place })),
  };
}

function production(house: OperaHouse, p: Production): SitePage {
  const main = html`<article class="produktion">
  <p class="produktion__kategorie">Oper</p>
  <h1 class="produktion__titel">${p.title}</h1>
  <p class="produktion__werk">Oper von <span class="produktion__komponist">${p.composer}</span></p>
  <p class="produktion__zeitraum">${deRange(firstDate(p.performances), lastDate(p.performances))} · ${p.venue}</p>
  <p class="produktion__teaser">${p.teaser}</p>
  ${p.description.map((d) => html`<p>${d}</p>`)}
  <section class="produktion__leitung">
    <h2>Leitung</h2>
    <dl>
      <dt>Dirigent</dt><dd>${p.conductor}</dd>
      <dt>Inszenierung</dt><dd>${p.director}</dd>
      ${p.team.map((t) => html`<dt>${t.role}</dt><dd>${t.name}</dd>`)}
    </dl>
  </section>
  <section class="produktion__besetzung">
    <h2>Besetzung</h2>
    <ul class="besetzung">
      ${p.cast.map((c) => html`<li class="besetzung__partie">${c.role}<ul><li class="besetzung__saenger">${c.singer}</li></ul></li>`)}
    </ul>
  </section>
  <section class="produktion__termine">
    <h2>Termine</h2>
    <ul class="termine">
      ${p.performances.map((x) => html`<li><time datetime="${x.date}T${x.time}">${dePerformance(x)}</time> · ${p.venue}</li>`)}
    </ul>
  </section>
  <section class="produktion__info">
    <h2>Informationen</h2>
    <p><strong>Preise:</strong> ${euro(p.priceMin, p.priceMax)}</p>
    <p><strong>Dauer:</strong> ${dauer(p.durationMinutes)}</p>
    <p><strong>Sprache:</strong> ${p.language}, mit deutschen und englischen Übertiteln</p>
    <p><strong>Spielort:</strong> ${p.venue}</p>
  </section>
</article>`;
  const head = html`<script type="application/ld+json">
${jsonForScript(jsonLd(house, p))}
</script>`;
  return htmlPage(productionPath(p), layout(house, p.title, main, head), UPDATED, {
    documentType: 'production',
    records: [productionRecord(p)],
  });
}

function about(house: OperaHouse): SitePage {
  const o = house.org;
  const main = html`<h1>Über uns</h1>
  ${o.about.map((a) => html`<p>${a}</p>`)}
  <dl class="eckdaten">
    <dt>Gegründet</dt><dd>${o.founded}</dd>
    <dt>Intendantin</dt><dd>${o.director}</dd>
    <dt>Spielstätten</dt><dd>Großes Haus, Kleines Haus</dd>
  </dl>`;
  return htmlPage('/haus/ueber-uns', layout(house, 'Über uns', main), UPDATED, { documentType: 'about', records: [aboutRecord(o)] });
}

/** The one legacy page: Latin-1 bytes, declared only by `<meta charset>`. */
function history(house: OperaHouse): SitePage {
  const o = house.org;
  const timeline = [
    { year: 1841, event: 'Gründung als Großherzogliches Hoftheater' },
    { year: 1919, event: 'Umbenennung in Staatsoper Nordhafen' },
    { year: 1944, event: 'Zerstörung des alten Hauses durch Bomben' },
    { year: 1962, event: 'Eröffnung des Neubaus am Opernkai' },
    { year: 2026, event: 'Wiedereröffnung des sanierten Kleinen Hauses' },
  ];
  const main = html`<h1>Geschichte</h1>
  <p>Über 185 Jahre Musiktheater in Nordhafen: von der höfischen Bühne zum städtischen Opernhaus für alle.</p>
  <dl class="chronik">
    ${timeline.map((t) => html`<dt>${t.year}</dt><dd>${t.event}</dd>`)}
  </dl>
  <p>Gründungsjahr: ${o.founded} · Intendantin: ${o.director}</p>`;
  const markup = layout(house, 'Geschichte', main).replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">');
  return latin1Page('/haus/geschichte', markup, UPDATED, {
    documentType: 'about',
    records: [{ ...aboutRecord(o), timeline: timeline.map((t) => ({ year: t.year, event: t.event })) }],
  });
}

function contact(house: OperaHouse): SitePage {
  const o = house.org;
  const main = html`<h1>Kontakt &amp; Karten</h1>
  <div class="kontakt">
    <h2>Theaterkasse</h2>
    <address>${o.name}<br>${o.address.street}<br>${o.address.postalCode} ${o.address.city}<br>${o.address.country}</address>
    <p>Telefon: <a href="tel:${o.phone.replace(/\s/g, '')}">${o.phone}</a></p>
    <p>E-Mail: <a href="mailto:${o.email}">${o.email}</a></p>
    <p>Öffnungszeiten: ${o.hours}</p>
  </div>`;
  return htmlPage('/kontakt', layout(house, 'Kontakt', main), UPDATED, { documentType: 'contact', records: [contactRecord(o)] });
}

function news(house: OperaHouse, n: NewsArticle): SitePage {
  const main = html`<article class="meldung">
  <h1>${n.headline}</h1>
  <p class="meldung__meta"><time datetime="${n.date}">${deLong(n.date)}</time> · ${n.author}</p>
  ${n.paragraphs.map((p) => html`<p>${p}</p>`)}
  <p><a href="/">Zurück zur Startseite</a></p>
</article>`;
  return htmlPage(newsPath(n), layout(house, n.headline, main), new Date(`${n.date}T09:00:00Z`), { documentType: 'news', records: [newsRecord(n)] });
}

/** An empty shell: the performance calendar is built by /assets/kalender.js in the browser. */
function calendar(house: OperaHouse): SitePage[] {
  const rows = house.productions
    .flatMap((p) => p.performances.map((x) => ({ date: x.date, time: x.time, title: p.title, venue: p.venue, url: productionPath(p) })))
    .sort((a, b) => `${a.date}T${a.time}`.localeCompare(`${b.date}T${b.time}`));
  const main = html`<h1>Kalender</h1>
  <div id="kalender" class="kalender" aria-live="polite"></div>
  <noscript>Bitte aktivieren Sie JavaScript, um den Kalender zu sehen.</noscript>
  <script src="/assets/kalender.js" defer></script>`;
  const script = `(function () {
  var termine = ${JSON.stringify(rows.map((r) => ({ ...r, label: dePerformance(r) })))};
  var root = document.getElementById('kalender');
  var table = document.createElement('table');
  table.className = 'kalender__tabelle';
  var head = table.createTHead().insertRow();
  ['Termin', 'Produktion', 'Spielort'].forEach(function (t) { var th = document.createElement('th'); th.textContent = t; head.appendChild(th); });
  var body = table.createTBody();
  termine.forEach(function (t) {
    var row = body.insertRow();
    var when = document.createElement('time');
    when.setAttribute('datetime', t.date + 'T' + t.time);
    when.textContent = t.label;
    row.insertCell().appendChild(when);
    var link = document.createElement('a');
    link.href = t.url;
    link.textContent = t.title;
    row.insertCell().appendChild(link);
    row.insertCell().textContent = t.venue;
  });
  root.appendChild(table);
})();
`;
  return [
    htmlPage('/spielplan/kalender', layout(house, 'Kalender', main), UPDATED, {
      documentType: 'listing',
      requiresJavaScript: true,
      records: rows.map((r) => ({ datetime: `${r.date}T${r.time}`, title: r.title, venue: r.venue, url: r.url })),
    }),
    textPage('/assets/kalender.js', 'text/javascript; charset=utf-8', script, UPDATED),
  ];
}

function internal(house: OperaHouse): SitePage {
  const main = html`<h1>Probenplan (intern)</h1><p>Nur für Mitarbeitende. Diese Seite ist für Suchmaschinen gesperrt.</p>
  <table class="proben"><tr><th>Datum</th><th>Probe</th></tr><tr><td>02.03.2027</td><td>Die Zauberflöte, Hauptprobe</td></tr></table>`;
  return htmlPage('/intern/probenplan', layout(house, 'Probenplan', main), UPDATED);
}

const STYLE = `body{font-family:Georgia,serif;margin:0;color:#1b1b1b}.kopf{background:#0b2545;color:#fff;padding:1rem}
.kopf a{color:#fff}.hauptnavigation ul{display:flex;gap:1rem;list-style:none;padding:0}.inhalt{max-width:60rem;margin:auto;padding:1rem}
.karten{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem}.karte{border:1px solid #ccd;padding:.5rem}
.cookie-hinweis{position:fixed;bottom:0;background:#eee;padding:1rem;width:100%}.fuss{background:#13315c;color:#fff;padding:1rem}
`;

export function buildStaatsoperNord(house: OperaHouse): BuiltSite {
  const content: SitePage[] = [
    home(house),
    ...listingPages(house),
    ...house.productions.map((p) => production(house, p)),
    about(house),
    history(house),
    contact(house),
    ...house.news.map((n) => news(house, n)),
    ...calendar(house),
  ];
  const publicHtml = content.filter((p) => p.contentType.startsWith('text/html')).map((p) => p.path);
  return {
    id: house.id,
    name: house.org.name,
    kind: 'opera',
    lang: house.lang,
    pages: [
      ...content,
      internal(house),
      textPage('/assets/style.css', 'text/css; charset=utf-8', STYLE, UPDATED),
      textPage('/robots.txt', 'text/plain; charset=utf-8', robotsTxt(['/intern/'], true, 0), UPDATED),
      textPage('/sitemap.xml', 'application/xml; charset=utf-8', sitemapXml(publicHtml, '2026-10-01'), UPDATED),
    ],
    disallowed: ['/intern/probenplan'],
    deliberatelyMissing: [],
  };
}
