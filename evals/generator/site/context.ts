import type { GoldenRecord } from '../../golden/task.js';
import { jsonForScript, html, type Markup } from '../../sites/render/html.js';
import type { Organisation } from '../content/organisation.js';
import { slugify } from '../locale/names.js';
import type { LabelConcept, SentenceConcept } from '../locale/pack.js';
import type { Rng } from '../random.js';
import { renderPage, type PageParts, type SiteIdentity } from '../render/chrome.js';
import type { Fact, LayoutFamily } from '../render/facts.js';
import type { Written } from '../render/values.js';
import type { GeneratedPage, GeneratedType } from '../types.js';
import type { BlockKey, SiteTemplate } from './template.js';

/** What every page builder of a site gets: the site's stream, template, identity and URL scheme. */
export interface SiteContext {
  rng: Rng;
  t: SiteTemplate;
  site: SiteIdentity;
  org: Organisation;
}

const encoder = new TextEncoder();

export function fact(t: SiteTemplate, concept: LabelConcept, field: string, value: Written, itemprop?: string): Fact {
  const sentence = (t.sentences as Partial<Record<string, string>>)[concept as SentenceConcept] ?? null;
  return { concept, field, label: t.labels[concept], value: value.markup, golden: value.golden, sentence, itemprop: t.microdata ? itemprop : undefined };
}

export function familyOf(t: SiteTemplate, block: BlockKey): LayoutFamily {
  return t.families[block] ?? 'dl';
}

export interface HtmlPageSpec extends PageParts {
  documentType: GeneratedType;
  records: GoldenRecord[];
  layouts: string[];
  jsonLd?: unknown;
  body?: string;
}

/** Renders a page in the site's chrome and records what it holds. */
export function htmlDocument(ctx: SiteContext, spec: HtmlPageSpec): GeneratedPage {
  const head: Markup = spec.jsonLd ? html`${spec.head ?? ''}<script type="application/ld+json">${jsonForScript(spec.jsonLd)}</script>` : (spec.head ?? html``);
  const markup = renderPage(ctx.t, ctx.site, { ...spec, head });
  const structuredData: GeneratedPage['structuredData'] = [];
  if (spec.jsonLd) structuredData.push('json-ld');
  if (spec.itemtype) structuredData.push('microdata');
  return {
    path: spec.path,
    contentType: 'text/html; charset=utf-8',
    bytes: encoder.encode(markup),
    documentType: spec.documentType,
    language: ctx.t.locale.tag,
    records: spec.records,
    body: spec.body,
    layouts: spec.layouts,
    structuredData,
    links: linksOf(markup),
  };
}

/** Site-relative links of a page (`href` values starting with one slash). */
export function linksOf(markup: string): string[] {
  const found = new Set<string>();
  for (const m of markup.matchAll(/href="(\/[^"/][^"]*|\/)"/g)) found.add((m[1] ?? '/').replace(/&amp;/g, '&').replace(/#.*$/, '') || '/');
  return [...found];
}

/** A path-safe segment from an interface word ("Über uns" → `ueber-uns`). */
export function segment(word: string, fallback: string): string {
  return slugify(word) || fallback;
}
