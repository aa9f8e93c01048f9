import { z } from 'zod';
import { ExtractionError, type ExtractionService } from '../pipeline/extraction/service.js';
import { Extraction, walkFields, type ExtractedRecord } from '../pipeline/extraction/model.js';
import { defineTool, ToolError } from './tool.js';

const ExtractInput = z.object({
  documentId: z.string().trim().min(1).max(200).optional().describe('Id of a stored (crawled) document'),
  url: z.string().trim().url().max(2048).optional().describe('A web page or PDF URL; fetched through the crawler and its guards, then stored'),
  filePath: z.string().trim().min(1).max(4096).optional().describe('A file inside an allowed directory (HTML, PDF, JSON or text)'),
  allPending: z.boolean().optional().describe('Extract every stored document that has no extraction yet (ignores the other targets)'),
  mode: z.enum(['auto', 'offline', 'llm']).default('auto').describe('auto: offline, plus the LLM when an API key is configured; offline: no LLM call; llm: ask for the LLM (falls back to offline if it fails)'),
});

const ExtractOutput = z.object({
  extractionId: z.string().nullable(),
  extraction: Extraction.nullable().describe('Records of fields with label, raw and normalized value, type, confidence and provenance'),
  truncated: z.boolean().describe('True when records were left out of this answer to keep it small; the stored extraction is complete'),
  fallbackReason: z.string().nullable(),
  pending: z
    .object({ total: z.number().int(), extracted: z.number().int(), failed: z.array(z.object({ documentId: z.string(), reason: z.string() })), stopped: z.boolean() })
    .nullable(),
});

/** Answers above this size are cut to whole records; the stored extraction keeps everything. */
const MAX_OUTPUT_CHARS = 100_000;

export const extractDocumentTool = defineTool<typeof ExtractInput, typeof ExtractOutput, { extraction: ExtractionService }>({
  name: 'extract_document',
  title: 'Extract data from a document',
  description:
    'Pull out everything that looks like data from one document, with no schema given: pass exactly one of documentId (a stored document), url (fetched politely and stored) or filePath (inside an allowed directory), or allPending: true to process every stored document not yet extracted. Returns records of fields, each with the label as written, raw and normalized value (dates ISO, money {amount,currency}, durations ISO 8601), type, confidence and provenance, and whether the page is a detail page (single) or a listing (many). The result is stored and published for clustering; next, call list_clusters to see document types.',
  inputSchema: ExtractInput,
  outputSchema: ExtractOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { deps, signal, progress }) {
    if (input.allPending) {
      const pending = await deps.extraction.extractPending({
        mode: input.mode,
        signal,
        onProgress: (p) => progress(p.done, p.total, `${p.documentId}: ${p.ok ? 'extracted' : `failed: ${p.message ?? ''}`}`),
      });
      return { extractionId: null, extraction: null, truncated: false, fallbackReason: null, pending };
    }
    const targets = [input.documentId, input.url, input.filePath].filter((t) => t !== undefined);
    if (targets.length !== 1) throw new ToolError('Pass exactly one of documentId, url or filePath (or allPending: true).');
    const target = input.documentId !== undefined ? { documentId: input.documentId } : input.url !== undefined ? { url: input.url } : { filePath: input.filePath as string };
    try {
      const out = await deps.extraction.extract(target, { mode: input.mode, signal });
      const { extraction, truncated } = capSize(out.extraction);
      return { extractionId: out.extractionId, extraction, truncated, fallbackReason: out.fallbackReason, pending: null };
    } catch (err) {
      if (err instanceof ExtractionError) throw new ToolError(err.message);
      throw err;
    }
  },
  summarize(out) {
    if (out.pending) {
      const p = out.pending;
      const failed = p.failed.length > 0 ? ` ${p.failed.length} failed (first: ${p.failed[0]?.documentId}: ${p.failed[0]?.reason}).` : '';
      return `${p.extracted} of ${p.total} pending document(s) extracted${p.stopped ? ' before the call was cancelled' : ''}.${failed}`;
    }
    const x = out.extraction;
    if (!x) return 'Nothing was extracted.';
    const fields = [...walkFields(x.records)];
    const top = fields
      .slice(0, 8)
      .map((f) => `${f.name}=${short(f.raw)}`)
      .join(', ');
    const kind = x.multiplicity === 'many' ? `a listing with ${x.records.length} records` : x.multiplicity === 'single' ? 'a detail page' : 'no data';
    const notes = [out.fallbackReason, out.truncated ? 'The answer was shortened; the stored extraction is complete.' : null].filter(Boolean).join(' ');
    return `Extraction ${out.extractionId} (${x.extractor}${x.model ? `, ${x.model}` : ''}) of ${x.url}: ${kind}, ${fields.length} fields, mean confidence ${x.confidence}. ${top}${notes ? `\n${notes}` : ''}`;
  },
});

function capSize(extraction: Extraction): { extraction: Extraction; truncated: boolean } {
  if (JSON.stringify(extraction).length <= MAX_OUTPUT_CHARS) return { extraction, truncated: false };
  const kept: ExtractedRecord[] = [];
  let size = 2_000;
  for (const record of extraction.records) {
    const length = JSON.stringify(record).length;
    if (size + length > MAX_OUTPUT_CHARS) {
      if (kept.length === 0) kept.push({ ...record, fields: record.fields.slice(0, 50).map((f) => ({ ...f, records: undefined })) });
      break;
    }
    kept.push(record);
    size += length;
  }
  const left = extraction.records.length - kept.length;
  return { extraction: { ...extraction, records: kept, warnings: [...extraction.warnings, `${left} record(s) left out of this answer to keep it small`] }, truncated: true };
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
