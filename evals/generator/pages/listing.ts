import type { GoldenRecord } from '../../golden/task.js';
import { html, type Markup } from '../../sites/render/html.js';
import { fill } from '../locale/format.js';
import type { Written } from '../render/values.js';
import { htmlDocument, type SiteContext } from '../site/context.js';
import type { GeneratedPage, GeneratedType } from '../types.js';

/**
 * Listing pages: items as cards, table rows or list items, each with a link and a few values, paginated with
 * previous/next links. Each item is one golden record (`url` is the link as written).
 */
export interface ListingItem {
  /** Field the link text stands for (`title`, `name`, `headline`). */
  titleField: string;
  title: string;
  href: string;
  cells: ReadonlyArray<{ field: string; label: string; value: Written }>;
}

export interface ListingSpec {
  documentType: Extract<GeneratedType, `${string}_listing`>;
  title: string;
  /** Path of page n (1-based). */
  pagePath(n: number): string;
  items: readonly ListingItem[];
  intro?: string;
  perPage: number;
}

function itemRecord(item: ListingItem): GoldenRecord {
  const record: GoldenRecord = { [item.titleField]: item.title };
  for (const cell of item.cells) if (cell.value.golden !== null) record[cell.field] = cell.value.golden;
  record['url'] = item.href;
  return record;
}

export function itemsMarkup(ctx: SiteContext, items: readonly ListingItem[]): Markup {
  const { t } = ctx;
  const c = (element?: string) => t.facts.cls.attr('listing', element);
  switch (t.listing.layout) {
    case 'cards':
      return html`<div${c('grid')}>
${items.map((item) => html`  <div${c('card')}><h3${c('card-title')}><a href="${item.href}">${item.title}</a></h3><p${c('card-meta')}>${item.cells.map((cell, i) => html`${i > 0 ? ' · ' : ''}<span>${cell.value.markup}</span>`)}</p><a${c('more')} href="${item.href}">${t.ui.readMore}</a></div>\n`)}</div>`;
    case 'table':
      return html`<table${c('table')}>
  <thead><tr><th></th>${(items[0]?.cells ?? []).map((cell) => html`<th>${cell.label}</th>`)}</tr></thead>
  <tbody>
${items.map((item) => html`    <tr><td><a href="${item.href}">${item.title}</a></td>${item.cells.map((cell) => html`<td>${cell.value.markup}</td>`)}</tr>\n`)}  </tbody>
</table>`;
    case 'list':
      return html`<ul${c('list')}>
${items.map((item) => html`  <li${c('item')}><a href="${item.href}">${item.title}</a> — ${item.cells.map((cell, i) => html`${i > 0 ? ', ' : ''}${cell.value.markup}`)}</li>\n`)}</ul>`;
  }
}

export function listingPages(ctx: SiteContext, spec: ListingSpec): GeneratedPage[] {
  const { t } = ctx;
  const count = Math.max(1, Math.ceil(spec.items.length / spec.perPage));
  const c = (element?: string) => t.facts.cls.attr('listing', element);
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const items = spec.items.slice(i * spec.perPage, n * spec.perPage);
    const pager = count > 1
      ? html`<nav${c('pager')} aria-label="pagination">${n > 1 ? html`<a rel="prev" href="${spec.pagePath(n - 1)}">${t.ui.previous}</a> ` : ''}<span>${fill(t.ui.pageOf, { n, m: count })}</span>${n < count ? html` <a rel="next" href="${spec.pagePath(n + 1)}">${t.ui.next}</a>` : ''}</nav>`
      : html``;
    const main = html`<div${c()}>
<h1${c('title')}>${spec.title}</h1>
${spec.intro && n === 1 ? html`<p${c('intro')}>${spec.intro}</p>` : ''}
${itemsMarkup(ctx, items)}
${pager}
</div>`;
    return htmlDocument(ctx, {
      path: spec.pagePath(n),
      title: n > 1 ? `${spec.title} (${fill(t.ui.pageOf, { n, m: count })})` : spec.title,
      main,
      breadcrumbs: [{ label: spec.title }],
      documentType: spec.documentType,
      records: items.map(itemRecord),
      layouts: [`listing:${t.listing.layout}`],
    });
  });
}
