import { decodeBytes } from '../../pipeline/parsing/charset.js';
import type { RawDocumentInput } from '../../pipeline/parsing/document.js';

/** A reference extractor of a page's main text, scored beside Quarry's body. */
export type ReferenceBody = (input: RawDocumentInput) => Promise<string | null>;

/**
 * Mozilla's Readability (the reader view of Firefox) on a linkedom DOM: the yardstick for Quarry's article body.
 * Both are devDependencies, loaded on first use, so the product never needs them; null when they are not installed
 * (a production install), and the eval then leaves the reference column out. Bytes are decoded the way Quarry's
 * parser decodes them, so both read the same text.
 */
export async function loadReadability(): Promise<ReferenceBody | null> {
  const modules = await Promise.all([import('@mozilla/readability'), import('linkedom')]).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  });
  if (!modules) return null;
  const [{ Readability }, { parseHTML }] = modules;
  return async (input) => {
    const { document } = parseHTML(decodeBytes(input.bytes, input.contentType).text);
    return new Readability(document).parse()?.textContent ?? null;
  };
}
