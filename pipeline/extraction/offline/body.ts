import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { BOILERPLATE_ATTRIBUTE } from '../../parsing/html.js';
import { markupWords } from './runs.js';

/**
 * The article body: the running text a reader reads as the page's story, without the navigation, share bars, related
 * lists, newsletter boxes, captions and comments around it. Found by text density, the way reader views find it
 * (after Readability's scoring): the page is cut into text blocks; every paragraph (enough characters) scores the
 * containers above it, the nearer the more, and a container's score shrinks with the share of its text that is
 * links. The best container, widened to the ancestor several strong containers share and to siblings that score
 * well (a body split by an advertisement), is the body's region; its blocks, less link lists, are the body.
 */
export interface BodyBlock {
  /** The element whose own text this is (a paragraph, a list item, a heading, a `<div>` holding text directly). */
  element: Element;
  text: string;
  /** Characters of the text inside links. */
  linkChars: number;
}

export interface ArticleBody {
  /** The region the blocks come from (the best container, or its parent when siblings joined it). */
  region: Element;
  blocks: BodyBlock[];
}

/** Elements whose text is never the article's: page furniture, media and their captions, forms' controls. */
const SKIP = new Set([
  'head', 'script', 'style', 'noscript', 'template', 'svg', 'nav', 'header', 'footer', 'aside', 'select', 'button', 'input', 'textarea', 'option',
  'iframe', 'object', 'embed', 'figure', 'figcaption', 'picture', 'video', 'audio', 'canvas', 'h1', 'dialog', 'menu',
]);
/** Elements that start a new block of text; anything else (links, emphasis, unknown tags) runs inline. */
const BLOCKS = new Set([
  'html', 'body', 'main', 'article', 'section', 'div', 'p', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'address', 'hr', 'form', 'fieldset', 'details', 'summary', 'center', 'hgroup',
]);
/** Blocks that are a paragraph themselves: they score their parent. A container holding text directly scores itself. */
const PARAGRAPHS = new Set(['p', 'li', 'dt', 'dd', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'td', 'th', 'address', 'summary', 'caption']);
/**
 * Markup words of regions that hold no part of the story. A region whose words also say it is content
 * (`post-content`, `article-body`) is kept: a page's wrapper often carries both.
 */
const NOISE_WORDS = new Set([
  'comment', 'comments', 'disqus', 'respond', 'reply', 'share', 'sharing', 'sharebar', 'social', 'related', 'recommended', 'recommendations', 'popular',
  'trending', 'newsletter', 'subscribe', 'subscription', 'signup', 'promo', 'advert', 'advertisement', 'ad', 'ads', 'adslot', 'sponsor', 'sponsored',
  'outbrain', 'taboola', 'byline', 'caption', 'credit', 'credits', 'tags', 'breadcrumb', 'breadcrumbs', 'toolbar', 'sidebar', 'rail', 'footer',
  'masthead', 'navbar', 'menu', 'banner', 'gdpr', 'modal', 'popup', 'cookie', 'consent', 'paywall', 'hidden', 'carousel', 'print', 'pagination',
]);
/** Words that name a region apart from the story even beside a content word (`post-author`, `comments-content`). */
const STRONG_NOISE_WORDS = new Set(['author', 'bio', 'comment', 'comments', 'related', 'share', 'sharing', 'newsletter']);
const STRUCTURAL_MARKS = new Set(['nav', 'header', 'footer', 'aside']);
const CONTENT_WORDS = new Set(['article', 'body', 'content', 'entry', 'main', 'post', 'story', 'blog']);
/** A block shorter than this says too little to score a container (Readability's threshold). */
const MIN_PARAGRAPH_CHARS = 25;
/** Levels above a paragraph that its score reaches. */
const SCORED_LEVELS = 5;
/** Containers whose score is this share of the best one's are strong too; that many sharing an ancestor widen to it. */
const STRONG_SHARE = 0.75;
const MIN_STRONG = 3;
/** A sibling of the best container joins the body when it scores this share of the best (and at least the floor). */
const SIBLING_SHARE = 0.2;
const SIBLING_FLOOR = 10;
/** A block or a region inside the body this much links is a link list (related stories, tags), not text. */
const MAX_LINK_DENSITY = 0.5;
const MAX_DEPTH = 256;

/**
 * `skip` names further elements that are not running text (the page's dateline). Null when the page has no block
 * long enough to be a paragraph.
 */
export function articleBody(top: readonly AnyNode[], skip: (el: Element) => boolean = () => false): ArticleBody | null {
  const blocks = textBlocks(top, skip);
  const stats = new Map<Element, { chars: number; linkChars: number; score: number }>();
  const statsOf = (el: Element): { chars: number; linkChars: number; score: number } => {
    let s = stats.get(el);
    if (!s) stats.set(el, (s = { chars: 0, linkChars: 0, score: 0 }));
    return s;
  };
  const scored = new Set<Element>();
  for (const block of blocks) {
    for (let node: AnyNode | null = block.element; node && isTag(node); node = node.parent) {
      const s = statsOf(node);
      s.chars += block.text.length;
      s.linkChars += block.linkChars;
    }
    if (block.text.length < MIN_PARAGRAPH_CHARS) continue;
    const points = 1 + (block.text.match(/[,，、]/g)?.length ?? 0) + Math.min(Math.floor(block.text.length / 100), 3);
    let node: AnyNode | null = PARAGRAPHS.has(block.element.name) ? block.element.parent : block.element;
    for (let level = 0; node && isTag(node) && level < SCORED_LEVELS; node = node.parent, level++) {
      if (!scored.has(node)) {
        scored.add(node);
        statsOf(node).score += markupWeight(node);
      }
      statsOf(node).score += points / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
    }
  }
  const density = (el: Element): number => {
    const s = stats.get(el);
    return s && s.chars > 0 ? s.linkChars / s.chars : 0;
  };
  const final = (el: Element): number => (scored.has(el) ? (stats.get(el)?.score ?? 0) * (1 - density(el)) : 0);
  const ranked = [...scored].map((el) => ({ el, score: final(el) })).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best || best.score <= 0) return null;

  const region = widened(best.el, best.score, ranked, final);
  const joined = joinedSiblings(region, final(region), final, density);
  const inside = (el: Element): boolean => {
    for (let node: AnyNode | null = el; node && isTag(node); node = node.parent) {
      if (joined.has(node)) return true;
      // A link list inside the body (related stories, tags) is left out whole.
      if (node !== el && density(node) > MAX_LINK_DENSITY) return false;
    }
    return false;
  };
  const kept = blocks.filter((b) => b.linkChars / b.text.length <= MAX_LINK_DENSITY && inside(b.element));
  const holder = joined.size > 1 && region.parent && isTag(region.parent) ? region.parent : region;
  return { region: holder, blocks: kept };
}

/**
 * The best container, or the ancestor that several strong containers share (a body cut into sections), or an
 * ancestor scoring more than it (paragraphs split over nested wrappers).
 */
function widened(best: Element, bestScore: number, ranked: ReadonlyArray<{ el: Element; score: number }>, final: (el: Element) => number): Element {
  const strong = ranked.slice(1, 5).filter((c) => c.score >= STRONG_SHARE * bestScore).map((c) => c.el);
  let region = best;
  if (strong.length >= MIN_STRONG) {
    for (let node: AnyNode | null = best.parent; node && isTag(node) && node.name !== 'body'; node = node.parent) {
      const holder = node;
      if (strong.filter((el) => contains(holder, el)).length >= MIN_STRONG) {
        region = holder;
        break;
      }
    }
  }
  let last = final(region);
  for (let node: AnyNode | null = region.parent; node && isTag(node) && node.name !== 'body'; node = node.parent) {
    const score = final(node);
    if (score < last / 3) break;
    if (score > last) {
      region = node;
      break;
    }
    last = score;
  }
  // A wrapper around nothing else is the same region.
  while (region.parent && isTag(region.parent) && region.parent.name !== 'body' && region.parent.children.filter(isTag).length === 1) region = region.parent;
  return region;
}

/** The region and those of its siblings that read as more of the same text. */
function joinedSiblings(region: Element, score: number, final: (el: Element) => number, density: (el: Element) => number): Set<Element> {
  const joined = new Set<Element>([region]);
  const parent = region.parent;
  if (!parent || !isTag(parent)) return joined;
  const threshold = Math.max(SIBLING_FLOOR, SIBLING_SHARE * score);
  const regionClass = region.attribs['class'] ?? '';
  for (const sibling of parent.children) {
    if (!isTag(sibling) || sibling === region) continue;
    const bonus = regionClass !== '' && sibling.attribs['class'] === regionClass ? SIBLING_SHARE * score : 0;
    if (final(sibling) + bonus >= threshold) joined.add(sibling);
    else if (sibling.name === 'p' && density(sibling) < 0.25) joined.add(sibling);
  }
  return joined;
}

/** Content words in the markup raise a container, words of page furniture lower it (Readability's class weight). */
function markupWeight(el: Element): number {
  const words = markupWords(el);
  return (words.some((w) => CONTENT_WORDS.has(w)) ? 25 : 0) - (words.some((w) => NOISE_WORDS.has(w)) ? 25 : 0);
}

/** Whether an element is a region that holds no part of the story, by its tag, its marking or its markup words. */
function furniture(el: Element, holders: ReadonlySet<Element>): boolean {
  if (SKIP.has(el.name) || el.attribs['hidden'] !== undefined) return true;
  // The parser's marks by tag and role stand; its marks by a class word are weighed here with the content words.
  const marked = el.attribs[BOILERPLATE_ATTRIBUTE];
  if (marked !== undefined && (STRUCTURAL_MARKS.has(marked) || marked.startsWith('role:'))) return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.attribs['style'] ?? '')) return true;
  if (el.name === 'html' || el.name === 'body' || el.name === 'main' || el.name === 'article') return false;
  const words = markupWords(el);
  // A sticky sidebar wrapper around the whole article is a layout device, not a sidebar.
  if (holders.has(el)) return false;
  return words.some((w) => STRONG_NOISE_WORDS.has(w)) || (words.some((w) => NOISE_WORDS.has(w)) && !words.some((w) => CONTENT_WORDS.has(w)));
}

/** The elements holding a `<main>` or a page heading: the story is somewhere inside them (cards of related `<article>`s do not count). */
function articleHolders(top: readonly AnyNode[]): Set<Element> {
  const holders = new Set<Element>();
  const stack: AnyNode[] = [...top];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node)) continue;
    if (node.name === 'main' || node.name === 'h1') {
      for (let up = node.parent; up && isTag(up) && !holders.has(up); up = up.parent) holders.add(up);
    }
    stack.push(...node.children);
  }
  return holders;
}

/** The page cut into blocks of text, each attributed to the nearest block element holding it. */
function textBlocks(top: readonly AnyNode[], skip: (el: Element) => boolean): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let owner: Element | null = null;
  const flush = (): void => {
    const text = parts.join('').replace(/\s+/g, ' ').trim();
    if (text !== '' && owner) blocks.push({ element: owner, text, linkChars: Math.min(linkChars, text.length) });
    parts = [];
    linkChars = 0;
  };
  const holders = articleHolders(top);
  const visit = (node: AnyNode, inLink: boolean, depth: number): void => {
    if (isText(node)) {
      parts.push(node.data);
      if (inLink) linkChars += node.data.replace(/\s+/g, ' ').trim().length;
      return;
    }
    if (!isTag(node) || depth > MAX_DEPTH) return;
    if (furniture(node, holders) || skip(node)) {
      // What is left out splits the text around it: each block stays a run of the page's text as written.
      flush();
      return;
    }
    if (node.name === 'br') {
      parts.push(' ');
      return;
    }
    const block = BLOCKS.has(node.name) || owner === null;
    const outer = owner;
    if (block) {
      flush();
      owner = node;
    }
    for (const child of node.children) visit(child, inLink || node.name === 'a', depth + 1);
    if (block) {
      flush();
      owner = outer;
    }
  };
  for (const node of top) visit(node, false, 0);
  return blocks;
}

function contains(ancestor: Element, el: Element): boolean {
  for (let node: AnyNode | null = el; node; node = node.parent) if (node === ancestor) return true;
  return false;
}
