import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Redactor } from './redact.js';

export type SpanKind = 'span' | 'decision' | 'generation' | 'tool' | 'event';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  costUsd?: number;
  model?: string;
}

export interface SpanInit {
  kind?: SpanKind;
  input?: unknown;
  metadata?: Record<string, unknown>;
}

/** A finished span as every sink receives it (already redacted). */
export interface SpanRecord {
  spanId: string;
  traceId: string;
  parentId: string | null;
  name: string;
  kind: SpanKind;
  status: 'ok' | 'error';
  startedAt: Date;
  endedAt: Date;
  input: unknown;
  output: unknown;
  reason: string | null;
  metadata: Record<string, unknown>;
  usage: TokenUsage | null;
  error: string | null;
}

export interface ActiveSpan {
  readonly spanId: string;
  readonly traceId: string;
  setOutput(output: unknown): void;
  setReason(reason: string): void;
  addMetadata(metadata: Record<string, unknown>): void;
  setUsage(usage: TokenUsage): void;
}

export interface Tracer {
  /** Runs `fn` inside a span; nested calls become children. The span records the error if `fn` throws. */
  span<T>(name: string, init: SpanInit, fn: (span: ActiveSpan) => Promise<T> | T): Promise<T>;
  /** A decision taken at one instant: what was considered, what was chosen and why. */
  decision(name: string, d: { input?: unknown; output: unknown; reason: string; metadata?: Record<string, unknown> }): void;
  /** Id of the current trace, if inside a span. */
  currentTraceId(): string | undefined;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Where spans go. `onStart` lets exporters that need a live parent (OpenTelemetry) open their span early. */
export interface TraceSink {
  readonly name: string;
  onStart?(span: Pick<SpanRecord, 'spanId' | 'traceId' | 'parentId' | 'name' | 'kind' | 'startedAt' | 'input' | 'metadata'>): void;
  onEnd(span: SpanRecord): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

interface Frame {
  spanId: string;
  traceId: string;
}

export function createTracer(opts: { sinks: TraceSink[]; redact: Redactor; now?: () => Date }): Tracer {
  const { sinks, redact } = opts;
  const now = opts.now ?? (() => new Date());
  const context = new AsyncLocalStorage<Frame>();

  const emitStart: NonNullable<TraceSink['onStart']> = (span) => {
    for (const sink of sinks) sink.onStart?.(span);
  };
  const emitEnd = (span: SpanRecord): void => {
    for (const sink of sinks) sink.onEnd(span);
  };

  const newFrame = (): { frame: Frame; parentId: string | null } => {
    const parent = context.getStore();
    return {
      frame: { spanId: randomBytes(8).toString('hex'), traceId: parent?.traceId ?? randomBytes(16).toString('hex') },
      parentId: parent?.spanId ?? null,
    };
  };

  return {
    async span(name, init, fn) {
      const { frame, parentId } = newFrame();
      const startedAt = now();
      const input = redact(init.input ?? null);
      const metadata: Record<string, unknown> = { ...(init.metadata ?? {}) };
      const kind = init.kind ?? 'span';
      let output: unknown = null;
      let reason: string | null = null;
      let usage: TokenUsage | null = null;
      emitStart({ ...frame, parentId, name, kind, startedAt, input, metadata: redact(metadata) as Record<string, unknown> });
      const active: ActiveSpan = {
        spanId: frame.spanId,
        traceId: frame.traceId,
        setOutput: (o) => void (output = o),
        setReason: (r) => void (reason = r),
        addMetadata: (m) => void Object.assign(metadata, m),
        setUsage: (u) => void (usage = u),
      };
      const finish = (status: 'ok' | 'error', error: string | null): void => {
        emitEnd({
          ...frame,
          parentId,
          name,
          kind,
          status,
          startedAt,
          endedAt: now(),
          input,
          output: redact(output),
          reason: reason === null ? null : (redact(reason) as string),
          metadata: redact(metadata) as Record<string, unknown>,
          usage,
          error: error === null ? null : (redact(error) as string),
        });
      };
      try {
        const result = await context.run(frame, () => fn(active));
        finish('ok', null);
        return result;
      } catch (err) {
        finish('error', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
        throw err;
      }
    },

    decision(name, d) {
      const { frame, parentId } = newFrame();
      const at = now();
      const input = redact(d.input ?? null);
      const metadata = redact(d.metadata ?? {}) as Record<string, unknown>;
      emitStart({ ...frame, parentId, name, kind: 'decision', startedAt: at, input, metadata });
      emitEnd({
        ...frame,
        parentId,
        name,
        kind: 'decision',
        status: 'ok',
        startedAt: at,
        endedAt: at,
        input,
        output: redact(d.output),
        reason: redact(d.reason) as string,
        metadata,
        usage: null,
        error: null,
      });
    },

    currentTraceId: () => context.getStore()?.traceId,

    async flush() {
      await Promise.all(sinks.map((s) => s.flush()));
    },

    async shutdown() {
      await Promise.all(sinks.map((s) => s.shutdown()));
    },
  };
}
