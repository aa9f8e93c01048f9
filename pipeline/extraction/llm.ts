import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { buildExtractPrompt, EXTRACT_PROMPT_VERSION } from '../../prompts/extract.js';
import type { LlmClient } from '../llm/client.js';
import type { ParsedDocument } from '../parsing/document.js';
import type { TokenUsage } from '../tracing/tracer.js';
import { ExtractedRecord, Extraction, type ExtractedField, type Provenance } from './model.js';
import { fold } from './normalize/text.js';
import { renderForLlm, type RenderedDocument } from './render.js';

/**
 * The LLM discovery extractor: the document rendered compactly, the "extract everything" prompt, output
 * constrained by (and parsed against) the extraction model's own JSON Schema, and the provenance of every value
 * recovered by finding its raw text in the document.
 */
export const LlmExtractionOutput = z.object({ multiplicity: Extraction.shape.multiplicity, records: z.array(ExtractedRecord) });
export type LlmExtractionOutput = z.infer<typeof LlmExtractionOutput>;

/** Derived from the zod model: one definition for the types, the validation and the schema the model sees. */
export function llmExtractionJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(LlmExtractionOutput, { io: 'input' }) as Record<string, unknown>;
  return schema;
}

export interface LlmExtractOptions {
  /** Token budget for the rendered document. */
  maxInputTokens?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal | undefined;
}

export interface LlmExtractResult {
  multiplicity: LlmExtractionOutput['multiplicity'];
  records: ExtractedRecord[];
  usage: TokenUsage;
  model: string;
  promptVersion: string;
  raw: string;
  rendered: Pick<RenderedDocument, 'tokens' | 'fullTokens' | 'blocksCut' | 'cutNote'>;
}

export async function llmExtract(llm: LlmClient, doc: ParsedDocument, opts: LlmExtractOptions = {}): Promise<LlmExtractResult> {
  const rendered = renderForLlm(doc, opts.maxInputTokens ?? 12_000);
  const prompt = buildExtractPrompt({ document: rendered.text, url: doc.url, title: doc.title, language: doc.language, boundary: newBoundary(rendered.text), cutNote: rendered.cutNote });
  const response = await llm.structured({
    name: prompt.toolName,
    system: prompt.system,
    user: prompt.user,
    schema: LlmExtractionOutput,
    jsonSchema: llmExtractionJsonSchema(),
    toolDescription: prompt.toolDescription,
    maxTokens: opts.maxOutputTokens ?? 8_000,
    signal: opts.signal,
    metadata: { promptVersion: EXTRACT_PROMPT_VERSION, url: doc.url, renderedTokens: rendered.tokens, blocksCut: rendered.blocksCut },
  });
  const locate = locator(doc.text);
  return {
    multiplicity: response.value.multiplicity,
    records: response.value.records.map((r) => groundRecord(r, locate)),
    usage: response.usage,
    model: response.model,
    promptVersion: EXTRACT_PROMPT_VERSION,
    raw: response.raw,
    rendered: { tokens: rendered.tokens, fullTokens: rendered.fullTokens, blocksCut: rendered.blocksCut, cutNote: rendered.cutNote },
  };
}

/** A boundary token that does not occur in the document. */
export function newBoundary(document: string): string {
  for (;;) {
    const token = randomBytes(12).toString('base64').replace(/[^A-Za-z0-9]/g, '') + 'Qb';
    if (token.length >= 16 && !document.includes(token)) return token;
  }
}

/**
 * LLM values are grounded by finding their raw text in the document text: found values get text offsets, values
 * that cannot be found (paraphrased or invented) keep an `llm` provenance only and lose half their confidence.
 */
function groundRecord(record: ExtractedRecord, locate: (raw: string) => Provenance | null): ExtractedRecord {
  return { ...record, origin: 'llm', path: null, fields: record.fields.map((f) => groundField(f, locate)) };
}

function groundField(field: ExtractedField, locate: (raw: string) => Provenance | null): ExtractedField {
  const found = field.raw.trim() === '' ? null : locate(field.raw);
  const confidence = Math.min(0.85, field.confidence) * (found || field.records ? 1 : 0.5);
  return {
    ...field,
    confidence: Math.round(confidence * 1000) / 1000,
    provenance: found ? [{ kind: 'llm' }, found] : [{ kind: 'llm' }],
    sources: ['llm'],
    ...(field.records ? { records: field.records.map((r) => groundRecord(r, locate)) } : {}),
  };
}

function locator(text: string): (raw: string) => Provenance | null {
  const lower = text.toLowerCase();
  const folded = fold(text);
  const sameLength = folded.length === text.length;
  return (raw) => {
    const needle = raw.trim();
    let at = text.indexOf(needle);
    if (at < 0) at = lower.indexOf(needle.toLowerCase());
    if (at < 0 && sameLength) at = folded.indexOf(fold(needle));
    if (at < 0) return null;
    return { kind: 'text', start: at, end: at + needle.length };
  };
}
