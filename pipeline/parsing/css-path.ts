import { isTag, type AnyNode, type Element } from 'domhandler';
import { parentElement, rootOf, walk } from './dom.js';

/**
 * A CSS selector that selects exactly this element in its document: `selectOne(cssPath(el), dom) === el`.
 * Steps are `tag` plus `:nth-of-type(k)` when the element has same-tag siblings; the path starts at the nearest
 * ancestor with a unique, human-looking id (`#programme > dl > dd:nth-of-type(3)`), else at the top element.
 * Ids with digits (`post-4812`, `ember123`) are skipped: they differ between pages of one template, and paths are
 * compared across pages.
 */
export function cssPath(element: Element): string {
  const stats = documentStats(rootOf(element));
  const steps: string[] = [];
  for (let node: Element | null = element; node; node = parentElement(node)) {
    const id = node.attribs['id'];
    if (id !== undefined && STABLE_ID.test(id) && stats.ids.get(id) === 1) {
      steps.push(`#${id}`);
      break;
    }
    const step = cssStep(node);
    const isTop = parentElement(node) === null;
    // The top element needs `:root` unless it is the document's only <html>, else the path could match a nested copy.
    steps.push(isTop && !(node.name === 'html' && stats.htmlElements === 1) ? `${step}:root` : step);
  }
  return steps.reverse().join(' > ');
}

const STABLE_ID = /^[A-Za-z][A-Za-z_-]*$/;

function cssStep(element: Element): string {
  const tag = escapeIdentifier(element.name);
  if (!element.parent) return tag;
  const { position, count } = siblingIndex(element.parent);
  if ((count.get(element.name) ?? 1) <= 1) return tag;
  return `${tag}:nth-of-type(${position.get(element) ?? 1})`;
}

interface SiblingIndex {
  /** 1-based position of each child among its same-tag siblings. */
  position: Map<Element, number>;
  count: Map<string, number>;
}

/** One pass over a parent's children for all of them: a parent of 10,000 rows costs 10,000 steps, not 10,000². */
const siblingCache = new WeakMap<AnyNode, SiblingIndex>();

function siblingIndex(parent: AnyNode): SiblingIndex {
  const cached = siblingCache.get(parent);
  if (cached) return cached;
  const index: SiblingIndex = { position: new Map(), count: new Map() };
  for (const child of 'children' in parent ? parent.children : []) {
    if (!isTag(child)) continue;
    const n = (index.count.get(child.name) ?? 0) + 1;
    index.count.set(child.name, n);
    index.position.set(child, n);
  }
  siblingCache.set(parent, index);
  return index;
}

/** CSS identifier escaping for the odd tag names htmlparser2 accepts (`o:p`, `foo.bar`). */
function escapeIdentifier(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, (ch) => `\\${ch.codePointAt(0)!.toString(16)} `);
}

interface DocumentStats {
  ids: Map<string, number>;
  htmlElements: number;
}

/** Paths for many elements of one document share one scan; the parsed DOM is treated as read-only downstream. */
const statsCache = new WeakMap<AnyNode, DocumentStats>();

function documentStats(root: AnyNode): DocumentStats {
  const cached = statsCache.get(root);
  if (cached) return cached;
  const stats: DocumentStats = { ids: new Map(), htmlElements: 0 };
  const count = (el: Element) => {
    const id = el.attribs['id'];
    if (id !== undefined) stats.ids.set(id, (stats.ids.get(id) ?? 0) + 1);
    if (el.name === 'html') stats.htmlElements++;
  };
  if (isTag(root)) count(root);
  if ('children' in root) {
    walk(root, (node) => {
      if (isTag(node)) count(node);
    });
  }
  statsCache.set(root, stats);
  return stats;
}
