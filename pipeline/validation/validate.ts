import { fold } from '../extraction/normalize/text.js';
import type { ParsedDocument } from '../parsing/document.js';
import type { ExtractedRecord } from '../extraction/model.js';
import { columnNames, mapRecord, toZod, type MappedRows } from '../schema/emit.js';
import type { SchemaDef } from '../schema/model.js';

/**
 * Deterministic row validation before anything reaches a table: the row must parse against the approved schema,
 * every value must be traceable to the document it came from (grounding), and cross-field rules must hold
 * (a range's start not after its end, a minimum not above its maximum).
 */
export interface Problem {
  field: string;
  rule: 'schema' | 'grounding' | 'cross_field';
  message: string;
}

/**
 * What a document says, normalized for matching: visible text plus structured data, meta content and link targets
 * (absolute, and as a page usually writes them: path and query on the same origin), since a document link's value
 * is its `href`, not its text.
 */
export function groundingText(doc: ParsedDocument): string {
  const parts = [doc.title ?? '', doc.text];
  if (doc.kind === 'html') {
    parts.push(JSON.stringify(doc.jsonLd), JSON.stringify(doc.microdata), doc.meta.map((m) => m.content).join('\n'));
    for (const t of doc.tables) parts.push(t.headers.join(' '), t.rows.map((r) => r.join(' ')).join('\n'));
    parts.push(doc.links.map((l) => `${l.url} ${linkPath(l.url, doc.url)}`).join('\n'));
  }
  if (doc.kind === 'pdf') parts.push(doc.pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n'));
  return normalize(parts.join('\n'));
}

function linkPath(url: string, base: string): string {
  try {
    const u = new URL(url);
    return u.origin === new URL(base).origin ? `${u.pathname}${u.search}` : '';
  } catch {
    return '';
  }
}

const normalize = (s: string): string => fold(s).replace(/\\u[0-9a-f]{4}/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * A value is grounded when the document says it. A long text (an article's body, an about page's text) is put
 * together from the page's paragraphs, so it is grounded passage by passage: nearly every sentence must be there,
 * in any order, whatever stood between them.
 */
function grounded(needle: string, raw: string, grounding: string): boolean {
  if (grounding.includes(needle)) return true;
  // A value cut to its first characters ends in "…": what comes before it must be there.
  if (raw.endsWith('…')) return grounded(normalize(raw.slice(0, -1)), raw.slice(0, -1), grounding);
  // Running text (an article's body) is the page's paragraphs, one per line, without what stood between them.
  const lines = raw.split('\n').map(normalize).filter(Boolean);
  if (lines.length > 1 && lines.every((l) => grounding.includes(l))) return true;
  // A list's raw value is its items joined by "; ": each item must be there, wherever it stands.
  const items = raw.split('; ').map(normalize).filter(Boolean);
  if (items.length > 1 && items.every((i) => grounding.includes(i))) return true;
  if (needle.length < LONG_TEXT) return false;
  const passages = raw
    .split(/\n+|(?<=[.!?…])\s+/u)
    .map(normalize)
    .filter((p) => p.split(' ').length >= 3);
  if (passages.length < 2) return false;
  const found = passages.filter((p) => grounding.includes(p)).length;
  return found >= Math.ceil(0.9 * passages.length);
}

/** Texts at least this long are checked passage by passage. */
const LONG_TEXT = 200;

/** What the document says where the value should have been: the longest start of the value it contains, in context. */
function nearest(needle: string, grounding: string): string {
  let size = Math.min(needle.length, 40);
  while (size >= 4) {
    const at = grounding.indexOf(needle.slice(0, size));
    if (at >= 0) return `; the document has ${JSON.stringify(grounding.slice(at, at + Math.min(80, needle.length + 20)))}`;
    size = Math.floor(size / 2);
  }
  return '';
}

export function validateRow(def: SchemaDef, mapped: MappedRows, grounding: string | null): Problem[] {
  const problems: Problem[] = [];
  const parsed = toZod(def).safeParse(mapped.row);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 20)) problems.push({ field: issue.path.join('.') || '(row)', rule: 'schema', message: issue.message });
  }
  if (grounding !== null) {
    for (const [field, raw] of Object.entries(mapped.raw)) {
      const needle = normalize(raw);
      if (needle.length === 0 || grounded(needle, raw, grounding)) continue;
      problems.push({ field, rule: 'grounding', message: `value ${JSON.stringify(raw.slice(0, 80))} does not appear in the document${nearest(needle, grounding)}` });
    }
  }
  for (const f of def.fields) {
    if (f.type === 'date_range') {
      const start = mapped.row[`${f.name}_start`];
      const end = mapped.row[`${f.name}_end`];
      if (typeof start === 'string' && typeof end === 'string' && start > end) problems.push({ field: f.name, rule: 'cross_field', message: `starts ${start} after it ends ${end}` });
    }
  }
  for (const [key, value] of Object.entries(mapped.row)) {
    const pair = /^(.*)_(start|min|from)$/.exec(key);
    if (!pair) continue;
    const other = mapped.row[`${pair[1]}_${pair[2] === 'start' ? 'end' : pair[2] === 'min' ? 'max' : 'to'}`];
    // Numbers compare as numbers ("8" is not after "60"), dates and times as ISO text.
    const after = typeof value === 'number' && typeof other === 'number' ? value > other : typeof value === 'string' && typeof other === 'string' && value > other;
    if (value !== null && other !== null && other !== undefined && value !== undefined && after) {
      if (!problems.some((p) => p.rule === 'cross_field' && key.startsWith(p.field))) problems.push({ field: pair[1] ?? key, rule: 'cross_field', message: `${key} ${String(value)} is after ${String(other)}` });
    }
  }
  return problems;
}

/**
 * Which problems keep the row out and which only its value: a problem of a required field (or of the row as a whole)
 * is fatal; one of an optional field nulls that field's columns in `mapped` (or, inside a nested record, that value
 * of the child row), so the rest of the document still loads.
 */
export function splitProblems(def: SchemaDef, mapped: MappedRows, problems: readonly Problem[]): { fatal: Problem[]; dropped: Problem[] } {
  const fieldOf = problemFields(def);
  const fatal: Problem[] = [];
  const dropped: Problem[] = [];
  for (const p of problems) {
    const nested = NESTED_PROBLEM.exec(p.field);
    const field = fieldOf(p);
    if (!field || (field.required && !nested)) {
      fatal.push(p);
      continue;
    }
    if (nested) {
      const child = mapped.children[field.name]?.[Number(nested[2])];
      const inner = field.fields?.find((f) => f.name === nested[3]);
      if (child && inner) for (const c of columnNames(inner)) child[c] = null;
    } else for (const c of columnNames(field)) mapped.row[c] = null;
    dropped.push(p);
  }
  return { fatal, dropped };
}

const NESTED_PROBLEM = /^(\w+)\[(\d+)\]\.(\w+)$/;

/**
 * The schema field a problem belongs to: problems name a column (`price_min`), a field, or a value inside a nested
 * record (`cast[2].role`, the field `cast`); undefined for a problem of the row as a whole.
 */
export function problemFields(def: SchemaDef): (p: Problem) => SchemaDef['fields'][number] | undefined {
  const fieldOf = new Map<string, SchemaDef['fields'][number]>();
  for (const f of def.fields) {
    fieldOf.set(f.name, f);
    for (const c of columnNames(f)) fieldOf.set(c, f);
  }
  return (p) => fieldOf.get(NESTED_PROBLEM.exec(p.field)?.[1] ?? p.field);
}

export interface CheckedRow {
  mapped: MappedRows;
  /** Every problem found (fatal and dropped). */
  problems: Problem[];
  /** Problems that keep the row out. */
  fatal: Problem[];
  /** Optional values left out of `mapped` because they failed. */
  dropped: Problem[];
}

/** One document's record as a row of the schema, validated once: the same check for a bulk load and a new document. */
export function checkRecord(
  def: SchemaDef,
  record: ExtractedRecord,
  meta: { extractionId: string; documentId: string | null; url: string },
  grounding: string | null,
): CheckedRow {
  const mapped = mapRecord(def, record, { rowId: `${meta.extractionId}:0`, documentId: meta.documentId, url: meta.url, extractionId: meta.extractionId });
  const problems = validateRow(def, mapped, grounding);
  return { mapped, problems, ...splitProblems(def, mapped, problems) };
}
