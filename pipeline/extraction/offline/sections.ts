import { isTag, type AnyNode, type Element } from 'domhandler';
import { cssPath } from '../../parsing/css-path.js';
import { labelledField, type FieldContext } from '../field.js';
import { dictionaryName } from '../labels.js';
import type { ExtractedRecord, FieldType } from '../model.js';
import { inferValue } from '../normalize/infer.js';
import type { Budget } from './budget.js';
import { markupWords } from './runs.js';
import { textOf } from './structured.js';
import type { RecordGroup } from './tables.js';

/**
 * What a section of two-part rows is: fields of the page (Venue → Lyric Hall), or a list of records (a cast: role →
 * performer; lots; line items). A section is a list when its heading, caption, aria-label or class names a list
 * concept in any language the label dictionary knows, or — without such a name — when its labels are names the
 * dictionary does not know and every value is a person's name (a cast printed without a heading).
 */

/** Dictionary concepts whose sections hold one record per row, and what the two columns of a row are called. */
const LIST_CONCEPTS: Readonly<Record<string, readonly [string, string]>> = {
  cast: ['role', 'performer'],
  dates: ['date', 'details'],
  lots: ['lot', 'title'],
  line_items: ['description', 'amount'],
};

export const LIST_CONCEPT_NAMES: ReadonlySet<string> = new Set(Object.keys(LIST_CONCEPTS));

const NAME_BY_TYPE: Partial<Record<FieldType, string>> = { date: 'date', datetime: 'date', date_range: 'dates', money: 'price', duration: 'duration', email: 'email', phone: 'phone', url: 'url' };

/** The list concept a section's own name gives it (heading before it, first heading in it, caption, aria-label, class). */
export function listConceptOf(el: Element): string | null {
  return conceptOfNames(sectionNames(el));
}

function conceptOfNames(names: ReadonlyArray<string | null>): string | null {
  for (const name of names) {
    const concept = name ? dictionaryName(name) : null;
    if (concept && concept in LIST_CONCEPTS) return concept;
  }
  return null;
}

/**
 * Words every label of a list starts with are the template's, not data: "Personage Violetta" and "Personage Annina"
 * are the roles Violetta and Annina.
 */
function withoutCommonPrefix(rows: readonly SectionRow[]): SectionRow[] {
  if (rows.length < 2) return [...rows];
  const split = rows.map((r) => r.label.split(/\s+/));
  let common = 0;
  while (split.every((w) => w.length > common + 1 && (w[common] as string).toLowerCase() === (split[0]?.[common] as string).toLowerCase())) common++;
  if (common === 0) return [...rows];
  return rows.map((r, i) => ({ ...r, label: (split[i] as string[]).slice(common).join(' ') }));
}

/** Names a section goes by, nearest first, looking at the element and two ancestors. */
export function sectionNames(el: Element): string[] {
  const names: string[] = [];
  let node: Element | null = el;
  for (let up = 0; node && up < 3; up++) {
    const aria = node.attribs['aria-label'];
    if (aria) names.push(aria);
    const caption = node.name === 'table' ? node.children.find((c): c is Element => isTag(c) && c.name === 'caption') : undefined;
    if (caption) names.push(textOf(caption, 80));
    const before = headingBefore(node);
    if (before) names.push(before);
    const inside = firstHeadingChild(node);
    if (inside) names.push(inside);
    const words = markupWords(node);
    names.push(...words, words.join(' '));
    node = node.parent && isTag(node.parent) ? node.parent : null;
  }
  return names.filter((n) => n.length > 0);
}

/** The heading right before an element among its siblings (whitespace skipped), if the element follows one. */
export function headingBefore(el: Element): string | null {
  for (let node: AnyNode | null = el.prev; node; node = node.prev) {
    if (!isTag(node)) {
      if ('data' in node && typeof node.data === 'string' && node.data.trim() !== '') return null;
      continue;
    }
    return /^h[1-6]$/.test(node.name) || (node.attribs['role'] === 'heading') ? textOf(node, 80) || null : null;
  }
  return null;
}

function firstHeadingChild(el: Element): string | null {
  for (const child of el.children) {
    if (!isTag(child)) continue;
    if (/^h[1-6]$/.test(child.name) || child.name === 'legend') return textOf(child, 80) || null;
    return null;
  }
  return null;
}

export interface SectionRow {
  label: string;
  value: string;
  labelPath: string;
  valuePath: string;
}

/**
 * The rows of a section as records when the section is a list; null when they are the page's own fields. `names`
 * are the section's names when there is no element to read them from.
 */
export function recordGroupOfPairs(
  section: Element | null,
  input: readonly SectionRow[],
  ctx: FieldContext,
  budget: Budget,
  path = section ? cssPath(section) : '',
  firstRow: Element | null = null,
): RecordGroup | null {
  const rows = withoutCommonPrefix(input);
  // Rows labelled mostly with the dictionary's field names (Plats, Premiär, Priser) are the page's facts, whatever
  // list the heading above them names ("Föreställningar" over a line of facts).
  if (rows.filter((r) => dictionaryName(r.label) !== null).length * 2 > rows.length) return null;
  const named = (section ? listConceptOf(section) : null) ?? (firstRow ? conceptOfNames([headingBefore(firstRow)]) : null);
  const concept = named ?? (castLike(rows) ? 'cast' : null);
  if (!concept) return null;
  const [firstName, secondName] = LIST_CONCEPTS[concept] as readonly [string, string];
  const records: ExtractedRecord[] = [];
  const numbered = rows.every((r) => /^\d{1,3}$/.test(r.label));
  for (const row of rows) {
    if (!budget.take() || !budget.take()) break;
    // "Este y oeste, € 90.000,00": a title with its amount (or date) after it is two values.
    const tail = splitTrailingValue(row.value, ctx);
    const second = labelledField(ctx, secondName, tail?.text ?? row.value, 0.7, { kind: 'css', path: row.valuePath }, { name: secondName });
    const typedName = NAME_BY_TYPE[second.type];
    const fields = [
      labelledField(ctx, numbered ? 'number' : firstName, row.label, 0.7, { kind: 'css', path: row.labelPath }, { name: numbered ? `${firstName}_number` : firstName }),
      concept === 'cast' || !typedName ? second : { ...second, name: typedName },
    ];
    if (tail) fields.push(labelledField(ctx, tail.name, tail.value, 0.65, { kind: 'css', path: row.valuePath }, { name: tail.name }));
    records.push({ origin: 'repeated', path: row.labelPath, declaredType: null, fields });
  }
  const label = (section ? sectionNames(section).find((n) => dictionaryName(n) === concept) : undefined) ?? concept;
  return records.length > 0 ? { name: concept, label, path, records } : null;
}

const TRAILING_SEPARATOR = /,\s+|\s[–—-]\s|\s\(/gu;
const TRAILING_TYPES: Partial<Record<FieldType, string>> = { money: 'estimated_value', date: 'date', datetime: 'date', date_range: 'dates', duration: 'duration' };

/** A text ending in a value of a type after a comma, a dash or in parentheses: the text and that value apart. */
function splitTrailingValue(text: string, ctx: FieldContext): { text: string; value: string; name: string } | null {
  const t = text.trim();
  if (t.length > 300) return null;
  for (const m of t.matchAll(TRAILING_SEPARATOR)) {
    const head = t.slice(0, m.index).trim();
    const rest = t.slice((m.index ?? 0) + m[0].length).replace(/\)$/, '').trim();
    if (!/\p{L}/u.test(head) || rest.length > 40) continue;
    const name = TRAILING_TYPES[inferValue(rest, { language: ctx.language, monthFirst: ctx.monthFirst }).type];
    if (name) return { text: head, value: rest, name };
  }
  return null;
}

const PARTICLES = new Set(['de', 'da', 'di', 'del', 'della', 'van', 'von', 'der', 'den', 'la', 'le', 'du', 'y', 'e', 'zu', 'ter', 'dos', 'das', 'al', 'bin', 'ibn']);

/** A person's name as printed: two to five capitalized words (particles allowed), no digits. */
export function personLike(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || words.length > 5 || /\d/.test(text)) return false;
  return words.every((w) => /^\p{Lu}[\p{L}.'’-]*$/u.test(w) || PARTICLES.has(w.toLowerCase())) && /^\p{Lu}/u.test(words[0] as string);
}

/** Labels the dictionary does not know, each with a person for value, three or more: a cast, whatever it is called. */
function castLike(rows: readonly SectionRow[]): boolean {
  if (rows.length < 3) return false;
  if (rows.some((r) => dictionaryName(r.label) !== null || /[:：]$/.test(r.label))) return false;
  return rows.every((r) => personLike(r.value) && inferValue(r.value).type === 'string');
}
