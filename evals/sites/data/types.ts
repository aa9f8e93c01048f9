/**
 * The invented content of the demo sites. Pages are rendered from these records and the golden fixtures are
 * derived from the same records, so what a page shows and what a person expects to extract cannot drift apart.
 */

export interface CastMember {
  role: string;
  singer: string;
}

export interface Performance {
  /** ISO date, YYYY-MM-DD. */
  date: string;
  /** 24-hour local time, HH:MM. */
  time: string;
}

export interface Production {
  slug: string;
  title: string;
  composer: string;
  conductor: string;
  director: string;
  /** Stage, set and costume designers and the like, shown on the page but not part of the reviewed schema. */
  team: Array<{ role: string; name: string }>;
  cast: CastMember[];
  performances: Performance[];
  venue: string;
  priceMin: number;
  priceMax: number;
  currency: 'EUR' | 'GBP';
  durationMinutes: number;
  /** Sung language as the house writes it. */
  language: string;
  teaser: string;
  description: string[];
}

export interface NewsArticle {
  slug: string;
  headline: string;
  /** ISO date. */
  date: string;
  author: string;
  paragraphs: string[];
}

export interface Address {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface Organisation {
  name: string;
  address: Address;
  phone: string;
  email: string;
  /** Opening hours of the box office or help desk, as the site writes them. */
  hours: string;
  founded: number;
  director: string;
  about: string[];
}

export interface OperaHouse {
  id: string;
  kind: 'opera';
  /** The BCP 47 language of every page. */
  lang: string;
  org: Organisation;
  season: string;
  productions: Production[];
  news: NewsArticle[];
  /** How the house marks up its production pages. */
  markup: 'json-ld' | 'microdata' | 'none';
}

export interface Lot {
  number: number;
  title: string;
  estimatedValue: number;
}

export interface Notice {
  slug: string;
  reference: string;
  title: string;
  buyer: string;
  cpvCode: string;
  cpvLabel: string;
  procedure: string;
  /** ISO date the notice was published. */
  published: string;
  /** ISO datetime (local, no zone) when tenders are due. */
  deadline: string;
  estimatedValue: number;
  currency: 'EUR' | 'GBP';
  lots: Lot[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  summary: string;
  /** Tender document file name under /documents/. */
  documentFile: string;
  /** Delivery or performance place (NUTS-like region name). */
  place: string;
  durationMonths: number;
}

export interface ProcurementPortal {
  id: string;
  kind: 'procurement';
  lang: string;
  org: Organisation;
  notices: Notice[];
  news: NewsArticle[];
}

export type DemoSiteData = OperaHouse | ProcurementPortal;
