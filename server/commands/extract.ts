import type { ExtractMode, ExtractionService } from '../../pipeline/extraction/service.js';
import { walkFields } from '../../pipeline/extraction/model.js';

export interface ExtractCommandOptions {
  documentId?: string | undefined;
  url?: string | undefined;
  filePath?: string | undefined;
  /** Every stored document without an extraction. */
  allPending?: boolean | undefined;
  mode?: ExtractMode | undefined;
  /** Print the extraction as JSON instead of a table. */
  json?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/** `quarry extract`: one document (id, URL or file) or all pending ones; returns what to print. */
export async function runExtractCommand(
  deps: { extraction: ExtractionService },
  opts: ExtractCommandOptions,
  onProgress?: (line: string) => void,
): Promise<string> {
  if (opts.allPending) {
    const result = await deps.extraction.extractPending({
      mode: opts.mode ?? 'auto',
      signal: opts.signal,
      onProgress: (p) => onProgress?.(`[${p.done}/${p.total}] ${p.documentId} ${p.ok ? 'ok' : `failed: ${p.message ?? ''}`}`),
    });
    const failed = result.failed.map((f) => `  ${f.documentId}: ${f.reason}`).join('\n');
    return `${result.extracted} of ${result.total} pending document(s) extracted${result.stopped ? ' (stopped)' : ''}.${failed ? `\nFailed:\n${failed}` : ''}`;
  }
  const target = opts.documentId ? { documentId: opts.documentId } : opts.url ? { url: opts.url } : opts.filePath ? { filePath: opts.filePath } : null;
  if (!target) throw new Error('Give a document id, --url, --file or --all-pending.');
  const out = await deps.extraction.extract(target, { mode: opts.mode ?? 'auto', signal: opts.signal });
  if (opts.json) return JSON.stringify({ extractionId: out.extractionId, ...out.extraction }, null, 2);
  const x = out.extraction;
  const rows = x.records.flatMap((record, i) =>
    [...walkFields([record])].map((f) => [String(i + 1), f.name, f.type, f.confidence.toFixed(2), oneLine(JSON.stringify(f.value)), f.label]),
  );
  const head = ['REC', 'FIELD', 'TYPE', 'CONF', 'VALUE', 'LABEL'];
  const widths = head.map((h, c) => Math.min(50, Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length))));
  const line = (cells: string[]) => cells.map((cell, c) => (cell.length > (widths[c] ?? 0) ? `${cell.slice(0, (widths[c] ?? 1) - 1)}…` : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd();
  const summary = `${out.extractionId}: ${x.extractor}${x.model ? ` (${x.model})` : ''}, ${x.multiplicity}, ${x.records.length} record(s), confidence ${x.confidence}`;
  const notes = [out.fallbackReason, ...x.warnings].filter(Boolean).map((w) => `note: ${w}`);
  return [summary, line(head), ...rows.map(line), ...notes].join('\n');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ');
}
