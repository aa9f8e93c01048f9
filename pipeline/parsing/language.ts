/**
 * A small stopword vote for the languages Quarry's sources are written in. Used only when the markup does not say.
 * Words that are frequent in two languages (`in`, `a`, `die` in English) are kept out so a vote means something.
 */
const STOPWORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'that', 'for', 'with', 'on', 'are', 'this', 'by', 'from', 'be', 'was', 'which', 'or', 'an', 'at', 'it', 'have', 'not', 'we', 'you', 'will', 'his', 'her', 'their', 'has'],
  de: ['der', 'und', 'die', 'das', 'nicht', 'mit', 'den', 'ist', 'von', 'zu', 'auf', 'für', 'sich', 'dem', 'des', 'ein', 'eine', 'auch', 'wird', 'bei', 'oder', 'im', 'nach', 'sind', 'wir', 'sie', 'über', 'werden', 'zum', 'zur'],
  it: ['il', 'di', 'che', 'e', 'la', 'per', 'del', 'della', 'gli', 'sono', 'una', 'con', 'non', 'nel', 'alla', 'dei', 'delle', 'da', 'si', 'anche', 'come', 'più', 'questo', 'ha', 'lo', 'dal', 'nella', 'degli', 'ed', 'sul'],
  fr: ['le', 'les', 'et', 'des', 'du', 'est', 'pour', 'que', 'dans', 'qui', 'au', 'aux', 'une', 'sur', 'pas', 'avec', 'ce', 'sont', 'par', 'vous', 'nous', 'cette', 'être', 'mais', 'ou', 'leur', 'été', 'à', 'il', 'elle'],
  es: ['el', 'los', 'las', 'y', 'del', 'que', 'en', 'por', 'con', 'para', 'una', 'es', 'se', 'su', 'al', 'lo', 'como', 'más', 'pero', 'sus', 'le', 'ya', 'o', 'fue', 'este', 'ha', 'sí', 'porque', 'esta', 'entre'],
};

const LOOKUP: Map<string, string[]> = buildLookup();

function buildLookup(): Map<string, string[]> {
  const lookup = new Map<string, string[]>();
  for (const [language, words] of Object.entries(STOPWORDS)) {
    for (const word of words) lookup.set(word, [...(lookup.get(word) ?? []), language]);
  }
  return lookup;
}

/** Enough words to decide; more only costs time. */
const MAX_WORDS = 3000;
/** Below this many stopword hits the text is too short (or not prose) to tell. */
const MIN_HITS = 3;

/** `en`, `de`, `it`, `fr`, `es`, or null when the text is too short or too mixed to tell. */
export function detectLanguage(text: string): string | null {
  const scores = new Map<string, number>();
  let words = 0;
  for (const match of text.slice(0, MAX_WORDS * 12).toLowerCase().matchAll(/\p{L}+/gu)) {
    if (++words > MAX_WORDS) break;
    const languages = LOOKUP.get(match[0]);
    if (!languages) continue;
    // A word shared by several languages counts a fraction for each.
    for (const language of languages) scores.set(language, (scores.get(language) ?? 0) + 1 / languages.length);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_HITS) return null;
  if (second && best[1] < second[1] * 1.5) return null;
  return best[0];
}

/** `de-CH` / `DE_de` → `de`; null for empty or malformed tags. */
export function primaryLanguageTag(tag: string | null | undefined): string | null {
  const primary = (tag ?? '').trim().split(/[-_,;\s]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
