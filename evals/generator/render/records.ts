import type { JsonValue } from '../../golden/task.js';
import { html, raw, type Markup } from '../../sites/render/html.js';
import type { FactStyle } from './facts.js';

/**
 * Nested records on a page (a cast, the lots of a notice): a header table, a two-column "role | person" table whose
 * first row is data, a `<dl>`, list items, `Label: value` lines, cards (the second cell first), or one section per
 * record. The golden records are the rows as written.
 */
export interface RecordCell {
  field: string;
  header: string;
  value: Markup;
  golden: JsonValue;
}
export type RecordRow = readonly RecordCell[];

export const RECORD_LAYOUTS = ['header_table', 'two_column_table', 'dl', 'list', 'lines', 'cards', 'sections'] as const;
export type RecordLayout = (typeof RECORD_LAYOUTS)[number];

export function renderRecords(rows: readonly RecordRow[], layout: RecordLayout, style: FactStyle, block: string, heading?: string): Markup {
  if (rows.length === 0) return html``;
  const c = (element?: string) => style.cls.attr(block, element);
  const h = heading ? raw(`<${style.headingTag}${c('heading').value}>${escapeText(heading)}</${style.headingTag}>\n`) : raw('');
  const first = rows[0] ?? [];
  switch (layout) {
    case 'header_table':
      return html`${h}<table${c()}>
  <thead><tr>${first.map((cell) => html`<th>${cell.header}</th>`)}</tr></thead>
  <tbody>
${rows.map((row) => html`    <tr>${row.map((cell) => html`<td>${cell.value}</td>`)}</tr>\n`)}  </tbody>
</table>
`;
    case 'two_column_table':
      return html`${h}<table${c()}>
${rows.map((row) => html`  <tr>${row.map((cell) => html`<td${c(cell.field)}>${cell.value}</td>`)}</tr>\n`)}</table>
`;
    case 'dl':
      return html`${h}<dl${c()}>
${rows.map((row) => html`  <dt>${row[0]?.value ?? ''}</dt><dd>${row.slice(1).map((cell, i) => html`${i > 0 ? ' – ' : ''}${cell.value}`)}</dd>\n`)}</dl>
`;
    case 'list':
      return html`${h}<ul${c()}>
${rows.map((row) => html`  <li${c('item')}>${row.map((cell, i) => html`${i > 0 ? ' — ' : ''}<span${c(cell.field)}>${cell.value}</span>`)}</li>\n`)}</ul>
`;
    case 'lines':
      return html`${h}<p${c()}>
${rows.map((row, k) => html`${k > 0 ? raw('<br>\n') : ''}${row[0]?.value ?? ''}: ${row.slice(1).map((cell, i) => html`${i > 0 ? ', ' : ''}${cell.value}`)}`)}
</p>
`;
    case 'cards':
      return html`${h}<div${c('grid')}>
${rows.map((row) => {
  const [lead, ...rest] = [...row].reverse();
  return html`  <div${c('card')}><h3${c('name')}>${lead?.value ?? ''}</h3>${rest.map((cell) => html`<p${c(cell.field)}>${row.length > 2 ? `${cell.header}: ` : ''}${cell.value}</p>`)}</div>\n`;
})}</div>
`;
    case 'sections':
      return html`${h}${rows.map((row) => {
        const [a, b, ...rest] = row;
        return html`<section${c('record')}>
  <h3>${a?.header ?? ''} ${a?.value ?? ''}${b ? html`: ${b.value}` : ''}</h3>
${rest.map((cell) => html`  <div${c('row')}><span${c('key')}>${cell.header}</span> <span${c('val')}>${cell.value}</span></div>\n`)}</section>
`;
      })}`;
  }
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

export function goldenRows(rows: readonly RecordRow[]): JsonValue[] {
  return rows.map((row) => Object.fromEntries(row.filter((cell) => cell.golden !== null).map((cell) => [cell.field, cell.golden])));
}
