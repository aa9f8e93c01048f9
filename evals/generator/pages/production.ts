import type { GoldenRecord, JsonValue } from '../../golden/task.js';
import { html, raw, type Markup } from '../../sites/render/html.js';
import type { Production } from '../content/production.js';
import { formatDate, formatTime } from '../locale/format.js';
import { renderFacts, goldenOf, type Fact } from '../render/facts.js';
import { goldenRows, renderRecords, type RecordRow } from '../render/records.js';
import { date, dateRange, dateTime, duration, languages, priceRange, text, type Written } from '../render/values.js';
import { fact, familyOf, htmlDocument, type SiteContext } from '../site/context.js';
import type { GeneratedPage } from '../types.js';

/**
 * A production's detail page: title, creative team, practical facts and tickets in the site's layout families,
 * the performances as a list or a date | time table, and the cast in the site's record layout. Which facts a page
 * shows is the site's choice; the golden record holds exactly those.
 */
export interface ProductionShows {
  premiere: boolean;
  range: boolean;
  schedule: boolean;
  duration: boolean;
  language: boolean;
  price: boolean;
  note: boolean;
}

export function productionShows(ctx: SiteContext): ProductionShows {
  const r = ctx.rng.fork('production-shows');
  const range = r.chance(0.6);
  return {
    premiere: r.chance(0.7),
    range,
    schedule: !range || r.chance(0.5),
    duration: r.chance(0.85),
    language: ctx.t.kind === 'opera' ? r.chance(0.8) : r.chance(0.15),
    price: r.chance(0.9),
    note: r.chance(0.5),
  };
}

export interface ProductionLinks {
  path: string;
  listingPath: string;
  listingLabel: string;
  /** Other productions for the sidebar, with their paths. */
  others: ReadonlyArray<{ production: Production; path: string }>;
}

export function productionPage(ctx: SiteContext, p: Production, links: ProductionLinks): GeneratedPage {
  const { t } = ctx;
  const shows = productionShows(ctx);
  const r = ctx.rng.fork(`production-page-${p.slug}`);
  const first = p.performances[0] ?? '';
  const last = p.performances[p.performances.length - 1] ?? first;

  const team: Fact[] = [
    p.work.genre === 'opera' ? fact(t, 'composer', 'composer', text(p.creator), 'composer') : fact(t, 'author', 'author', text(p.creator), 'author'),
    ...(p.conductor ? [fact(t, 'conductor', 'conductor', text(p.conductor))] : []),
    fact(t, 'director', 'director', text(p.director), 'director'),
  ];
  const practical: Fact[] = [];
  if (shows.duration) practical.push(fact(t, 'duration', 'duration', duration(t, p.durationMinutes, shows.note), 'duration'));
  if (shows.language) {
    practical.push(fact(t, 'language', 'language', languages(t, [p.language]), 'inLanguage'));
    if (p.surtitles.length > 0) practical.push(fact(t, 'surtitles', 'surtitles', languages(t, p.surtitles)));
  }
  const tickets: Fact[] = [fact(t, 'venue', 'venue', text(p.venue), 'location')];
  if (shows.premiere) tickets.push(fact(t, 'premiere', 'premiere', dateTime(t, first), 'startDate'));
  if (shows.range) tickets.push(fact(t, 'dates', 'dates', dateRange(t, first, last)));
  if (shows.price) tickets.push(fact(t, 'price', 'price', priceRange(t, p.priceMin, p.priceMax), 'offers'));

  const castRows: RecordRow[] = p.cast.map((c) => [
    { field: 'role', header: t.labels.role, value: html`${c.role}`, golden: c.role },
    { field: 'performer', header: t.labels.performer, value: html`${c.performer}`, golden: c.performer },
  ]);
  const blocks = r.shuffle([
    { key: 'production.team' as const, facts: team, heading: t.headings.team },
    { key: 'production.practical' as const, facts: practical, heading: t.headings.facts },
    { key: 'production.tickets' as const, facts: tickets, heading: t.headings.schedule },
  ]);
  const c = (element?: string) => t.facts.cls.attr('production', element);
  const schedule = shows.schedule ? scheduleMarkup(ctx, p) : null;
  const main = html`<article${c()}>
<h1${c('title')}${t.microdata ? html` itemprop="name"` : ''}>${p.title}</h1>
${blocks.map((b) => renderFacts(b.facts, familyOf(t, b.key), t.facts, b.key.replace('.', '-'), r.chance(0.6) ? b.heading : undefined))}
${schedule ? schedule.markup : ''}
${renderRecords(castRows, t.records.cast, t.facts, 'cast', t.headings.cast)}
<p${c('cta')}><a href="#tickets">${t.ui.tickets}</a></p>
</article>`;

  const record: GoldenRecord = { title: p.title, ...goldenOf([...team, ...practical, ...tickets]) };
  if (schedule) record['performances'] = schedule.golden;
  record['cast'] = goldenRows(castRows);
  const sidebar = html`<h3>${t.headings.upcoming}</h3><ul>${links.others.map((o) => html`<li><a href="${o.path}">${o.production.title}</a> <span>${formatDate(o.production.performances[0] ?? first, t.listDate, t.pack)}</span></li>`)}</ul>`;
  const jsonLd = r.next() < t.jsonLd ? productionJsonLd(p, first, last, t.locale.currency) : undefined;
  return htmlDocument(ctx, {
    path: links.path,
    title: p.title,
    description: `${p.title} – ${p.creator}`,
    main,
    sidebar,
    breadcrumbs: [{ label: links.listingLabel, href: links.listingPath }, { label: p.title }],
    itemtype: t.microdata ? 'https://schema.org/TheaterEvent' : undefined,
    documentType: 'production',
    records: [record],
    layouts: [...blocks.filter((b) => b.facts.length > 0).map((b) => `${b.key}:${familyOf(t, b.key)}`), `cast:${t.records.cast}`, ...(schedule ? [`schedule:${t.schedule}`] : [])],
    jsonLd,
  });
}

function scheduleMarkup(ctx: SiteContext, p: Production): { markup: Markup; golden: JsonValue } {
  const { t } = ctx;
  const c = (element?: string) => t.facts.cls.attr('schedule', element);
  const written: Written[] = p.performances.map((iso) => dateTime(t, iso));
  const tag = t.facts.headingTag;
  const heading = html`${raw(`<${tag}${c('heading').value}>`)}${t.labels.performances}${raw(`</${tag}>`)}`;
  const golden = p.performances as JsonValue;
  switch (t.schedule) {
    case 'list':
      return { golden, markup: html`<section${c()}>${heading}<ul${c('list')}>${written.map((w) => html`<li${c('item')}>${w.markup} <a href="#tickets">${t.ui.tickets}</a></li>`)}</ul></section>` };
    case 'lines':
      return { golden, markup: html`<section${c()}>${heading}<p${c('lines')}>${written.map((w, i) => html`${i > 0 ? html`<br>` : ''}${w.markup}`)}</p></section>` };
    case 'table':
      return {
        golden,
        markup: html`<section${c()}>${heading}<table${c('table')}><tbody>${p.performances.map(
          (iso) => html`<tr><td>${date(t, iso).markup}</td><td>${formatTime(iso.slice(11, 16), t.dateTime.time)}</td><td>${p.venue}</td><td><a href="#tickets">${t.ui.tickets}</a></td></tr>`,
        )}</tbody></table></section>`,
      };
  }
}

function productionJsonLd(p: Production, first: string, last: string, currency: string): unknown {
  return {
    '@context': 'https://schema.org',
    '@type': p.work.genre === 'opera' ? 'TheaterEvent' : 'Event',
    name: p.title,
    startDate: first,
    endDate: last,
    location: { '@type': 'Place', name: p.venue },
    director: { '@type': 'Person', name: p.director },
    performer: p.cast.map((c) => ({ '@type': 'Person', name: c.performer })),
    offers: { '@type': 'AggregateOffer', lowPrice: p.priceMin, highPrice: p.priceMax, priceCurrency: currency },
  };
}
