import { fill } from '../locale/format.js';
import type { Locale, ZonePhrase } from '../locale/locales.js';
import { orgName, personName, placeName, phoneNumber, slugify } from '../locale/names.js';
import { SUBJECTS, type LanguagePack, type Subject } from '../locale/pack.js';
import type { Rng } from '../random.js';
import { CURRENCY_SCALE } from './organisation.js';

/** A public procurement notice: who buys what, how, for how much, and by when bids are due. */
export interface Lot {
  number: number;
  title: string;
  value: number | null;
}

export type TenderValue = { amount: number } | { min: number; max: number } | null;

/** How the page says which clock the deadline is on: a named zone, "local time", or nothing. */
export type DeadlineClock = { kind: 'zone'; phrase: ZonePhrase } | { kind: 'local' } | { kind: 'unstated' };

export interface Tender {
  reference: string;
  slug: string;
  title: string;
  subject: Subject;
  buyer: string;
  cpvCodes: string[];
  nigpCodes: string[];
  procedure: string;
  published: string;
  /** Local date-time `YYYY-MM-DDTHH:MM`. */
  deadline: string;
  clock: DeadlineClock;
  value: TenderValue;
  currency: string;
  place: string;
  nuts: string | null;
  durationMonths: number;
  lots: Lot[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  criteria: Array<{ criterion: string; weight: number }>;
}

const CPV: Readonly<Record<Subject, readonly string[]>> = {
  school: ['45214200-2', '45261000-4', '45331000-6'],
  cleaning: ['90911200-8', '90919200-4'],
  roads: ['45233140-2', '45233252-0'],
  it_services: ['72000000-5', '72250000-2', '72611000-6'],
  vehicles: ['34144900-7', '34144511-3'],
  catering: ['55523100-3', '55524000-9'],
  lighting: ['50232100-1', '34993000-4'],
  green_spaces: ['77310000-6', '77211400-6'],
  laptops: ['30213100-6', '30213200-7'],
  design: ['71320000-7', '71221000-3'],
};

const NIGP: Readonly<Record<Subject, readonly string[]>> = {
  school: ['909-14', '914-12'],
  cleaning: ['910-39', '910-78'],
  roads: ['913-76', '745-56'],
  it_services: ['920-45', '918-40'],
  vehicles: ['070-72', '060-56'],
  catering: ['961-27', '393-50'],
  lighting: ['285-60', '936-53'],
  green_spaces: ['988-76', '988-47'],
  laptops: ['204-52', '204-18'],
  design: ['925-29', '906-26'],
};

const NUTS: Readonly<Record<string, readonly string[]>> = {
  GB: ['UKI32', 'UKD33', 'UKH14'], DE: ['DE300', 'DE212', 'DEA23', 'DE71C'], AT: ['AT130', 'AT323'], CH: ['CH040', 'CH013'],
  FR: ['FR101', 'FRK26', 'FRI12'], IT: ['ITI43', 'ITC4C', 'ITH55'], ES: ['ES300', 'ES511', 'ES523'], NL: ['NL329', 'NL414'],
  BE: ['BE100', 'BE211'], PL: ['PL911', 'PL213', 'PL414'], PT: ['PT170', 'PT11A'],
};

/** Reference formats per locale: `{yyyy}`, `{yy}`, `{n3}`/`{n4}` digits, `{org}` letters, `{x10}` ten letters and digits. */
const REFERENCES: Readonly<Record<string, readonly string[]>> = {
  'en-GB': ['{org}-{yyyy}-{n4}', 'TND/{yyyy}/{n3}', '{org}{yy}-{n4}'],
  'en-US': ['IFB {yy}-{n4}', 'RFP-{yyyy}-{n3}', 'Bid #{yy}-{n3}', 'RFQ {yyyy}-{n3}'],
  de: ['VgV-{yyyy}-{n4}', '{org}-{yy}-{n3}/OV', 'AZ 65.10-{yy}/{n3}', '{yyyy}-{org}-{n4}'],
  fr: ['{yyyy}-DCE-{n3}', 'MAPA {yy}-{n3}', '{org}{yyyy}{n3}'],
  it: ['{x10}', 'Gara n. {n3}/{yyyy}', 'CIG {x10}'],
  es: ['EXP. {yyyy}/{n6}', 'CONTR/{yyyy}/{n3}', '{n4}/{yyyy}-{org}'],
  nl: ['{org}-{yyyy}-{n3}', 'AB-{yyyy}/{n4}', '{yyyy}.{n3}.{org}'],
  pl: ['ZP.271.{n2}.{yyyy}', 'ZP/PN/{n2}/{yyyy}', '{org}.261.{n2}.{yyyy}'],
  'pt-PT': ['CP {n3}/{yyyy}', 'PROC. {n2}/{yyyy}/{org}', 'CPI-{n3}-{yyyy}'],
  'pt-BR': ['Pregão Eletrônico nº {n3}/{yyyy}', 'Edital {n3}/{yyyy}', 'PE-{n3}-{yyyy}'],
};

function referenceFor(rng: Rng, locale: Locale, buyer: string, year: number): string {
  const patterns = REFERENCES[locale.tag] ?? REFERENCES[locale.lang] ?? REFERENCES['en-GB'] ?? [];
  const org = slugify(buyer).split('-').filter((w) => w.length > 2).map((w) => w[0]).join('').toUpperCase().slice(0, 4) || 'PUB';
  const digits = (n: number) => String(rng.int(1, 10 ** n - 1)).padStart(n, '0');
  return rng.pick(patterns).replace(/\{(\w+)\}/g, (token, name: string) => {
    if (name === 'yyyy') return String(year);
    if (name === 'yy') return String(year).slice(2);
    if (name === 'org') return org.padEnd(3, 'X');
    if (name === 'x10') return rng.token(10, 'ABCDEF0123456789');
    const n = /^n(\d)$/.exec(name);
    return n ? digits(Number(n[1])) : token;
  });
}

export function createTenders(rng: Rng, locale: Locale, pack: LanguagePack, firstPublished: string, count: number): Tender[] {
  const us = locale.region === 'US';
  const procedures = (us ? pack.regional?.['US']?.procedures : undefined) ?? pack.procedures;
  const subjects = rng.sample(SUBJECTS, count);
  const scale = CURRENCY_SCALE[locale.currency] ?? 1;
  const references = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const r = rng.fork(`tender-${i}`);
    const subject = subjects[i % subjects.length] as Subject;
    const buyerPlace = placeName(r, pack);
    const buyer = orgName(r, pack, 'buyer', buyerPlace);
    const publishedAt = Date.parse(`${firstPublished}T00:00:00Z`) + (i * r.int(3, 9)) * 86_400_000;
    const published = new Date(publishedAt).toISOString().slice(0, 10);
    const deadlineDay = new Date(publishedAt + r.int(21, 52) * 86_400_000).toISOString().slice(0, 10);
    const deadline = `${deadlineDay}T${r.pick(['12:00', '10:00', '14:00', '11:00', '23:59', '09:30', '16:00'])}`;
    const total = Math.round((r.int(4, 480) * 10_000 * scale) / 1000) * 1000;
    const value: TenderValue = r.chance(0.12) ? null : r.chance(0.2) ? { min: Math.round(total * 0.6), max: total } : { amount: total };
    const lotCount = r.weighted([[0, 3], [2, 3], [3, 3], [4, 1]] as const);
    const areas = r.sample(pack.lotAreas, lotCount);
    const lotShares = areas.map(() => r.int(2, 6));
    const lotTotal = value && 'amount' in value ? value.amount : null;
    const subjectTitle = fill(r.pick(pack.subjects[subject]), { place: buyerPlace });
    const lotValues = lotTotal === null ? areas.map(() => null) : splitAmount(lotTotal, lotShares);
    const areaOnly = r.chance(0.5);
    const lots = areas.map((area, k) => ({ number: k + 1, title: areaOnly ? area : `${subjectTitle} – ${area}`, value: lotValues[k] ?? null }));
    const priceWeight = r.pick([30, 40, 50, 60, 70, 80]);
    const rest = 100 - priceWeight;
    const second = r.chance(0.5) ? rest : Math.round(rest / 2 / 5) * 5;
    const criteria = [{ criterion: pack.criteria[0] ?? 'Price', weight: priceWeight }, { criterion: pack.criteria[1] ?? 'Quality', weight: second }];
    if (second < rest) criteria.push({ criterion: r.pick(pack.criteria.slice(2)), weight: rest - second });
    let reference = referenceFor(r, locale, buyer, Number(published.slice(0, 4)));
    for (let attempt = 0; references.has(reference) && attempt < 50; attempt++) reference = referenceFor(r, locale, buyer, Number(published.slice(0, 4)));
    if (references.has(reference)) reference = `${reference}-${i + 1}`;
    references.add(reference);
    const clock: DeadlineClock = us || r.chance(0.35) ? { kind: 'zone', phrase: r.pick(locale.zonePhrases) } : r.chance(0.5) ? { kind: 'local' } : { kind: 'unstated' };
    return {
      reference,
      slug: slugify(reference),
      title: subjectTitle,
      subject,
      buyer,
      cpvCodes: us ? [] : r.sample(CPV[subject], r.int(1, Math.min(2, CPV[subject].length))),
      nigpCodes: us ? r.sample(NIGP[subject], r.int(1, 2)) : [],
      procedure: r.pick(procedures),
      published,
      deadline,
      clock,
      value,
      currency: locale.currency,
      place: buyerPlace,
      nuts: NUTS[locale.region] ? r.pick(NUTS[locale.region] ?? []) : null,
      durationMonths: r.pick([6, 12, 18, 24, 36, 48]),
      lots,
      contactName: personName(r, pack),
      contactEmail: `${r.pick(['vergabe', 'tenders', 'procurement', 'appalti', 'marches', 'contratacion', 'inkoop', 'zamowienia', 'compras'])}@${slugify(buyer)}.example`,
      contactPhone: phoneNumber(r, locale),
      criteria,
    };
  });
}

/** Splits a total by shares, in whole thousands; the last part takes what rounding left, so the parts add up. */
function splitAmount(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const parts = shares.map((share) => Math.round((total * share) / sum / 1000) * 1000);
  parts[parts.length - 1] = total - parts.slice(0, -1).reduce((a, b) => a + b, 0);
  return parts;
}
