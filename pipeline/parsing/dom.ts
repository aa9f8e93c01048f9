import { Parser } from 'htmlparser2';
import { selectAll, selectOne } from 'css-select';
import { DomHandler, isTag, isText, type AnyNode, type ChildNode, type Element, type ParentNode } from 'domhandler';
import type { Document as DomDocument } from 'domhandler';

/**
 * Depth-safe DOM building and walking. Every helper here is iterative, and the DOM itself is kept at most
 * `maxDepth` levels deep (as Chromium does at 512): elements opened deeper are attached, in document order, to the
 * ancestor at the limit. So recursive consumers downstream (dom-serializer, css-select, JSON.stringify of
 * anything built from the tree) are safe too.
 */
export interface DomLimits {
  /** Characters of markup parsed; the rest is dropped with a warning. */
  maxChars: number;
  /** Nodes created; parsing stops at the chunk boundary after this many. */
  maxNodes: number;
  maxDepth: number;
}

export const DEFAULT_DOM_LIMITS: DomLimits = { maxChars: 10_000_000, maxNodes: 200_000, maxDepth: 512 };

/** Markup is fed in chunks so the node budget is checked while parsing, not after the memory is spent. */
const CHUNK_CHARS = 64 * 1024;

class CountingDomHandler extends DomHandler {
  nodes = 0;

  /** Open elements; mirrors the parser's stack of open tags. */
  get depth(): number {
    return this.tagStack.length - 1;
  }

  protected override addNode(node: ChildNode): void {
    this.nodes++;
    super.addNode(node);
  }
}

/**
 * htmlparser2 keeps its open-tag stack with unshift/shift, so 100,000 nested tags cost O(n²) time before any DOM
 * exists. At the depth limit a new tag is treated as void (opened and closed at once), as Chromium does at 512:
 * its content lands next to it, in document order, and the stack never grows past the limit.
 */
class DepthBoundedParser extends Parser {
  flattened = false;
  private forceVoid = false;

  constructor(
    private readonly handler: CountingDomHandler,
    private readonly maxDepth: number,
    xmlMode: boolean,
  ) {
    super(handler, { decodeEntities: true, xmlMode });
  }

  override onopentagname(start: number, endIndex: number): void {
    this.forceVoid = this.handler.depth >= this.maxDepth;
    if (this.forceVoid) this.flattened = true;
    super.onopentagname(start, endIndex);
  }

  override onopentagend(endIndex: number): void {
    super.onopentagend(endIndex);
    this.forceVoid = false;
  }

  override onselfclosingtag(endIndex: number): void {
    super.onselfclosingtag(endIndex);
    this.forceVoid = false;
  }

  protected override isVoidElement(name: string): boolean {
    return this.forceVoid || super.isVoidElement(name);
  }
}

/** `xmlMode` keeps tag case and CDATA sections and knows no HTML rules (void elements, implied end tags). */
export function buildDom(markup: string, limits: DomLimits, warnings: string[], xmlMode = false): DomDocument {
  const handler = new CountingDomHandler(null, { xmlMode });
  const parser = new DepthBoundedParser(handler, limits.maxDepth, xmlMode);
  const length = Math.min(markup.length, limits.maxChars);
  if (markup.length > limits.maxChars) {
    warnings.push(`document truncated: parsed the first ${limits.maxChars.toLocaleString('en')} of ${markup.length.toLocaleString('en')} characters`);
  }
  for (let offset = 0; offset < length; offset += CHUNK_CHARS) {
    parser.write(markup.slice(offset, Math.min(offset + CHUNK_CHARS, length)));
    if (handler.nodes > limits.maxNodes) {
      warnings.push(`document truncated: stopped after ${handler.nodes.toLocaleString('en')} nodes (limit ${limits.maxNodes.toLocaleString('en')})`);
      break;
    }
  }
  parser.end();
  if (parser.flattened) {
    warnings.push(`elements nested deeper than ${limits.maxDepth} levels were flattened into their ancestor at that depth`);
  }
  return handler.root;
}

/** Pre-order walk without recursion. `enter` returns false to skip a node's children. */
export function walk(root: { children: ChildNode[] }, enter: (node: ChildNode) => boolean | void, leave?: (element: Element) => void): void {
  type Frame = { node: ChildNode; leaving: boolean };
  const stack: Frame[] = [];
  const pushChildren = (parent: { children: ChildNode[] }) => {
    for (let i = parent.children.length - 1; i >= 0; i--) stack.push({ node: parent.children[i] as ChildNode, leaving: false });
  };
  pushChildren(root);
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { node } = frame;
    if (frame.leaving) {
      leave?.(node as Element);
      continue;
    }
    if (enter(node) === false) continue;
    if (isTag(node)) {
      if (leave) stack.push({ node, leaving: true });
      pushChildren(node);
    } else if ('children' in node) {
      pushChildren(node);
    }
  }
}

/** Elements that never contribute readable text. */
const NON_TEXT = new Set(['script', 'style', 'template', 'noscript', 'head', 'svg', 'select']);

/** Elements whose content starts on a new line in a rendered page. */
export const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'legend', 'body', 'html',
]);

/** Concatenated text of a subtree, whitespace collapsed to single spaces; blocks and cells are separated by a space. */
export function collapsedText(node: AnyNode): string {
  if (isText(node)) return collapse(node.data);
  if (!('children' in node)) return '';
  const parts: string[] = [];
  const separates = (el: Element) => BLOCK_ELEMENTS.has(el.name) || el.name === 'td' || el.name === 'th' || el.name === 'br';
  walk(
    node as ParentNode,
    (child) => {
      if (isText(child)) parts.push(child.data);
      else if (isTag(child)) {
        if (NON_TEXT.has(child.name)) return false;
        if (separates(child)) parts.push(' ');
      }
      return true;
    },
    (el) => {
      if (separates(el)) parts.push(' ');
    },
  );
  return collapse(parts.join(''));
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function parentElement(node: AnyNode): Element | null {
  const parent = node.parent;
  return parent && isTag(parent) ? parent : null;
}

export function rootOf(node: AnyNode): AnyNode {
  let current: AnyNode = node;
  while (current.parent) current = current.parent;
  return current;
}

export function elementChildren(parent: ParentNode): Element[] {
  return parent.children.filter(isTag);
}

export function hasDescendant(element: Element, predicate: (el: Element) => boolean): boolean {
  let found = false;
  walk(element, (node) => {
    if (found) return false;
    if (isTag(node) && predicate(node)) found = true;
    return !found;
  });
  return found;
}

/** css-select with its generics pinned to domhandler types (inference otherwise types results as the root's type). */
export function selectElements(selector: string, root: AnyNode | AnyNode[]): Element[] {
  return selectAll<AnyNode, Element>(selector, root);
}

export function selectElement(selector: string, root: AnyNode | AnyNode[]): Element | null {
  return selectOne<AnyNode, Element>(selector, root);
}
