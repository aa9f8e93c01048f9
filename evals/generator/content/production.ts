import { PERFORMANCE_LANGUAGES, type LanguagePack, type PerformanceLanguage } from '../locale/pack.js';
import { internationalPerson, slugify } from '../locale/names.js';
import type { Rng } from '../random.js';
import { CURRENCY_SCALE } from './organisation.js';
import { OPERAS, PLAYS, type Work } from './repertoire.js';

/** A production of a work in a house's season: its team, cast, venue, performances and prices. */
export interface CastEntry {
  role: string;
  performer: string;
}

export interface Production {
  slug: string;
  title: string;
  work: Work;
  /** Composer of an opera, author of a play. */
  creator: string;
  conductor: string | null;
  director: string;
  venue: string;
  /** Local date-times `YYYY-MM-DDTHH:MM`, first one the premiere. */
  performances: string[];
  durationMinutes: number;
  priceMin: number;
  priceMax: number;
  language: PerformanceLanguage;
  surtitles: PerformanceLanguage[];
  cast: CastEntry[];
}

const TIMES = ['19:30', '19:00', '20:00', '18:00', '19:30', '20:00', '16:00', '11:00'];

export interface ProductionsSpec {
  pack: LanguagePack;
  genre: 'opera' | 'play';
  venues: readonly string[];
  /** `YYYY-MM-DD` of the season's first premiere. */
  seasonStart: string;
  currency: string;
  count: number;
}

/** `count` productions of distinct works from the opera or play repertoire, in a season starting at `seasonStart`. */
export function createProductions(rng: Rng, spec: ProductionsSpec): Production[] {
  const { pack, genre, venues, seasonStart, currency, count } = spec;
  const works = rng.sample(genre === 'opera' ? OPERAS : PLAYS, count);
  const localTitles = rng.chance(0.4);
  const start = Date.parse(`${seasonStart}T00:00:00Z`);
  return works.map((work, i) => {
    const r = rng.fork(`production-${i}`);
    const title = (localTitles && work.localTitles?.[pack.lang]) || work.title;
    const first = start + (i * r.int(18, 40) + r.int(0, 10)) * 86_400_000;
    const performances: string[] = [];
    let day = first;
    const n = r.int(3, 7);
    for (let k = 0; k < n; k++) {
      const date = new Date(day).toISOString().slice(0, 10);
      performances.push(`${date}T${k === 0 ? r.pick(['19:00', '19:30', '18:00', '20:00']) : r.pick(TIMES)}`);
      day += r.int(2, 9) * 86_400_000;
    }
    const minutes = work.minutes + r.int(-2, 3) * 5;
    const scale = CURRENCY_SCALE[currency] ?? 1;
    const priceMin = Math.round(r.int(8, 45) * scale);
    const priceMax = Math.round(r.int(70, 240) * scale);
    const local = asPerformanceLanguage(pack.lang);
    const surtitles: PerformanceLanguage[] =
      work.language === local ? (local !== 'en' && r.chance(0.3) ? ['en'] : []) : r.chance(0.85) ? (local !== 'en' && r.chance(0.5) ? [local, 'en'] : [local]) : [];
    return {
      slug: slugify(title),
      title,
      work,
      creator: work.creator,
      conductor: genre === 'opera' ? internationalPerson(r) : null,
      director: internationalPerson(r),
      venue: r.pick(venues),
      performances,
      // Houses print "2 h 45 min"; a whole number of hours would read "3 h 0 min" in some wordings.
      durationMinutes: minutes % 60 === 0 ? minutes + 5 : minutes,
      priceMin,
      priceMax: Math.max(priceMax, priceMin + 10),
      language: work.language,
      surtitles,
      cast: work.roles.slice(0, r.int(3, work.roles.length)).map((role) => ({ role, performer: internationalPerson(r) })),
    };
  });
}

function asPerformanceLanguage(lang: string): PerformanceLanguage {
  return PERFORMANCE_LANGUAGES.find((l) => l === lang) ?? 'en';
}
