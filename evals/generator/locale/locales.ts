import type { Lang, LanguagePack } from './pack.js';
import { de } from './packs/de.js';
import { en } from './packs/en.js';
import { es } from './packs/es.js';
import { fr } from './packs/fr.js';
import { it } from './packs/it.js';
import { nl } from './packs/nl.js';
import { pl } from './packs/pl.js';
import { pt } from './packs/pt.js';
import { sv } from './packs/sv.js';

/**
 * A locale is a language in a country: its currency and how it writes money, numbers, numeric dates, phone numbers,
 * postcodes and addresses, its time zone and the words that name it. A site has one locale.
 */
export const PACKS: Readonly<Record<Lang, LanguagePack>> = { en, de, fr, it, es, nl, pl, pt, sv };

export type CurrencyCode = 'EUR' | 'GBP' | 'USD' | 'CHF' | 'PLN' | 'BRL' | 'SEK';

/** `{n}` is the formatted number; `decimals`: always two, none for whole amounts, or a dash for whole amounts ("45.–"). */
export interface MoneyStyle {
  pattern: string;
  decimals: 'always' | 'auto' | 'dash';
}

export interface NumericDateStyle {
  order: 'dmy' | 'mdy' | 'ymd';
  sep: '.' | '/' | '-';
  pad: boolean;
}

/** A phrase that names the zone a time is in; `{abbr}` is replaced by the standard or summer abbreviation. */
export interface ZonePhrase {
  text: string;
  zone: string;
  abbr?: { standard: string; summer: string };
}

export type AddressLayout = 'postcode-city' | 'city-postcode-lines' | 'city-region-postcode' | 'city-region-dash';

export interface Locale {
  tag: string;
  lang: Lang;
  region: string;
  currency: CurrencyCode;
  decimal: ',' | '.';
  /** Thousands separators this locale uses (a site picks one). */
  groups: readonly string[];
  /** Four-digit amounts are written without a separator ("1234,50" in Spanish and Polish). */
  groupFromFiveDigits?: boolean;
  moneyStyles: readonly MoneyStyle[];
  numericDates: readonly NumericDateStyle[];
  zone: string;
  zonePhrases: readonly ZonePhrase[];
  country: string;
  phone: readonly string[];
  /** Postcode pattern: 9 a digit, A a capital letter. */
  postcode: readonly string[];
  address: AddressLayout;
  regions?: readonly string[];
  /** The standard PDF fonts (WinAnsi) can write this locale's text. */
  pdfSafe: boolean;
}

const eur = (before: boolean): MoneyStyle[] =>
  before
    ? [{ pattern: '€ {n}', decimals: 'always' }, { pattern: '€{n}', decimals: 'auto' }, { pattern: 'EUR {n}', decimals: 'always' }, { pattern: '{n} €', decimals: 'always' }]
    : [{ pattern: '{n} €', decimals: 'always' }, { pattern: '{n} €', decimals: 'auto' }, { pattern: '{n} EUR', decimals: 'always' }, { pattern: '€ {n}', decimals: 'always' }, { pattern: '{n}€', decimals: 'auto' }];

const DMY_SLASH: NumericDateStyle[] = [{ order: 'dmy', sep: '/', pad: true }];

export const LOCALES: readonly Locale[] = [
  {
    tag: 'en-GB', lang: 'en', region: 'GB', currency: 'GBP', decimal: '.', groups: [','],
    moneyStyles: [{ pattern: '£{n}', decimals: 'auto' }, { pattern: '£{n}', decimals: 'always' }, { pattern: 'GBP {n}', decimals: 'always' }],
    numericDates: [...DMY_SLASH, { order: 'dmy', sep: '.', pad: true }],
    zone: 'Europe/London', zonePhrases: [{ text: '(UK time)', zone: 'Europe/London' }, { text: '{abbr}', zone: 'Europe/London', abbr: { standard: 'GMT', summer: 'BST' } }],
    country: 'United Kingdom', phone: ['+44 20 7946 0{3}', '020 7946 0{3}', '+44 (0)161 496 0{3}'], postcode: ['AA9 9AA', 'AA99 9AA'], address: 'city-postcode-lines', pdfSafe: true,
  },
  {
    tag: 'en-US', lang: 'en', region: 'US', currency: 'USD', decimal: '.', groups: [','],
    moneyStyles: [{ pattern: '${n}', decimals: 'always' }, { pattern: '${n}', decimals: 'auto' }, { pattern: 'USD {n}', decimals: 'always' }, { pattern: '{n} USD', decimals: 'always' }],
    numericDates: [{ order: 'mdy', sep: '/', pad: true }, { order: 'mdy', sep: '/', pad: false }],
    zone: 'America/Los_Angeles',
    zonePhrases: [
      { text: '(Pacific Time)', zone: 'America/Los_Angeles' },
      { text: '{abbr}', zone: 'America/Los_Angeles', abbr: { standard: 'PST', summer: 'PDT' } },
      { text: 'Pacific Time', zone: 'America/Los_Angeles' },
      { text: '(Eastern Time)', zone: 'America/New_York' },
      { text: 'ET', zone: 'America/New_York' },
      { text: 'Central Time', zone: 'America/Chicago' },
    ],
    country: 'United States', phone: ['(503) 555-01{2}', '503-555-01{2}', '+1 971 555 01{2}'], postcode: ['99999'], address: 'city-region-postcode', regions: ['OR', 'WA', 'CA', 'OH', 'TX', 'NY', 'IL'], pdfSafe: true,
  },
  {
    tag: 'de-DE', lang: 'de', region: 'DE', currency: 'EUR', decimal: ',', groups: ['.', ' '],
    moneyStyles: [...eur(false), { pattern: '{n} €', decimals: 'dash' }],
    numericDates: [{ order: 'dmy', sep: '.', pad: true }, { order: 'dmy', sep: '.', pad: false }],
    zone: 'Europe/Berlin', zonePhrases: [{ text: '{abbr}', zone: 'Europe/Berlin', abbr: { standard: 'MEZ', summer: 'MESZ' } }, { text: '(Berliner Zeit)', zone: 'Europe/Berlin' }],
    country: 'Deutschland', phone: ['+49 {3} {7}', '0{3} {6}', '+49 ({3}) {3} {4}'], postcode: ['99999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'de-AT', lang: 'de', region: 'AT', currency: 'EUR', decimal: ',', groups: ['.', ' '],
    moneyStyles: eur(true),
    numericDates: [{ order: 'dmy', sep: '.', pad: true }],
    zone: 'Europe/Vienna', zonePhrases: [{ text: '{abbr}', zone: 'Europe/Vienna', abbr: { standard: 'MEZ', summer: 'MESZ' } }],
    country: 'Österreich', phone: ['+43 1 {7}', '01 {3} {4}'], postcode: ['9999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'de-CH', lang: 'de', region: 'CH', currency: 'CHF', decimal: '.', groups: ["'", '’'],
    moneyStyles: [{ pattern: 'CHF {n}', decimals: 'dash' }, { pattern: 'CHF {n}', decimals: 'always' }, { pattern: 'Fr. {n}', decimals: 'always' }, { pattern: '{n} CHF', decimals: 'always' }],
    numericDates: [{ order: 'dmy', sep: '.', pad: true }],
    zone: 'Europe/Zurich', zonePhrases: [{ text: '{abbr}', zone: 'Europe/Zurich', abbr: { standard: 'MEZ', summer: 'MESZ' } }, { text: '(Schweizer Zeit)', zone: 'Europe/Zurich' }],
    country: 'Schweiz', phone: ['+41 44 {3} {2} {2}', '044 {3} {2} {2}'], postcode: ['9999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'fr-FR', lang: 'fr', region: 'FR', currency: 'EUR', decimal: ',', groups: ['\u00a0', ' ', '\u202f'],
    moneyStyles: eur(false),
    numericDates: DMY_SLASH,
    zone: 'Europe/Paris', zonePhrases: [{ text: '(heure de Paris)', zone: 'Europe/Paris' }, { text: 'heure de Paris', zone: 'Europe/Paris' }],
    country: 'France', phone: ['+33 1 {2} {2} {2} {2}', '01 {2} {2} {2} {2}', '04 {2} {2} {2} {2}'], postcode: ['99999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'fr-CH', lang: 'fr', region: 'CH', currency: 'CHF', decimal: ',', groups: ['\u00a0', ' '],
    moneyStyles: [{ pattern: 'CHF {n}', decimals: 'always' }, { pattern: '{n} CHF', decimals: 'always' }, { pattern: 'CHF {n}', decimals: 'dash' }],
    numericDates: [{ order: 'dmy', sep: '.', pad: true }, ...DMY_SLASH],
    zone: 'Europe/Zurich', zonePhrases: [{ text: '(heure suisse)', zone: 'Europe/Zurich' }],
    country: 'Suisse', phone: ['+41 22 {3} {2} {2}', '022 {3} {2} {2}'], postcode: ['9999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'it-IT', lang: 'it', region: 'IT', currency: 'EUR', decimal: ',', groups: ['.'],
    moneyStyles: eur(true),
    numericDates: DMY_SLASH,
    zone: 'Europe/Rome', zonePhrases: [{ text: '(ora italiana)', zone: 'Europe/Rome' }, { text: 'ora italiana', zone: 'Europe/Rome' }],
    country: 'Italia', phone: ['+39 06 {4} {4}', '06 {4}{4}', '+39 02 {3} {4}'], postcode: ['99999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'es-ES', lang: 'es', region: 'ES', currency: 'EUR', decimal: ',', groups: ['.'], groupFromFiveDigits: true,
    moneyStyles: eur(false),
    numericDates: [...DMY_SLASH, { order: 'dmy', sep: '/', pad: false }, { order: 'dmy', sep: '-', pad: true }],
    zone: 'Europe/Madrid', zonePhrases: [{ text: '(hora peninsular)', zone: 'Europe/Madrid' }, { text: 'hora de Madrid', zone: 'Europe/Madrid' }],
    country: 'España', phone: ['+34 91{1} {3} {3}', '91{1} {3} {3}', '+34 93 {3} {2} {2}'], postcode: ['99999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'nl-NL', lang: 'nl', region: 'NL', currency: 'EUR', decimal: ',', groups: ['.'],
    moneyStyles: [{ pattern: '€ {n}', decimals: 'always' }, { pattern: '€ {n}', decimals: 'dash' }, { pattern: '€{n}', decimals: 'always' }, { pattern: 'EUR {n}', decimals: 'always' }],
    numericDates: [{ order: 'dmy', sep: '-', pad: true }, { order: 'dmy', sep: '-', pad: false }],
    zone: 'Europe/Amsterdam', zonePhrases: [{ text: '(Nederlandse tijd)', zone: 'Europe/Amsterdam' }, { text: '{abbr}', zone: 'Europe/Amsterdam', abbr: { standard: 'CET', summer: 'CEST' } }],
    country: 'Nederland', phone: ['+31 20 {3} {4}', '020 {3} {4}', '+31 (0)30 {3} {2} {2}'], postcode: ['9999 AA'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'nl-BE', lang: 'nl', region: 'BE', currency: 'EUR', decimal: ',', groups: ['.', ' '],
    moneyStyles: eur(true),
    numericDates: [{ order: 'dmy', sep: '/', pad: true }],
    zone: 'Europe/Brussels', zonePhrases: [{ text: '(Belgische tijd)', zone: 'Europe/Brussels' }],
    country: 'België', phone: ['+32 2 {3} {2} {2}', '02 {3} {2} {2}'], postcode: ['9999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'pl-PL', lang: 'pl', region: 'PL', currency: 'PLN', decimal: ',', groups: ['\u00a0', ' '], groupFromFiveDigits: true,
    moneyStyles: [{ pattern: '{n} zł', decimals: 'always' }, { pattern: '{n} zł', decimals: 'auto' }, { pattern: '{n} PLN', decimals: 'always' }, { pattern: 'PLN {n}', decimals: 'always' }],
    numericDates: [{ order: 'dmy', sep: '.', pad: true }, { order: 'ymd', sep: '-', pad: true }],
    zone: 'Europe/Warsaw', zonePhrases: [{ text: '(czasu polskiego)', zone: 'Europe/Warsaw' }, { text: '{abbr}', zone: 'Europe/Warsaw', abbr: { standard: 'CET', summer: 'CEST' } }],
    country: 'Polska', phone: ['+48 22 {3} {2} {2}', '22 {3} {2} {2}', '+48 {3} {3} {3}'], postcode: ['99-999'], address: 'postcode-city', pdfSafe: false,
  },
  {
    tag: 'pt-PT', lang: 'pt', region: 'PT', currency: 'EUR', decimal: ',', groups: ['\u00a0', ' ', '.'],
    moneyStyles: eur(false),
    numericDates: DMY_SLASH,
    zone: 'Europe/Lisbon', zonePhrases: [{ text: '(hora de Lisboa)', zone: 'Europe/Lisbon' }, { text: 'hora legal portuguesa', zone: 'Europe/Lisbon' }],
    country: 'Portugal', phone: ['+351 21 {3} {4}', '21 {3} {4}', '+351 22 {3} {4}'], postcode: ['9999-999'], address: 'postcode-city', pdfSafe: true,
  },
  {
    tag: 'pt-BR', lang: 'pt', region: 'BR', currency: 'BRL', decimal: ',', groups: ['.'],
    moneyStyles: [{ pattern: 'R$ {n}', decimals: 'always' }, { pattern: 'R${n}', decimals: 'always' }, { pattern: 'BRL {n}', decimals: 'always' }],
    numericDates: DMY_SLASH,
    zone: 'America/Sao_Paulo', zonePhrases: [{ text: '(horário de Brasília)', zone: 'America/Sao_Paulo' }, { text: 'horário de Brasília', zone: 'America/Sao_Paulo' }],
    country: 'Brasil', phone: ['+55 11 9{4}-{4}', '(11) 9{4}-{4}', '+55 21 {4}-{4}'], postcode: ['99999-999'], address: 'city-region-dash', regions: ['SP', 'RJ', 'MG', 'RS', 'PR'], pdfSafe: true,
  },
  {
    tag: 'sv-SE', lang: 'sv', region: 'SE', currency: 'SEK', decimal: ',', groups: ['\u00a0', ' '],
    moneyStyles: [{ pattern: '{n} kr', decimals: 'auto' }, { pattern: '{n} kr', decimals: 'always' }, { pattern: '{n} SEK', decimals: 'always' }, { pattern: 'SEK {n}', decimals: 'always' }],
    numericDates: [{ order: 'ymd', sep: '-', pad: true }],
    zone: 'Europe/Stockholm', zonePhrases: [{ text: '(svensk tid)', zone: 'Europe/Stockholm' }, { text: '{abbr}', zone: 'Europe/Stockholm', abbr: { standard: 'CET', summer: 'CEST' } }],
    country: 'Sverige', phone: ['+46 8 {3} {2} {2}', '08-{3} {2} {2}', '+46 31 {3} {2} {2}'], postcode: ['999 99'], address: 'postcode-city', pdfSafe: true,
  },
];

export function localeOf(tag: string): Locale {
  const locale = LOCALES.find((l) => l.tag === tag);
  if (!locale) throw new Error(`unknown locale ${tag} (known: ${LOCALES.map((l) => l.tag).join(', ')})`);
  return locale;
}

export function packOf(locale: Pick<Locale, 'lang'>): LanguagePack {
  return PACKS[locale.lang];
}
