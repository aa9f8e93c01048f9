import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { ParsedHtml } from '../../parsing/document.js';
import { cssPath } from '../../parsing/css-path.js';
import { labelledField, type FieldContext } from '../field.js';
import { dictionaryName } from '../labels.js';
import type { ExtractedField, ExtractedRecord, FieldType } from '../model.js';
import { findDates } from '../normalize/dates.js';
import { inferValue } from '../normalize/infer.js';
import type { Budget } from './budget.js';
import { textOf } from './structured.js';
import type { RecordGroup } from './tables.js';

/**
 * What the main content of a page says in its own words, read the same way in any language:
 * - the page heading (`headline`), a dateline under it (`published`, with the `author` of a byline), the running text
 *   (`body`): the evidence that a page is an article;
 * - short blocks whose whole text is a typed value (`<p class="dates">Du 6 au 13 novembre 2026</p>`, a price, a
 *   duration), named after their class when the label dictionary knows it, else after their type;
 * - short blocks whose class is a label the dictionary knows (`<p class="compositeur">Georges Bizet</p>`);
 * - links to files (a PDF, a spreadsheet): `document`;
 * - a definition list under a cast heading ("Distribution", "Besetzung"): nested records of role and performer.
 * It also tells the table reader which heading names a table without a caption.
 */
export interface ContentFindings {
  fields: ExtractedField[];
  groups: RecordGroup[];
  /** CSS paths of definition lists read as record groups here (their pairs are not page fields as well). */
  consumedLists: Set<string>;
  /** The heading right before a table, by the table's CSS path. */
  tableHeadings: Map<string, string>;
  /** Texts of the section headings (h2–h6) of the main content. */
  headings: Set<string>;
}

/** Names of the fields this module adds for the page as a whole; they do not make a page a detail page. */
export const ARTICLE_FIELD_NAMES: ReadonlySet<string> = new Set(['headline', 'body', 'published', 'author']);

const BOILERPLATE = 'data-quarry-boilerplate';
const SKIP = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'form', 'select', 'button', 'iframe', 'object']);
const INLINE = new Set(['a', 'abbr', 'b', 'strong', 'em', 'i', 'span', 'time', 'small', 'br', 'sup', 'sub', 'mark', 'data', 'bdi', 'cite', 'q', 'u', 's']);
const TEXT_BLOCKS = new Set(['p', 'span', 'div', 'time', 'li', 'small', 'address', 'strong', 'b', 'em', 'data']);
const TYPED: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'date_range', 'money', 'duration', 'email', 'phone']);
const NAME_BY_TYPE: Partial<Record<FieldType, string>> = { date: 'date', datetime: 'date', date_range: 'dates', money: 'price', duration: 'duration', email: 'email', phone: 'phone' };
const FILE_LINK = /\.(?:pdf|docx?|xlsx?|odt|ods|csv|zip|pptx?|rtf)(?:[?#].*)?$/i;
/** Words that open a byline after a date, in the languages the label dictionary covers. */
const BYLINE = /^(?:[·•|–—,-]\s*)?(?:(?:by|par|von|di|da|por|de|door|van)\s+)?([\p{Lu}][\p{L}.'’ -]{1,60})$/u;
const SENTENCE_WORDS = 6;
const DATELINE_WORDS = 12;
const BODY_MIN_CHARS = 40;
const MAX_BLOCKS = 2_000;
/** Typed and class-named blocks read from one page at most: beyond this the page is a list, read as one elsewhere. */
const MAX_BLOCK_FIELDS = 200;

/** `grouped` are the members of repeated structures (cards, list items): their values belong to their records. */
export function contentFindings(doc: ParsedHtml, ctx: FieldContext, budget: Budget, grouped: ReadonlySet<Element> = new Set()): ContentFindings {
  const findings: ContentFindings = { fields: [], groups: [], consumedLists: new Set(), tableHeadings: new Map(), headings: new Set() };
  const root = mainRoot(doc.dom.children);
  if (!root) return findings;
  const used = new Map<string, number>();
  let blockFields = 0;
  const add = (label: string, raw: string, confidence: number, el: Element, name: string): void => {
    if (blockFields++ >= MAX_BLOCK_FIELDS || !budget.take()) return;
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    findings.fields.push(labelledField(ctx, label, raw, confidence, { kind: 'css', path: cssPath(el) }, { name: n === 1 ? name : `${name}_${n}` }));
  };

  const h1 = firstElement([root], (el) => el.name === 'h1') ?? firstElement(doc.dom.children, (el) => el.name === 'h1');
  const headline = h1 ? textOf(h1, 300) : '';
  if (h1 && headline !== '') add('headline', headline, 0.8, h1, 'headline');

  const paragraphs: string[] = [];
  let bodyStarted = false;
  let datelineFound = false;
  let blocks = 0;
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0 && blocks < MAX_BLOCKS) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node) || SKIP.has(node.name) || node.attribs[BOILERPLATE] !== undefined || node === h1 || grouped.has(node)) continue;
    if (/^h[2-6]$/.test(node.name)) {
      const heading = textOf(node, 120);
      if (heading) findings.headings.add(heading);
      continue;
    }
    if (node.name === 'table') {
      const heading = headingBefore(node);
      if (heading) findings.tableHeadings.set(cssPath(node), heading);
      continue;
    }
    if (node.name === 'dl') {
      const cast = castGroup(node, ctx, budget);
      if (cast) {
        findings.groups.push(cast);
        findings.consumedLists.add(cast.path);
      }
      continue;
    }
    if (node.name === 'a' && FILE_LINK.test(node.attribs['href'] ?? '') && budget.take()) {
      // The href as written is the raw value; the resolved URL is its normalized value.
      const href = (node.attribs['href'] as string).trim();
      const n = (used.get('document') ?? 0) + 1;
      used.set('document', n);
      const field = labelledField(ctx, textOf(node, 120) || 'document', absolute(href, ctx.baseUrl), 0.7, { kind: 'css', path: cssPath(node) }, { name: n === 1 ? 'document' : `document_${n}` });
      findings.fields.push({ ...field, raw: href });
    }
    if (!TEXT_BLOCKS.has(node.name) || !isLeafBlock(node)) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
      continue;
    }
    blocks++;
    const text = textOf(node, 2_000);
    if (text === '' || /^[\p{L}][\p{L}\p{N} .'’/()-]{0,58}?\s*[:：]\s*\S/u.test(text)) {
      stack.push(...[...node.children].reverse().filter((c) => isTag(c) && c.name === 'a'));
      continue;
    }
    const className = meaningfulClass(node);
    const known = className ? dictionaryName(className) : null;
    const time = node.name === 'time' ? node : firstElement([node], (el) => el.name === 'time' && el.attribs['datetime'] !== undefined);
    const typed = text.length <= 120 ? inferValue(text, { language: ctx.language, baseUrl: ctx.baseUrl }) : null;
    const words = text.split(/\s+/).length;
    // A dateline is a short line before the running text, not a sentence that happens to hold a date.
    if (!bodyStarted && !datelineFound && (time || (typed && (typed.type === 'date' || typed.type === 'datetime')) || (words <= DATELINE_WORDS && !/[.!?]$/.test(text)))) {
      const dateline = datelineOf(text, time);
      if (dateline && !(known && typed && TYPED.has(typed.type))) {
        datelineFound = true;
        add(className ?? 'published', dateline.date, 0.7, time ?? node, known ?? 'published');
        if (dateline.author) add('author', dateline.author, 0.55, node, 'author');
        continue;
      }
    }
    if (typed && TYPED.has(typed.type)) add(className ?? typed.type, text, 0.65, node, known ?? NAME_BY_TYPE[typed.type] ?? typed.type);
    else if (known && text.length <= 80 && words <= 8) add(className as string, text, 0.6, node, known);
    else if (node.name !== 'li' && text.length >= BODY_MIN_CHARS && words >= SENTENCE_WORDS) {
      paragraphs.push(text);
      bodyStarted = true;
    }
    stack.push(...[...node.children].reverse().filter((c) => isTag(c) && c.name === 'a'));
  }
  const body = paragraphs.join('\n');
  if (body.length >= 2 * BODY_MIN_CHARS && budget.take()) {
    const field = labelledField(ctx, 'body', body, 0.6, { kind: 'css', path: cssPath(root) }, { name: 'body' });
    findings.fields.push({ ...field, type: 'string', value: field.raw });
  }
  return findings;
}

/**
 * The page's main content: `<main>` (or `role=main`), else the only `<article>`, else the nearest block holding the
 * first heading, else the body.
 */
function mainRoot(top: AnyNode[]): Element | null {
  const main = firstElement(top, (el) => el.name === 'main' || el.attribs['role'] === 'main');
  if (main) return main;
  const article = firstElement(top, (el) => el.name === 'article');
  if (article) return article;
  const h1 = firstElement(top, (el) => el.name === 'h1');
  let holder = h1?.parent ?? null;
  while (holder && isTag(holder) && (holder.name === 'header' || holder.name === 'hgroup' || holder.name === 'a')) holder = holder.parent;
  if (holder && isTag(holder)) return holder;
  return firstElement(top, (el) => el.name === 'body');
}

/** Breadth-first, skipping boilerplate: the shallowest match comes first. */
function firstElement(top: readonly AnyNode[], test: (el: Element) => boolean, max = 50_000): Element | null {
  const queue: AnyNode[] = [...top];
  for (let i = 0; i < queue.length && i < max; i++) {
    const node = queue[i] as AnyNode;
    if (!isTag(node) || node.attribs[BOILERPLATE] !== undefined || SKIP.has(node.name)) continue;
    if (test(node)) return node;
    queue.push(...node.children);
  }
  return null;
}

/** A block whose children are text and inline elements only: one piece of text, not a container of blocks. */
function isLeafBlock(el: Element): boolean {
  let hasText = false;
  for (const child of el.children) {
    if (isText(child)) hasText ||= child.data.trim() !== '';
    else if (isTag(child)) {
      if (!INLINE.has(child.name)) return false;
      if (child.name === 'span' || child.name === 'a') hasText = true;
    }
  }
  return hasText || el.name === 'time';
}

/** A date in a short line near the heading, and the name after it when it reads as a byline. */
function datelineOf(text: string, time: Element | null): { date: string; author: string | null } | null {
  const datetime = time?.attribs['datetime']?.trim();
  const mention = findDates(text)[0];
  const date = datetime && /^\d{4}-\d{2}-\d{2}/.test(datetime) ? datetime : mention && mention.date.type !== 'date_range' ? mention.raw : null;
  if (!date) return null;
  const timeText = time ? textOf(time, 200) : '';
  const after = mention ? text.slice(mention.start + mention.raw.length) : timeText ? text.slice(text.indexOf(timeText) + timeText.length) : '';
  const byline = BYLINE.exec(after.trim());
  const author = byline && (byline[1] as string).trim().split(/\s+/).length <= 6 ? (byline[1] as string).trim() : null;
  return { date, author };
}

/** A definition list under a heading the dictionary calls the cast: one record per role and performer. */
function castGroup(dl: Element, ctx: FieldContext, budget: Budget): RecordGroup | null {
  const label = dl.attribs['aria-label'] ?? headingBefore(dl) ?? meaningfulClass(dl);
  if (!label || dictionaryName(label) !== 'cast') return null;
  const records: ExtractedRecord[] = [];
  let role: Element | null = null;
  for (const child of dl.children) {
    if (!isTag(child)) continue;
    if (child.name === 'dt') role = child;
    else if (child.name === 'dd' && role && budget.take()) {
      const roleText = textOf(role, 120);
      const performer = textOf(child, 200);
      if (roleText === '' || performer === '') continue;
      records.push({
        origin: 'repeated',
        path: cssPath(child),
        declaredType: null,
        fields: [
          labelledField(ctx, 'role', roleText, 0.7, { kind: 'css', path: cssPath(role) }, { name: 'role' }),
          labelledField(ctx, 'performer', performer, 0.7, { kind: 'css', path: cssPath(child) }, { name: 'performer' }),
        ],
      });
    }
  }
  return records.length > 0 ? { name: 'cast', label, path: cssPath(dl), records } : null;
}

/** The heading right before an element among its siblings (whitespace and comments skipped). */
function headingBefore(el: Element): string | null {
  for (let node: AnyNode | null = el.prev; node; node = node.prev) {
    if (!isTag(node)) continue;
    return /^h[1-6]$/.test(node.name) ? textOf(node, 80) || null : null;
  }
  return null;
}

const GENERIC_CLASS = /^(?:col|row|item|text|content|inner|wrapper|wrap|container|box|block|cell|left|right|clearfix|lead|small|large|meta|info)$|\d|^(?:js|is|has|u|mb|mt|p|m)-/;

/** The first class that could be a label (`compositeur`, `dates`), BEM element names taken from after `__`. */
function meaningfulClass(el: Element): string | null {
  for (const cls of (el.attribs['class'] ?? '').split(/\s+/)) {
    const name = cls.replace(/^.*__/, '').replace(/--.*$/, '');
    if (name.length > 1 && /^[a-z][a-z_-]*$/i.test(name) && !GENERIC_CLASS.test(name)) return name.replace(/[-_]+/g, ' ');
  }
  return null;
}

function absolute(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}
