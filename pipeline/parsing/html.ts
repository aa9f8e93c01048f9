import { isComment, isTag, isText, type ChildNode, type Element } from 'domhandler';
import { removeElement } from 'domutils';
import type { DefinitionList, HtmlTable, Link, MetaTag, MicrodataItem, ParsedHtml } from './document.js';
import { BLOCK_ELEMENTS, DEFAULT_DOM_LIMITS, buildDom, collapse, collapsedText, elementChildren, hasDescendant, parentElement, walk, type DomLimits } from './dom.js';
import { cssPath } from './css-path.js';
import { jsonDepthExceeds } from './json-depth.js';
import { detectLanguage, primaryLanguageTag } from './language.js';

export { cssPath } from './css-path.js';

export interface HtmlLimits extends DomLimits {
  /** Distinct template paths kept, and how deep below `body` they go. */
  maxTemplatePaths: number;
  templatePathDepth: number;
  maxTables: number;
  maxTableRows: number;
  maxJsonLdChars: number;
  maxJsonDepth: number;
  maxMicrodataDepth: number;
}

export const DEFAULT_HTML_LIMITS: HtmlLimits = {
  ...DEFAULT_DOM_LIMITS,
  maxTemplatePaths: 5_000,
  templatePathDepth: 40,
  maxTables: 500,
  maxTableRows: 10_000,
  maxJsonLdChars: 2_000_000,
  maxJsonDepth: 64,
  maxMicrodataDepth: 32,
};

export const BOILERPLATE_ATTRIBUTE = 'data-quarry-boilerplate';

/**
 * Parses HTML into Quarry's normalized form. Never throws on bad markup: htmlparser2 recovers like a browser would,
 * limits (size, node count, depth) turn into warnings, and invalid JSON-LD is skipped with a warning.
 */
export function parseHtml(html: string, url: string, limits: HtmlLimits = DEFAULT_HTML_LIMITS): ParsedHtml {
  const warnings: string[] = [];
  const dom = buildDom(html, limits, warnings);
  const cleaned = clean(dom.children, limits, warnings);
  const baseUrl = findBaseUrl(dom.children, url);
  const scan = scanDocument(dom.children, baseUrl, limits);
  const text = scan.text;
  const title = pickTitle(scan);
  const language = pickLanguage(scan, text);
  return {
    kind: 'html',
    url,
    title,
    language,
    text,
    dom,
    links: scan.links,
    tables: scan.tables.slice(0, limits.maxTables).map((t) => readTable(t.element, t.boilerplate, limits)),
    definitionLists: scan.definitionLists.map((d) => readDefinitionList(d.element, d.boilerplate)),
    jsonLd: cleaned.jsonLd,
    microdata: readMicrodata(scan.microdataRoots, baseUrl, limits.maxMicrodataDepth),
    meta: scan.meta,
    templatePaths: scan.templatePaths,
    looksLikeShell: looksLikeShell(cleaned, scan, text),
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Cleaning: scripts, styles and other non-content go; JSON-LD stays (and is parsed here).

const REMOVED = new Set(['style', 'noscript', 'template']);
const CONTENT_DROPPED = new Set(['iframe', 'object', 'embed', 'frame']);

interface Cleaned {
  jsonLd: unknown[];
  scripts: number;
  noscriptAsksForJs: boolean;
}

function clean(nodes: ChildNode[], limits: HtmlLimits, warnings: string[]): Cleaned {
  const result: Cleaned = { jsonLd: [], scripts: 0, noscriptAsksForJs: false };
  const doomed: ChildNode[] = [];
  let jsonLdBlock = 0;
  walk({ children: nodes }, (node) => {
    if (isComment(node)) {
      doomed.push(node);
      return false;
    }
    if (!isTag(node)) return true;
    if (node.name === 'script') {
      if (isJsonLd(node)) {
        jsonLdBlock++;
        const parsed = parseJsonLd(collapsedRaw(node), jsonLdBlock, limits, warnings);
        if (parsed !== undefined) result.jsonLd.push(parsed);
        return false;
      }
      result.scripts++;
      doomed.push(node);
      return false;
    }
    if (node.name === 'noscript' && /javascript|enable js|\bjs\b/i.test(collapsedText(node))) result.noscriptAsksForJs = true;
    if (REMOVED.has(node.name)) {
      doomed.push(node);
      return false;
    }
    if (CONTENT_DROPPED.has(node.name)) {
      doomed.push(...node.children);
      return false;
    }
    return true;
  });
  for (const node of doomed) removeElement(node);
  return result;
}

function isJsonLd(script: Element): boolean {
  return (script.attribs['type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/ld+json';
}

function collapsedRaw(element: Element): string {
  return element.children.map((c) => (isText(c) ? c.data : '')).join('');
}

function parseJsonLd(raw: string, block: number, limits: HtmlLimits, warnings: string[]): unknown {
  const source = raw
    .trim()
    .replace(/^<!--|-->$/g, '')
    .replace(/^\s*(\/\/\s*)?<!\[CDATA\[|(\/\/\s*)?\]\]>\s*$/g, '')
    .trim();
  if (source.length === 0) {
    warnings.push(`JSON-LD block ${block} is empty`);
    return undefined;
  }
  if (source.length > limits.maxJsonLdChars) {
    warnings.push(`JSON-LD block ${block} skipped: ${source.length} characters (limit ${limits.maxJsonLdChars})`);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    warnings.push(`JSON-LD block ${block} is not valid JSON (${(error as Error).message})`);
    return undefined;
  }
  if (jsonDepthExceeds(value, limits.maxJsonDepth)) {
    warnings.push(`JSON-LD block ${block} skipped: nested deeper than ${limits.maxJsonDepth} levels`);
    return undefined;
  }
  return value;
}

function findBaseUrl(nodes: ChildNode[], url: string): string {
  let href: string | undefined;
  walk({ children: nodes }, (node) => {
    if (href !== undefined) return false;
    if (isTag(node) && node.name === 'base' && node.attribs['href'] !== undefined) href = node.attribs['href'];
    return true;
  });
  if (href === undefined) return url;
  return resolveUrl(href, url) ?? url;
}

function resolveUrl(href: string, base: string): string | null {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One walk over the cleaned DOM: boilerplate marking, text, links, and the elements later steps read.

interface ElementState {
  boilerplate: boolean;
  /** Inside article/section/main/aside/nav: a header or footer here belongs to that content, not to the page. */
  sectioned: boolean;
  skipText: boolean;
  pre: boolean;
  inItem: boolean;
  inSvg: boolean;
  templatePath: string | null;
  templateDepth: number;
}

interface Scan {
  text: string;
  titleElement: string | null;
  firstH1: string | null;
  firstBoilerplateH1: string | null;
  htmlLang: string | null;
  links: Link[];
  tables: Array<{ element: Element; boilerplate: boolean }>;
  definitionLists: Array<{ element: Element; boilerplate: boolean }>;
  microdataRoots: Element[];
  meta: MetaTag[];
  templatePaths: string[];
  hasAppRoot: boolean;
}

const SECTIONING = new Set(['article', 'section', 'main', 'aside', 'nav']);
const NO_TEXT = new Set(['script', 'style', 'template', 'head', 'svg', 'select', 'title']);
const APP_ROOT_IDS = new Set(['root', 'app', '__next', '__nuxt', 'svelte', '___gatsby']);

function scanDocument(nodes: ChildNode[], baseUrl: string, limits: HtmlLimits): Scan {
  const scan: Scan = {
    text: '',
    titleElement: null,
    firstH1: null,
    firstBoilerplateH1: null,
    htmlLang: null,
    links: [],
    tables: [],
    definitionLists: [],
    microdataRoots: [],
    meta: [],
    templatePaths: [],
    hasAppRoot: false,
  };
  const states = new Map<Element, ElementState>();
  const top: ElementState = { boilerplate: false, sectioned: false, skipText: false, pre: false, inItem: false, inSvg: false, templatePath: null, templateDepth: 0 };
  const templatePaths = new Set<string>();
  const links = new Map<string, Link>();
  const text = new TextBuilder();

  const enter = (node: ChildNode): boolean => {
    const parent = node.parent && isTag(node.parent) ? (states.get(node.parent) ?? top) : top;
    if (isText(node)) {
      if (!parent.skipText && !parent.boilerplate) text.add(node.data, parent.pre);
      return false;
    }
    if (!isTag(node)) return true;
    const el = node;
    const name = el.name;
    const boilerplateReason = parent.boilerplate ? null : boilerplateOf(el, parent.sectioned);
    if (boilerplateReason) el.attribs[BOILERPLATE_ATTRIBUTE] = boilerplateReason;
    const state: ElementState = {
      boilerplate: parent.boilerplate || boilerplateReason !== null,
      sectioned: parent.sectioned || SECTIONING.has(name),
      skipText: parent.skipText || NO_TEXT.has(name),
      pre: parent.pre || name === 'pre' || name === 'textarea',
      inItem: parent.inItem || el.attribs['itemscope'] !== undefined,
      inSvg: parent.inSvg || name === 'svg',
      templatePath: null,
      templateDepth: 0,
    };
    states.set(el, state);

    if (BLOCK_ELEMENTS.has(name) || name === 'br') text.newline();
    else if (name === 'td' || name === 'th') text.add(' ', false);

    collect(el, parent, state);
    recordTemplatePath(el, parent, state);
    return true;
  };

  const leave = (el: Element) => {
    if (BLOCK_ELEMENTS.has(el.name)) text.newline();
    else if (el.name === 'td' || el.name === 'th') text.add(' ', false);
    states.delete(el);
  };

  const collect = (el: Element, parent: ElementState, state: ElementState) => {
    const { name, attribs } = el;
    if (name === 'html' && scan.htmlLang === null) scan.htmlLang = attribs['lang'] ?? attribs['xml:lang'] ?? null;
    else if (name === 'title' && scan.titleElement === null && !parent.inSvg) scan.titleElement = collapsedText(el) || null;
    else if (name === 'h1') {
      if (!state.boilerplate && scan.firstH1 === null) scan.firstH1 = collapsedText(el) || null;
      else if (state.boilerplate && scan.firstBoilerplateH1 === null) scan.firstBoilerplateH1 = collapsedText(el) || null;
    } else if ((name === 'a' || name === 'area') && attribs['href'] !== undefined) addLink(el, state.boilerplate);
    else if (name === 'table') scan.tables.push({ element: el, boilerplate: state.boilerplate });
    else if (name === 'dl') scan.definitionLists.push({ element: el, boilerplate: state.boilerplate });
    else if (name === 'meta') addMeta(el);
    if (name === 'div' && APP_ROOT_IDS.has(attribs['id'] ?? '')) scan.hasAppRoot = true;
    if (attribs['itemscope'] !== undefined && !(attribs['itemprop'] !== undefined && parent.inItem)) scan.microdataRoots.push(el);
  };

  const addLink = (el: Element, boilerplate: boolean) => {
    const resolved = resolveUrl(el.attribs['href'] ?? '', baseUrl);
    if (!resolved || !/^https?:/i.test(resolved)) return;
    const url = resolved.replace(/#.*$/, '');
    const linkText = collapsedText(el) || collapse(el.attribs['title'] ?? el.attribs['aria-label'] ?? el.attribs['alt'] ?? '');
    const existing = links.get(url);
    if (existing) {
      existing.boilerplate &&= boilerplate;
      if (!existing.text && linkText) existing.text = linkText;
      return;
    }
    links.set(url, { url, text: linkText, rel: el.attribs['rel'] ?? null, boilerplate });
  };

  const addMeta = (el: Element) => {
    const key = el.attribs['name'] ?? el.attribs['property'] ?? el.attribs['itemprop'];
    const content = el.attribs['content'];
    if (key === undefined || content === undefined) return;
    scan.meta.push({ key: key.trim().toLowerCase(), content: collapse(content) });
  };

  const recordTemplatePath = (el: Element, parent: ElementState, state: ElementState) => {
    if (el.name === 'html' || el.name === 'head' || el.name === 'script' || (parent.skipText && el.name !== 'body')) return;
    if (el.name === 'body') {
      state.templatePath = 'body';
      return;
    }
    const base = parent.templatePath ?? (parentElement(el) === null || parentElement(el)?.name === 'html' ? 'body' : null);
    if (base === null) return;
    state.templateDepth = parent.templateDepth + 1;
    if (state.templateDepth > limits.templatePathDepth) return;
    state.templatePath = `${base}>${templateStep(el)}`;
    if (templatePaths.size < limits.maxTemplatePaths) templatePaths.add(state.templatePath);
  };

  walk({ children: nodes }, enter, leave);
  scan.text = text.toString();
  scan.links = [...links.values()];
  scan.templatePaths = [...templatePaths];
  return scan;
}

function templateStep(el: Element): string {
  const classes = (el.attribs['class'] ?? '').split(/\s+/).filter((c) => /^[A-Za-z_-][\w-]*$/.test(c)).slice(0, 2);
  return [el.name, ...classes].join('.');
}

const BOILERPLATE_ROLES = new Set(['navigation', 'contentinfo', 'banner']);
const BOILERPLATE_WORDS = /(cookie|consent|gdpr|breadcrumb|sidebar|navbar|menu|banner)/i;
/** Elements that are the content themselves, whatever their classes say. */
const NEVER_BOILERPLATE = new Set(['html', 'body', 'main', 'article', 'head', 'h1']);

function boilerplateOf(el: Element, sectioned: boolean): string | null {
  const { name, attribs } = el;
  if (NEVER_BOILERPLATE.has(name)) return null;
  if (name === 'nav') return 'nav';
  if ((name === 'header' || name === 'footer') && !sectioned) return name;
  if (name === 'aside' && !sectioned) return 'aside';
  const role = (attribs['role'] ?? '').trim().toLowerCase();
  if (BOILERPLATE_ROLES.has(role)) return `role:${role}`;
  const word = BOILERPLATE_WORDS.exec(`${attribs['id'] ?? ''} ${attribs['class'] ?? ''} ${role}`)?.[1];
  if (!word) return null;
  // A "hero banner" holding the page heading, or a wrapper holding the main content, is not boilerplate.
  if (hasDescendant(el, (d) => d.name === 'h1' || d.name === 'main' || d.name === 'article')) return null;
  return word.toLowerCase();
}

/** Text with block boundaries as newlines; whitespace inside a line collapsed. */
class TextBuilder {
  private readonly parts: string[] = [];

  add(data: string, preformatted: boolean): void {
    this.parts.push(preformatted ? data.replace(/\r?\n/g, '\n') : data.replace(/\s+/g, ' '));
  }

  newline(): void {
    if (this.parts[this.parts.length - 1] !== '\n') this.parts.push('\n');
  }

  toString(): string {
    return this.parts
      .join('')
      .split('\n')
      .map((line) => collapse(line))
      .filter((line) => line.length > 0)
      .join('\n');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Title, language, shell detection

function pickTitle(scan: Scan): string | null {
  const ogTitle = scan.meta.find((m) => m.key === 'og:title')?.content;
  const title = [scan.titleElement, ogTitle, scan.firstH1, scan.firstBoilerplateH1].find((t) => t && t.length > 0);
  return title ? title.slice(0, 500) : null;
}

function pickLanguage(scan: Scan, text: string): string | null {
  const declared =
    primaryLanguageTag(scan.htmlLang) ??
    primaryLanguageTag(scan.meta.find((m) => m.key === 'content-language' || m.key === 'language' || m.key === 'dc.language')?.content) ??
    primaryLanguageTag(scan.meta.find((m) => m.key === 'og:locale')?.content);
  return declared ?? detectLanguage(text);
}

function looksLikeShell(cleaned: Cleaned, scan: Scan, text: string): boolean {
  const length = text.length;
  if (length >= 300) return false;
  if (scan.hasAppRoot || cleaned.noscriptAsksForJs) return true;
  return (cleaned.scripts >= 3 && length < 300) || (cleaned.scripts >= 1 && length < 80);
}

// ---------------------------------------------------------------------------------------------------------------
// Tables and definition lists

function readTable(table: Element, boilerplate: boolean, limits: HtmlLimits): HtmlTable {
  const rows: Array<{ element: Element; head: boolean }> = [];
  let caption: string | null = null;
  for (const child of elementChildren(table)) {
    if (child.name === 'caption' && caption === null) caption = collapsedText(child) || null;
    else if (child.name === 'tr') rows.push({ element: child, head: false });
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      for (const tr of elementChildren(child)) if (tr.name === 'tr') rows.push({ element: tr, head: child.name === 'thead' });
    }
  }
  const grid = layoutRows(rows.slice(0, limits.maxTableRows).map((r) => r.element));
  const headIndex = rows.findIndex((r) => r.head);
  const firstRowAllTh = rows[0] !== undefined && cellsOf(rows[0].element).length > 0 && cellsOf(rows[0].element).every((c) => c.name === 'th');
  const headerRow = headIndex >= 0 ? headIndex : firstRowAllTh ? 0 : -1;
  return {
    cssPath: cssPath(table),
    caption,
    headers: headerRow >= 0 ? (grid[headerRow] ?? []) : [],
    rows: grid.filter((_, i) => i !== headerRow && !rows[i]?.head),
    boilerplate,
  };
}

function cellsOf(tr: Element): Element[] {
  return elementChildren(tr).filter((c) => c.name === 'td' || c.name === 'th');
}

const MAX_COLSPAN = 50;
const MAX_ROWSPAN = 100;

/** Rows as a grid: a cell spanning columns or rows repeats its text in every slot it covers. */
function layoutRows(trs: Element[]): string[][] {
  const pending = new Map<number, { text: string; remaining: number }>();
  return trs.map((tr) => {
    const row: string[] = [];
    const takePending = () => {
      for (let p = pending.get(row.length); p; p = pending.get(row.length)) {
        const column = row.length;
        row.push(p.text);
        if (--p.remaining <= 0) pending.delete(column);
      }
    };
    for (const cell of cellsOf(tr)) {
      takePending();
      const text = collapsedText(cell);
      const colspan = spanOf(cell.attribs['colspan'], MAX_COLSPAN);
      const rowspan = spanOf(cell.attribs['rowspan'], MAX_ROWSPAN);
      for (let k = 0; k < colspan; k++) {
        if (rowspan > 1) pending.set(row.length, { text, remaining: rowspan - 1 });
        row.push(text);
      }
    }
    takePending();
    for (const column of [...pending.keys()].sort((a, b) => a - b)) {
      if (column < row.length) continue;
      while (row.length < column) row.push('');
      takePending();
    }
    return row;
  });
}

function spanOf(value: string | undefined, max: number): number {
  const n = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

function readDefinitionList(dl: Element, boilerplate: boolean): DefinitionList {
  const items: DefinitionList['items'] = [];
  // HTML allows dt/dd groups wrapped in a <div> directly inside <dl>.
  const entries = elementChildren(dl).flatMap((child) => (child.name === 'div' ? elementChildren(child) : [child]));
  let terms: string[] = [];
  let lastWasDd = false;
  for (const entry of entries) {
    if (entry.name === 'dt') {
      if (lastWasDd) terms = [];
      terms.push(collapsedText(entry));
      lastWasDd = false;
    } else if (entry.name === 'dd') {
      items.push({ term: terms.join(' / '), value: collapsedText(entry), cssPath: cssPath(entry) });
      lastWasDd = true;
    }
  }
  return { cssPath: cssPath(dl), items, boilerplate };
}

// ---------------------------------------------------------------------------------------------------------------
// Microdata (WHATWG HTML §5.2), without itemref

function readMicrodata(roots: Element[], baseUrl: string, maxDepth: number): MicrodataItem[] {
  const queue: Array<{ element: Element; item: MicrodataItem; depth: number }> = [];
  const newItem = (element: Element): MicrodataItem => ({
    type: (element.attribs['itemtype'] ?? '').split(/\s+/).filter((t) => t.length > 0),
    id: element.attribs['itemid'] ?? null,
    cssPath: cssPath(element),
    properties: {},
  });
  const items = roots.map((element) => {
    const item = newItem(element);
    queue.push({ element, item, depth: 0 });
    return item;
  });
  const add = (item: MicrodataItem, names: string[], value: string | MicrodataItem) => {
    for (const name of names) (item.properties[name] ??= []).push(value);
  };
  for (let job = queue.pop(); job; job = queue.pop()) {
    const { item, depth } = job;
    walk(job.element, (node) => {
      if (!isTag(node)) return false;
      const names = (node.attribs['itemprop'] ?? '').split(/\s+/).filter((n) => n.length > 0);
      if (node.attribs['itemscope'] !== undefined) {
        if (names.length === 0) return false; // its own top-level item
        if (depth + 1 >= maxDepth) {
          add(item, names, collapsedText(node));
          return false;
        }
        const child = newItem(node);
        add(item, names, child);
        queue.push({ element: node, item: child, depth: depth + 1 });
        return false;
      }
      if (names.length > 0) add(item, names, propertyValue(node, baseUrl));
      return true;
    });
  }
  return items;
}

const URL_PROPERTY: Record<string, string> = {
  a: 'href', area: 'href', link: 'href', img: 'src', audio: 'src', video: 'src', source: 'src', track: 'src', embed: 'src', iframe: 'src', object: 'data',
};

function propertyValue(el: Element, baseUrl: string): string {
  if (el.name === 'meta') return collapse(el.attribs['content'] ?? '');
  const urlAttribute = URL_PROPERTY[el.name];
  if (urlAttribute) {
    const raw = el.attribs[urlAttribute];
    return raw === undefined ? '' : (resolveUrl(raw, baseUrl) ?? raw);
  }
  if ((el.name === 'data' || el.name === 'meter') && el.attribs['value'] !== undefined) return el.attribs['value'];
  if (el.name === 'time' && el.attribs['datetime'] !== undefined) return el.attribs['datetime'];
  if (el.attribs['content'] !== undefined) return el.attribs['content'];
  return collapsedText(el);
}
