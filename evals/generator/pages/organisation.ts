import type { GoldenRecord } from '../../golden/task.js';
import { html } from '../../sites/render/html.js';
import { fill } from '../locale/format.js';
import { addressLines } from '../locale/names.js';
import { renderFacts, goldenOf, type Fact } from '../render/facts.js';
import { link, text, year } from '../render/values.js';
import { fact, familyOf, htmlDocument, type SiteContext } from '../site/context.js';
import type { GeneratedPage } from '../types.js';

/** The noise pages every site has: about (who, since when, led by whom) and contact (address, phone, email, hours). */

export function aboutPage(ctx: SiteContext, path: string, extra?: { heading: string; links: ReadonlyArray<{ label: string; href: string }> }): GeneratedPage {
  const { t, org } = ctx;
  const r = ctx.rng.fork('about');
  const c = (element?: string) => t.facts.cls.attr('about', element);
  const facts: Fact[] = [fact(t, 'founded', 'founded', year(org.founded)), fact(t, 'head', 'director', text(org.head))];
  const family = r.pick(['sentences', 'dl', 'strong_runs', 'vertical_table', 'inline_runs'] as const);
  const slots = { org: org.name, place: org.place, n: r.int(12, 240), topic: r.pick(t.pack.prose.topics) };
  const paragraphs = r.sample(t.pack.prose.aboutSentences, 3).map((s) => fill(s, slots));
  const main = html`<div${c()}>
<h1${c('title')}>${t.ui.about}</h1>
<p${c('lead')}>${paragraphs[0] ?? ''}</p>
${renderFacts(facts, family, t.facts, 'about-facts')}
${paragraphs.slice(1).map((p) => html`<p>${p}</p>\n`)}
${extra ? html`<h2>${extra.heading}</h2><ul>${extra.links.map((l) => html`<li><a href="${l.href}">${l.label}</a></li>`)}</ul>` : ''}
</div>`;
  return htmlDocument(ctx, {
    path,
    title: t.ui.about,
    main,
    documentType: 'about',
    records: [{ organisation: org.name, ...goldenOf(facts) }],
    layouts: [`about:${family}`],
  });
}

export function contactPage(ctx: SiteContext, path: string): GeneratedPage {
  const { t, org } = ctx;
  const r = ctx.rng.fork('contact');
  const c = (element?: string) => t.facts.cls.attr('contact', element);
  const lines = addressLines(org.address, t.locale);
  const showCountry = r.chance(0.5);
  const facts: Fact[] = [
    fact(t, 'phone', 'phone', text(org.phone)),
    fact(t, 'email', 'email', link(ctx.site.email, `mailto:${ctx.site.email}`)),
    fact(t, 'opening_hours', 'opening_hours', text(org.openingHours)),
  ];
  const family = familyOf(t, 'organisation.contact');
  const press = r.chance(0.5) ? html`<p${c('press')}>${t.ui.news}: <a href="mailto:press@${ctx.site.host}">press@${ctx.site.host}</a></p>` : html``;
  const main = html`<div${c()}>
<h1${c('title')}>${t.ui.contact}</h1>
<h2>${t.headings.contact_details}</h2>
<address${c('address')}><strong>${org.name}</strong><br>${lines.map((l, i) => html`${i > 0 ? html`<br>` : ''}${l}`)}${showCountry ? html`<br>${org.address.country}` : ''}</address>
${renderFacts(facts, family, t.facts, 'contact-facts', r.chance(0.5) ? t.ui.openingHoursTitle : undefined)}
${press}
<form${c('form')} action="/contact" method="post"><label>${t.labels.email} <input type="email" name="email"></label><textarea name="message"></textarea><button>${t.ui.subscribe}</button></form>
</div>`;
  const record: GoldenRecord = {
    organisation: org.name,
    street: org.address.street,
    postal_code: org.address.postalCode,
    city: org.address.city,
    ...(showCountry ? { country: org.address.country } : {}),
    ...goldenOf(facts),
  };
  return htmlDocument(ctx, { path, title: t.ui.contact, main, documentType: 'contact', records: [record], layouts: [`organisation.contact:${family}`] });
}
