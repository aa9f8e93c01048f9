import type { Queryable } from '../store/store.js';
import type { SpanRecord, TraceSink } from './tracer.js';

/**
 * Records every span in the `trace_spans` table. Writes are batched off the hot path; `flush` waits for them.
 * A failed write is reported through `onError` and never breaks the traced work.
 */
export function createLocalTraceSink(opts: {
  db: Queryable;
  batchSize?: number;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}): TraceSink {
  const batchSize = opts.batchSize ?? 200;
  const intervalMs = opts.intervalMs ?? 250;
  let pending: SpanRecord[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const write = async (batch: SpanRecord[]): Promise<void> => {
    const columns = 15;
    const values: unknown[] = [];
    const tuples = batch.map((s, i) => {
      values.push(
        s.spanId,
        s.traceId,
        s.parentId,
        s.name,
        s.kind,
        s.status,
        s.startedAt,
        s.endedAt,
        s.endedAt.getTime() - s.startedAt.getTime(),
        JSON.stringify(s.input ?? null),
        JSON.stringify(s.output ?? null),
        s.reason,
        JSON.stringify(s.metadata),
        s.usage ? JSON.stringify(s.usage) : null,
        s.error,
      );
      const base = i * columns;
      return `(${Array.from({ length: columns }, (_, j) => `$${base + j + 1}`).join(', ')})`;
    });
    await opts.db.query(
      `INSERT INTO trace_spans (span_id, trace_id, parent_id, name, kind, status, started_at, ended_at, duration_ms,
         input, output, reason, metadata, usage, error)
       VALUES ${tuples.join(', ')} ON CONFLICT (span_id) DO NOTHING`,
      values,
    );
  };

  const drain = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return writing;
    const batch = pending;
    pending = [];
    writing = writing
      .then(() => write(batch))
      .catch((err: unknown) => opts.onError?.(err));
    return writing;
  };

  return {
    name: 'local',
    onEnd(span) {
      if (closed) return;
      pending.push(span);
      if (pending.length >= batchSize) void drain();
      else if (!timer) {
        timer = setTimeout(() => void drain(), intervalMs);
        timer.unref();
      }
    },
    flush: drain,
    async shutdown() {
      await drain();
      closed = true;
    },
  };
}
