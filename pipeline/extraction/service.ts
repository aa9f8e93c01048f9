import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bus } from '../bus/bus.js';
import { subjectToken } from '../bus/streams.js';
import { LlmError, type LlmClient } from '../llm/client.js';
import type { ParsedDocument } from '../parsing/document.js';
import { parseDocument } from '../parsing/index.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import type { Tracer } from '../tracing/tracer.js';
import { llmExtract } from './llm.js';
import { mergeExtractions } from './merge.js';
import { Extraction, walkFields, type ExtractedRecord } from './model.js';
import { extractOffline } from './offline/index.js';
import { saveExtraction, unextracted } from './repository.js';

/**
 * `extractDocument`: a stored document, a URL (fetched through the acquisition layer and its guards) or a file in
 * an allowed directory → parsed → offline extraction, plus the LLM extraction when a client is configured, merged
 * → stored in `extractions` and published to `extracted.<site>`.
 */
export interface StoredDocumentRef {
  id: string;
  url: string;
  contentType: string | null;
}

/** What extraction needs from the acquisition layer's document store (`pipeline/acquisition/docstore.ts`). */
export interface DocumentSource {
  getDocument(id: string): Promise<StoredDocumentRef | null>;
  getDocumentBytes(id: string): Promise<Uint8Array | null>;
  /** Stored documents, newest first or in any stable order. */
  listDocuments(filter?: { limit?: number }): Promise<Array<Pick<StoredDocumentRef, 'id' | 'url'>>>;
}

/** Where a stored document's bytes and what they are can be read. */
export interface StoredBytes {
  getDocument(id: string): Promise<Pick<StoredDocumentRef, 'url' | 'contentType'> | null>;
  getDocumentBytes(id: string): Promise<Uint8Array | null>;
}

/** A stored document parsed (null when it is gone or does not parse): the one way stages read a document again. */
export async function parseStoredDocument(source: StoredBytes, id: string | null): Promise<ParsedDocument | null> {
  if (!id) return null;
  const [meta, bytes] = await Promise.all([source.getDocument(id), source.getDocumentBytes(id)]);
  if (!meta || !bytes) return null;
  const parsed = await parseDocument({ bytes, contentType: meta.contentType, url: meta.url });
  return parsed.ok ? parsed.document : null;
}

export interface ExtractionDeps {
  store: Store;
  bus: Pick<Bus, 'publish'>;
  tracer: Tracer;
  clock: Clock;
  logger: Logger;
  documents: DocumentSource;
  /** Null when no API key is configured: offline only. */
  llm: LlmClient | null;
  /** Fetches a URL through the acquisition layer (robots, private-address guard, size caps) and stores it. */
  acquireUrl?: ((url: string, signal?: AbortSignal) => Promise<{ documentId: string }>) | undefined;
  /** Directories files may be read from; anything else (including symlinks out of them) is refused. */
  allowedDirs: readonly string[];
}

export type ExtractMode = 'auto' | 'offline' | 'llm';

export type ExtractTarget = { documentId: string } | { url: string } | { filePath: string };

export interface ExtractOptions {
  /** `auto`: offline, plus LLM and merge when a client is configured. */
  mode?: ExtractMode;
  signal?: AbortSignal | undefined;
  /** Store and publish the result (default true). */
  persist?: boolean;
}

export interface ExtractOutcome {
  extractionId: string;
  extraction: Extraction;
  /** Set when the LLM path was wanted but failed and the offline result was used instead. */
  fallbackReason: string | null;
}

export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
}

const MAX_FILE_BYTES = 60 * 1024 * 1024;

export async function extractDocument(deps: ExtractionDeps, target: ExtractTarget, opts: ExtractOptions = {}): Promise<ExtractOutcome> {
  const mode = opts.mode ?? 'auto';
  return deps.tracer.span('extraction.extract_document', { input: { target, mode } }, async (span) => {
    const source = await loadSource(deps, target, opts.signal);
    const parsed = await parseDocument({ bytes: source.bytes, contentType: source.contentType, url: source.url });
    if (!parsed.ok) throw new ExtractionError(`The document could not be parsed: ${parsed.reason}`);
    const outcome = await extractParsed(deps, parsed.document, source.documentId, mode, opts.signal);
    const extractionId = newId('ext', deps.clock.now().getTime());
    if (opts.persist ?? true) {
      await saveExtraction(deps.store, extractionId, outcome.extraction, outcome.raw);
      await deps.bus.publish(`extracted.${subjectToken(siteOf(outcome.extraction.url))}`, { extractionId, ...outcome.extraction }, { msgId: extractionId });
    }
    span.setOutput({ extractionId, extractor: outcome.extraction.extractor, records: outcome.extraction.records.length, confidence: outcome.extraction.confidence });
    if (outcome.fallbackReason) span.setReason(outcome.fallbackReason);
    return { extractionId, extraction: outcome.extraction, fallbackReason: outcome.fallbackReason };
  });
}

async function extractParsed(
  deps: ExtractionDeps,
  doc: ParsedDocument,
  documentId: string | null,
  mode: ExtractMode,
  signal: AbortSignal | undefined,
): Promise<{ extraction: Extraction; raw: string | null; fallbackReason: string | null }> {
  const offline = await deps.tracer.span('extraction.offline', { input: { url: doc.url, kind: doc.kind } }, (span) => {
    const result = extractOffline(doc);
    span.setOutput({ records: result.records.length, multiplicity: result.multiplicity, warnings: result.warnings.length });
    return result;
  });
  deps.tracer.decision('extraction.multiplicity', { input: { url: doc.url }, output: offline.multiplicity, reason: offline.multiplicityReason });
  const warnings = [...offline.warnings, ...('warnings' in doc && Array.isArray(doc.warnings) ? (doc.warnings as string[]) : [])];
  const base = { documentId, url: doc.url, extractedAt: deps.clock.now().toISOString() };
  const offlineExtraction = (fallbackReason: string | null): Extraction =>
    finalize({ ...base, extractor: 'offline', model: null, promptVersion: null, multiplicity: offline.multiplicity, records: offline.records, usage: null, warnings: fallbackReason ? [...warnings, fallbackReason] : warnings });

  const wantsLlm = mode === 'llm' || (mode === 'auto' && deps.llm !== null);
  if (!wantsLlm) return { extraction: offlineExtraction(null), raw: null, fallbackReason: null };
  if (!deps.llm) {
    const reason = 'LLM extraction was asked for but no ANTHROPIC_API_KEY is configured; used the offline extractor';
    deps.tracer.decision('extraction.fallback', { output: 'offline', reason });
    return { extraction: offlineExtraction(reason), raw: null, fallbackReason: reason };
  }
  try {
    const llm = await llmExtract(deps.llm, doc, { signal });
    const merged = mergeExtractions(offline.records, llm.records, offline.multiplicity === 'none' ? llm.multiplicity : offline.multiplicity);
    deps.tracer.decision('extraction.merge', {
      output: { agreed: merged.agreed, conflicts: merged.conflicts, llmOnly: merged.llmOnly },
      reason: `${merged.agreed} values found by both, ${merged.conflicts} conflicts, ${merged.llmOnly} only by the LLM`,
    });
    const cut = llm.rendered.cutNote ? [`LLM input shortened: ${llm.rendered.cutNote}`] : [];
    const extraction = finalize({
      ...base,
      extractor: 'merged',
      model: llm.model,
      promptVersion: llm.promptVersion,
      multiplicity: offline.multiplicity === 'none' ? llm.multiplicity : offline.multiplicity,
      records: merged.records,
      usage: llm.usage,
      warnings: [...warnings, ...cut],
    });
    return { extraction, raw: llm.raw, fallbackReason: null };
  } catch (err) {
    if (!(err instanceof LlmError) || err.code === 'aborted') throw err;
    const reason = `LLM extraction failed (${err.code}: ${err.message}); used the offline extractor`;
    deps.logger.warn('llm extraction failed, falling back to offline', { url: doc.url, code: err.code });
    deps.tracer.decision('extraction.fallback', { output: 'offline', reason });
    const extraction = offlineExtraction(reason);
    return { extraction: err.details.usage ? { ...extraction, usage: err.details.usage } : extraction, raw: err.details.raw ?? null, fallbackReason: reason };
  }
}

function finalize(e: Omit<Extraction, 'confidence'>): Extraction {
  let sum = 0;
  let n = 0;
  for (const f of walkFields(e.records as ExtractedRecord[])) {
    sum += f.confidence;
    n++;
  }
  return Extraction.parse({ ...e, confidence: n === 0 ? 0 : Math.round((sum / n) * 1000) / 1000 });
}

interface Source {
  documentId: string | null;
  url: string;
  contentType: string | null;
  bytes: Uint8Array;
}

async function loadSource(deps: ExtractionDeps, target: ExtractTarget, signal: AbortSignal | undefined): Promise<Source> {
  if ('documentId' in target) return storedSource(deps, target.documentId);
  if ('url' in target) {
    if (!deps.acquireUrl) throw new ExtractionError('Extracting by URL needs the acquisition layer, which is not available here; crawl the URL first and pass its document id.');
    const { documentId } = await deps.acquireUrl(target.url, signal);
    return storedSource(deps, documentId);
  }
  const path = await allowedFile(target.filePath, deps.allowedDirs);
  const info = await lstat(path);
  if (info.size > MAX_FILE_BYTES) throw new ExtractionError(`The file is ${info.size.toLocaleString('en')} bytes; files up to ${MAX_FILE_BYTES.toLocaleString('en')} bytes are extracted.`);
  return { documentId: null, url: pathToFileURL(path).href, contentType: null, bytes: new Uint8Array(await readFile(path)) };
}

async function storedSource(deps: ExtractionDeps, documentId: string): Promise<Source> {
  const doc = await deps.documents.getDocument(documentId);
  if (!doc) throw new ExtractionError(`No stored document has the id ${documentId}; list documents or crawl first.`);
  const bytes = await deps.documents.getDocumentBytes(documentId);
  if (!bytes) throw new ExtractionError(`The bytes of document ${documentId} are missing from the document store.`);
  return { documentId, url: doc.url, contentType: doc.contentType, bytes };
}

/**
 * Resolves a file path and accepts it only inside an allowed directory, after following symlinks: `../` escapes
 * and symlinks pointing outside are refused with the list of allowed directories.
 */
export async function allowedFile(filePath: string, allowedDirs: readonly string[]): Promise<string> {
  if (allowedDirs.length === 0) throw new ExtractionError('Reading files is disabled: no allowed directories are configured.');
  if (filePath.includes('\0')) throw new ExtractionError('The file path contains a NUL byte.');
  const roots = await Promise.all(allowedDirs.map((d) => realpath(resolve(d)).catch(() => resolve(d))));
  const candidate = isAbsolute(filePath) ? resolve(filePath) : resolve(roots[0] as string, filePath);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new ExtractionError(`No file at ${filePath}. Files are read from: ${allowedDirs.join(', ')}.`);
  }
  const inside = roots.some((root) => {
    const rel = relative(root, real);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
  });
  if (!inside) throw new ExtractionError(`The file ${filePath} is outside the allowed directories (${allowedDirs.join(', ')}); symlinks and ../ cannot leave them.`);
  const info = await lstat(real);
  if (!info.isFile()) throw new ExtractionError(`${filePath} is not a regular file.`);
  return real;
}

export interface PendingProgress {
  done: number;
  total: number;
  documentId: string;
  ok: boolean;
  message?: string;
}

export interface PendingResult {
  total: number;
  /** Documents of the pending set that have an extraction now (by this call, or by a worker running at the same time). */
  extracted: number;
  failed: Array<{ documentId: string; reason: string }>;
  stopped: boolean;
}

/**
 * Every stored document without an extraction, one after another; stops between documents when `signal` aborts.
 * A document the pipeline's worker extracted meanwhile is not extracted again (`extractOne` joins one in flight).
 */
export async function extractPending(
  deps: ExtractionDeps,
  opts: { mode?: ExtractMode; signal?: AbortSignal; limit?: number; onProgress?: (p: PendingProgress) => void | Promise<void> } = {},
  extractOne: (target: ExtractTarget, o: ExtractOptions) => Promise<unknown> = (target, o) => extractDocument(deps, target, o),
): Promise<PendingResult> {
  const listed = await deps.documents.listDocuments(opts.limit ? { limit: opts.limit } : {});
  const pending = await unextracted(deps.store, listed.map((d) => d.id));
  const result: PendingResult = { total: pending.length, extracted: 0, failed: [], stopped: false };
  for (const [i, documentId] of pending.entries()) {
    if (opts.signal?.aborted) {
      result.stopped = true;
      break;
    }
    try {
      if ((await unextracted(deps.store, [documentId])).length > 0) await extractOne({ documentId }, { mode: opts.mode ?? 'auto', signal: opts.signal });
      result.extracted++;
      await opts.onProgress?.({ done: i + 1, total: pending.length, documentId, ok: true });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (opts.signal?.aborted) {
        result.stopped = true;
        break;
      }
      result.failed.push({ documentId, reason });
      await opts.onProgress?.({ done: i + 1, total: pending.length, documentId, ok: false, message: reason });
    }
  }
  return result;
}

function siteOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? 'file' : u.hostname.replace(/^www\./, '');
  } catch {
    return 'unknown';
  }
}


/** The extraction service the tools and the CLI use (`Services.extraction`). */
export interface ExtractionService {
  readonly llmEnabled: boolean;
  extract(target: ExtractTarget, opts?: ExtractOptions): Promise<ExtractOutcome>;
  extractPending(opts?: Parameters<typeof extractPending>[1]): Promise<PendingResult>;
}

export function createExtractionService(deps: ExtractionDeps): ExtractionService {
  // One extraction per stored document at a time: a tool call and the pipeline's worker asking for the same
  // document share the run instead of storing and publishing two extractions.
  const inFlight = new Map<string, Promise<ExtractOutcome>>();
  const extract = (target: ExtractTarget, opts: ExtractOptions = {}): Promise<ExtractOutcome> => {
    if (!('documentId' in target) || opts.persist === false) return extractDocument(deps, target, opts);
    const running = inFlight.get(target.documentId);
    if (running) return running;
    const run = extractDocument(deps, target, opts).finally(() => inFlight.delete(target.documentId));
    inFlight.set(target.documentId, run);
    return run;
  };
  return {
    llmEnabled: deps.llm !== null,
    extract,
    extractPending: (opts) => extractPending(deps, opts, extract),
  };
}
