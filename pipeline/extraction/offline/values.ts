import { isTag, type AnyNode, type Element } from 'domhandler';
import { cssPath } from '../../parsing/css-path.js';
import { labelledField, type FieldContext } from '../field.js';
import { dictionaryName } from '../labels.js';
import type { ExtractedField, FieldType } from '../model.js';
import { findDates } from '../normalize/dates.js';
import { isAvailabilityStatement } from '../normalize/availability.js';
import { inferValue } from '../normalize/infer.js';
import type { Budget } from './budget.js';
import { markupWords, within, type Run } from './runs.js';
import { personLike } from './sections.js';
import { BLOCK_ELEMENTS } from '../../parsing/dom.js';

/**
 * Values a person reads without a label, from the runs of the main content that no label claimed:
 * - a dateline: a short line with a date before the running text (`published`, with the `author` of a byline), when
 *   something says the date is the page's own: a byline, a publication word before it ("Publicerad", "Publié le"),
 *   `datePublished`, or markup that names a dateline (`<header>` of an article, a class `meta`, `byline`, `date`…).
 *   a bare date above the text is as often the date of what the page announces (a performance, a match) as its own,
 *   and is read as a typed value;
 * - a run whose whole text is a typed value (`14.–28. März 2027`, `€ 12 – 180`, `2 h 45 min`), named after its class
 *   when the label dictionary knows the class, else after its type (`dates`, `price`, `duration`);
 * - a short run whose class is a label the dictionary knows (`<p class="compositeur">Georges Bizet</p>`);
 * - a stock statement ("In stock", "Nur noch 3 auf Lager"): `availability`.
 */
const TYPED: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'date_range', 'money', 'duration', 'email', 'phone']);
const NAME_BY_TYPE: Partial<Record<FieldType, string>> = { date: 'date', datetime: 'date', date_range: 'dates', money: 'price', duration: 'duration', email: 'email', phone: 'phone' };
/** Words that open a byline after a date, in the languages the label dictionary covers. */
const BYLINE = /^(?:[·•|–—,-]\s*)?(?:(by|par|von|di|da|por|de|door|van|av|af)\s+)?([\p{Lu}][\p{L}.'’ -]{1,60})$/u;
const DATELINE_WORDS = 12;
/** Class and id words of an element, or of its near ancestors, that mark a dateline or byline. */
const DATELINE_MARKUP = new Set(['meta', 'byline', 'dateline', 'published', 'publish', 'publication', 'pubdate', 'posted', 'timestamp', 'author', 'entry', 'post']);
/**
 * Words that only say "a date" (`date`, `data`, `datum`): a dateline's for a date alone, but an event's when the date
 * has a time of day (`<p class="event-date">lör 14 mars 2027 kl. 19.00</p>`).
 */
const DATE_MARKUP = new Set(['date', 'data', 'datum']);
const PUBLISHED_PROPERTIES = new Set(['datepublished', 'datecreated', 'uploaddate']);
const SENTENCE_WORDS = 6;
const BODY_MIN_CHARS = 40;
const LABEL_VALUE = /^[\p{L}][\p{L}\p{N} .'’/()-]{0,58}?\s*[:：]\s*\S/u;
/** Typed and class-named runs read from one page at most: beyond this the page is a list, read as one elsewhere. */
const MAX_VALUE_FIELDS = 200;

export interface ValueFindings {
  fields: ExtractedField[];
  /** Elements read as a dateline: not part of the running text. */
  dateline: Set<Element>;
}

export function valueFindings(runs: readonly Run[], root: Element | null, ctx: FieldContext, budget: Budget): ValueFindings {
  const fields: ExtractedField[] = [];
  const datelineElements = new Set<Element>();
  if (!root) return { fields, dateline: datelineElements };
  const used = new Map<string, number>();
  const add = (label: string, raw: string, confidence: number, el: Element, name: string): void => {
    if (fields.length >= MAX_VALUE_FIELDS || !budget.take()) return;
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    fields.push(labelledField(ctx, label, raw, confidence, { kind: 'css', path: cssPath(el) }, { name: n === 1 ? name : `${name}_${n}` }));
  };
  let bodyStarted = false;
  let datelineFound = false;
  // Many runs share one element (the lines of a <p> split at <br>): look for its <time> once.
  const times = new Map<Element, Element | null>();
  const timeOf = (el: Element): Element | null => {
    let t = times.get(el);
    if (t === undefined) times.set(el, (t = timeIn(el)));
    return t;
  };
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i] as Run;
    if (run.heading > 0 || !within(run.element, root, 64)) continue;
    const text = run.text;
    if (LABEL_VALUE.test(text)) continue;
    const words = text.split(/\s+/).length;
    if (text.length >= BODY_MIN_CHARS && words >= SENTENCE_WORDS && /[.!?…"”»)]$/.test(text)) {
      bodyStarted = true;
      continue;
    }
    const className = meaningfulClass(run.element);
    const known = className ? dictionaryName(className) : null;
    const time = timeOf(run.element);
    const typed = text.length <= 120 ? inferValue(text, { language: ctx.language, monthFirst: ctx.monthFirst, baseUrl: ctx.baseUrl }) : null;
    // A dateline is a short line before the running text, not a sentence that happens to hold a date.
    if (!bodyStarted && !datelineFound && (time || (typed && (typed.type === 'date' || typed.type === 'datetime')) || (words <= DATELINE_WORDS && !/[.!?]$/.test(text)))) {
      const dateline = datelineOf(text, time);
      const next = runs[i + 1];
      const byline = dateline ? (dateline.author ?? (next && next.element === run.element ? bylineOf(next.text) : null)) : null;
      if (dateline && !(known && typed && TYPED.has(typed.type)) && (byline || dateline.labelled || bylineLine(runs, i) || datelineMarkup(time ?? run.element, root, dateline.timed))) {
        datelineFound = true;
        datelineElements.add(run.element);
        add(className ?? 'published', dateline.date, 0.7, time ?? run.element, known ?? 'published');
        // "2 April 2027 · Mara Lind": the byline may be the next run of the same line.
        if (byline) add('author', byline, 0.55, run.element, 'author');
        if (!dateline.author && byline) i++;
        continue;
      }
    }
    if (typed && TYPED.has(typed.type)) add(className ?? typed.type, text, 0.65, run.element, known ?? NAME_BY_TYPE[typed.type] ?? typed.type);
    else if (isAvailabilityStatement(text)) add(className ?? 'availability', text, 0.6, run.element, 'availability');
    else if (known && text.length <= 80 && words <= 8) add(className as string, text, 0.6, run.element, known);
  }
  return { fields, dateline: datelineElements };
}

/** A `<time datetime>` the run's element is or holds (looked for a few levels deep). */
function timeIn(el: Element): Element | null {
  const stack: Array<{ node: AnyNode; depth: number }> = [{ node: el, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: AnyNode; depth: number };
    if (!isTag(node)) continue;
    if (node.name === 'time' && node.attribs['datetime'] !== undefined) return node;
    if (depth < 3) for (const child of node.children.slice(0, 200)) stack.push({ node: child, depth: depth + 1 });
  }
  return null;
}

/**
 * A date in a short line near the heading, the name after it when it reads as a byline, and whether the words before
 * it say it is a publication date ("Published", "Publicerad den").
 */
function datelineOf(text: string, time: Element | null): { date: string; author: string | null; labelled: boolean; timed: boolean } | null {
  const datetime = time?.attribs['datetime']?.trim();
  const mention = findDates(text)[0];
  const date = datetime && /^\d{4}-\d{2}-\d{2}/.test(datetime) ? datetime : mention && mention.date.type !== 'date_range' ? mention.raw : null;
  if (!date) return null;
  const after = mention ? text.slice(mention.start + mention.raw.length) : '';
  const before = mention ? text.slice(0, mention.start).trim().replace(/\s+(?:den|le|il|el|am|on)$/i, '') : '';
  const timed = datetime ? datetime.includes('T') : mention?.date.type === 'datetime';
  return { date, author: bylineOf(after), labelled: before !== '' && dictionaryName(before) === 'published', timed };
}

/** "By", "Auteur", "Texto de": words that open a byline, before the name or alone in a run of their own. */
const AUTHOR_LEAD = /^(?:by|written by|par|von|door|av|af|di|da|por|texto de|text|tekst|auteur|autor|autore|author|skribent|forfatter|författare)(?:\s*:?\s+\p{Lu}|\s*:?$)/iu;
/** "2 min leestijd", "Lettura 2 min", "5 minute read": how long the page takes to read, said beside its date. */
const READING_TIME = /\d.*\b(?:read|reading|leestijd|lesezeit|lesedauer|lettura|lecture|lectura|leitura|läsning|lästid|lesetid|czytania)\b|\b(?:lettura|lecture|lectura|leitura|lesedauer|lästid|leestijd)\b.*\d/iu;

/**
 * The line holding the date is an article's byline: it names the author before the date ("Auteur Lotte van Leeuwen ·
 * 8-1-2027", "Texto de <span itemprop=author>…</span> · …", "Redacción <span>Andrés Quintana</span> · …") or says how
 * long the text takes to read. Looks at a few runs of the same block on either side.
 */
function bylineLine(runs: readonly Run[], i: number): boolean {
  const block = blockOf((runs[i] as Run).element);
  const inLine = (k: number): Run | null => {
    const run = runs[k];
    return run && blockOf(run.element) === block ? run : null;
  };
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const run = inLine(k);
    if (!run) break;
    if (AUTHOR_LEAD.test(run.text) || run.element.attribs['itemprop'] === 'author' || markupWords(run.element).some((w) => w === 'author' || w === 'byline')) return true;
    // "Redacción Andrés Quintana": one word, then a person, in one line before the date.
    const lead = inLine(k - 1);
    if (k === i - 1 && personLike(run.text) && lead && !lead.text.includes(' ') && run.element !== lead.element) return true;
  }
  for (let k = i + 1; k <= i + 3; k++) {
    const run = inLine(k);
    if (!run) break;
    if (READING_TIME.test(run.text)) return true;
  }
  return false;
}

function blockOf(el: Element): Element {
  let node: Element = el;
  while (!BLOCK_ELEMENTS.has(node.name) && node.parent && isTag(node.parent)) node = node.parent;
  return node;
}

/** The element, or one of its ancestors below the content root, is marked up as a dateline or an article's header. */
function datelineMarkup(el: Element, root: Element, timed: boolean): boolean {
  for (let node: AnyNode | null = el, up = 0; node && isTag(node) && up < 4; node = node.parent, up++) {
    if (PUBLISHED_PROPERTIES.has((node.attribs['itemprop'] ?? '').toLowerCase()) || node.attribs['pubdate'] !== undefined) return true;
    if (node.name === 'header' && node !== root) return true;
    if (markupWords(node).some((w) => DATELINE_MARKUP.has(w) || (!timed && DATE_MARKUP.has(w)))) return true;
    if (node === root) break;
  }
  return false;
}

/** The author a byline names: after a "by" word, or a person's name on its own ("Jetzt buchen" after a date is a link). */
function bylineOf(text: string): string | null {
  const byline = BYLINE.exec(text.trim());
  const name = byline ? (byline[2] as string).trim() : '';
  if (!byline || name.split(/\s+/).length > 6) return null;
  return byline[1] !== undefined || personLike(name) ? name : null;
}

const GENERIC_CLASS = /^(?:col|row|item|text|content|inner|wrapper|wrap|container|box|block|cell|left|right|clearfix|lead|small|large|meta|info)$|\d|^(?:js|is|has|u|mb|mt|p|m)-/;

/** The first class that could be a label (`compositeur`, `dates`), BEM element names taken from after `__`. */
export function meaningfulClass(el: Element): string | null {
  for (const cls of (el.attribs['class'] ?? '').split(/\s+/)) {
    const name = cls.replace(/^.*__/, '').replace(/--.*$/, '');
    if (name.length > 1 && /^[a-z][a-z_-]*$/i.test(name) && !GENERIC_CLASS.test(name)) return name.replace(/[-_]+/g, ' ');
  }
  return null;
}
