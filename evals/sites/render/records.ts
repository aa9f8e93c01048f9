import type { Lot, NewsArticle, Notice, Organisation, Production } from '../data/types.js';
import type { GoldenRecord } from '../../golden/task.js';
import { firstDate, isoDuration, lastDate } from './dates.js';

/**
 * The records a person would write down for each page type. Field names match the reviewed schemas in
 * evals/golden/schemas; values are normalized the way the extraction model normalizes them (ISO dates,
 * `{amount|min,max,currency}` money, ISO 8601 durations).
 */

export function productionRecord(p: Production): GoldenRecord {
  return {
    title: p.title,
    composer: p.composer,
    conductor: p.conductor,
    director: p.director,
    venue: p.venue,
    dates: { start: firstDate(p.performances), end: lastDate(p.performances) },
    performances: p.performances.map((x) => `${x.date}T${x.time}`),
    price: { amount: null, min: p.priceMin, max: p.priceMax, currency: p.currency },
    duration: isoDuration(p.durationMinutes),
    cast: p.cast.map((c) => ({ role: c.role, singer: c.singer })),
  };
}

export function productionCardRecord(p: Production, path: string): GoldenRecord {
  return {
    title: p.title,
    composer: p.composer,
    dates: { start: firstDate(p.performances), end: lastDate(p.performances) },
    venue: p.venue,
    url: path,
  };
}

export function aboutRecord(org: Organisation): GoldenRecord {
  return { organisation: org.name, founded: org.founded, director: org.director };
}

export function contactRecord(org: Organisation): GoldenRecord {
  return {
    organisation: org.name,
    street: org.address.street,
    postal_code: org.address.postalCode,
    city: org.address.city,
    country: org.address.country,
    phone: org.phone,
    email: org.email,
    opening_hours: org.hours,
  };
}

export function newsRecord(n: NewsArticle): GoldenRecord {
  return { headline: n.headline, date: n.date, author: n.author };
}

function lotRecord(l: Lot, currency: string): GoldenRecord {
  return { number: l.number, title: l.title, estimated_value: { amount: l.estimatedValue, currency } };
}

export function noticeRecord(n: Notice, documentPath: string): GoldenRecord {
  return {
    reference: n.reference,
    title: n.title,
    buyer: n.buyer,
    cpv_code: n.cpvCode,
    procedure: n.procedure,
    published: n.published,
    deadline: n.deadline,
    estimated_value: { amount: n.estimatedValue, currency: n.currency },
    place: n.place,
    duration_months: n.durationMonths,
    lots: n.lots.map((l) => lotRecord(l, n.currency)),
    contact_email: n.contactEmail,
    contact_phone: n.contactPhone,
    tender_document: documentPath,
  };
}

export function noticeRowRecord(n: Notice, path: string): GoldenRecord {
  return {
    reference: n.reference,
    title: n.title,
    buyer: n.buyer,
    deadline: n.deadline,
    estimated_value: { amount: n.estimatedValue, currency: n.currency },
    url: path,
  };
}

export function tenderPdfRecord(n: Notice): GoldenRecord {
  return {
    reference: n.reference,
    title: n.title,
    buyer: n.buyer,
    cpv_code: n.cpvCode,
    procedure: n.procedure,
    deadline: n.deadline,
    estimated_value: { amount: n.estimatedValue, currency: n.currency },
    place: n.place,
    duration_months: n.durationMonths,
    lots: n.lots.map((l) => lotRecord(l, n.currency)),
    contact_email: n.contactEmail,
  };
}
