import { fill } from '../locale/format.js';
import type { Locale } from '../locale/locales.js';
import { address, brandWord, orgName, placeName, type Address } from '../locale/names.js';
import type { LanguagePack } from '../locale/pack.js';
import type { Rng } from '../random.js';
import { CURRENCY_SCALE, type Organisation } from './organisation.js';

/** An invoice a company issues: its own block, the customer's, line items and the totals with tax. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export interface Party {
  name: string;
  address: Address;
}

export interface Invoice {
  number: string;
  date: string;
  dueDate: string | null;
  issuer: Party & { vatId: string | null; email: string; phone: string; iban: string | null };
  customer: Party & { customerNumber: string | null };
  lines: InvoiceLine[];
  subtotal: number;
  vatRate: number;
  vatAmount: number;
  total: number;
  currency: string;
  paymentTerms: string;
}

const VAT_RATES: Readonly<Record<string, readonly number[]>> = {
  DE: [19], AT: [20], CH: [8.1], FR: [20], IT: [22], ES: [21], NL: [21], BE: [21], PL: [23], PT: [23], GB: [20], US: [7.25, 8.25, 6.5], BR: [5],
};

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');

/** A tax id as the issuer's country writes it. */
export function vatId(rng: Rng, region: string): string | null {
  switch (region) {
    case 'DE': return `DE${digits(rng, 9)}`;
    case 'AT': return `ATU${digits(rng, 8)}`;
    case 'CH': return `CHE-${digits(rng, 3)}.${digits(rng, 3)}.${digits(rng, 3)} MWST`;
    case 'FR': return `FR${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 3)} ${digits(rng, 3)}`;
    case 'IT': return `IT${digits(rng, 11)}`;
    case 'ES': return `ESB${digits(rng, 8)}`;
    case 'NL': return `NL${digits(rng, 9)}B01`;
    case 'BE': return `BE0${digits(rng, 9)}`;
    case 'PL': return `PL${digits(rng, 10)}`;
    case 'PT': return `PT${digits(rng, 9)}`;
    case 'GB': return `GB ${digits(rng, 3)} ${digits(rng, 4)} ${digits(rng, 2)}`;
    case 'US': return `${digits(rng, 2)}-${digits(rng, 7)}`;
    case 'BR': return `${digits(rng, 2)}.${digits(rng, 3)}.${digits(rng, 3)}/0001-${digits(rng, 2)}`;
    default: return null;
  }
}

const NUMBERS = ['INV-{yyyy}-{n4}', 'RE-{yyyy}-{n5}', 'F{yyyy}-{n4}', '{yyyy}/{n3}', 'FT {yyyy}/{n3}', '{n6}', 'R{yy}{n4}'];

const round2 = (n: number): number => Math.round(n * 100) / 100;

export interface InvoicesSpec {
  locale: Locale;
  pack: LanguagePack;
  issuer: Organisation;
  /** The issuer's email address as its site gives it. */
  email: string;
  /** `YYYY-MM-DD` of the first invoice. */
  firstDate: string;
  count: number;
}

export function createInvoices(rng: Rng, spec: InvoicesSpec): Invoice[] {
  const { locale, pack, issuer, email, firstDate, count } = spec;
  const scale = CURRENCY_SCALE[locale.currency] ?? 1;
  const numberPattern = rng.pick(NUMBERS);
  const rate = rng.pick(VAT_RATES[locale.region] ?? [20]);
  const start = Date.parse(`${firstDate}T00:00:00Z`);
  const iban = locale.region === 'US' ? null : `${locale.region === 'GB' ? 'GB' : locale.region}${digits(rng, 2)} ${digits(rng, 4)} ${digits(rng, 4)} ${digits(rng, 4)} ${digits(rng, 4)}`;
  const issuerVat = vatId(rng, locale.region);
  // Invoice numbers run upwards, with the other customers' invoices in between.
  let sequence = rng.int(100, 400);
  return Array.from({ length: count }, (_, i) => {
    const r = rng.fork(`invoice-${i}`);
    const dateMs = start + i * r.int(9, 31) * 86_400_000;
    const date = new Date(dateMs).toISOString().slice(0, 10);
    const customerPlace = placeName(r, pack);
    const lines = r.sample(pack.lineItems, r.int(1, 5)).map((template): InvoiceLine => {
      const quantity = r.weighted([[1, 5], [2, 2], [r.int(3, 12), 2], [r.int(10, 40), 1]] as const);
      const unitPrice = round2(r.int(5, 90) * 10 * scale * (r.chance(0.3) ? 0.5 : 1) + (r.chance(0.3) ? 0.5 : 0));
      return { description: fill(template, { n: r.int(3, 25) }), quantity, unitPrice, amount: round2(quantity * unitPrice) };
    });
    const subtotal = round2(lines.reduce((s, l) => s + l.amount, 0));
    const vatAmount = round2((subtotal * rate) / 100);
    const year = date.slice(0, 4);
    sequence += r.int(3, 17);
    return {
      number: numberPattern.replace('{yyyy}', year).replace('{yy}', year.slice(2)).replace(/\{n(\d)\}/g, (_, n: string) => String(sequence).padStart(Number(n), '0')),
      date,
      dueDate: r.chance(0.8) ? new Date(dateMs + r.pick([14, 30, 10, 21]) * 86_400_000).toISOString().slice(0, 10) : null,
      issuer: { name: issuer.name, address: issuer.address, vatId: issuerVat, email, phone: issuer.phone, iban },
      customer: {
        name: orgName(r, pack, 'company', customerPlace).replace(/^(\S+)/, brandWord(r)),
        address: address(r, locale, pack, customerPlace),
        customerNumber: r.chance(0.6) ? `${r.pick(['K', 'C', 'CU-', '1'])}${digits(r, 5)}` : null,
      },
      lines,
      subtotal,
      vatRate: rate,
      vatAmount,
      total: round2(subtotal + vatAmount),
      currency: locale.currency,
      paymentTerms: r.pick(pack.paymentTerms),
    };
  });
}

