import type { GoldenRecord } from '../../golden/task.js';
import { html } from '../../sites/render/html.js';
import type { Tender } from '../content/tender.js';
import { renderFacts, goldenOf, type Fact } from '../render/facts.js';
import { goldenRows, renderRecords, type RecordRow } from '../render/records.js';
import { date, deadline, link, money, months, priceRange, text, type Written } from '../render/values.js';
import { fact, familyOf, htmlDocument, type SiteContext } from '../site/context.js';
import type { SiteTemplate } from '../site/template.js';
import type { GeneratedPage } from '../types.js';

/**
 * A procurement notice page: the reference in a caption and in the URL, the title, summary facts (buyer, procedure,
 * dates with the deadline's clock), value and place, codes, lots as nested records, and a link to the tender PDF.
 */
export interface NoticeLinks {
  path: string;
  listingPath: string;
  /** Path of the notice's PDF, or null when the portal publishes none. */
  pdfPath: string | null;
}

export function tenderValue(t: SiteTemplate, tender: Tender): Written | null {
  if (!tender.value) return null;
  return 'amount' in tender.value ? money(t, tender.value.amount) : priceRange(t, tender.value.min, tender.value.max);
}

export function codes(list: readonly string[]): Written {
  return { text: list.join(', '), markup: html`${list.join(', ')}`, golden: [...list] };
}

export function lotRows(t: SiteTemplate, tender: Tender): RecordRow[] {
  return tender.lots.map((lot) => [
    { field: 'number', header: t.labels.lot, value: html`${lot.number}`, golden: lot.number },
    { field: 'title', header: t.labels.lot_title, value: html`${lot.title}`, golden: lot.title },
    ...(lot.value === null ? [] : [{ field: 'estimated_value', header: t.labels.lot_value, value: money(t, lot.value).markup, golden: money(t, lot.value).golden }]),
  ]);
}

export function noticePage(ctx: SiteContext, tender: Tender, links: NoticeLinks): GeneratedPage {
  const { t } = ctx;
  const r = ctx.rng.fork(`notice-page-${tender.slug}`);
  const localWords = r.pick(t.pack.localTimeWords);
  const summary: Fact[] = [
    fact(t, 'reference', 'reference', text(tender.reference)),
    fact(t, 'buyer', 'buyer', text(tender.buyer)),
    fact(t, 'procedure', 'procedure', text(tender.procedure)),
    fact(t, 'published', 'published', date(t, tender.published)),
    fact(t, 'deadline', 'deadline', deadline(t, tender.deadline, tender.clock, localWords)),
  ];
  const value = tenderValue(t, tender);
  const valueFacts: Fact[] = [
    ...(value ? [fact(t, 'estimated_value', 'estimated_value', value)] : []),
    fact(t, 'contract_duration', 'duration_months', months(t, tender.durationMonths)),
    fact(t, 'place', 'place', text(tender.place)),
  ];
  const classification: Fact[] = [
    ...(tender.cpvCodes.length > 0 ? [fact(t, 'cpv', 'cpv_codes', codes(tender.cpvCodes))] : []),
    ...(tender.nigpCodes.length > 0 ? [fact(t, 'nigp', 'nigp_codes', codes(tender.nigpCodes))] : []),
    ...(tender.nuts ? [fact(t, 'nuts', 'nuts_code', text(tender.nuts))] : []),
    fact(t, 'contact_email', 'contact_email', link(tender.contactEmail, `mailto:${tender.contactEmail}`)),
  ];
  const blocks = [
    { key: 'tender_notice.summary' as const, facts: summary, heading: t.headings.notice_details },
    { key: 'tender_notice.value' as const, facts: valueFacts, heading: t.headings.summary },
    { key: 'tender_notice.classification' as const, facts: classification, heading: t.headings.classification },
  ];
  const lots = lotRows(t, tender);
  const c = (element?: string) => t.facts.cls.attr('notice', element);
  const documents = links.pdfPath
    ? html`<section${c('documents')}><h2>${t.headings.documents}</h2><p><a href="${links.pdfPath}">${t.labels.tender_document}</a> (PDF, ${r.int(120, 900)} KB)</p></section>`
    : html``;
  const main = html`<div${c()}>
<p${c('caption')}>${tender.reference}</p>
<h1${c('title')}>${tender.title}</h1>
${blocks.map((b) => renderFacts(b.facts, familyOf(t, b.key), t.facts, b.key.replace('.', '-'), r.chance(0.7) ? b.heading : undefined))}
${renderRecords(lots, t.records.lots, t.facts, 'lots', t.headings.lots)}
${documents}
<p><a href="${links.listingPath}">${t.ui.backToList}</a></p>
</div>`;
  const record: GoldenRecord = { title: tender.title, ...goldenOf([...summary, ...valueFacts, ...classification]) };
  if (lots.length > 0) record['lots'] = goldenRows(lots);
  if (links.pdfPath) record['tender_document'] = links.pdfPath;
  return htmlDocument(ctx, {
    path: links.path,
    title: tender.title,
    main,
    breadcrumbs: [{ label: t.ui.notices, href: links.listingPath }, { label: tender.reference }],
    documentType: 'tender_notice',
    records: [record],
    layouts: [...blocks.map((b) => `${b.key}:${familyOf(t, b.key)}`), ...(lots.length > 0 ? [`lots:${t.records.lots}`] : [])],
  });
}
