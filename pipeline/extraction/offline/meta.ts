import type { MetaTag } from '../../parsing/document.js';
import { keyedField, type FieldContext } from '../field.js';
import type { ExtractedField } from '../model.js';

/**
 * OpenGraph, Twitter, Dublin Core, article/product meta and the description: page-level facts the site states about
 * itself. Technical tags (viewport, robots, verification tokens, image sizes) are not data about the content.
 */
const KEPT = /^(?:og:(?!image:(?:width|height|type|alt)|locale:alternate)|twitter:(?:title|description|data\d|label\d)|article:|product:|music:|video:|event:|book:|profile:|dc\.|dcterms\.|description$|author$|keywords$|date$|citation_|price|currency)/;

export function metaFields(meta: readonly MetaTag[], ctx: FieldContext): ExtractedField[] {
  const fields: ExtractedField[] = [];
  for (const tag of meta) {
    if (!KEPT.test(tag.key) || tag.content.trim() === '') continue;
    fields.push(keyedField(ctx, tag.key, tag.content, 0.8, { kind: 'meta', path: tag.key }));
  }
  return fields;
}
