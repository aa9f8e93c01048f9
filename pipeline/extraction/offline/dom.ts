import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { ParsedHtml } from '../../parsing/document.js';
import { cssPath } from '../../parsing/css-path.js';
import { dictionaryName, normalizeLabel, snakeCase } from '../labels.js';
import { labelledField, type FieldContext } from '../field.js';
import type { ExtractedField, ExtractedRecord, FieldType } from '../model.js';
import type { Budget } from './budget.js';
import type { RecordGroup } from './tables.js';
import { textOf } from './structured.js';
import { numberedFields, numberedLabel } from './lines.js';
import { labelLike, pairFindings } from './pairs.js';
import { listConceptOf } from './sections.js';
import { inferValue } from '../normalize/infer.js';
import { markupWords, readRuns, type Run } from './runs.js';

/**
 * What the DOM shows without declaring it: repeated sibling structures (cards, list items of one shape), found by
 * comparing the tag paths inside siblings. Label/value rows are the pair reader's (`pairs.ts`).
 */
const BOILERPLATE = 'data-quarry-boilerplate';
/** Handled by the table and definition-list readers, or never data. */
const SKIP_SUBTREES = new Set(['table', 'dl', 'head', 'script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'select', 'form', 'button']);
const GENERIC_CLASSES = /^(?:col|row|item|text|content|inner|wrapper|wrap|container|box|block|cell|left|right|clearfix|d-flex|flex|grid|small|large|mb-\d|mt-\d|p-\d|js-.*|is-.*|has-.*)$/;
/** Siblings of one shape that make a repeated structure. */
const MIN_GROUP = 3;
/** A pair is one only when both are cards: each links somewhere and shows at least three texts (title, date, place). */
const MIN_CARD_GROUP = 2;
const CARD_PATHS = 4;
const SIMILARITY = 0.6;

export interface DomFindings {
  groups: RecordGroup[];
  /** The elements read as members of a group: what they say belongs to their records, not to the page. */
  members: Set<Element>;
}

/**
 * `pageContent` tells whether a group's container is part of what the page is about: repeated items outside the
 * main content (a footer's link list) or in a block of related items ("More stories", "You may also like") are
 * read as nobody's records — their members are set aside so their dates and prices do not pass for the page's.
 */
export function domFindings(doc: ParsedHtml, ctx: FieldContext, budget: Budget, pageContent: (container: Element, label: string | null) => boolean = () => true): DomFindings {
  const findings: DomFindings = { groups: [], members: new Set() };
  const stack: Element[] = doc.dom.children.filter(isTag).reverse();
  let groupIndex = 0;
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (SKIP_SUBTREES.has(el.name) || el.attribs[BOILERPLATE] !== undefined) continue;
    const children = el.children.filter(isTag);
    const grouped = new Set<Element>();
    for (const group of repeatedGroups(children, () => listConceptOf(el) !== null)) {
      // Rows of one label and one value each (a facts box, a cast list) are the pair reader's, not cards.
      if (labelValueRows(group)) continue;
      const records = group.map((member) => memberRecord(member, ctx, budget)).filter((r) => r.fields.length > 0);
      if (records.length < MIN_CARD_GROUP || (records.length < MIN_GROUP && records.length < group.length)) continue;
      const meanFields = records.reduce((n, r) => n + r.fields.length, 0) / records.length;
      if (meanFields < 2) continue;
      for (const member of group) {
        grouped.add(member);
        findings.members.add(member);
      }
      const heading = groupLabel(el);
      if (!pageContent(el, heading)) continue;
      groupIndex++;
      const label = heading ?? `items ${groupIndex}`;
      findings.groups.push({ name: normalizeLabel(label), label, path: cssPath(el), records });
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as Element;
      if (!grouped.has(child)) stack.push(child);
    }
  }
  return findings;
}

/** Most members are one label and one value, with distinct labels and no link: a section of pairs, not cards. */
function labelValueRows(group: readonly Element[]): boolean {
  let rows = 0;
  const labels = new Set<string>();
  for (const member of group) {
    if (firstLink(member)) return false;
    const runs = readRuns(member, { skip: () => false, maxRuns: 3 });
    if (runs.length === 2 && labelLike((runs[0] as Run).text)) {
      rows++;
      labels.add((runs[0] as Run).text.toLowerCase());
    }
  }
  return rows >= 0.6 * group.length && labels.size >= 0.8 * rows;
}

/** Siblings with the same tag and class whose inner tag paths mostly agree. */
function repeatedGroups(children: Element[], namedList: () => boolean): Element[][] {
  if (children.length < MIN_CARD_GROUP) return [];
  const byShape = new Map<string, Element[]>();
  for (const child of children) {
    if (SKIP_SUBTREES.has(child.name) || child.attribs[BOILERPLATE] !== undefined) continue;
    const key = `${child.name}.${classesOf(child).slice(0, 2).join('.')}`;
    const list = byShape.get(key) ?? [];
    list.push(child);
    byShape.set(key, list);
  }
  const groups: Element[][] = [];
  for (const members of byShape.values()) {
    if (members.length < MIN_CARD_GROUP) continue;
    const shapes = members.map(innerPaths);
    const reference = mostCommonShape(shapes);
    const similar = members.filter((_, i) => jaccard(shapes[i] as Set<string>, reference) >= SIMILARITY);
    const cards = reference.has('@href') && reference.size >= CARD_PATHS;
    // Two are a group when they are cards, or when the section says it is a list ("Lots", "Cast").
    if (similar.length >= MIN_GROUP ? reference.size >= 2 : similar.length >= MIN_CARD_GROUP && (cards || (reference.size >= 2 && namedList()))) groups.push(similar);
  }
  return groups;
}

function mostCommonShape(shapes: Set<string>[]): Set<string> {
  const counts = new Map<string, number>();
  for (const shape of shapes) for (const p of shape) counts.set(p, (counts.get(p) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= shapes.length / 2).map(([p]) => p));
}

/** Tag paths of the text-bearing elements inside a member, relative to it (`h3.title`, `p.meta>time`). */
function innerPaths(member: Element): Set<string> {
  const paths = new Set<string>();
  for (const leaf of textLeaves(member, 40)) paths.add(leaf.path);
  const link = firstLink(member);
  if (link) paths.add('@href');
  return paths;
}

interface Leaf {
  element: Element;
  path: string;
  text: string;
}

function textLeaves(member: Element, max: number): Leaf[] {
  const leaves: Leaf[] = [];
  const stack: Array<{ el: Element; path: string; depth: number }> = [{ el: member, path: '', depth: 0 }];
  while (stack.length > 0 && leaves.length < max) {
    const { el, path, depth } = stack.pop() as { el: Element; path: string; depth: number };
    const own = el.children
      .filter(isText)
      .map((t) => t.data)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    const datetime = el.name === 'time' ? el.attribs['datetime'] : undefined;
    if (own !== '' || datetime) leaves.push({ element: el, path: path || el.name, text: datetime && own === '' ? datetime : own });
    if (depth >= 12) continue;
    const kids = el.children.filter(isTag);
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i] as Element;
      if (kid.name === 'script' || kid.name === 'style' || kid.name === 'svg') continue;
      stack.push({ el: kid, path: `${path}${path ? '>' : ''}${kid.name}${classesOf(kid).length ? '.' + classesOf(kid)[0] : ''}`, depth: depth + 1 });
    }
  }
  return leaves;
}

function memberRecord(member: Element, ctx: FieldContext, budget: Budget): ExtractedRecord {
  const runs = readRuns(member, { skip: () => false, maxRuns: 60 });
  // Pairs inside a card ("Venue" / "Lyric Hall") are named by their labels; the rest by their markup.
  const pairs = pairFindings(runs, ctx, budget, 0.65);
  const fields: ExtractedField[] = [...pairs.fields];
  const used = new Map<string, number>(fields.map((f) => [f.name, 1]));
  const free = runs.filter((r) => !pairs.consumed.has(r));
  for (let i = 0; i < free.length; i++) {
    const run = free[i] as Run;
    if (!budget.take()) break;
    const colon = /^([\p{L}][\p{L} .'’/-]{0,40}?)\s*:\s*(\S.*)$/u.exec(run.text);
    let label: string;
    let raw = run.text;
    let name: string;
    const numbered = /^([\p{L}][\p{L}.]{1,20}\s+(?:n[o°º]\.?\s*|#\s*)?\d{1,4})\s*[:.–—-]\s+(\S.*)$/u.exec(run.text);
    const numberedParts = numbered ? numberedLabel(numbered[1] as string) : null;
    if (numbered && numberedParts && /\p{L}{2,}/u.test(numbered[2] as string) && budget.take()) {
      // "Lot 1: Roof replacement": the item's title and its number.
      const [titleField, numberField] = numberedFields(ctx, numberedParts, numbered[2] as string, 0.6, { kind: 'css', path: cssPath(run.element) }) as [ExtractedField, ExtractedField];
      const titleName = runName(run, ctx);
      fields.push({ ...titleField, name: titleName }, numberField);
      used.set(titleName, (used.get(titleName) ?? 0) + 1);
      continue;
    }
    if (colon) {
      label = colon[1] as string;
      raw = colon[2] as string;
      name = dictionaryName(label) ?? snakeCase(label);
    } else if (dictionaryName(run.text) && free[i + 1]) {
      // "Dirigent" in one span, the name in the next.
      label = run.text;
      raw = (free[i + 1] as Run).text;
      name = dictionaryName(label) as string;
      i++;
    } else {
      name = runName(run, ctx);
      label = name;
    }
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    fields.push(labelledField(ctx, label, raw, 0.6, { kind: 'css', path: cssPath(run.element) }, { name: n === 1 ? name : `${name}_${n}` }));
  }
  const link = firstLink(member);
  if (link && budget.take()) {
    fields.push(labelledField(ctx, 'url', absolute(link.attribs['href'] as string, ctx.baseUrl), 0.6, { kind: 'css', path: cssPath(link) }, { name: used.has('url') ? 'link_url' : 'url' }));
  }
  return { origin: 'repeated', path: cssPath(member), declaredType: null, fields };
}

const NAME_BY_TYPE: Partial<Record<FieldType, string>> = { date: 'date', datetime: 'date', date_range: 'dates', money: 'price', duration: 'duration', email: 'email', phone: 'phone' };

/**
 * A name for an unlabelled value, the same on every site where possible: itemprop; `title` for a heading; a class
 * word the label dictionary knows (`vignette-compositeur` → `composer`); what the value is (`date`, `price`); else
 * the class itself, or what the tag means.
 */
function runName(run: Run, ctx: FieldContext): string {
  const el = run.element;
  const prop = el.attribs['itemprop'] ?? el.attribs['property'];
  if (prop) return snakeCase(prop);
  if (run.heading > 0) return 'title';
  const known = markupWords(el).map((w) => dictionaryName(w)).find((n) => n !== null);
  if (known) return known;
  if (el.name === 'time') return 'date';
  const typed = run.text.length <= 120 ? NAME_BY_TYPE[inferValue(run.text, { language: ctx.language, monthFirst: ctx.monthFirst, baseUrl: ctx.baseUrl }).type] : undefined;
  if (typed) return typed;
  const cls = classesOf(el).find((c) => !GENERIC_CLASSES.test(c) && /[a-z]/i.test(c));
  if (cls) return snakeCase(cls.replace(/^.*__/, '').replace(/--.*$/, ''));
  if (el.name === 'a') return 'link_text';
  const parentCls = el.parent && isTag(el.parent) ? classesOf(el.parent).find((c) => !GENERIC_CLASSES.test(c)) : undefined;
  if (parentCls) return snakeCase(parentCls.replace(/^.*__/, ''));
  return 'text';
}

function absolute(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

function firstLink(member: Element): Element | null {
  if (member.name === 'a' && member.attribs['href']) return member;
  const stack: AnyNode[] = [...member.children];
  let seen = 0;
  while (stack.length > 0 && seen++ < 400) {
    const node = stack.shift() as AnyNode;
    if (!isTag(node)) continue;
    if (node.name === 'a' && node.attribs['href'] && !node.attribs['href'].startsWith('#') && !node.attribs['href'].startsWith('javascript:')) return node;
    stack.push(...node.children);
  }
  return null;
}

/** The nearest heading before the container, or its aria-label, names the group ("Cast", "Termine"). */
function groupLabel(el: Element): string | null {
  const aria = el.attribs['aria-label'];
  if (aria) return aria;
  for (let node: AnyNode | null = el.prev; node; node = node.prev) {
    if (isTag(node) && /^h[1-6]$/.test(node.name)) return textOf(node, 80) || null;
  }
  const parent = el.parent;
  if (parent && isTag(parent)) {
    for (let node: AnyNode | null = parent.children[0] ?? null; node && node !== el; node = node.next) {
      if (isTag(node) && /^h[1-6]$/.test(node.name)) return textOf(node, 80) || null;
    }
  }
  return null;
}

function classesOf(el: Element): string[] {
  const cls = el.attribs['class'];
  return cls ? cls.split(/\s+/).filter(Boolean) : [];
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
