import { fold } from './text.js';

/**
 * Stock availability as written by shops in many languages, as the schema.org enumeration a reader means by it:
 * "In stock", "Auf Lager", "Disponibile", "Only 3 left" → InStock; "Currently unavailable", "Ausverkauft", "Épuisé" →
 * OutOfStock; "Pre-order", "Vorbestellen" → PreOrder; "Backorder", "Lieferbar in 2 Wochen" → BackOrder. A
 * schema.org URL (`http://schema.org/InStock`) reads as its last segment.
 */
export type Availability = 'InStock' | 'OutOfStock' | 'PreOrder' | 'BackOrder' | 'LimitedAvailability' | 'Discontinued' | 'SoldOut' | 'OnlineOnly' | 'InStoreOnly';

const ENUMERATION = /^(?:https?:\/\/)?schema\.org\/(InStock|OutOfStock|PreOrder|BackOrder|LimitedAvailability|Discontinued|SoldOut|OnlineOnly|InStoreOnly|PreSale)$/i;

/** Most specific first: "not in stock" must not read as "in stock". */
const PHRASES: ReadonlyArray<[RegExp, Availability]> = [
  [/\b(?:discontinued|no longer available|nicht mehr (?:erhaltlich|lieferbar)|plus disponible|fuori produzione|descatalogado|uit assortiment)\b/, 'Discontinued'],
  [/\b(?:pre-?order|vorbestell\w*|precommande|pre-?ordina\w*|preventa|reserva\w*|pre-?sale)\b/, 'PreOrder'],
  [/\b(?:back-?order\w*|nachbestell\w*|lieferbar (?:in|ab)|disponible (?:en|dans)|disponibile (?:tra|dal)|available (?:in|from) \d|ships in \d)/, 'BackOrder'],
  [
    /\b(?:out of stock|sold out|currently unavailable|unavailable|not available|not in stock|ausverkauft|nicht (?:auf lager|verfugbar|lieferbar|vorratig)|derzeit nicht|vergriffen|epuise|rupture de stock|indisponible|non disponible|esaurito|non disponibile|agotado|sin (?:stock|existencias)|no disponible|uitverkocht|niet (?:op voorraad|leverbaar|beschikbaar)|niedostepn\w*|brak w magazynie|wyprzedan\w*|esgotado|indisponivel|нет в наличии|закончил\w*)\b/,
    'OutOfStock',
  ],
  [/\b(?:only \d+ left|few left|last (?:items|pieces)|nur noch \d+|plus que \d+|solo \d+|ultim[ie] \d+|quedan \d+|nog \d+|ostatni\w*|limited (?:stock|availability))\b/, 'LimitedAvailability'],
  [
    /\b(?:in stock|available|auf lager|sofort (?:lieferbar|verfugbar)|lieferbar|verfugbar|vorratig|en stock|disponible|in magazzino|disponibile|en existencia|op voorraad|leverbaar|beschikbaar|dostepn\w*|w magazynie|em estoque|disponivel|в наличии|есть в наличии)\b/,
    'InStock',
  ],
];

export function parseAvailability(raw: string): Availability | null {
  const text = raw.trim();
  if (text === '' || text.length > 200) return null;
  const enumeration = ENUMERATION.exec(text);
  if (enumeration) {
    const name = enumeration[1] as string;
    return (name.toLowerCase() === 'presale' ? 'PreOrder' : name.charAt(0).toUpperCase() + name.slice(1)) as Availability;
  }
  const folded = fold(text);
  for (const [pattern, value] of PHRASES) if (pattern.test(folded)) return value === 'LimitedAvailability' ? 'InStock' : value;
  return null;
}

/** A short text that is nothing but an availability statement ("In stock", "Nur noch 3 auf Lager"), for unlabelled values. */
export function isAvailabilityStatement(raw: string): boolean {
  const text = raw.trim();
  return text.length <= 60 && text.split(/\s+/).length <= 8 && !/[.!?].+[.!?]/.test(text) && parseAvailability(text) !== null && !/\d{3,}/.test(text);
}
