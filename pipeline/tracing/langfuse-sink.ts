import { LangfuseSpanProcessor } from '@langfuse/otel';
import {
  setLangfuseTracerProvider,
  startObservation,
  type LangfuseObservation,
  type LangfuseSpanAttributes,
} from '@langfuse/tracing';
import { BasicTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Redactor } from './redact.js';
import type { SpanKind, SpanRecord, TraceSink } from './tracer.js';

export interface LangfuseSinkOptions {
  publicKey: string;
  secretKey: string;
  baseUrl: string;
  redact: Redactor;
  /** Replaces the OTLP HTTP exporter (tests pass an in-memory exporter). */
  exporter?: SpanExporter;
  environment?: string;
  release?: string;
}

const OBSERVATION_TYPE: Record<SpanKind, 'span' | 'event' | 'generation' | 'tool'> = {
  span: 'span',
  decision: 'event',
  generation: 'generation',
  tool: 'tool',
  event: 'event',
};

/**
 * Exports spans to Langfuse as observations through `@langfuse/tracing` on an OpenTelemetry provider that
 * `@langfuse/otel` exports from. Observations open when the span starts so children attach to their parent.
 */
export function createLangfuseSink(opts: LangfuseSinkOptions): TraceSink {
  const processor = new LangfuseSpanProcessor({
    publicKey: opts.publicKey,
    secretKey: opts.secretKey,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    mediaUploadEnabled: false,
    exportMode: 'batched',
    flushInterval: 2,
    mask: ({ data }) => opts.redact(data),
    ...(opts.exporter ? { exporter: opts.exporter } : {}),
    ...(opts.environment ? { environment: opts.environment } : {}),
    ...(opts.release ? { release: opts.release } : {}),
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  setLangfuseTracerProvider(provider);
  const open = new Map<string, LangfuseObservation>();

  const startFor = (span: Parameters<NonNullable<TraceSink['onStart']>>[0]): LangfuseObservation => {
    const parent = span.parentId ? open.get(span.parentId) : undefined;
    const attributes: LangfuseSpanAttributes = { input: span.input, metadata: span.metadata };
    const options = {
      startTime: span.startedAt,
      ...(parent ? { parentSpanContext: parent.otelSpan.spanContext() } : {}),
    };
    const type = OBSERVATION_TYPE[span.kind];
    if (type === 'generation') return startObservation(span.name, attributes, { ...options, asType: 'generation' });
    if (type === 'tool') return startObservation(span.name, attributes, { ...options, asType: 'tool' });
    return startObservation(span.name, attributes, options);
  };

  return {
    name: 'langfuse',
    onStart(span) {
      if (OBSERVATION_TYPE[span.kind] === 'event') return;
      open.set(span.spanId, startFor(span));
    },
    onEnd(span: SpanRecord) {
      const metadata = { ...span.metadata, quarrySpanId: span.spanId, ...(span.reason ? { reason: span.reason } : {}) };
      if (OBSERVATION_TYPE[span.kind] === 'event') {
        // Events are instants: Langfuse records them complete, so they are created once, at the end.
        const parent = span.parentId ? open.get(span.parentId) : undefined;
        startObservation(
          span.name,
          { input: span.input, output: span.output, metadata },
          { asType: 'event', startTime: span.startedAt, ...(parent ? { parentSpanContext: parent.otelSpan.spanContext() } : {}) },
        );
        return;
      }
      const observation = open.get(span.spanId) ?? startFor(span);
      open.delete(span.spanId);
      if (!('update' in observation)) return;
      const update: Record<string, unknown> = { output: span.output, metadata };
      if (span.status === 'error') Object.assign(update, { level: 'ERROR', statusMessage: span.error ?? 'error' });
      if (span.usage && span.kind === 'generation') {
        Object.assign(update, {
          model: span.usage.model,
          usageDetails: { input: span.usage.inputTokens, output: span.usage.outputTokens },
          ...(span.usage.costUsd !== undefined ? { costDetails: { total: span.usage.costUsd } } : {}),
        });
      }
      observation.update(update);
      observation.end(span.endedAt);
    },
    async flush() {
      await provider.forceFlush();
    },
    async shutdown() {
      await provider.shutdown();
      setLangfuseTracerProvider(null);
    },
  };
}
