import type { NewsArticle, OperaHouse, Production } from '../data/types.js';
import type { BuiltSite, SitePage } from '../site.js';
import { htmlPage, robotsTxt, textPage } from '../site.js';
import { firstDate, frLong, frPerformance, frRange, lastDate } from './dates.js';
import type { Markup } from './html.js';
import { html } from './html.js';
import { aboutRecord, contactRecord, newsRecord, productionCardRecord, productionRecord } from './records.js';

/** French house: plain semantic HTML5 with no structured data, trailing-slash URLs, one season page, no sitemap. */

const UPDATED = new Date('2026-08-28T14:00:00Z');

const productionPath = (p: Production) => `/spectacles/${p.slug}/`;
const newsPath = (n: NewsArticle) => `/actualites/${n.slug}/`;

function euros(min: number, max: number): string {
  return `de ${min} € à ${max} €`;
}

function duree(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

function layout(house: OperaHouse, title: string, main: Markup): string {
  const o = house.org;
  return html`<!DOCTYPE html>
<html lang="fr">
  <head>
    <meta charset="UTF-8">
    <title>${title} — ${o.name}</title>
    <link rel="stylesheet" href="/static/opera.css">
  </head>
  <body>
    <aside class="rgpd" data-consent="pending">
      <p>En poursuivant votre navigation, vous acceptez l’utilisation de cookies pour mesurer l’audience.</p>
      <button class="rgpd-accepter">Accepter</button><button class="rgpd-refuser">Refuser</button>
    </aside>
    <header role="banner">
      <p class="marque"><a href="/">${o.name}</a></p>
      <nav role="navigation">
        <a href="/saison/">La saison</a>
        <a href="/l-opera/">L’Opéra</a>
        <a href="/infos-pratiques/contact/">Infos pratiques</a>
        <a href="/billetterie/panier/">Mon panier</a>
      </nav>
    </header>
    <main role="main">
${main}
    </main>
    <footer role="contentinfo">
      <section class="pied-coordonnees"><h2>Nous trouver</h2><p>${o.address.street}, ${o.address.postalCode} ${o.address.city}</p></section>
      <section class="pied-liens"><a href="/l-opera/">Mentions légales</a> · <a href="/infos-pratiques/contact/">Accessibilité</a></section>
      <p>Avec le soutien du ministère de la Culture et de la Région Centre-Loire (partenaires fictifs).</p>
    </footer>
  </body>
</html>
`.value;
}

function vignette(p: Production): Markup {
  return html`<article class="vignette">
        <h2 class="vignette-titre"><a href="${productionPath(p)}">${p.title}</a></h2>
        <p class="vignette-compositeur">${p.composer}</p>
        <p class="vignette-dates">${frRange(firstDate(p.performances), lastDate(p.performances))}</p>
        <p class="vignette-lieu">${p.venue}</p>
      </article>`;
}

function home(house: OperaHouse): SitePage {
  const une = house.productions.slice(0, 3);
  const main = html`      <h1>${house.season}</h1>
      <section class="a-l-affiche"><h2>À l’affiche</h2>${une.map(vignette)}</section>
      <section class="breves"><h2>Actualités</h2><ul>${house.news.map((n) => html`<li><a href="${newsPath(n)}">${n.headline}</a></li>`)}</ul></section>`;
  return htmlPage('/', layout(house, 'Accueil', main), UPDATED, {
    documentType: 'listing',
    records: une.map((p) => productionCardRecord(p, productionPath(p))),
  });
}

function season(house: OperaHouse): SitePage {
  const all = [...house.productions].sort((a, b) => firstDate(a.performances).localeCompare(firstDate(b.performances)));
  const main = html`      <h1>La saison lyrique</h1>
      <div class="grille">${all.map(vignette)}</div>`;
  return htmlPage('/saison/', layout(house, 'La saison', main), UPDATED, {
    documentType: 'listing',
    records: all.map((p) => productionCardRecord(p, productionPath(p))),
  });
}

function production(house: OperaHouse, p: Production): SitePage {
  const main = html`      <article class="spectacle">
        <header>
          <p class="genre">Opéra</p>
          <h1>${p.title}</h1>
          <p class="compositeur">${p.composer}</p>
          <p class="dates">${frRange(firstDate(p.performances), lastDate(p.performances))}</p>
        </header>
        <p class="chapeau">${p.teaser}</p>
        ${p.description.map((d) => html`<p>${d}</p>`)}
        <h2>Équipe artistique</h2>
        <dl class="equipe">
          <dt>Chef d’orchestre</dt><dd>${p.conductor}</dd>
          <dt>Mise en scène</dt><dd>${p.director}</dd>
          ${p.team.map((t) => html`<dt>${t.role}</dt><dd>${t.name}</dd>`)}
        </dl>
        <h2>Distribution</h2>
        <dl class="distribution">
          ${p.cast.map((c) => html`<dt>${c.role}</dt><dd>${c.singer}</dd>`)}
        </dl>
        <h2>Représentations</h2>
        <table class="representations">
          <thead><tr><th>Date</th><th>Lieu</th></tr></thead>
          <tbody>${p.performances.map((x) => html`<tr><td>${frPerformance(x)}</td><td>${p.venue}</td></tr>`)}</tbody>
        </table>
        <h2>Informations pratiques</h2>
        <ul class="infos">
          <li>Lieu : ${p.venue}</li>
          <li>Tarifs : ${euros(p.priceMin, p.priceMax)}</li>
          <li>Durée : ${duree(p.durationMinutes)}</li>
          <li>Chanté en ${p.language}, surtitré en français</li>
        </ul>
      </article>`;
  return htmlPage(productionPath(p), layout(house, p.title, main), UPDATED, { documentType: 'production', records: [productionRecord(p)] });
}

function about(house: OperaHouse): SitePage {
  const o = house.org;
  const main = html`      <h1>L’Opéra</h1>
      ${o.about.map((a) => html`<p>${a}</p>`)}
      <ul class="chiffres"><li>Fondé en ${o.founded}</li><li>Directrice générale : ${o.director}</li></ul>`;
  return htmlPage('/l-opera/', layout(house, 'L’Opéra', main), UPDATED, { documentType: 'about', records: [aboutRecord(o)] });
}

function contact(house: OperaHouse): SitePage {
  const o = house.org;
  const main = html`      <h1>Contact et billetterie</h1>
      <p class="adresse">${o.name}<br>${o.address.street}<br>${o.address.postalCode} ${o.address.city}, ${o.address.country}</p>
      <ul>
        <li>Téléphone : ${o.phone}</li>
        <li>Courriel : <a href="mailto:${o.email}">${o.email}</a></li>
        <li>Horaires de la billetterie : ${o.hours}</li>
      </ul>`;
  return htmlPage('/infos-pratiques/contact/', layout(house, 'Contact', main), UPDATED, { documentType: 'contact', records: [contactRecord(o)] });
}

function news(house: OperaHouse, n: NewsArticle): SitePage {
  const main = html`      <article class="actualite">
        <h1>${n.headline}</h1>
        <p class="publie">Publié le ${frLong(n.date)} par ${n.author}</p>
        ${n.paragraphs.map((p) => html`<p>${p}</p>`)}
      </article>`;
  return htmlPage(newsPath(n), layout(house, n.headline, main), new Date(`${n.date}T08:00:00Z`), { documentType: 'news', records: [newsRecord(n)] });
}

function basket(house: OperaHouse): SitePage {
  return htmlPage('/billetterie/panier/', layout(house, 'Mon panier', html`      <h1>Mon panier</h1><p>Votre panier est vide.</p>`), UPDATED);
}

const CSS = `body{font-family:system-ui,sans-serif}header[role=banner]{display:flex;justify-content:space-between}
.vignette{display:inline-block;width:30%;vertical-align:top}.rgpd{position:fixed;top:0;background:#fffbe6}`;

export function buildOperaLumiere(house: OperaHouse): BuiltSite {
  return {
    id: house.id,
    name: house.org.name,
    kind: 'opera',
    lang: house.lang,
    pages: [
      home(house),
      season(house),
      ...house.productions.map((p) => production(house, p)),
      about(house),
      contact(house),
      ...house.news.map((n) => news(house, n)),
      basket(house),
      textPage('/static/opera.css', 'text/css; charset=utf-8', CSS, UPDATED),
      textPage('/robots.txt', 'text/plain; charset=utf-8', robotsTxt(['/billetterie/'], false), UPDATED),
    ],
    disallowed: ['/billetterie/panier/'],
    deliberatelyMissing: [],
  };
}
