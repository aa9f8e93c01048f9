import { isTag, type AnyNode, type Element } from 'domhandler';
import type { ParsedHtml } from '../../parsing/document.js';
import { cssPath } from '../../parsing/css-path.js';
import { labelledField, textField, type FieldContext } from '../field.js';
import type { ExtractedField, FieldType } from '../model.js';
import { inferValue } from '../normalize/infer.js';
import { fold } from '../normalize/text.js';
import type { Budget } from './budget.js';
import { textOf } from './structured.js';
import type { RecordGroup } from './tables.js';
import { recordGroupOfPairs, type SectionRow } from './sections.js';
import { articleBody } from './body.js';

/**
 * What the main content of a page is, read the same way in any language:
 * - the page heading (`headline`) and the running text (`body`): the evidence that a page is an article;
 * - links to files (a PDF, a spreadsheet): `document`;
 * - a definition list that is a list (under a "Distribution" or "Besetzung" heading): nested records.
 * It also tells the table reader which heading names a table without a caption. Values written without a label
 * (a dateline, a date range, a price) are the values reader's (`values.ts`).
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
  /** The page heading (the first `h1` of the main content, else of the page). */
  heading: Element | null;
}

/** Names of the fields this module adds for the page as a whole; they do not make a page a detail page. */
export const ARTICLE_FIELD_NAMES: ReadonlySet<string> = new Set(['headline', 'body', 'published', 'author']);

const BOILERPLATE = 'data-quarry-boilerplate';
const SKIP = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'form', 'select', 'button', 'iframe', 'object']);
const TYPED: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'date_range', 'money', 'duration', 'email', 'phone']);
const FILE_LINK = /\.(?:pdf|docx?|xlsx?|odt|ods|csv|zip|pptx?|rtf)(?:[?#].*)?$/i;
const SENTENCE_WORDS = 6;
const BODY_MIN_CHARS = 40;
/** A short line that is a label and its value (`Photo: Reuters`, `Updated: 5 May`), not a sentence. */
const LABELLED_LINE = /^[\p{L}][\p{L}\p{N} .'’/()-]{0,58}?\s*[:：]\s*\S/u;
const LABELLED_LINE_CHARS = 80;
/** A sentence ends somewhere in the block (a full stop, a question, a quote closing after one). */
const SENTENCE_END = /[.!?…。！？]['"’”»)]*(?:\s|$)/u;
/** Elements of the main content read at most (hostile pages). */
const MAX_ELEMENTS = 50_000;
const BODY_CONFIDENCE = 0.6;
/** Above declared structured data (0.9–0.95): the page's text holds all of a declared body and more. */
const CONFIRMED_BODY_CONFIDENCE = 0.96;
/** Share of a declared body's word triples the page's text must hold, and how much longer it must be, to outrank it. */
const RESTATED_SHARE = 0.8;
const LONGER_BY = 1.2;

/**
 * `grouped` are the members of repeated structures (cards, list items): their values belong to their records;
 * `dateline` the elements read as the page's dateline, which are not running text.
 */
export function contentFindings(doc: ParsedHtml, ctx: FieldContext, budget: Budget, grouped: ReadonlySet<Element> = new Set(), dateline: ReadonlySet<Element> = new Set()): ContentFindings {
  const findings: ContentFindings = { fields: [], groups: [], consumedLists: new Set(), tableHeadings: new Map(), headings: new Set(), heading: null };
  const root = mainRoot(doc.dom.children);
  if (!root) return findings;
  const used = new Map<string, number>();
  const h1 = firstElement([root], (el) => el.name === 'h1') ?? firstElement(doc.dom.children, (el) => el.name === 'h1');
  findings.heading = h1;
  const headline = h1 ? textOf(h1, 300) : '';
  if (h1 && headline !== '' && budget.take()) findings.fields.push(labelledField(ctx, 'headline', headline, 0.8, { kind: 'css', path: cssPath(h1) }, { name: 'headline' }));

  let elements = 0;
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0 && elements < MAX_ELEMENTS) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node) || SKIP.has(node.name) || node.attribs[BOILERPLATE] !== undefined || node === h1 || grouped.has(node) || dateline.has(node)) continue;
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
      const cast = listGroup(node, ctx, budget);
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
    elements++;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  const body = bodyText(doc, ctx, grouped, dateline);
  if (body && budget.take()) {
    // A declared article body that the page's text restates and goes beyond is an excerpt (a teaser, a cut-off copy).
    const confidence = declaredBodies(doc).some((declared) => excerptOf(declared, body.text)) ? CONFIRMED_BODY_CONFIDENCE : BODY_CONFIDENCE;
    findings.fields.push(textField('body', body.text, confidence, { kind: 'css', path: cssPath(body.region) }, 'body'));
  }
  return findings;
}

/**
 * The article body (`body.ts`) when it is running text: sentences of at least a few words, not only list items,
 * repeated records (cards, a listing's lines), short typed values (a date, a price) or "Label: value" lines. The
 * short ones of those are left out of it.
 */
function bodyText(doc: ParsedHtml, ctx: FieldContext, grouped: ReadonlySet<Element>, dateline: ReadonlySet<Element>): { text: string; region: Element } | null {
  const found = articleBody(doc.dom.children, (el) => (grouped.has(el) && el.name !== 'p') || dateline.has(el));
  if (!found) return null;
  const lines: string[] = [];
  let running = 0;
  for (const block of found.blocks) {
    const text = block.text;
    if (text.length <= 120 && TYPED.has(inferValue(text, { language: ctx.language, monthFirst: ctx.monthFirst, baseUrl: ctx.baseUrl }).type)) continue;
    const labelled = LABELLED_LINE.test(text);
    if (labelled && text.length <= LABELLED_LINE_CHARS) continue;
    lines.push(text);
    if (block.element.name !== 'li' && !labelled && text.length >= BODY_MIN_CHARS && text.split(/\s+/).length >= SENTENCE_WORDS && SENTENCE_END.test(text)) running += text.length;
  }
  return running >= 2 * BODY_MIN_CHARS ? { text: lines.join('\n'), region: found.region } : null;
}

/** The `articleBody` texts the page declares in JSON-LD and microdata. */
function declaredBodies(doc: ParsedHtml): string[] {
  const out: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 12 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => visit(v, depth + 1));
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      // JSON-LD gives one string; a microdata property, a list of them.
      if (key === 'articleBody') out.push(...[v].flat().filter((s): s is string => typeof s === 'string'));
      else visit(v, depth + 1);
    }
  };
  visit(doc.jsonLd, 0);
  visit(doc.microdata, 0);
  return out;
}

/** Whether `text` holds nearly all of `declared` (by word triples) and is clearly longer. */
function excerptOf(declared: string, text: string): boolean {
  const words = (s: string): string[] => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const triples = (w: string[]): string[] => w.slice(2).map((x, i) => `${w[i]} ${w[i + 1]} ${x}`);
  const declaredWords = words(declared);
  const textWords = words(text);
  if (declaredWords.length < 3 || textWords.length < LONGER_BY * declaredWords.length) return false;
  const have = new Set(triples(textWords));
  const wanted = triples(declaredWords);
  return wanted.filter((t) => have.has(t)).length >= RESTATED_SHARE * wanted.length;
}

/**
 * The page's main content: `<main>` (or `role=main`), else the only `<article>`, else the nearest block holding the
 * first heading, else the body.
 */
export function mainRoot(top: AnyNode[]): Element | null {
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

/** A definition list that is a list (under a Cast heading, or names for names): one record per term and description. */
function listGroup(dl: Element, ctx: FieldContext, budget: Budget): RecordGroup | null {
  const rows: SectionRow[] = [];
  let term: Element | null = null;
  const entries = dl.children.flatMap((c) => (isTag(c) && c.name === 'div' ? c.children : [c]));
  for (const child of entries) {
    if (!isTag(child)) continue;
    if (child.name === 'dt') term = child;
    else if (child.name === 'dd' && term) {
      const label = textOf(term, 120);
      const value = textOf(child, 200);
      if (label !== '' && value !== '') rows.push({ label, value, labelPath: cssPath(term), valuePath: cssPath(child) });
    }
  }
  return rows.length >= 2 ? recordGroupOfPairs(dl, rows, ctx, budget) : null;
}

/** The heading right before an element among its siblings (whitespace and comments skipped). */
function headingBefore(el: Element): string | null {
  for (let node: AnyNode | null = el.prev; node; node = node.prev) {
    if (!isTag(node)) continue;
    return /^h[1-6]$/.test(node.name) ? textOf(node, 80) || null : null;
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
