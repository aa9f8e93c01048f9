import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { ParsedHtml } from '../../parsing/document.js';
import { cssPath } from '../../parsing/css-path.js';
import { dictionaryName, snakeCase } from '../labels.js';
import { labelledField, type FieldContext } from '../field.js';
import type { ExtractedField, ExtractedRecord } from '../model.js';
import type { Budget } from './budget.js';
import type { RecordGroup } from './tables.js';
import { textOf } from './structured.js';
import { numberedFields, numberedLabel } from './lines.js';

/**
 * What the DOM shows without declaring it: label/value element pairs (`<span>Dirigent</span><span>…</span>`) and
 * repeated sibling structures (cards, list items of one shape), found by comparing the tag paths inside siblings.
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
  pairFields: ExtractedField[];
  groups: RecordGroup[];
  /** The elements read as members of a group: what they say belongs to their records, not to the page. */
  members: Set<Element>;
}

export function domFindings(doc: ParsedHtml, ctx: FieldContext, budget: Budget): DomFindings {
  const findings: DomFindings = { pairFields: [], groups: [], members: new Set() };
  const stack: Element[] = doc.dom.children.filter(isTag).reverse();
  let groupIndex = 0;
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (SKIP_SUBTREES.has(el.name) || el.attribs[BOILERPLATE] !== undefined) continue;
    const children = el.children.filter(isTag);
    const pair = labelValuePair(el, children);
    if (pair && budget.take()) {
      findings.pairFields.push(labelledField(ctx, pair.label, pair.value, 0.75, { kind: 'css', path: cssPath(pair.valueElement) }));
      continue;
    }
    const grouped = new Set<Element>();
    for (const group of repeatedGroups(children)) {
      const records = group.map((member) => memberRecord(member, ctx, budget)).filter((r) => r.fields.length > 0);
      if (records.length < MIN_CARD_GROUP || (records.length < MIN_GROUP && records.length < group.length)) continue;
      const meanFields = records.reduce((n, r) => n + r.fields.length, 0) / records.length;
      if (meanFields < 2) continue;
      groupIndex++;
      const label = groupLabel(el) ?? `items ${groupIndex}`;
      findings.groups.push({ name: snakeCase(label), label, path: cssPath(el), records });
      for (const member of group) {
        grouped.add(member);
        findings.members.add(member);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as Element;
      if (!grouped.has(child)) stack.push(child);
    }
  }
  return findings;
}

/** An element with exactly two element children, the first a known label or ending in a colon. */
function labelValuePair(el: Element, children: Element[]): { label: string; value: string; valueElement: Element } | null {
  if (children.length !== 2 || el.name === 'tr' || hasOwnText(el)) return null;
  const [first, second] = children as [Element, Element];
  const label = textOf(first, 80);
  if (label.length === 0 || label.length > 50) return null;
  if (!label.endsWith(':') && !dictionaryName(label)) return null;
  if (CONTAINERS.has(second.name) || descendantCount(second, 8) >= 8) return null;
  const value = textOf(second, 600);
  if (value.length === 0 || value.length > 500) return null;
  return { label, value, valueElement: second };
}

/** A value is one thing, not a section holding a table or a list. */
const CONTAINERS = new Set(['table', 'dl', 'ul', 'ol', 'section', 'article', 'form', 'nav', 'aside', 'main', 'header', 'footer']);

function descendantCount(el: Element, max: number): number {
  let n = 0;
  const stack: AnyNode[] = [...el.children];
  while (stack.length > 0 && n < max) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node)) continue;
    n++;
    stack.push(...node.children);
  }
  return n;
}

function hasOwnText(el: Element): boolean {
  return el.children.some((c) => isText(c) && c.data.trim() !== '');
}

/** Siblings with the same tag and class whose inner tag paths mostly agree. */
function repeatedGroups(children: Element[]): Element[][] {
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
    if (similar.length >= MIN_GROUP ? reference.size >= 2 : similar.length >= MIN_CARD_GROUP && cards) groups.push(similar);
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
  const fields: ExtractedField[] = [];
  const used = new Map<string, number>();
  const leaves = textLeaves(member, 40);
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i] as Leaf;
    if (!budget.take()) break;
    const colon = /^([\p{L}][\p{L} .'’/-]{0,40}?)\s*:\s*(\S.*)$/u.exec(leaf.text);
    let label: string;
    let raw = leaf.text;
    let name: string;
    const numbered = /^([\p{L}][\p{L}.]{1,20}\s+(?:n[o°º]\.?\s*|#\s*)?\d{1,4})\s*[:.–—-]\s+(\S.*)$/u.exec(leaf.text);
    const numberedParts = numbered ? numberedLabel(numbered[1] as string) : null;
    if (numbered && numberedParts && /\p{L}{2,}/u.test(numbered[2] as string) && budget.take()) {
      // "Lot 1: Roof replacement": the item's title and its number.
      const [titleField, numberField] = numberedFields(ctx, numberedParts, numbered[2] as string, 0.6, { kind: 'css', path: cssPath(leaf.element) }) as [ExtractedField, ExtractedField];
      const titleName = leafName(leaf);
      fields.push({ ...titleField, name: titleName }, numberField);
      used.set(titleName, (used.get(titleName) ?? 0) + 1);
      continue;
    }
    if (colon) {
      label = colon[1] as string;
      raw = colon[2] as string;
      name = dictionaryName(label) ?? snakeCase(label);
    } else if (dictionaryName(leaf.text) && leaves[i + 1]) {
      // "Dirigent" in one span, the name in the next.
      label = leaf.text;
      raw = (leaves[i + 1] as Leaf).text;
      name = dictionaryName(label) as string;
      i++;
    } else {
      name = leafName(leaf);
      label = name;
    }
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    fields.push(labelledField(ctx, label, raw, 0.6, { kind: 'css', path: cssPath(leaf.element) }, { name: n === 1 ? name : `${name}_${n}` }));
  }
  const link = firstLink(member);
  if (link && budget.take()) {
    fields.push(labelledField(ctx, 'url', absolute(link.attribs['href'] as string, ctx.baseUrl), 0.6, { kind: 'css', path: cssPath(link) }, { name: used.has('url') ? 'link_url' : 'url' }));
  }
  return { origin: 'repeated', path: cssPath(member), declaredType: null, fields };
}

/** A name for an unlabelled value from its markup: itemprop, a meaningful class, or what the tag means. */
function leafName(leaf: Leaf): string {
  const el = leaf.element;
  const prop = el.attribs['itemprop'] ?? el.attribs['property'];
  if (prop) return snakeCase(prop);
  const cls = classesOf(el).find((c) => !GENERIC_CLASSES.test(c) && /[a-z]/i.test(c));
  if (cls) return snakeCase(cls.replace(/^.*__/, '').replace(/--.*$/, ''));
  if (/^h[1-6]$/.test(el.name) || (el.name === 'a' && el.parent && isTag(el.parent) && /^h[1-6]$/.test(el.parent.name))) return 'title';
  if (el.name === 'time') return 'date';
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
