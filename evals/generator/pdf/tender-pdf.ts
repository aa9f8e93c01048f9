import type { GoldenRecord, JsonValue } from '../../golden/task.js';
import type { Tender } from '../content/tender.js';
import { codes, tenderValue } from '../pages/notice.js';
import { deadline, money, months, text, type Written } from '../render/values.js';
import type { SiteTemplate } from '../site/template.js';
import type { GeneratedPage } from '../types.js';
import { createPdfWriter, type PdfWriter } from './kit.js';

/**
 * A notice as its tender PDF. Three layouts: a two-column summary without colons (labels and values wrapped inside
 * their columns), `Label: value` lines, and labels stacked above their values. Lots and award criteria are tables
 * ("Price 70 %": a weight, not money).
 */
export const TENDER_PDF_LAYOUTS = ['two_columns', 'colon_lines', 'stacked'] as const;
export type TenderPdfLayout = (typeof TENDER_PDF_LAYOUTS)[number];

interface Row {
  field: string;
  label: string;
  value: Written;
}

function writeRows(w: PdfWriter, rows: readonly Row[], layout: TenderPdfLayout): void {
  const x = w.margin;
  for (const row of rows) {
    switch (layout) {
      case 'two_columns':
        // Narrow label column: long labels wrap over two lines, as office templates do.
        w.row([
          { x, width: 130, text: row.label, bold: true },
          { x: x + 150, width: w.contentWidth - 150, text: row.value.text },
        ]);
        w.gap(4);
        break;
      case 'colon_lines':
        w.row([{ x, width: w.contentWidth, text: `${row.label}: ${row.value.text}` }]);
        w.gap(2);
        break;
      case 'stacked':
        w.row([{ x, width: w.contentWidth, text: row.label, bold: true, size: 9 }]);
        w.row([{ x, width: w.contentWidth, text: row.value.text }]);
        w.gap(6);
        break;
    }
  }
}

export async function tenderPdfPage(t: SiteTemplate, tender: Tender, path: string, layout: TenderPdfLayout, percentSpace: boolean): Promise<GeneratedPage> {
  const localWords = t.pack.localTimeWords[0] ?? '';
  const value = tenderValue(t, tender);
  const rows: Row[] = [
    { field: 'reference', label: t.labels.reference, value: text(tender.reference) },
    { field: 'buyer', label: t.labels.buyer, value: text(tender.buyer) },
    ...(tender.cpvCodes.length > 0 ? [{ field: 'cpv_codes', label: t.labels.cpv, value: codes(tender.cpvCodes) }] : []),
    ...(tender.nigpCodes.length > 0 ? [{ field: 'nigp_codes', label: t.labels.nigp, value: codes(tender.nigpCodes) }] : []),
    { field: 'procedure', label: t.labels.procedure, value: text(tender.procedure) },
    { field: 'deadline', label: t.labels.deadline, value: deadline(t, tender.deadline, tender.clock, localWords) },
    ...(value ? [{ field: 'estimated_value', label: t.labels.estimated_value, value }] : []),
    { field: 'place', label: t.labels.place, value: text(tender.place) },
    { field: 'duration_months', label: t.labels.contract_duration, value: months(t, tender.durationMonths) },
  ];
  const w = await createPdfWriter({ title: `${tender.reference} – ${tender.title}`, author: tender.buyer, subject: t.headings.notice_details });
  const x = w.margin;
  w.row([{ x, width: w.contentWidth, text: tender.buyer, size: 9 }]);
  w.gap(8);
  w.row([{ x, width: w.contentWidth, text: tender.title, bold: true, size: 15 }]);
  w.gap(12);
  w.row([{ x, width: w.contentWidth, text: t.headings.summary, bold: true, size: 12 }]);
  w.gap(4);
  writeRows(w, rows, layout);

  const record: GoldenRecord = { title: tender.title };
  for (const row of rows) record[row.field] = row.value.golden;

  if (tender.lots.length > 0) {
    w.gap(10);
    w.row([{ x, width: w.contentWidth, text: t.headings.lots, bold: true, size: 12 }]);
    w.gap(4);
    const lots: JsonValue[] = [];
    for (const lot of tender.lots) {
      const lotValue = lot.value === null ? null : money(t, lot.value);
      if (layout === 'colon_lines') {
        w.row([{ x, width: w.contentWidth, text: `${t.labels.lot} ${lot.number}: ${lot.title}${lotValue ? ` – ${t.labels.lot_value}: ${lotValue.text}` : ''}` }]);
      } else {
        w.row([
          { x, width: 95, text: `${t.labels.lot} ${lot.number}` },
          { x: x + 100, width: 250, text: lot.title },
          ...(lotValue ? [{ x: x + 360, width: w.contentWidth - 360, text: lotValue.text, align: 'right' as const }] : []),
        ]);
      }
      w.gap(3);
      lots.push({ number: lot.number, title: lot.title, ...(lotValue ? { estimated_value: lotValue.golden } : {}) });
    }
    record['lots'] = lots;
  }

  w.gap(10);
  w.row([{ x, width: w.contentWidth, text: t.headings.award_criteria, bold: true, size: 12 }]);
  w.gap(4);
  for (const c of tender.criteria) {
    w.row([
      { x, width: 260, text: c.criterion },
      { x: x + 270, width: 60, text: `${c.weight}${percentSpace ? ' %' : '%'}`, align: 'right' },
    ]);
    w.gap(2);
  }
  record['award_criteria'] = tender.criteria.map((c) => ({ criterion: c.criterion, weight: c.weight }));

  w.gap(10);
  w.row([{ x, width: w.contentWidth, text: `${t.labels.contact_email}: ${tender.contactEmail} · ${t.labels.phone}: ${tender.contactPhone}`, size: 9 }]);
  record['contact_email'] = tender.contactEmail;
  const bytes = await w.finish((page, pages) => `${tender.reference} – ${page}/${pages}`);
  return {
    path,
    contentType: 'application/pdf',
    bytes,
    documentType: 'tender_pdf',
    language: t.locale.tag,
    records: [record],
    layouts: [`pdf:${layout}`],
    structuredData: [],
    links: [],
  };
}
