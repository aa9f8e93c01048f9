import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { BLOCK_ELEMENTS } from '../../parsing/dom.js';

/**
 * A page's visible text as runs: the pieces a reader sees as separate, in document order. A run ends where a block
 * ends, at a `<br>`, at a separator (` | `, ` · `, ` • `), and around an inline element that the markup sets apart (a
 * `<strong>` at the start of a line, an element with a class). The label/value reader pairs runs; the line reader reads
 * "Label: value" inside one run, so a value never bleeds into the next span.
 */
export interface Run {
  text: string;
  /** The innermost element holding all of the run's text: an inline element read on its own, else its block. */
  element: Element;
  /** Whitespace (or a block boundary) separated this run from the one before it in the source. */
  spaceBefore: boolean;
  /** The markup marks the run's element as a label (`th`, `dt`, `label`, a `<strong>` opening a line, a class `…label`). */
  labelCue: boolean;
  /** The markup marks the run's element as a value (a class `…value`, `…data`, `dd`). */
  valueCue: boolean;
  /** 1–6 for a heading, else 0. */
  heading: number;
}

export interface RunOptions {
  /** Subtrees not read (tables and lists read elsewhere, boilerplate, members of repeated groups). */
  skip(element: Element): boolean;
  maxRuns?: number;
}

const NEVER_TEXT = new Set(['script', 'style', 'template', 'noscript', 'head', 'svg', 'select', 'option', 'textarea', 'button', 'input', 'img', 'picture', 'video', 'audio', 'iframe', 'object', 'canvas', 'map']);
const LABEL_TAGS = new Set(['th', 'dt', 'label', 'legend']);
const STRONG_TAGS = new Set(['strong', 'b']);
/** Inline elements that always read apart from their neighbours: a struck-through old price beside the new one. */
const SET_APART = new Set(['del', 's', 'strike', 'ins']);
const BLOCKS = new Set([...BLOCK_ELEMENTS, 'td', 'th', 'tr', 'caption', 'figcaption', 'center']);
/**
 * Where one run of text ends and the next begins inside an element: a bar or middle dot between spaces, or the end
 * of a sentence when the next one opens with a label ("… Sala Principal. Estreno: 16 de septiembre …").
 */
const SEPARATOR = /\s+[|·•]\s+|\s+[|·•]$|^[|·•]\s+|(?<=\p{Ll}{2}|\d|\))[.;]\s+(?=\p{Lu}[\p{L}\p{N} .'’/()-]{0,40}?\s*[:：]\s)/u;
const CLASS_WORDS = /[a-z]+/g;
const LABEL_WORDS = new Set(['label', 'labels', 'lbl', 'key', 'term', 'caption', 'heading', 'attr', 'attribute', 'prop', 'property', 'title', 'name', 'legend', 'dt', 'th', 'spec', 'specname']);
const VALUE_WORDS = new Set(['value', 'values', 'val', 'data', 'content', 'detail', 'details', 'desc', 'description', 'info', 'item', 'answer', 'text', 'dd', 'td', 'specvalue']);

/** Words of an element's class and id attributes (`fact-label` → fact, label; `field__item` → field, item). */
export function markupWords(el: Element): string[] {
  const attr = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
  if (attr.trim() === '') return [];
  return attr
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .match(CLASS_WORDS) ?? [];
}

function cueOf(el: Element, opensLine: boolean): { label: boolean; value: boolean } {
  const words = markupWords(el);
  // The last word of a BEM-ish class is its role (`fact-label`, `field__item`, `spec-name`).
  const label = LABEL_TAGS.has(el.name) || (STRONG_TAGS.has(el.name) && opensLine) || words.some((w) => LABEL_WORDS.has(w));
  const value = el.name === 'dd' || el.name === 'td' || (!label && words.some((w) => VALUE_WORDS.has(w)));
  return { label, value };
}

export function readRuns(root: AnyNode, opts: RunOptions): Run[] {
  const maxRuns = opts.maxRuns ?? 20_000;
  const runs: Run[] = [];
  /** Elements runs are attributed to: blocks and inline elements read on their own. */
  const holders: Array<{ el: Element; labelCue: boolean; valueCue: boolean; heading: number }> = [];
  let parts: string[] = [];
  let pendingSpace = true;

  const flush = (): void => {
    const holder = holders[holders.length - 1];
    const raw = parts.join('');
    parts = [];
    if (!holder || runs.length >= maxRuns) return;
    const pieces = raw.split(SEPARATOR);
    let first = true;
    for (const piece of pieces) {
      const text = piece.replace(/\s+/g, ' ').trim();
      const leadingSpace = /^\s/.test(piece);
      if (text === '' || (/^[\s\p{P}]*$/u.test(text) && !/\d/.test(text))) {
        if (text !== '' || leadingSpace) pendingSpace = true;
        first = false;
        continue;
      }
      runs.push({ text, element: holder.el, spaceBefore: pendingSpace || leadingSpace || !first, labelCue: holder.labelCue, valueCue: holder.valueCue, heading: holder.heading });
      pendingSpace = /\s$/.test(piece);
      first = false;
    }
  };

  type Frame = { node: AnyNode; leave: boolean };
  const stack: Frame[] = [];
  if (isTag(root)) stack.push({ node: root, leave: false });
  else if ('children' in root) for (let i = root.children.length - 1; i >= 0; i--) stack.push({ node: root.children[i] as AnyNode, leave: false });

  while (stack.length > 0 && runs.length < maxRuns) {
    const { node, leave } = stack.pop() as Frame;
    if (leave) {
      flush();
      holders.pop();
      pendingSpace ||= BLOCKS.has((node as Element).name);
      continue;
    }
    if (isText(node)) {
      if (holders.length > 0) parts.push(node.data);
      continue;
    }
    if (!isTag(node)) continue;
    const el = node;
    if (NEVER_TEXT.has(el.name) || opts.skip(el)) {
      if (BLOCKS.has(el.name)) {
        flush();
        pendingSpace = true;
      }
      continue;
    }
    if (el.name === 'br' || el.name === 'hr') {
      flush();
      pendingSpace = true;
      continue;
    }
    const block = BLOCKS.has(el.name);
    const opensLine = block || parts.join('').trim() === '';
    const cue = cueOf(el, opensLine);
    const ownRun = block || cue.label || cue.value || el.attribs['class'] !== undefined || /^h[1-6]$/.test(el.name) || SET_APART.has(el.name) || spanInRow(el);
    if (ownRun) {
      flush();
      if (block) pendingSpace = true;
      const heading = /^h([1-6])$/.exec(el.name);
      holders.push({ el, labelCue: cue.label, valueCue: cue.value, heading: heading ? Number(heading[1]) : (holders[holders.length - 1]?.heading ?? 0) });
      stack.push({ node: el, leave: true });
    } else if (holders.length === 0) {
      holders.push({ el, labelCue: false, valueCue: false, heading: 0 });
      stack.push({ node: el, leave: true });
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push({ node: el.children[i] as AnyNode, leave: false });
  }
  flush();
  return runs;
}

/** Inline elements that, side by side with no text between them, are parts of a row read apart. */
const ROW_PARTS = new Set(['span', 'small', 'strong', 'b', 'em', 'i']);

/**
 * `<div><span>Venue</span> <span>Lyric Hall</span></div>`, `<div><small>Kesto</small><br><strong>2 t</strong></div>`:
 * inline elements side by side (line breaks between them at most) with no text between them read apart.
 */
function spanInRow(el: Element): boolean {
  if (!ROW_PARTS.has(el.name) || !el.parent || !isTag(el.parent)) return false;
  let parts = 0;
  for (const sibling of el.parent.children) {
    if (isText(sibling)) {
      if (sibling.data.trim() !== '') return false;
    } else if (isTag(sibling)) {
      if (ROW_PARTS.has(sibling.name)) parts++;
      else if (sibling.name !== 'br') return false;
    }
  }
  return parts >= 2;
}

/** Whether `el` is `ancestor` or inside it, looking at most `maxUp` levels up. */
export function within(el: Element, ancestor: AnyNode, maxUp = 12): boolean {
  let node: AnyNode | null = el;
  for (let up = 0; node && up <= maxUp; up++, node = node.parent) if (node === ancestor) return true;
  return false;
}
