import type { Rng } from '../random.js';
import { fill, fillDigits } from './format.js';
import { LOCALES, PACKS, type Locale } from './locales.js';
import type { LanguagePack, OrgKind } from './pack.js';

/** Invented names: people, places, organisations, brands, host names, and the addresses and phone numbers of a locale. */

export function personName(rng: Rng, pack: LanguagePack): string {
  return `${rng.pick(pack.people.first)} ${rng.pick(pack.people.last)}`;
}

/** A performer from anywhere: opera casts are international. */
export function internationalPerson(rng: Rng): string {
  return personName(rng, PACKS[rng.pick(LOCALES).lang]);
}

export function placeName(rng: Rng, pack: LanguagePack): string {
  return `${rng.pick(pack.placeParts.heads)}${rng.pick(pack.placeParts.tails)}`;
}

const BRAND_HEADS = ['Kes', 'Vor', 'Lum', 'Nor', 'Zef', 'Tal', 'Bri', 'Quo', 'Ar', 'Sel', 'Mir', 'Oda', 'Fen', 'Rho', 'Ulm'];
const BRAND_TAILS = ['trel', 'dan', 'io', 'vik', 'ra', 'tek', 'ona', 'ex', 'aro', 'is', 'mond', 'ber', 'lux', 'ix'];

/** An invented brand or company word ("Kestrel", "Lumio"). */
export function brandWord(rng: Rng): string {
  return `${rng.pick(BRAND_HEADS)}${rng.pick(BRAND_TAILS)}`;
}

export function modelName(rng: Rng): string {
  const letters = rng.token(rng.int(1, 2), 'ABCDEFGHKLMNPRSTVXZ');
  return rng.pick([`${letters}-${rng.int(10, 99)}`, `${letters}${rng.int(100, 990)}`, `${letters} ${rng.int(2, 9)} Pro`, `${letters}${rng.int(1, 9)} Mini`]);
}

export function orgName(rng: Rng, pack: LanguagePack, kind: OrgKind, place: string): string {
  return fill(rng.pick(pack.orgPatterns[kind]), { place, word: brandWord(rng) });
}

/** ASCII slug of a name: German umlauts spelled out, other accents dropped, words joined by hyphens. */
export function slugify(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/œ/g, 'oe')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const HOST_STOPWORDS = new Set(['the', 'and', 'des', 'der', 'die', 'das', 'den', 'von', 'del', 'della', 'dell', 'les', 'van', 'het', 'dos', 'das', 'une', 'ltd', 'llc', 'inc', 'gmbh', 'srl', 'spa', 'sas', 'sarl']);

/**
 * A host name for a site: plausible (from its name) and never a real site, because it ends in a TLD reserved for
 * documentation and testing (RFC 2606: `.example`, `.test`).
 */
export function hostName(rng: Rng, siteName: string, taken: ReadonlySet<string>): string {
  const words = slugify(siteName).split('-').filter((w) => w.length > 2 && !HOST_STOPWORDS.has(w));
  const base = (rng.chance(0.5) ? words.join('-') : words.slice(0, 2).join('')) || 'site';
  for (let attempt = 0; ; attempt++) {
    const suffix = attempt === 0 ? '' : `-${attempt + 1}`;
    const host = rng.pick([`www.${base}${suffix}.example`, `${base}${suffix}.test`, `${base}${suffix}.example`, `www.${base}${suffix}.test`]);
    if (!taken.has(host)) return host;
  }
}

export interface Address {
  street: string;
  postalCode: string;
  city: string;
  region?: string;
  country: string;
}

export function postcode(rng: Rng, locale: Locale): string {
  return rng
    .pick(locale.postcode)
    .replace(/9/g, () => String(rng.int(0, 9)))
    .replace(/A/g, () => rng.pick([...'ABDEHKLMNPRSTW']));
}

export function phoneNumber(rng: Rng, locale: Locale): string {
  return fillDigits(rng.pick(locale.phone), () => rng.int(0, 9));
}

export function address(rng: Rng, locale: Locale, pack: LanguagePack, city: string): Address {
  const street = fill(rng.pick(pack.streets), { name: rng.pick(pack.streetNames), n: rng.int(1, 180) });
  return { street, postalCode: postcode(rng, locale), city, region: locale.regions ? rng.pick(locale.regions) : undefined, country: locale.country };
}

/** The lines an address is written on, as the locale writes them; each golden part appears verbatim in one line. */
export function addressLines(a: Address, locale: Locale): string[] {
  switch (locale.address) {
    case 'city-postcode-lines':
      return [a.street, a.city, a.postalCode];
    case 'city-region-postcode':
      return [a.street, `${a.city}, ${a.region ?? ''} ${a.postalCode}`];
    case 'city-region-dash':
      return [a.street, `${a.city} - ${a.region ?? ''}`, a.postalCode];
    case 'postcode-city':
      return [a.street, `${a.postalCode} ${a.city}`];
  }
}
