import { fill } from '../locale/format.js';
import { personName, slugify } from '../locale/names.js';
import type { LanguagePack } from '../locale/pack.js';
import type { Rng } from '../random.js';

/** A news or blog article: headline, byline, date, and a body of paragraphs, subheads, a list and a quote. */
export type BodyBlock =
  | { kind: 'p'; text: string }
  | { kind: 'h2'; text: string }
  | { kind: 'ul'; intro: string; items: string[] }
  | { kind: 'quote'; text: string; attribution: string };

export interface Article {
  slug: string;
  headline: string;
  /** `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when the site prints a time. */
  published: string;
  author: string | null;
  blocks: BodyBlock[];
  /** A sentence of the body, shown again large beside it (not part of the body a reader extracts). */
  pullQuote: string;
  caption: string;
  comments: Array<{ name: string; text: string }>;
}

export interface ProseSlots {
  org: string;
  place: string;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ArticlesSpec {
  pack: LanguagePack;
  slots: ProseSlots;
  /** `YYYY-MM-DD` of the first article. */
  firstDate: string;
  count: number;
  /** The site prints a time with the date. */
  withTime: boolean;
}

export function createArticles(rng: Rng, spec: ArticlesSpec): Article[] {
  const { pack, slots, firstDate, count, withTime } = spec;
  const start = Date.parse(`${firstDate}T00:00:00Z`);
  const headlines = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const r = rng.fork(`article-${i}`);
    const person = personName(r, pack);
    const topic = r.pick(pack.prose.topics);
    const values = (): Record<string, string | number> => ({
      ...slots,
      person: r.chance(0.5) ? person : personName(r, pack),
      topic,
      n: r.int(3, 40),
      count: r.int(40, 900),
      pct: `${r.int(3, 38)} %`,
      weekday: pack.weekdays[r.int(1, 5)] ?? '',
      month: pack.months[r.int(0, 11)] ?? '',
    });
    const sentence = () => capitalize(fill(r.pick(pack.prose.sentences), values()));
    const blocks: BodyBlock[] = [];
    const paragraphs = r.int(5, 11);
    for (let k = 0; k < paragraphs; k++) {
      if (k === 3 && r.chance(0.7)) blocks.push({ kind: 'h2', text: r.pick(pack.prose.subheads) });
      if (k === 2 && r.chance(0.6)) blocks.push({ kind: 'ul', intro: r.pick(pack.prose.listIntros), items: r.sample(pack.prose.listItems, r.int(3, 4)).map((item) => fill(item, values())) });
      if (k === 5 && r.chance(0.6)) blocks.push({ kind: 'quote', text: fill(r.pick(pack.prose.quotes), values()), attribution: fill(r.pick(pack.prose.saidBy), { person }) });
      // Some paragraphs are one short sentence; most are two to four.
      const size = r.chance(0.2) ? 1 : r.int(2, 4);
      blocks.push({ kind: 'p', text: Array.from({ length: size }, sentence).join(' ') });
    }
    const paragraphTexts = blocks.filter((b): b is Extract<BodyBlock, { kind: 'p' }> => b.kind === 'p').map((b) => b.text);
    const day = new Date(start + i * r.int(1, 6) * 86_400_000).toISOString().slice(0, 10);
    // Two articles of one site never share a headline (nor, so, a path).
    let headline = capitalize(fill(r.pick(pack.prose.headlines), values()));
    for (let attempt = 0; headlines.has(headline) && attempt < 20; attempt++) headline = capitalize(fill(r.pick(pack.prose.headlines), { ...values(), topic: r.pick(pack.prose.topics) }));
    if (headlines.has(headline)) headline = `${headline} (${i + 1})`;
    headlines.add(headline);
    return {
      slug: slugify(headline).slice(0, 60).replace(/-+$/, ''),
      headline,
      published: withTime ? `${day}T${String(r.int(6, 21)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45', '05', '20'])}` : day,
      author: r.chance(0.85) ? person : null,
      blocks,
      pullQuote: (r.pick(paragraphTexts).split(/(?<=[.!?])\s/)[0] ?? '').trim(),
      caption: capitalize(fill(r.pick(pack.prose.captions), values())),
      comments: Array.from({ length: r.int(0, 4) }, () => ({ name: personName(r, pack), text: r.pick(pack.prose.comments) })),
    };
  });
}

/** The body a reader extracts: paragraphs, subheads, list items and the quote with its speaker, in order. */
export function articleBody(article: Article): string {
  return article.blocks
    .map((b) => {
      switch (b.kind) {
        case 'p':
        case 'h2':
          return b.text;
        case 'ul':
          return [b.intro, ...b.items].join('\n');
        case 'quote':
          return `${b.text} ${b.attribution}`;
      }
    })
    .join('\n\n');
}
