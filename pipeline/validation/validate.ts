import { fold } from '../extraction/normalize/text.js';
import type { ParsedDocument } from '../parsing/document.js';
import { toZod, type MappedRows } from '../schema/emit.js';
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

export function validateRow(def: SchemaDef, mapped: MappedRows, grounding: string | null): Problem[] {
  const problems: Problem[] = [];
  const parsed = toZod(def).safeParse(mapped.row);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 20)) problems.push({ field: issue.path.join('.') || '(row)', rule: 'schema', message: issue.message });
  }
  if (grounding !== null) {
    for (const [field, raw] of Object.entries(mapped.raw)) {
      // Running text (an article's body) is the page's paragraphs without what stands between them, one per line:
      // each line is grounded on its own.
      const needles = raw.split('\n').map(normalize).filter((n) => n.length > 0);
      if (needles.some((n) => !grounding.includes(n))) problems.push({ field, rule: 'grounding', message: `value ${JSON.stringify(raw.slice(0, 80))} does not appear in the document` });
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
    if (value !== null && other !== null && other !== undefined && value !== undefined && String(value) > String(other) && typeof value === typeof other) {
      if (!problems.some((p) => p.rule === 'cross_field' && key.startsWith(p.field))) problems.push({ field: pair[1] ?? key, rule: 'cross_field', message: `${key} ${String(value)} is after ${String(other)}` });
    }
  }
  return problems;
}
