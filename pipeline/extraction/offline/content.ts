import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { ParsedHtml } from '../../parsing/document.js';
import { cssPath } from '../../parsing/css-path.js';
import { labelledField, type FieldContext } from '../field.js';
import type { ExtractedField, FieldType } from '../model.js';
import { inferValue } from '../normalize/infer.js';
import type { Budget } from './budget.js';
import { textOf } from './structured.js';
import type { RecordGroup } from './tables.js';
import { recordGroupOfPairs, type SectionRow } from './sections.js';

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
const INLINE = new Set(['a', 'abbr', 'b', 'strong', 'em', 'i', 'span', 'time', 'small', 'br', 'sup', 'sub', 'mark', 'data', 'bdi', 'cite', 'q', 'u', 's']);
const TEXT_BLOCKS = new Set(['p', 'span', 'div', 'time', 'li', 'small', 'address', 'strong', 'b', 'em', 'data']);
const TYPED: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'date_range', 'money', 'duration', 'email', 'phone']);
const FILE_LINK = /\.(?:pdf|docx?|xlsx?|odt|ods|csv|zip|pptx?|rtf)(?:[?#].*)?$/i;
const SENTENCE_WORDS = 6;
const BODY_MIN_CHARS = 40;
const MAX_BLOCKS = 2_000;

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

  const paragraphs: string[] = [];
  let blocks = 0;
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0 && blocks < MAX_BLOCKS) {
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
    if (!TEXT_BLOCKS.has(node.name) || !isLeafBlock(node)) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
      continue;
    }
    blocks++;
    const text = textOf(node, 2_000);
    const words = text.split(/\s+/).length;
    // Running text: sentences in blocks, not a list item, not a short typed value (the values reader's).
    const typed = text.length <= 120 && TYPED.has(inferValue(text, { language: ctx.language, baseUrl: ctx.baseUrl }).type);
    if (node.name !== 'li' && !typed && text.length >= BODY_MIN_CHARS && words >= SENTENCE_WORDS && !/^[\p{L}][\p{L}\p{N} .'’/()-]{0,58}?\s*[:：]\s*\S/u.test(text)) paragraphs.push(text);
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
