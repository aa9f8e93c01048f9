import type { ParsedPdf, PdfCell, PdfLine, PdfPage } from '../../parsing/document.js';
import { labelledField, type FieldContext } from '../field.js';
import { dictionaryName, normalizeLabel } from '../labels.js';
import type { ExtractedField, ExtractedRecord, Provenance } from '../model.js';
import { inferValue } from '../normalize/infer.js';
import type { Budget } from './budget.js';
import { numberedFields, numberedLabel } from './lines.js';
import { LIST_CONCEPT_NAMES } from './sections.js';
import { namesByType, uniqueNames, type RecordGroup } from './tables.js';

/**
 * What a PDF says by where it puts its text, read from the cells of its lines (text items apart by a column gap):
 * tables whose rows align under a header or with each other, a label and its value in two columns (a totals block,
 * a notice's facts), runs of `Label value Label value` on one line, labels above their values, numbered items and
 * weighted criteria under a heading, the address blocks of the customer and the issuer, VAT ids and IBANs by shape,
 * and the title by the size of its type. The lines read here are `consumed`; the rest go to the line reader as text.
 */
export interface PdfLayoutFindings {
  fields: ExtractedField[];
  groups: RecordGroup[];
  consumed: ReadonlySet<PdfLine>;
}

export function pdfLayoutFindings(doc: ParsedPdf, ctx: FieldContext, budget: Budget): PdfLayoutFindings {
  const found: Finder = { ctx, budget, fields: [], groups: [], consumed: new Set(), customerLines: new Set() };
  for (const page of doc.pages) {
    readTables(page, found);
    readAddressBlocks(page, found, page.page === doc.pages[0]?.page);
    readPairs(page, found);
  }
  readIdentifiers(doc, found);
  readTitle(doc, found);
  return { fields: found.fields, groups: found.groups, consumed: found.consumed };
}

interface Finder {
  ctx: FieldContext;
  budget: Budget;
  fields: ExtractedField[];
  groups: RecordGroup[];
  consumed: Set<PdfLine>;
  /** Lines of the customer's address block: a VAT id there is the customer's. */
  customerLines: Set<PdfLine>;
}

function at(line: PdfLine): Provenance {
  return { kind: 'pdf', page: line.page, line: line.line };
}

function add(found: Finder, label: string, value: string, confidence: number, line: PdfLine, name?: string): void {
  if (value.trim() !== '' && found.budget.take()) found.fields.push(labelledField(found.ctx, label, value, confidence, at(line), name ? { name } : {}));
}

/** A cell that reads as a label: starts with a letter, a few words, no digits (but a rate may follow: `IVA 22 %`). */
function labelLike(text: string): boolean {
  const words = text.split(/\s+/);
  return /^\p{L}/u.test(text) && !/@|:\/\/|^www\./.test(text) && words.length <= 6 && text.length <= 50 && !/\d/.test(text.replace(RATE, '')) && !/\p{Ll}{3}[.!?]\s/u.test(text);
}

/** A trailing rate: `IVA 22 %`, `MwSt. 19%`, `TVA 5,5 %`. */
const RATE = /\s+(\d{1,2}(?:[.,]\d{1,2})?\s?%)$/;

// ---- Tables ----------------------------------------------------------------------------------------------------

/**
 * A header line of three or more label cells, then rows whose cells fall under its columns (by the cell's centre
 * between the midpoints of neighbouring headers: numbers are right-aligned, text left-aligned). A row opens in the
 * first column; a line with only a first-column text continues the row above (a wrapped description).
 */
function readTables(page: PdfPage, found: Finder): void {
  const lines = page.lines;
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as PdfLine;
    if (found.consumed.has(header) || header.cells.length < 3 || !header.cells.every((c) => labelLike(c.text) && !RATE.test(c.text))) continue;
    const bounds = columnBounds(header.cells);
    const rows: Array<{ line: PdfLine; cells: string[] }> = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as PdfLine;
      const cells = alignedCells(line.cells, bounds);
      if (cells && cells[0] !== undefined && /\d/.test(line.text) && line.cells.length >= 2) rows.push({ line, cells });
      else if (rows.length > 0 && line.cells.length === 1 && cells?.[0] !== undefined && !/\d/.test(line.text)) {
        const last = rows[rows.length - 1] as { line: PdfLine; cells: string[] };
        last.cells[0] = `${last.cells[0]} ${line.text}`;
        found.consumed.add(line);
      } else break;
    }
    if (rows.length === 0) continue;
    const names = uniqueNames(header.cells.map((c) => c.text));
    const records: ExtractedRecord[] = rows.map(({ line, cells }) => ({
      origin: 'table_row',
      path: `page ${line.page} line ${line.line}`,
      declaredType: null,
      fields: cells.flatMap((cell, c) => (cell === undefined || !found.budget.take() ? [] : [labelledField(found.ctx, header.cells[c]?.text ?? '', cell, 0.8, at(line), { name: names[c] as string })])),
    }));
    pushGroup(found, lines[i - 1], header, records);
    for (const line of [header, ...rows.map((r) => r.line)]) found.consumed.add(line);
    i = j - 1;
  }
  readHeaderlessTables(page, found);
}

/**
 * Rows of three cells or more that stand in the same columns (each cell starts or ends where the one above does),
 * two rows at least, with no header: `Lot 1 ‖ Rural areas ‖ GBP 893,000.00`. Columns are named by what they hold.
 */
function readHeaderlessTables(page: PdfPage, found: Finder): void {
  const lines = page.lines;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as PdfLine;
    if (found.consumed.has(first) || first.cells.length < 3) continue;
    const rows: Array<{ line: PdfLine; cells: string[] }> = [];
    const members: PdfLine[] = [];
    let j = i;
    for (; j < lines.length && !found.consumed.has(lines[j] as PdfLine); j++) {
      const line = lines[j] as PdfLine;
      const last = rows[rows.length - 1];
      const previous = members[members.length - 1];
      const close = previous !== undefined && line.y - previous.y <= 1.6 * Math.max(previous.height, line.height);
      if (sameColumns(first.cells, line.cells)) rows.push({ line, cells: line.cells.map((c) => c.text) });
      else if (!last || !close || !continuesRow(first.cells, line.cells, last.cells)) break;
      members.push(line);
    }
    if (rows.length < 2 || !typedColumns(rows.map((r) => r.cells), found.ctx)) continue;
    const names = namesByType(rows.map((r) => r.cells), found.ctx);
    const records: ExtractedRecord[] = rows.map(({ line, cells }) => ({
      origin: 'table_row',
      path: `page ${line.page} line ${line.line}`,
      declaredType: null,
      fields: cells.flatMap((text, c) => (found.budget.take() ? cellFields(found, names[c] as string, text, line) : [])),
    }));
    pushGroup(found, lines[i - 1], first, records);
    for (const line of members) found.consumed.add(line);
    i = j - 1;
  }
}

/**
 * A line of fewer cells, each starting where a column of the table starts (`Stadsdeel Zuid` under a title that
 * wrapped): the rest of the row above, whose cells it extends in place.
 */
function continuesRow(columns: readonly PdfCell[], cells: readonly PdfCell[], row: string[]): boolean {
  if (cells.length === 0 || cells.length >= columns.length) return false;
  const at = cells.map((cell) => columns.findIndex((column) => Math.abs(column.x - cell.x) < 2));
  if (at.some((k) => k < 0)) return false;
  at.forEach((k, n) => {
    row[k] = `${row[k] ?? ''} ${(cells[n] as PdfCell).text}`.trim();
  });
  return true;
}

/** Every column holds one type of value all the way down, as a table does (a footer's columns of wrapped text do not). */
function typedColumns(rows: readonly string[][], ctx: FieldContext): boolean {
  const typeOf = (text: string): string => (numberedLabel(text) ? 'numbered' : inferValue(text, { language: ctx.language, monthFirst: ctx.monthFirst }).type);
  return (rows[0] ?? []).every((_, c) => new Set(rows.map((r) => typeOf(r[c] ?? ''))).size === 1);
}

/** `Lot 1` in a column of numbered labels is the lot's number. */
function cellFields(found: Finder, name: string, text: string, line: PdfLine): ExtractedField[] {
  const numbered = numberedLabel(text);
  if (numbered) return [labelledField(found.ctx, numbered[1] as string, numbered[2] as string, 0.75, at(line), { name: 'number' })];
  return [labelledField(found.ctx, name, text, 0.75, at(line), { name })];
}

/** `Lose` → lots; `This contract is divided into lots` → lots too: a list concept as the heading's last word. */
function headingConcept(text: string): string | null {
  const last = text.trim().split(/\s+/).pop() ?? '';
  const byLast = dictionaryName(last);
  return dictionaryName(text) ?? (byLast && LIST_CONCEPT_NAMES.has(byLast) ? byLast : null);
}

function sameColumns(a: readonly PdfCell[], b: readonly PdfCell[]): boolean {
  return a.length === b.length && a.every((cell, k) => {
    const other = b[k] as PdfCell;
    return Math.abs(cell.x - other.x) < 2 || Math.abs(cell.x + cell.width - (other.x + other.width)) < 2;
  });
}

/** A table is named after its heading when the dictionary knows it (`Lose` → lots), else line items when it is priced. */
function pushGroup(found: Finder, above: PdfLine | undefined, first: PdfLine, records: ExtractedRecord[]): void {
  const heading = above && above.cells.length === 1 && !/\d/.test(above.text) ? headingConcept(above.text) : null;
  const priced = records.some((r) => r.fields.some((f) => f.type === 'money'));
  const name = heading ?? (priced ? 'line_items' : 'table');
  found.groups.push({ name, label: heading ? (above as PdfLine).text : first.text, path: `page ${first.page} line ${first.line}`, records });
  if (heading && above) found.consumed.add(above);
}

function columnBounds(headers: readonly PdfCell[]): number[] {
  return headers.slice(1).map((cell, k) => {
    const previous = headers[k] as PdfCell;
    return (previous.x + previous.width + cell.x) / 2;
  });
}

/** The line's cells by column, or null when two cells fall in one column. */
function alignedCells(cells: readonly PdfCell[], bounds: readonly number[]): string[] | null {
  const row: string[] = [];
  for (const cell of cells) {
    const centre = cell.x + cell.width / 2;
    const column = bounds.filter((b) => centre > b).length;
    if (row[column] !== undefined) return null;
    row[column] = cell.text;
  }
  return row;
}

// ---- Label and value pairs -------------------------------------------------------------------------------------

/**
 * A line of two cells, a label and a value (`Imponibile ‖ €2.240`, `Aktenzeichen ‖ 2027-ZWA-5451`), with a label
 * or a value wrapped onto the next line in its own column; and a line of `Label value Label value` in one cell.
 */
function readPairs(page: PdfPage, found: Finder): void {
  const lines = page.lines;
  readStackedPairs(lines, found);
  readRowLists(lines, found);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as PdfLine;
    if (found.consumed.has(line)) continue;
    const [labelCell, valueCell] = line.cells;
    if (line.cells.length === 2 && labelCell && valueCell && labelLike(labelCell.text)) {
      let label = labelCell.text;
      let value = valueCell.text;
      found.consumed.add(line);
      for (const next of lines.slice(i + 1, i + 3)) {
        const only = next.cells.length === 1 ? next.cells[0] : undefined;
        if (!only || found.consumed.has(next) || next.y - line.y > 2 * line.height) break;
        if (Math.abs(only.x + only.width - (valueCell.x + valueCell.width)) < 2 || Math.abs(only.x - valueCell.x) < 2) value = `${value} ${only.text}`;
        else if (Math.abs(only.x - labelCell.x) < 2 && labelLike(only.text) && !dictionaryName(only.text)) label = `${label} ${only.text}`;
        else break;
        found.consumed.add(next);
        i++;
      }
      pair(found, label, value, line);
      continue;
    }
    const run = line.cells.length === 1 ? labelRun(line.text) : null;
    if (run) {
      found.consumed.add(line);
      for (const [label, value] of run) pair(found, label, value, line);
    }
  }
}

/**
 * Labels printed above their values (`Reference number` / `MCX-2027-0633`): a label line, its value close below
 * at the same x, and a wider gap before the next pair. Two such pairs in a row at least, so that a heading over
 * a paragraph, or the even lines of an address, are not read as pairs.
 */
function readStackedPairs(lines: readonly PdfLine[], found: Finder): void {
  const pairAt = (i: number): boolean => {
    const [label, value, after] = [lines[i], lines[i + 1], lines[i + 2]];
    if (!label || !value || found.consumed.has(label) || found.consumed.has(value) || label.cells.length !== 1 || value.cells.length !== 1) return false;
    const inside = value.y - label.y;
    const apart = after ? after.y - value.y : Number.POSITIVE_INFINITY;
    return labelLike(label.text) && !RATE.test(label.text) && dictionaryName(value.text) === null && Math.abs(label.x - value.x) < 2 && inside <= 1.6 * label.height && apart > 1.4 * inside;
  };
  let previous = -1;
  for (let i = 0; i < lines.length; i++) {
    if (!pairAt(i) || (previous !== i - 2 && !pairAt(i + 2))) continue;
    const [label, value] = [lines[i] as PdfLine, lines[i + 1] as PdfLine];
    pair(found, label.text, value.text, value);
    found.consumed.add(label).add(value);
    previous = i;
    i++;
  }
}

const PERCENT = /^(\d{1,3}(?:[.,]\d{1,2})?)\s?%$/;

/**
 * Two-cell rows under a heading that are items of a list, not facts: numbered labels (`Lot 1 ‖ Rural areas`,
 * `Los 2 ‖ Innenstadt`) or shares (`Price ‖ 70 %`, `Qualität ‖ 15 %`, award criteria and the like). Two rows at least,
 * their values in one column; named after the heading.
 */
function readRowLists(lines: readonly PdfLine[], found: Finder): void {
  for (let i = 0; i < lines.length; i++) {
    const heading = lines[i] as PdfLine;
    if (found.consumed.has(heading) || heading.cells.length !== 1 || !labelLike(heading.text)) continue;
    const rows: ListRow[] = [];
    for (const line of lines.slice(i + 1)) {
      const row = found.consumed.has(line) ? null : listRow(line);
      if (!row || (rows[0] && !sameColumns((rows[0] as ListRow).line.cells, line.cells))) break;
      rows.push(row);
    }
    if (rows.length < 2) continue;
    const numbered = rows.every((r) => numberedLabel(r.label));
    const shares = rows.every((r) => PERCENT.test(r.value) && labelLike(r.label));
    if (!numbered && !shares) continue;
    const records: ExtractedRecord[] = rows.map((row) => ({ origin: 'repeated', path: `page ${row.line.page} line ${row.line.line}`, declaredType: null, fields: numbered ? numberedItem(found, row) : shareItem(found, row) }));
    const name = headingConcept(heading.text) ?? normalizeLabel(heading.text);
    found.groups.push({ name, label: heading.text, path: `page ${heading.page} line ${heading.line}`, records });
    for (const member of [heading, ...rows.map((r) => r.line)]) found.consumed.add(member);
    i += rows.length;
  }
}

interface ListRow {
  line: PdfLine;
  label: string;
  value: string;
}

/** A row of two cells, or one cell `Lote 1: Este y oeste` whose label is numbered. */
function listRow(line: PdfLine): ListRow | null {
  const [label, value] = line.cells;
  if (line.cells.length === 2 && label && value) return { line, label: label.text, value: value.text };
  const colon = line.cells.length === 1 ? /^(.{1,30}?)\s*[:：]\s*(\S.*)$/u.exec(line.text) : null;
  return colon && numberedLabel(colon[1] as string) ? { line, label: colon[1] as string, value: colon[2] as string } : null;
}

/** Pairs inside an item's text: `Este y oeste – Presupuesto: € 90.000,00`. */
const INNER_PAIR = /\s[–—-]\s(?=\p{L}[^:：–—]{0,40}[:：]\s)/u;

/** `Lot 3 ‖ East and west` → number 3 and title; pairs after the title (`– Budget: € 90.000`) are fields of the item. */
function numberedItem(found: Finder, { line, label, value }: ListRow): ExtractedField[] {
  const [title = '', ...pairs] = value.split(INNER_PAIR);
  const fields = [labelledField(found.ctx, 'number', (numberedLabel(label) as RegExpExecArray)[2] as string, 0.75, at(line), { name: 'number' }), labelledField(found.ctx, 'title', title, 0.75, at(line), { name: 'title' })];
  for (const inner of pairs) {
    const colon = /^(.+?)\s*[:：]\s*(.+)$/u.exec(inner);
    if (colon) fields.push(labelledField(found.ctx, colon[1] as string, colon[2] as string, 0.7, at(line)));
  }
  return fields.filter(() => found.budget.take());
}

/** `Qualität ‖ 15 %` → name and weight (15). */
function shareItem(found: Finder, { line, label, value }: ListRow): ExtractedField[] {
  const percent = (PERCENT.exec(value) as RegExpExecArray)[1] as string;
  const fields = [labelledField(found.ctx, 'name', label, 0.75, at(line), { name: 'name' }), { ...labelledField(found.ctx, 'weight', percent.replace(',', '.'), 0.75, at(line), { name: 'weight' }), raw: value }];
  return fields.filter(() => found.budget.take());
}

/** `IVA 22 % ‖ €492,80`: the amount under the label, and the rate as `<name>_rate`; `Lot n° 1 ‖ Secteur sud` numbered. */
function pair(found: Finder, label: string, value: string, line: PdfLine): void {
  const numbered = numberedLabel(label);
  if (numbered) {
    if (found.budget.take() && found.budget.take()) found.fields.push(...numberedFields(found.ctx, numbered, value, 0.75, at(line)));
    return;
  }
  const rate = RATE.exec(label);
  const bare = rate ? label.slice(0, rate.index).trim() : label;
  add(found, bare, value, 0.8, line);
  if (rate && found.budget.take()) {
    const percent = (rate[1] as string).replace(/\s?%$/, '').replace(',', '.');
    const field = labelledField(found.ctx, `${bare} rate`, percent, 0.75, at(line), { name: `${normalizeLabel(bare)}_rate` });
    found.fields.push({ ...field, raw: rate[1] as string });
  }
}

/**
 * `Numero documento FT 2027/149 Data 02/01/2027 Codice cliente K51751`: words without digits name the value that
 * follows them, up to the next capitalized word after a value with a digit. Read only when there are two pairs or
 * more, every value has a digit and one label at least is in the dictionary.
 */
export function labelRun(text: string): Array<[string, string]> | null {
  const words = text.trim().split(/\s+/);
  const pairs: Array<[string[], string[]]> = [];
  for (const word of words) {
    const current = pairs[pairs.length - 1];
    const digit = /\d/.test(word);
    const valueStarted = current !== undefined && current[1].length > 0;
    const lastHasDigit = valueStarted && /\d/.test(current[1][current[1].length - 1] as string);
    if (!current || (!digit && /^\p{Lu}\p{Ll}/u.test(word) && lastHasDigit)) pairs.push([[word], []]);
    else if (!valueStarted && !digit && !/^[€$£¥]/.test(word)) current[0].push(word);
    else current[1].push(word);
  }
  if (pairs.length < 2 || pairs.length > 8) return null;
  const read = pairs.map(([label, value]) => codeOutOfLabel(label, value));
  if (!read.every(([label, value]) => labelLike(label) && /\d/.test(value) && label.split(' ').length <= 4)) return null;
  return read.some(([label]) => dictionaryName(label)) ? read : null;
}

/** `Numero documento FT 2027/149`: capitals after a whole dictionary label open the value (`FT 2027/149`). */
function codeOutOfLabel(label: readonly string[], value: readonly string[]): [string, string] {
  for (let k = label.length - 1; k >= 1; k--) {
    const rest = label.slice(k);
    if (dictionaryName(label.slice(0, k).join(' ')) && rest.every((w) => /^[\p{Lu}\d/-]{2,}$/u.test(w))) return [label.slice(0, k).join(' '), [...rest, ...value].join(' ')];
  }
  return [label.join(' '), value.join(' ')];
}

/**
 * The title a reader sees: the one line on the upper half of the first page set larger than every other line of
 * the page (by a fifth at least), unless it is a value read already (the issuer's name as a letterhead).
 */
function readTitle(doc: ParsedPdf, found: Finder): void {
  const page = doc.pages[0];
  if (!page) return;
  const [tallest, next] = [...page.lines].sort((a, b) => b.height - a.height);
  if (!tallest || tallest.cells.length !== 1 || tallest.y > page.height / 2 || (next && tallest.height < 1.2 * next.height)) return;
  const text = tallest.text;
  if (!/\p{L}{3}/u.test(text) || text.split(/\s+/).length > 20 || dictionaryName(text) || found.fields.some((f) => f.raw === text)) return;
  if (found.budget.take()) found.fields.unshift(labelledField(found.ctx, 'title', text, 0.6, at(tallest), { name: 'title' }));
}

// ---- Address blocks --------------------------------------------------------------------------------------------

/** `27876 Pondoria`, `D-10115 Berlin`, `1012 AB Amsterdam`, `00-950 Warszawa`, `4000-123 Porto`. */
const POSTAL_CITY = /^((?:[A-Z]{1,2}-)?(?:\d{2}-\d{3}|\d{4,5}(?:-\d{3,4}|\s?[A-Z]{2}(?=\s))?))\s+(\p{L}[\p{L}\p{N} .'’()-]*)$/u;
/** A postal code alone on its line (Brazil, Portugal print it under the city). */
const POSTAL_ALONE = /^(?:[A-Z]{1,2}-)?(?:\d{2}-\d{3}|\d{4,5}(?:-\d{3,4})?)$/;
/** `SW1A 1AA London`, `London SW1A 1AA`: British postcodes. */
const UK_POSTCODE = /^(?:(.+?),?\s+)?([A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})(?:\s+(.+))?$/;
/** `Marmere, OH 61252`: city, state and ZIP code. */
const US_ZIP = /^(.+?),\s+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$/;
/** `Serra do Sul - SP`, `Springfield, IL`: a city with its state or province. */
const CITY_REGION = /^(\p{L}.*?)(?:\s+[-–]\s+|,\s+)([A-Z]{2})$/u;

interface Address {
  name?: string;
  street?: string;
  postalCode?: string;
  city?: string;
  region?: string;
}

/** Name, street and postal code with city, in the order a letter prints them; null when no line is a place. */
export function readAddress(parts: readonly string[]): Address | null {
  const address: Address = {};
  const place = (postalCode: string, city: string | undefined, region?: string): void => {
    const split = city ? CITY_REGION.exec(city.trim()) : null;
    Object.assign(address, { postalCode, city: split ? split[1] : city?.trim(), ...((region ?? split?.[2]) ? { region: region ?? split?.[2] } : {}) });
  };
  parts.forEach((part, k) => {
    const text = part.trim();
    if (address.postalCode !== undefined) return;
    const postal = POSTAL_CITY.exec(text);
    const us = postal ? null : US_ZIP.exec(text);
    const uk = postal || us ? null : UK_POSTCODE.exec(text);
    if (postal) place(postal[1] as string, postal[2]);
    else if (us) place(us[3] as string, us[1], us[2]);
    else if (uk && (uk[1] ?? uk[3])) place(uk[2] as string, uk[1] ?? uk[3]);
    else if (POSTAL_ALONE.test(text) && k > 0) {
      const previous = parts[k - 1]?.trim();
      place(text, previous && previous !== address.street && previous !== address.name ? previous : undefined);
    } else if (k === 0 && !/\d/.test(text)) address.name = text;
    else if (address.street === undefined && /\d/.test(text) && /\p{L}{3}/u.test(text)) address.street = text;
  });
  return address.postalCode !== undefined && (address.street !== undefined || address.name !== undefined) ? address : null;
}

function addAddress(found: Finder, party: 'customer' | 'issuer', address: Address, line: PdfLine): void {
  const parts: Array<[string, string | undefined]> = [
    ['name', address.name],
    ['street', address.street],
    ['postal_code', address.postalCode],
    ['city', address.city],
    ['region', address.region],
  ];
  for (const [part, value] of parts) {
    if (!value || !found.budget.take()) continue;
    const field = labelledField(found.ctx, `${party} ${part}`, value, 0.75, at(line), { name: `${party}_${part}` });
    // A postal code is a code, not a number: `04109` keeps its zero, `04453-158` its dash.
    found.fields.push(part === 'postal_code' ? { ...field, type: 'string', value: field.raw } : field);
  }
}

/**
 * The customer's block under its heading (`Cliente`, `Rechnungsempfänger`, `Bill to`, `Facturé à`): the lines below
 * it that start where it starts. The issuer's block: the lines at the top of the first page, before any of the
 * document's other content, or a footer or sender line whose parts are set apart by `|`, `·` or `•`.
 */
function readAddressBlocks(page: PdfPage, found: Finder, firstPage: boolean): void {
  const lines = page.lines;
  let issuer = false;
  lines.forEach((line, i) => {
    if (found.consumed.has(line)) return;
    const heading = line.cells[0];
    if (heading && dictionaryName(heading.text) === 'customer') {
      const block = blockBelow(lines, i, heading.x);
      const address = readAddress(block.map((b) => b.text));
      if (!address) return;
      addAddress(found, 'customer', address, (block[0] as { line: PdfLine }).line);
      found.consumed.add(line);
      for (const member of upToPlace(block, address)) {
        found.consumed.add(member.line);
        found.customerLines.add(member.line);
      }
      return;
    }
    const parts = line.text.split(/\s+[|·•]\s+/);
    if (!issuer && parts.length >= 3) {
      const address = readAddress(parts);
      if (!address) return;
      addAddress(found, 'issuer', address, line);
      found.consumed.add(line);
      issuer = true;
      // A sender line over an address (a window envelope's return address) is followed by the recipient's block.
      const block = blockBelow(lines, i, line.x);
      const recipient = readAddress(block.map((b) => b.text));
      if (recipient && line.y < page.height / 2) {
        addAddress(found, 'customer', recipient, (block[0] as { line: PdfLine }).line);
        for (const member of upToPlace(block, recipient)) {
        found.consumed.add(member.line);
        found.customerLines.add(member.line);
      }
      }
    }
  });
  const top = lines[0];
  if (firstPage && !issuer && top?.cells[0]) {
    const block = [{ line: top, text: (top.cells[0] as PdfCell).text }, ...blockBelow(lines, 0, top.cells[0].x)];
    const address = readAddress(block.map((b) => b.text));
    if (address) {
      addAddress(found, 'issuer', address, top);
      for (const member of upToPlace(block, address)) found.consumed.add(member.line);
    }
  }
}

/** The lines of a block up to the one with the postal code: what follows (`Tax ID …`, `Tel. …`) is read on its own. */
function upToPlace<T extends { text: string }>(block: readonly T[], address: Address): T[] {
  const last = block.findIndex((b) => address.postalCode !== undefined && b.text.includes(address.postalCode));
  return last < 0 ? [...block] : block.slice(0, last + 1);
}

/** The first cells of the lines right below a line that start at `x`, as long as they follow closely. */
function blockBelow(lines: readonly PdfLine[], index: number, x: number): Array<{ line: PdfLine; text: string }> {
  const block: Array<{ line: PdfLine; text: string }> = [];
  let previous = lines[index] as PdfLine;
  for (const line of lines.slice(index + 1, index + 7)) {
    const cell = line.cells[0];
    if (!cell || Math.abs(cell.x - x) > 2 || line.y - previous.y > 2.5 * Math.max(previous.height, 8)) break;
    block.push({ line, text: cell.text });
    previous = line;
  }
  return block;
}

// ---- Identifiers by shape --------------------------------------------------------------------------------------

/** EU VAT ids by country, spaces allowed between groups (`FR66 276 202 908`). */
const VAT_ID = /\b(ATU\d{8}|GB\s?\d{3}\s?\d{4}\s?\d{2}|BE\s?0?\d{3}[ .]?\d{3}[ .]?\d{3}|DE\s?\d{3}\s?\d{3}\s?\d{3}|ES\s?[A-Z0-9]\d{7}[A-Z0-9]|FR\s?[0-9A-HJ-NP-Z]{2}\s?\d{3}\s?\d{3}\s?\d{3}|IT\s?\d{11}|NL\s?\d{9}B\d{2}|PL\s?\d{10}|PT\s?\d{9}|LU\s?\d{8}|CHE[- ]?\d{3}\.\d{3}\.\d{3})\b/;
const IBAN_START = /\b[A-Z]{2}\d{2}(?=[\s\dA-Z])/g;

/** The first IBAN in a text: from a country code and check digits, the longest run of groups whose check is right. */
function ibanIn(text: string): string | null {
  for (const start of text.matchAll(IBAN_START)) {
    const groups = text.slice(start.index).match(/^[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{1,4}){1,8}/)?.[0].split(/\s/) ?? [];
    for (let n = groups.length; n >= 1; n--) {
      const candidate = groups.slice(0, n).join(' ');
      if (validIban(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * VAT ids and IBANs wherever they stand, by their shape (an IBAN only when its check digits are right). A VAT id
 * read in the customer's block is the customer's; any other is the issuer's, who prints it on every invoice.
 */
function readIdentifiers(doc: ParsedPdf, found: Finder): void {
  const seen = new Set<string>();
  for (const page of doc.pages) page.lines.forEach((line, i) => {
    const vat = VAT_ID.exec(line.text);
    if (vat) {
      const party = found.customerLines.has(line) ? 'customer' : 'issuer';
      if (!seen.has(party) && found.budget.take()) {
        const field = labelledField(found.ctx, `${party} VAT id`, (vat[1] as string).replace(/[\s.-]/g, ''), 0.8, at(line), { name: `${party}_vat_id` });
        found.fields.push({ ...field, raw: vat[1] as string });
      }
      seen.add(party);
    }
    for (const text of [line.text, ...line.cells.map((cell) => wrappedCell(cell, line, page.lines[i + 1]))]) {
      const iban = seen.has('iban') ? null : ibanIn(text);
      if (!iban || !found.budget.take()) continue;
      found.fields.push({ ...labelledField(found.ctx, 'IBAN', iban.replace(/\s/g, ''), 0.8, at(line), { name: 'iban' }), raw: iban });
      seen.add('iban');
    }
  });
}

/** A cell with the cell right below it in the same column: footers wrap an IBAN onto the next line. */
function wrappedCell(cell: PdfCell, line: PdfLine, next: PdfLine | undefined): string {
  const below = next && next.y - line.y <= 2 * line.height ? next.cells.find((c) => Math.abs(c.x - cell.x) < 2) : undefined;
  return below ? `${cell.text} ${below.text}` : cell.text;
}

/** ISO 13616 check: the country and check digits moved to the end, letters as numbers, mod 97 is 1. */
export function validIban(text: string): boolean {
  const iban = text.replace(/\s/g, '');
  if (iban.length < 15 || iban.length > 34) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}
