import { address, personName, phoneNumber, placeName, orgName, slugify, type Address } from '../locale/names.js';
import type { Locale } from '../locale/locales.js';
import type { LanguagePack, OrgKind } from '../locale/pack.js';
import type { Rng } from '../random.js';

/** The organisation behind a site: what its about and contact pages say, and what its footer repeats. */
export interface Organisation {
  name: string;
  kind: OrgKind;
  /** The town the organisation is in (and that its other names are built from). */
  place: string;
  founded: number;
  head: string;
  address: Address;
  phone: string;
  /** Local part and domain are filled in once the host is known. */
  emailLocal: string;
  openingHours: string;
}

export function createOrganisation(rng: Rng, locale: Locale, pack: LanguagePack, kind: OrgKind): Organisation {
  const place = placeName(rng, pack);
  return {
    name: orgName(rng, pack, kind, place),
    kind,
    place,
    founded: rng.int(1788, 2016),
    head: personName(rng, pack),
    address: address(rng, locale, pack, place),
    phone: phoneNumber(rng, locale),
    emailLocal: rng.pick(['info', 'contact', 'kontakt', 'service', 'hello', 'office', slugify(pack.ui.contact[0] ?? 'contact')]),
    openingHours: rng.pick(pack.openingHours),
  };
}

/** How a currency's amounts compare with euro amounts, so prices look right in every currency. */
export const CURRENCY_SCALE: Readonly<Record<string, number>> = { EUR: 1, GBP: 0.9, USD: 1.1, CHF: 1, PLN: 4.3, BRL: 5.5, SEK: 11 };
