import { isTag, type Element } from 'domhandler';
import type { DefinitionList, HtmlTable } from '../../parsing/document.js';
import { dictionaryName, normalizeLabel, snakeCase } from '../labels.js';
import { labelledField, type FieldContext } from '../field.js';
import type { ExtractedField, ExtractedRecord, FieldType } from '../model.js';
import { parseDate } from '../normalize/dates.js';
import { inferValue } from '../normalize/infer.js';
import { parseNumber } from '../normalize/numbers.js';
import type { Budget } from './budget.js';
import { LIST_CONCEPT_NAMES, recordGroupOfPairs } from './sections.js';

/**
 * Tables and definition lists. A table whose rows are label/value pairs describes the page's main thing; a table
 * with a header row (or a first row of labels) holds one record per row.
 */
export interface TableFindings {
  pageFields: ExtractedField[];
  /** One group per record table: its rows as records, named after the caption. */
  groups: RecordGroup[];
}

export interface RecordGroup {
  name: string;
  label: string;
  path: string;
  records: ExtractedRecord[];
}

/**
 * `sectionOf` gives a table's element (for its heading, caption, aria-label and class, and whether its rows open with
 * a `<th>`); `headingOf` names a table without a caption after the heading right before it ("Représentations").
 */
export function tableFindings(
  tables: readonly HtmlTable[],
  ctx: FieldContext,
  budget: Budget,
  headingOf: (cssPath: string) => string | undefined = () => undefined,
  sectionOf: (cssPath: string) => Element | null = () => null,
): TableFindings {
  const findings: TableFindings = { pageFields: [], groups: [] };
  tables.forEach((table, index) => {
    if (table.boilerplate || table.rows.length === 0) return;
    const element = sectionOf(table.cssPath);
    const cellPath = (r: number, c: number): string => `${table.cssPath} tr:nth-of-type(${r + 1}) > :nth-child(${c + 1})`;
    if (isTwoColumn(table)) {
      const rows = table.rows.map(([label, value], i) => ({ label: (label as string).trim(), value: (value as string).trim(), labelPath: cellPath(i, 0), valuePath: `${table.cssPath} tr:nth-of-type(${i + 1}) > :last-child` }));
      const named = element ? null : listConceptByName(table.caption ?? headingOf(table.cssPath));
      const records = named ? recordGroupOfPairs(null, rows, ctx, budget, table.cssPath) : recordGroupOfPairs(element, rows, ctx, budget, table.cssPath);
      if (records || named) {
        if (records) findings.groups.push(records);
        return;
      }
      if (rowHeaded(element) || rows.every((r) => looksLikeLabel(r.label))) {
        rows.forEach((row) => {
          if (row.value !== '' && budget.take()) findings.pageFields.push(labelledField(ctx, row.label, row.value, 0.85, { kind: 'css', path: row.valuePath }));
        });
        return;
      }
    }
    const { headers, rows } = headerAndRows(table);
    if (rows.length === 0) return;
    const names = headers.length >= 2 ? uniqueNames(headers) : namesByType(rows, ctx);
    // A row that links to a page of its own (a notice in a table of notices) keeps the link.
    const links = rowLinks(element, rows.length, ctx.baseUrl);
    const records = rows.map((row, r) => {
      const fields = row.flatMap((cell, c) =>
        cell.trim() === '' || c >= names.length || !budget.take()
          ? []
          : [labelledField(ctx, headers[c] ?? (names[c] as string), cell, 0.8, { kind: 'css', path: cellPath(r, c) }, { name: names[c] as string })],
      );
      const link = links[r];
      if (link && budget.take() && !names.includes('url')) fields.push(labelledField(ctx, 'url', link, 0.75, { kind: 'css', path: `${table.cssPath} tr:nth-of-type(${r + 1}) a` }, { name: 'url' }));
      return { origin: 'table_row' as const, path: `${table.cssPath} tr:nth-of-type(${r + 1})`, declaredType: null, fields };
    });
    const heading = table.caption ?? headingOf(table.cssPath);
    const label = heading ?? `table ${index + 1}`;
    findings.groups.push({ name: heading ? normalizeLabel(heading) : snakeCase(label), label, path: table.cssPath, records: records.filter((r) => r.fields.length > 0) });
  });
  return findings;
}

/** The first link of each body row (null where a row has none), when the rows can be matched to the table's. */
function rowLinks(table: Element | null, count: number, baseUrl: string): Array<string | null> {
  if (!table) return [];
  const body: Element[] = [];
  const visit = (el: Element): void => {
    for (const child of el.children) {
      if (!isTag(child) || child.name === 'thead' || child.name === 'table') continue;
      if (child.name === 'tbody' || child.name === 'tfoot') visit(child);
      else if (child.name === 'tr' && child.children.some((c) => isTag(c) && c.name === 'td')) body.push(child);
    }
  };
  visit(table);
  if (body.length !== count) return [];
  return body.map((tr) => {
    const a = firstAnchor(tr);
    const href = a?.attribs['href']?.trim();
    if (!href || href.startsWith('#') || /^(?:javascript|mailto|tel):/i.test(href)) return null;
    try {
      return new URL(href, baseUrl).href;
    } catch {
      return null;
    }
  });
}

function firstAnchor(el: Element): Element | null {
  const stack: Element[] = [el];
  for (let seen = 0; stack.length > 0 && seen < 200; seen++) {
    const node = stack.shift() as Element;
    if (node.name === 'a' && node.attribs['href']) return node;
    for (const child of node.children) if (isTag(child)) stack.push(child);
  }
  return null;
}

/** Rows of two cells and no header row: a key/value table, or a list of two-part records. */
function isTwoColumn(table: HtmlTable): boolean {
  return table.headers.length === 0 && table.rows.length > 0 && table.rows.every((row) => row.length === 2);
}

/** Every body row opens with a `<th>`: the first column labels the row. */
function rowHeaded(table: Element | null): boolean {
  if (!table) return false;
  let rows = 0;
  let headed = 0;
  const visit = (el: Element): void => {
    for (const child of el.children) {
      if (!isTag(child)) continue;
      if (child.name === 'thead') continue;
      if (child.name === 'tbody' || child.name === 'tfoot') visit(child);
      else if (child.name === 'tr') {
        rows++;
        const first = child.children.find((c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th'));
        if (first?.name === 'th') headed++;
      }
    }
  };
  visit(table);
  return rows > 0 && headed === rows;
}

function listConceptByName(name: string | undefined): string | null {
  if (!name) return null;
  const concept = dictionaryName(name);
  return concept && LIST_CONCEPT_NAMES.has(concept) ? concept : null;
}

/**
 * The header row: the table's own (`<thead>`, a row of `<th>`), else a first row of labels over data — some column
 * whose first cell is a label and whose other cells are values of a type (dates, amounts), or a first row the label
 * dictionary knows. A first row that is data like the rest is data.
 */
function headerAndRows(table: HtmlTable): { headers: string[]; rows: string[][] } {
  if (table.headers.length > 0) return { headers: table.headers, rows: table.rows };
  const [first, ...rest] = table.rows;
  if (!first || first.length < 2 || rest.length === 0 || !first.every(looksLikeLabel)) return { headers: [], rows: table.rows };
  const known = first.filter((cell) => dictionaryName(cell) !== null).length;
  const typedColumn = first.some((_, c) => rest.every((row) => (row[c] ?? '').trim() === '' || !looksLikeLabel(row[c] as string)));
  return known >= Math.ceil(first.length / 2) || typedColumn ? { headers: first, rows: rest } : { headers: [], rows: table.rows };
}

/** Columns without a header are named after what their cells hold (`date`, `price`), else by position. */
export function namesByType(rows: readonly string[][], ctx: FieldContext): string[] {
  const width = Math.max(...rows.map((r) => r.length));
  const counts = new Map<string, number>();
  return Array.from({ length: width }, (_, c) => {
    const types = rows.slice(0, 20).map((r) => (r[c] ? inferValue(r[c] as string, { language: ctx.language, monthFirst: ctx.monthFirst }).type : null)).filter((t) => t !== null);
    const top = types.sort((a, b) => types.filter((t) => t === b).length - types.filter((t) => t === a).length)[0];
    const base = (top && NAME_BY_TYPE[top]) ?? (c === 0 ? 'name' : `column_${c + 1}`);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

const NAME_BY_TYPE: Partial<Record<FieldType, string>> = { date: 'date', datetime: 'date', date_range: 'dates', money: 'price', duration: 'duration', email: 'email', phone: 'phone', url: 'url' };

export function definitionListFields(lists: readonly DefinitionList[], ctx: FieldContext, budget: Budget): ExtractedField[] {
  return lists.flatMap((list) =>
    list.boilerplate
      ? []
      : list.items.flatMap((item) => (item.value.trim() !== '' && budget.take() ? [labelledField(ctx, item.term, item.value, 0.85, { kind: 'css', path: item.cssPath })] : [])),
  );
}

/** Short text that is neither a number nor a date: a column or row label. */
export function looksLikeLabel(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 60 && /\p{L}/u.test(t) && parseNumber(t) === null && parseDate(t) === null && t.split(/\s+/).length <= 6;
}

/** Header cells as field names; repeated headers ("Preise", "Preise") get suffixes. */
export function uniqueNames(headers: readonly string[]): string[] {
  const counts = new Map<string, number>();
  return headers.map((h, i) => {
    const base = h.trim() === '' ? `column_${i + 1}` : normalizeLabel(h);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}
