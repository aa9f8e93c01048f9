import type { DefinitionList, HtmlTable } from '../../parsing/document.js';
import { normalizeLabel, snakeCase } from '../labels.js';
import { labelledField, type FieldContext } from '../field.js';
import type { ExtractedField, ExtractedRecord } from '../model.js';
import { parseDate } from '../normalize/dates.js';
import { parseNumber } from '../normalize/numbers.js';
import type { Budget } from './budget.js';

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

/** `headingOf` names a table without a caption after the heading right before it ("Représentations" → `dates`). */
export function tableFindings(tables: readonly HtmlTable[], ctx: FieldContext, budget: Budget, headingOf: (cssPath: string) => string | undefined = () => undefined): TableFindings {
  const findings: TableFindings = { pageFields: [], groups: [] };
  tables.forEach((table, index) => {
    if (table.boilerplate || table.rows.length === 0) return;
    if (isKeyValueTable(table)) {
      table.rows.forEach((row, i) => {
        const [label, value] = row as [string, string];
        if (budget.take()) findings.pageFields.push(labelledField(ctx, label, value, 0.85, { kind: 'css', path: `${table.cssPath} tr:nth-of-type(${i + 1}) > :last-child` }));
      });
      return;
    }
    const { headers, rows } = headerAndRows(table);
    if (headers.length < 2 || rows.length === 0) return;
    const names = uniqueNames(headers);
    const records = rows.map((row, r) => ({
      origin: 'table_row' as const,
      path: `${table.cssPath} tr:nth-of-type(${r + 1})`,
      declaredType: null,
      fields: row.flatMap((cell, c) =>
        cell.trim() === '' || c >= names.length || !budget.take()
          ? []
          : [labelledField(ctx, headers[c] as string, cell, 0.8, { kind: 'css', path: `${table.cssPath} tr:nth-of-type(${r + 1}) > :nth-child(${c + 1})` }, { name: names[c] as string })],
      ),
    }));
    const heading = table.caption ?? headingOf(table.cssPath);
    const label = heading ?? `table ${index + 1}`;
    findings.groups.push({ name: heading ? normalizeLabel(heading) : snakeCase(label), label, path: table.cssPath, records: records.filter((r) => r.fields.length > 0) });
  });
  return findings;
}

export function definitionListFields(lists: readonly DefinitionList[], ctx: FieldContext, budget: Budget): ExtractedField[] {
  return lists.flatMap((list) =>
    list.boilerplate
      ? []
      : list.items.flatMap((item) => (item.value.trim() !== '' && budget.take() ? [labelledField(ctx, item.term, item.value, 0.85, { kind: 'css', path: item.cssPath })] : [])),
  );
}

/** Two cells per row, a short label-like first cell, and no header row (or a header that is itself a pair). */
function isKeyValueTable(table: HtmlTable): boolean {
  if (table.headers.length > 2) return false;
  if (!table.rows.every((row) => row.length === 2)) return false;
  return table.rows.every(([label]) => looksLikeLabel(label ?? ''));
}

function headerAndRows(table: HtmlTable): { headers: string[]; rows: string[][] } {
  if (table.headers.length > 0) return { headers: table.headers, rows: table.rows };
  const [first, ...rest] = table.rows;
  if (first && first.length >= 2 && first.every(looksLikeLabel)) return { headers: first, rows: rest };
  return { headers: [], rows: table.rows };
}

/** Short text that is neither a number nor a date: a column or row label. */
export function looksLikeLabel(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 60 && /\p{L}/u.test(t) && parseNumber(t) === null && parseDate(t) === null && t.split(/\s+/).length <= 6;
}

/** Header cells as field names; repeated headers ("Preise", "Preise") get suffixes. */
function uniqueNames(headers: readonly string[]): string[] {
  const counts = new Map<string, number>();
  return headers.map((h, i) => {
    const base = h.trim() === '' ? `column_${i + 1}` : normalizeLabel(h);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}
