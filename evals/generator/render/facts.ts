import type { JsonValue } from '../../golden/task.js';
import { html, raw, type Markup } from '../../sites/render/html.js';
import type { LabelConcept } from '../locale/pack.js';
import { slugify } from '../locale/names.js';
import type { ClassNamer } from './classes.js';

/**
 * A fact is one label → value pair a person reads on a page, with the golden value it stands for. Layout families
 * write a block of facts the ways real sites do; the golden record is made from the facts that were written, so
 * ground truth only ever holds what the page shows.
 */
export interface Fact {
  concept: LabelConcept;
  /** Canonical golden field name. */
  field: string;
  /** The label as this site writes it. */
  label: string;
  /** The value as written (markup: links, split prices, nested spans). */
  value: Markup;
  golden: JsonValue;
  /** A sentence carrying this fact (`{v}` is the value), when the site has one for the concept. */
  sentence?: string | null;
  itemprop?: string;
}

export const LAYOUT_FAMILIES = ['siblings', 'parent_child', 'strong_runs', 'inline_runs', 'kv_sections', 'vertical_table', 'dl', 'sentences', 'cards'] as const;
export type LayoutFamily = (typeof LAYOUT_FAMILIES)[number];

export type InlineSeparator = 'br' | 'pipe' | 'middot' | 'spans';

/** How one site writes its fact blocks, beyond the family. */
export interface FactStyle {
  cls: ClassNamer;
  /** Labels followed by a colon ("Dirigent:"); inline runs always have one. */
  colon: boolean;
  siblingTag: 'span' | 'div';
  inlineSeparator: InlineSeparator;
  /** Vertical tables label rows with `<th>` (else `<td>`). */
  rowHeaders: boolean;
  /** Cards print the value first and the label under it. */
  valueFirst: boolean;
  headingTag: 'h2' | 'h3' | 'h4';
  /** Strong runs use `<b>` instead of `<strong>`. */
  boldTag: 'strong' | 'b';
}

const itemprop = (f: Fact): Markup => raw(f.itemprop ? ` itemprop="${f.itemprop}"` : '');

function label(f: Fact, style: FactStyle, forceColon = false): string {
  return style.colon || forceColon ? `${f.label}:` : f.label;
}

/** A block of facts in one layout family, with an optional heading above it. */
export function renderFacts(facts: readonly Fact[], family: LayoutFamily, style: FactStyle, block: string, heading?: string): Markup {
  if (facts.length === 0) return html``;
  const c = (element?: string, modifier?: string) => style.cls.attr(block, element, modifier);
  const h = heading && family !== 'kv_sections' ? raw(`<${style.headingTag}${c('heading').value}>${escapeText(heading)}</${style.headingTag}>\n`) : raw('');
  switch (family) {
    case 'siblings': {
      const tag = style.siblingTag;
      return html`${h}<div${c()}>
${facts.map((f) => raw(`  <${tag}${c('label').value}>${escapeText(label(f, style))}</${tag}> <${tag}${c('value').value}${itemprop(f).value}>${f.value.value}</${tag}>\n`))}</div>
`;
    }
    case 'parent_child':
      return html`${h}<div${c()}>
${facts.map((f) => html`  <div${c('field', slugify(f.label) || f.field)}><div${c('field-label')}>${label(f, style)}</div><div${c('field-item')}${itemprop(f)}>${f.value}</div></div>\n`)}</div>
`;
    case 'strong_runs': {
      const b = style.boldTag;
      return html`${h}<div${c()}>
${facts.map((f) => raw(`  <p${c('row').value}><${b}>${escapeText(label(f, style))}</${b}> <span${itemprop(f).value}>${f.value.value}</span></p>\n`))}</div>
`;
    }
    case 'inline_runs': {
      const runs = facts.map((f) => html`${label(f, style, true)} <span${itemprop(f)}>${f.value}</span>`);
      const joined =
        style.inlineSeparator === 'spans'
          ? runs.map((r) => html`<span${c('item')}>${r}</span> `)
          : runs.map((r, i) => html`${i > 0 ? raw(style.inlineSeparator === 'br' ? '<br>\n' : style.inlineSeparator === 'pipe' ? ' | ' : ' · ') : ''}${r}`);
      return html`${h}<p${c()}>${joined}</p>
`;
    }
    case 'kv_sections':
      return html`<section${c()}>
  ${heading ? raw(`<${style.headingTag}${c('heading').value}>${escapeText(heading)}</${style.headingTag}>`) : ''}
${facts.map((f) => html`  <div${c('row')}><div${c('key')}>${label(f, style)}</div><div${c('val')}${itemprop(f)}>${f.value}</div></div>\n`)}</section>
`;
    case 'vertical_table': {
      const cell = style.rowHeaders ? 'th' : 'td';
      return html`${h}<table${c()}>
  <tbody>
${facts.map((f) => raw(`    <tr><${cell}${style.rowHeaders ? ' scope="row"' : ''}>${escapeText(label(f, style))}</${cell}><td${itemprop(f).value}>${f.value.value}</td></tr>\n`))}  </tbody>
</table>
`;
    }
    case 'dl':
      return html`${h}<dl${c()}>
${facts.map((f) => html`  <dt${c('term')}>${label(f, style)}</dt><dd${c('desc')}${itemprop(f)}>${f.value}</dd>\n`)}</dl>
`;
    case 'sentences': {
      const sentences = facts.map((f) => (f.sentence ? raw(escapeText(f.sentence).replace('{v}', `<span${itemprop(f).value}>${f.value.value}</span>`)) : html`${label(f, style, true)} <span${itemprop(f)}>${f.value}</span>.`));
      return html`${h}<p${c('lead')}>${sentences.map((s, i) => html`${i > 0 ? ' ' : ''}${s}`)}</p>
`;
    }
    case 'cards':
      return html`${h}<div${c('tiles')}>
${facts.map((f) =>
  style.valueFirst
    ? html`  <div${c('tile')}><strong${c('tile-value')}${itemprop(f)}>${f.value}</strong><small${c('tile-caption')}>${f.label}</small></div>\n`
    : html`  <div${c('card')}><svg aria-hidden="true" width="16" height="16"><use href="#i-${f.field}"></use></svg><h4${c('card-title')}>${f.label}</h4><p${c('card-text')}${itemprop(f)}>${f.value}</p></div>\n`,
)}</div>
`;
  }
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

/**
 * The golden record of the facts a page wrote. Facts whose golden value is null are noise a page shows (a product's
 * colour, a shipping fee) that the type's schema does not hold; an earlier fact of a field wins over a later one.
 */
export function goldenOf(facts: readonly Fact[]): Record<string, JsonValue> {
  const record: Record<string, JsonValue> = {};
  for (const f of facts) if (f.golden !== null && !(f.field in record)) record[f.field] = f.golden;
  return record;
}
