import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { cssPath } from '../../parsing/css-path.js';
import { labelledField, type FieldContext } from '../field.js';
import { dictionaryName } from '../labels.js';
import type { ExtractedField, ExtractedRecord } from '../model.js';
import { inferValue } from '../normalize/infer.js';
import type { Budget } from './budget.js';
import { markupWords, within, type Run } from './runs.js';
import { listConceptOf, personLike, recordGroupOfPairs } from './sections.js';
import type { RecordGroup } from './tables.js';

/**
 * Label → value pairs wherever a person sees them, whatever the markup: two parts of one row (`<span
 * class="fact-label">Opening night</span><span class="fact-value">…</span>`, `div.field > div.field__label +
 * div.field__item`, `<strong>Due date</strong> 02/18/2027`, a Bootstrap row of two columns) and rows of alternating
 * labels and values (`<p><b>Venue</b> Hall<br><b>Date</b> …</p>`, a facts box of spans). A pair needs a label-like
 * first part and evidence that it is a label: a colon, a label class or tag, a value class on the other part, a
 * label the dictionary knows, or the same row shape repeated on the page. A group of such rows under a heading that
 * names a list (Cast, Lots, Line items), or one whose labels are names with names for values (a cast without a
 * heading), is records — one per row — not fields.
 */
export interface PairFindings {
  fields: ExtractedField[];
  groups: RecordGroup[];
  /** Runs read as labels or values; the line reader leaves them alone. */
  consumed: Set<Run>;
  /** Elements holding those runs; the block readers leave them alone. */
  consumedElements: Set<Element>;
}

interface Row {
  container: Element;
  labelPart: AnyNode;
  /** The part holding the value; for `<strong>Label</strong> value` the value is the container's own text. */
  valuePart: AnyNode;
  alternating: boolean;
  signature: string;
}

interface Pair {
  label: string;
  value: string;
  labelRun: Run;
  valueElement: Element;
  /** The element the row belongs to: a list of rows is grouped by it. */
  group: Element;
  confidence: number;
}

const WIDE_CONTAINERS = new Set(['html', 'body', 'main', 'article', 'form', 'section', 'table', 'tbody', 'ul', 'ol', 'dl']);
const PAGE_CONTAINERS = new Set(['html', 'body', 'main']);
const EMPHASIS = new Set(['strong', 'b']);
const MAX_LABEL_CHARS = 60;
const MAX_LABEL_WORDS = 7;
const MAX_STRUCTURAL_VALUE = 300;
const MAX_VALUE = 2_000;
const LEVELS_UP = 4;
/** Parts of one row container read at most (a facts box of 20,000 spans is read to here). */
const MAX_PARTS = 20_000;

export function pairFindings(runs: readonly Run[], ctx: FieldContext, budget: Budget, baseConfidence = 0.8): PairFindings {
  const findings: PairFindings = { fields: [], groups: [], consumed: new Set(), consumedElements: new Set() };
  const parts = new Map<Element, Parts>();
  const candidates: Array<{ i: number; row: Row }> = [];
  const signatures = new Map<string, number>();
  /** Per row shape: rows seen, rows whose first part is a value, rows whose second part reads as a label. */
  const orientation = new Map<string, { firstValue: number; secondLabel: number }>();
  for (let i = 0; i + 1 < runs.length; i++) {
    const label = runs[i] as Run;
    const next = runs[i + 1] as Run;
    const valueFirst = valueish(label.text) && labelLike(next.text);
    if ((!labelLike(label.text) && !valueFirst) || next.heading > 0) continue;
    const row = rowOf(runs, i, parts);
    if (!row) continue;
    candidates.push({ i, row });
    signatures.set(row.signature, (signatures.get(row.signature) ?? 0) + 1);
    const o = orientation.get(row.signature) ?? { firstValue: 0, secondLabel: 0 };
    if (valueish(label.text)) o.firstValue++;
    if (labelLike(next.text) && !valueish(next.text)) o.secondLabel++;
    orientation.set(row.signature, o);
  }
  // `<strong>PE-448-2027</strong><small>Procedure number</small>`: rows of one shape whose first parts are often
  // values and whose second parts are all labels print the value first.
  const valueFirst = (signature: string): boolean => {
    const count = signatures.get(signature) ?? 0;
    const o = orientation.get(signature);
    return count >= 2 && o !== undefined && o.firstValue >= 0.4 * count && o.secondLabel === count;
  };

  const pairs: Pair[] = [];
  for (const { i, row } of candidates) {
    if (valueFirst(row.signature)) {
      const valueRun = runs[i] as Run;
      const labelRun = runs[i + 1] as Run;
      if (findings.consumed.has(valueRun) || findings.consumed.has(labelRun)) continue;
      for (const r of [valueRun, labelRun]) {
        findings.consumed.add(r);
        findings.consumedElements.add(r.element);
      }
      const group = row.container.parent && isTag(row.container.parent) ? row.container.parent : row.container;
      pairs.push({ label: labelRun.text.replace(/\s*[:：]\s*$/, ''), value: valueRun.text, labelRun, valueElement: valueRun.element, group, confidence: baseConfidence - 0.1 });
      continue;
    }
    const labelRun = runs[i] as Run;
    const first = runs[i + 1] as Run;
    if (findings.consumed.has(labelRun) || !labelLike(labelRun.text)) continue;
    const label = labelRun.text.replace(/\s*[:：]\s*$/, '').trim();
    const known = dictionaryName(label) !== null;
    const colon = /[:：]\s*$/.test(labelRun.text);
    // Type tells a label from its value: caption-sized text before a value (`<small>Kesto</small><br><strong>2 t
    // 45 min</strong>`), plain text before an emphasized one (`<span>Ohjaus</span><br><b>Anna Kelo</b>`).
    const caption = (labelRun.element.name === 'small' && first.element.name !== 'small') || (labelRun.element.name === 'span' && EMPHASIS.has(first.element.name));
    const strong = colon || known || labelRun.labelCue || caption || (first.valueCue && !first.labelCue);
    const structural = row.alternating || (signatures.get(row.signature) ?? 0) >= 2;
    if (!strong && !structural) continue;
    // A label that is itself a link, or a heading over a paragraph, is navigation or a section, not a label.
    if (!colon && insideLink(labelRun.element)) continue;
    if (labelRun.heading > 0 && !colon && !known && !(structural && first.text.length <= 120)) continue;
    if (first.labelCue && !first.valueCue && labelLike(first.text) && !colon && !caption) continue;
    const valueRuns = [first];
    for (let j = i + 2; j < runs.length && isTag(row.valuePart) && within((runs[j] as Run).element, row.valuePart, 8); j++) valueRuns.push(runs[j] as Run);
    const value = joinRuns(valueRuns);
    if (value === '' || value === label || value.length > (strong ? MAX_VALUE : MAX_STRUCTURAL_VALUE)) continue;
    findings.consumed.add(labelRun);
    findings.consumedElements.add(labelRun.element);
    for (const r of valueRuns) {
      findings.consumed.add(r);
      findings.consumedElements.add(r.element);
    }
    pairs.push({
      label,
      value,
      labelRun,
      valueElement: isTag(row.valuePart) ? row.valuePart : row.container,
      group: row.alternating ? row.container : (row.container.parent && isTag(row.container.parent) ? row.container.parent : row.container),
      confidence: strong ? baseConfidence : baseConfidence - 0.1,
    });
  }

  const byGroup = new Map<Element, Pair[]>();
  for (const p of pairs) {
    const list = byGroup.get(p.group);
    if (list) list.push(p);
    else byGroup.set(p.group, [p]);
  }
  for (const [group, members] of byGroup) {
    const rows = members.map((m) => ({ label: m.label, value: m.value, labelPath: cssPath(m.labelRun.element), valuePath: cssPath(m.valueElement) }));
    const asRecords = members.length >= 2 ? recordGroupOfPairs(group, rows, ctx, budget) : null;
    if (asRecords) {
      findings.groups.push(asRecords);
      continue;
    }
    members.forEach((p, k) => {
      if (budget.take()) findings.fields.push(labelledField(ctx, p.label, p.value, p.confidence, { kind: 'css', path: (rows[k] as { valuePath: string }).valuePath }));
    });
  }
  return findings;
}

/** "Role: Person", "Role – Person", "Role — Person", "Role - Person" (a hyphen only between spaces: `Jean-Luc` is a name). */
const INLINE_PAIR = /^([\p{L}][\p{L}\p{N} .'’/()-]{0,58}?)(?:\s*[:：–—]|\s+-)\s+(\S.{0,300})$/u;
/** "Person (Role)": the role in parentheses after the name. */
const PERSON_ROLE = /^([\p{Lu}][\p{L}.'’ -]{2,60}?)\s*\(([\p{L}][\p{L}\p{N} .'’/-]{0,58})\)$/u;
/** "1: Roof replacement, € 90.000" / "2) Heating": an item of a numbered list. */
const NUMBERED_ITEM = /^(\d{1,3})\s*[.:)–—-]\s+(\p{L}.{0,300})$/u;

/**
 * "Role: Person" (or "Role – Person", "Person (Role)") written as the text of each of several sibling blocks
 * (`<section><h3>Tosca: Maria Lenz</h3></section>`, `<li>`s) or lines of one block split at `<br>`, under a Cast
 * heading: records, when the section names a list or the rows read as a cast. Other inline pairs are left to the line
 * reader, as page fields.
 */
export function inlineListGroups(runs: readonly Run[], ctx: FieldContext, budget: Budget): { groups: RecordGroup[]; consumed: Set<Run> } {
  const groups: RecordGroup[] = [];
  const consumed = new Set<Run>();
  let current: Array<{ run: Run; member: Element; label: string; value: string }> = [];
  const flush = (): void => {
    const first = current[0];
    if (first && current.length >= 2 && first.member.parent && isTag(first.member.parent)) {
      const rows = current.map((c) => {
        const path = cssPath(c.run.element);
        return { label: c.label, value: c.value, labelPath: path, valuePath: path };
      });
      const group = recordGroupOfPairs(first.member.parent, rows, ctx, budget, cssPath(first.member.parent), first.member);
      if (group) {
        groups.push(group);
        for (const c of current) consumed.add(c.run);
      }
    }
    current = [];
  };
  for (const run of runs) {
    const pair = inlinePairOf(run.text);
    if (!pair) {
      flush();
      continue;
    }
    const member = memberOf(run.element);
    const previous = current[current.length - 1];
    if (previous && previous.member.parent !== member.parent) flush();
    current.push({ run, member, ...pair });
  }
  flush();
  return { groups, consumed };
}

/** The label and value of a run that is one inline pair, the label first whichever way the run writes it. */
function inlinePairOf(text: string): { label: string; value: string } | null {
  const m = INLINE_PAIR.exec(text) ?? NUMBERED_ITEM.exec(text);
  if (m && (labelLike(m[1] as string) || /^\d+$/.test(m[1] as string))) return { label: (m[1] as string).trim(), value: (m[2] as string).trim() };
  const reversed = PERSON_ROLE.exec(text);
  if (reversed && personLike(reversed[1] as string) && labelLike(reversed[2] as string)) return { label: (reversed[2] as string).trim(), value: (reversed[1] as string).trim() };
  return null;
}

/** The outermost ancestor that holds nothing but this element (a `section` around its one `h3`). */
function memberOf(el: Element): Element {
  let member = el;
  for (let up = 0; up < 4 && member.parent && isTag(member.parent) && !PAGE_CONTAINERS.has(member.parent.name); up++) {
    const parent: Element = member.parent;
    if (parent.children.filter((c) => isTag(c) || (isText(c) && c.data.trim() !== '')).length !== 1) break;
    member = parent;
  }
  return member;
}

/** Text that is a value more than a label: typed (a date, an amount, an address), or an identifier with digits. */
function valueish(text: string): boolean {
  const t = text.trim();
  if (/\d{3,}|\d[/.-]\d/.test(t) || /@/.test(t)) return true;
  const type = inferValue(t).type;
  return type !== 'string' && type !== 'boolean';
}

/** Short text that reads as a label: a few words, no sentence, not itself a date, amount or number. */
export function labelLike(text: string): boolean {
  const t = text.replace(/\s*[:：]\s*$/, '').trim();
  if (t.length === 0 || t.length > MAX_LABEL_CHARS || !/\p{L}/u.test(t) || /^\d/.test(t)) return false;
  if (t.split(/\s+/).length > MAX_LABEL_WORDS || /[.!?]$/.test(t) && !/\b\p{L}{1,4}\.$/u.test(t)) return false;
  // "Lot 1: Roofing" and "Tamino – Erik Lind" are a label with its value, not a label.
  if ((t.match(/,/g) ?? []).length > 1 || /[:：]\s*\S|\s[–—-]\s+\S/.test(t)) return false;
  const type = inferValue(t).type;
  return type === 'string' || type === 'boolean';
}

/**
 * The row a label run and the run after it form: their nearest common ancestor (a few levels up at most) whose
 * content is exactly a label part and a value part, or alternating label and value parts of one shape each.
 */
function rowOf(runs: readonly Run[], i: number, cache: Map<Element, Parts>): Row | null {
  const label = runs[i] as Run;
  const value = runs[i + 1] as Run;
  const valueAncestors = new Set<AnyNode>();
  for (let node: AnyNode | null = value.element, up = 0; node && up <= LEVELS_UP + 2; node = node.parent, up++) valueAncestors.add(node);
  let labelPart: AnyNode = label.element;
  let container: Element | null = null;
  for (let node: AnyNode | null = label.element, up = 0; node && up <= LEVELS_UP; up++) {
    if (valueAncestors.has(node)) {
      container = isTag(node) ? node : null;
      break;
    }
    labelPart = node;
    node = node.parent;
  }
  if (!container || WIDE_CONTAINERS.has(container.name)) return null;
  const parts = contentParts(container, cache);
  const content = parts.list;
  // `<li>Tamino<ul><li>Lukas Hoffrichter</li></ul></li>`: the label is the container's own text, first.
  if (labelPart === container) {
    const first = content[0];
    if (!first || !isText(first) || first.data.trim() !== label.text.trim()) return null;
    labelPart = first;
  }
  // The label part holds the label run and nothing else.
  const before = runs[i - 1];
  if (before && isTag(labelPart) && within(before.element, labelPart, LEVELS_UP + 2)) return null;
  const at = parts.position.get(labelPart) ?? -1;
  if (at < 0 || at + 1 >= content.length) return null;
  const valuePart = content[at + 1] as AnyNode;
  if (value.element !== container && !within(value.element, valuePart, LEVELS_UP + 2)) return null;
  const key = (n: AnyNode): string => (isTag(n) ? shapeKey(n) : '#text');
  let alternating = false;
  if (content.length !== 2 || at !== 0) {
    if (content.length < 4 || content.length % 2 !== 0 || at % 2 !== 0) return null;
    parts.alternating ??= content.every((part, k) => key(part) === key(content[k % 2] as AnyNode));
    if (!parts.alternating) return null;
    alternating = true;
  }
  const parentKey = container.parent && isTag(container.parent) ? shapeKey(container.parent) : '';
  return { container, labelPart, valuePart, alternating, signature: `${parentKey}>${shapeKey(container)}>${key(labelPart)}+${key(valuePart)}` };
}

interface Parts {
  list: AnyNode[];
  position: Map<AnyNode, number>;
  /** Whether the parts alternate between one label shape and one value shape; worked out once, when first asked. */
  alternating?: boolean;
}

/** Children of an element that show something: elements with text, and text that is not blank. */
function contentParts(el: Element, cache: Map<Element, Parts>): Parts {
  const cached = cache.get(el);
  if (cached) return cached;
  const list: AnyNode[] = [];
  for (const child of el.children) {
    if (isText(child)) {
      if (/[^\s|·•:,;–—-]/u.test(child.data)) list.push(child);
    } else if (isTag(child) && child.name !== 'br' && child.name !== 'hr' && hasText(child)) list.push(child);
    if (list.length >= MAX_PARTS) break;
  }
  const parts: Parts = { list, position: new Map(list.map((n, i) => [n, i])) };
  cache.set(el, parts);
  return parts;
}

function hasText(el: Element): boolean {
  const stack: AnyNode[] = [el];
  for (let seen = 0; stack.length > 0 && seen < 200; seen++) {
    const node = stack.pop() as AnyNode;
    if (isText(node)) {
      if (/\S/.test(node.data)) return true;
    } else if (isTag(node) && node.name !== 'script' && node.name !== 'style' && node.name !== 'svg') stack.push(...node.children);
  }
  return false;
}

function shapeKey(el: Element): string {
  const words = markupWords(el).slice(0, 3);
  return words.length > 0 ? `${el.name}.${words.join('.')}` : el.name;
}

function insideLink(el: Element): boolean {
  for (let node: AnyNode | null = el, up = 0; node && up < 4; node = node.parent, up++) if (isTag(node) && node.name === 'a') return true;
  return false;
}

/** Runs of one value joined as they read: split price parts (`71`, `,91`) stay together. */
export function joinRuns(runs: readonly Run[]): string {
  return runs
    .map((r, k) => (k > 0 && r.spaceBefore ? ` ${r.text}` : r.text))
    .join('')
    .trim();
}

export type { ExtractedRecord };
export { listConceptOf };
