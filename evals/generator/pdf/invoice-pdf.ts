import type { GoldenRecord } from '../../golden/task.js';
import type { Invoice } from '../content/invoice.js';
import { addressLines } from '../locale/names.js';
import { date, money } from '../render/values.js';
import type { SiteTemplate } from '../site/template.js';
import type { GeneratedPage } from '../types.js';
import { createPdfWriter, type PdfWriter } from './kit.js';

/**
 * An invoice as its issuer prints it. Three layouts: `classic` (issuer block top left, meta as label/value columns
 * without colons), `sender_line` (a one-line sender above the customer's address, meta with colons, issuer's VAT
 * id and bank in the footer columns) and `banner` (issuer name as a heading, meta in one line, issuer details at
 * the bottom). Totals are written without a colon ("Total $144.00", "Gesamtbetrag 119,00 €").
 */
export const INVOICE_LAYOUTS = ['classic', 'sender_line', 'banner'] as const;
export type InvoiceLayout = (typeof INVOICE_LAYOUTS)[number];

function itemsTable(w: PdfWriter, t: SiteTemplate, inv: Invoice): void {
  const x = w.margin;
  const cols = { qty: x + 250, unit: x + 300, amount: x + 390 };
  w.row([
    { x, width: 240, text: t.labels.description, bold: true, size: 9 },
    { x: cols.qty, width: 40, text: t.labels.quantity, bold: true, size: 9, align: 'right' },
    { x: cols.unit, width: 80, text: t.labels.unit_price, bold: true, size: 9, align: 'right' },
    { x: cols.amount, width: w.contentWidth - 390, text: t.labels.amount, bold: true, size: 9, align: 'right' },
  ]);
  w.gap(4);
  for (const line of inv.lines) {
    w.row([
      { x, width: 240, text: line.description },
      { x: cols.qty, width: 40, text: String(line.quantity), align: 'right' },
      { x: cols.unit, width: 80, text: money(t, line.unitPrice).text, align: 'right' },
      { x: cols.amount, width: w.contentWidth - 390, text: money(t, line.amount).text, align: 'right' },
    ]);
    w.gap(3);
  }
}

function totals(w: PdfWriter, t: SiteTemplate, inv: Invoice, rate: string): void {
  const x = w.margin + 250;
  const width = w.contentWidth - 250;
  const pair = (label: string, value: string, bold = false) => {
    w.row([
      { x, width: 140, text: label, bold },
      { x: x + 140, width: width - 140, text: value, bold, align: 'right' },
    ]);
    w.gap(2);
  };
  w.gap(10);
  pair(t.labels.subtotal, money(t, inv.subtotal).text);
  pair(`${t.labels.vat} ${rate}`, money(t, inv.vatAmount).text);
  pair(t.labels.total, money(t, inv.total).text, true);
}

export async function invoicePdfPage(t: SiteTemplate, inv: Invoice, path: string, layout: InvoiceLayout): Promise<GeneratedPage> {
  const w = await createPdfWriter({ title: `${t.labels.invoice_title} ${inv.number}`, author: inv.issuer.name, subject: t.labels.invoice_title });
  const x = w.margin;
  const issuerLines = addressLines(inv.issuer.address, t.locale);
  const customerLines = addressLines(inv.customer.address, t.locale);
  const rate = `${String(inv.vatRate).replace('.', t.locale.decimal)} %`;
  const meta: Array<[string, string]> = [
    [t.labels.invoice_number, inv.number],
    [t.labels.invoice_date, date(t, inv.date).text],
    ...(inv.dueDate ? [[t.labels.due_date, date(t, inv.dueDate).text] as [string, string]] : []),
    ...(inv.customer.customerNumber ? [[t.labels.customer_number, inv.customer.customerNumber] as [string, string]] : []),
  ];
  const vatLine = inv.issuer.vatId ? `${t.labels.vat_id} ${inv.issuer.vatId}` : null;
  switch (layout) {
    case 'classic': {
      w.row([
        { x, width: 250, text: inv.issuer.name, bold: true, size: 13 },
        { x: x + 300, width: w.contentWidth - 300, text: t.labels.invoice_title, bold: true, size: 18, align: 'right' },
      ]);
      for (const line of [...issuerLines, ...(vatLine ? [vatLine] : [])]) w.row([{ x, width: 250, text: line, size: 9 }]);
      w.gap(16);
      for (const [label, value] of meta) w.row([{ x: x + 280, width: 110, text: label }, { x: x + 390, width: w.contentWidth - 390, text: value, align: 'right' }]);
      w.gap(10);
      w.row([{ x, width: 250, text: t.labels.bill_to, bold: true, size: 9 }]);
      for (const line of [inv.customer.name, ...customerLines]) w.row([{ x, width: 250, text: line }]);
      w.gap(20);
      itemsTable(w, t, inv);
      totals(w, t, inv, rate);
      w.gap(16);
      w.row([{ x, width: w.contentWidth, text: `${t.labels.payment_terms}: ${inv.paymentTerms}`, size: 9 }]);
      break;
    }
    case 'sender_line': {
      w.row([{ x: x + 300, width: w.contentWidth - 300, text: inv.issuer.name, bold: true, size: 14, align: 'right' }]);
      w.gap(30);
      w.row([{ x, width: 300, text: [inv.issuer.name, ...issuerLines].join(' · '), size: 7 }]);
      w.gap(4);
      for (const line of [inv.customer.name, ...customerLines]) w.row([{ x, width: 260, text: line }]);
      w.gap(10);
      for (const [label, value] of meta) w.row([{ x: x + 300, width: w.contentWidth - 300, text: `${label}: ${value}`, size: 9 }]);
      w.gap(16);
      w.row([{ x, width: w.contentWidth, text: `${t.labels.invoice_title} ${inv.number}`, bold: true, size: 13 }]);
      w.gap(10);
      itemsTable(w, t, inv);
      totals(w, t, inv, rate);
      w.gap(20);
      w.row([{ x, width: w.contentWidth, text: inv.paymentTerms, size: 9 }]);
      w.gap(30);
      w.row([
        { x, width: 150, text: [inv.issuer.name, ...issuerLines].join(' '), size: 7 },
        { x: x + 165, width: 150, text: `${t.labels.phone} ${inv.issuer.phone} ${inv.issuer.email}`, size: 7 },
        { x: x + 330, width: w.contentWidth - 330, text: [vatLine, inv.issuer.iban ? `IBAN ${inv.issuer.iban}` : null].filter(Boolean).join(' '), size: 7 },
      ]);
      break;
    }
    case 'banner': {
      w.row([{ x, width: w.contentWidth, text: inv.issuer.name, bold: true, size: 20 }]);
      w.gap(6);
      w.row([{ x, width: w.contentWidth, text: meta.map(([label, value]) => `${label} ${value}`).join('   '), size: 9 }]);
      w.gap(18);
      w.row([{ x, width: 250, text: t.labels.bill_to, bold: true, size: 9 }]);
      for (const line of [inv.customer.name, ...customerLines]) w.row([{ x, width: 250, text: line }]);
      w.gap(20);
      itemsTable(w, t, inv);
      totals(w, t, inv, rate);
      w.gap(30);
      w.row([{ x, width: w.contentWidth, text: `${t.labels.payment_terms}: ${inv.paymentTerms}`, size: 9 }]);
      w.gap(12);
      w.row([{ x, width: w.contentWidth, text: [inv.issuer.name, ...issuerLines, vatLine].filter(Boolean).join(' | '), size: 8 }]);
      w.row([{ x, width: w.contentWidth, text: `${inv.issuer.email} · ${inv.issuer.phone}`, size: 8 }]);
      break;
    }
  }
  const bytes = await w.finish((page, pages) => `${inv.number} · ${page}/${pages}`);
  const record: GoldenRecord = {
    invoice_number: inv.number,
    invoice_date: inv.date,
    ...(inv.dueDate ? { due_date: inv.dueDate } : {}),
    issuer_name: inv.issuer.name,
    issuer_street: inv.issuer.address.street,
    issuer_postal_code: inv.issuer.address.postalCode,
    issuer_city: inv.issuer.address.city,
    ...(inv.issuer.vatId ? { issuer_vat_id: inv.issuer.vatId } : {}),
    customer_name: inv.customer.name,
    customer_street: inv.customer.address.street,
    customer_postal_code: inv.customer.address.postalCode,
    customer_city: inv.customer.address.city,
    line_items: inv.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unit_price: { amount: l.unitPrice, currency: inv.currency },
      amount: { amount: l.amount, currency: inv.currency },
    })),
    subtotal: { amount: inv.subtotal, currency: inv.currency },
    vat_rate: inv.vatRate,
    vat_amount: { amount: inv.vatAmount, currency: inv.currency },
    total: { amount: inv.total, currency: inv.currency },
    currency: inv.currency,
  };
  return { path, contentType: 'application/pdf', bytes, documentType: 'invoice', language: t.locale.tag, records: [record], layouts: [`invoice:${layout}`], structuredData: [], links: [] };
}
