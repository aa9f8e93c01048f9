import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import { createLangfuseSink } from './langfuse-sink.js';
import { createLocalTraceSink } from './local-sink.js';
import { createRedactor, REDACTED } from './redact.js';
import { createTracer, type SpanRecord, type TraceSink } from './tracer.js';

const SECRET = 'sk-ant-api03-verysecretvalue';
const { redact, redactText } = createRedactor([SECRET, 'my-own-token-123456']);

function collector(): TraceSink & { spans: SpanRecord[] } {
  const spans: SpanRecord[] = [];
  return { name: 'memory', spans, onEnd: (s) => void spans.push(s), flush: async () => undefined, shutdown: async () => undefined };
}

describe('the tracer', () => {
  it('nests spans, records decisions with input, output and reason, and marks errors', async () => {
    const sink = collector();
    const tracer = createTracer({ sinks: [sink], redact });
    await tracer.span('crawl', { input: { url: 'https://opera.test' } }, async () => {
      tracer.decision('robots', { input: { path: '/private' }, output: 'skip', reason: 'Disallow: /private' });
      await tracer.span('fetch', { kind: 'span' }, async (s) => s.setOutput({ status: 200 }));
      await expect(tracer.span('parse', {}, async () => Promise.reject(new Error('bad bytes')))).rejects.toThrow('bad bytes');
    });
    const [decision, fetch, parse, crawl] = sink.spans;
    expect(crawl?.parentId).toBeNull();
    for (const child of [decision, fetch, parse]) {
      expect(child?.parentId).toBe(crawl?.spanId);
      expect(child?.traceId).toBe(crawl?.traceId);
    }
    expect(decision).toMatchObject({ kind: 'decision', input: { path: '/private' }, output: 'skip', reason: 'Disallow: /private' });
    expect(fetch?.output).toEqual({ status: 200 });
    expect(parse).toMatchObject({ status: 'error', error: 'Error: bad bytes' });
  });

  it('masks secrets in inputs, outputs, reasons, metadata and errors', async () => {
    const sink = collector();
    const tracer = createTracer({ sinks: [sink], redact });
    await tracer
      .span('llm', { input: { prompt: `key ${SECRET}`, apiKey: 'anything', headers: { Authorization: 'Bearer abcdefghijkl' } } }, async (s) => {
        s.setOutput({ echoed: 'my-own-token-123456' });
        s.setReason('used postgres://quarry:hunter2@db/quarry');
        throw new Error(`401 for ${SECRET}`);
      })
      .catch(() => undefined);
    const text = JSON.stringify(sink.spans);
    for (const leaked of [SECRET, 'my-own-token-123456', 'hunter2', 'abcdefghijkl']) expect(text).not.toContain(leaked);
    expect(sink.spans[0]?.input).toEqual({ prompt: `key ${REDACTED}`, apiKey: REDACTED, headers: { Authorization: REDACTED } });
  });

  it('bounds huge, deep and circular values instead of failing', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100; i++) deep = (deep.next = {}) as Record<string, unknown>;
    const out = redact({ big: 'x'.repeat(100_000), circular, root, many: Array.from({ length: 1000 }, (_, i) => i) }) as Record<string, unknown>;
    expect((out.big as string).length).toBeLessThan(8_100);
    expect((out.circular as Record<string, unknown>).self).toBe('[circular]');
    expect(JSON.stringify(out.root)).toContain('[nested too deep]');
    expect((out.many as unknown[]).length).toBe(201);
    expect(redactText('password=hunter2; user=me')).toBe(`password=${REDACTED}; user=me`);
  });
});

describe('the local trace table', () => {
  it('keeps every span with its decision fields, queryable by trace', async () => {
    const store = await openStore({});
    const local = createLocalTraceSink({ db: store, intervalMs: 10 });
    const tracer = createTracer({ sinks: [local], redact });
    await tracer.span('cluster.update', { input: { docs: 3 } }, async () => {
      tracer.decision('cluster.candidate', { input: { size: 12 }, output: { candidate: true }, reason: 'stable for 3 updates' });
    });
    await tracer.flush();
    const rows = await store.query<{ name: string; kind: string; reason: string | null; output: unknown; trace_id: string }>(
      'SELECT name, kind, reason, output, trace_id FROM trace_spans ORDER BY started_at, name',
    );
    expect(rows.map((r) => r.name).sort()).toEqual(['cluster.candidate', 'cluster.update']);
    expect(rows.find((r) => r.name === 'cluster.candidate')).toMatchObject({ kind: 'decision', reason: 'stable for 3 updates', output: { candidate: true } });
    expect(new Set(rows.map((r) => r.trace_id)).size).toBe(1);
    await tracer.shutdown();
    await store.close();
  });
});

describe('Langfuse export', () => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup) await fn();
    cleanup = [];
  });

  it('exports spans as Langfuse observations with parents, usage and masked payloads', async () => {
    const exporter = new InMemorySpanExporter();
    const sink = createLangfuseSink({ publicKey: 'pk-lf-test', secretKey: 'sk-lf-testsecret', baseUrl: 'http://127.0.0.1:9', redact, exporter });
    cleanup.push(() => sink.shutdown());
    const tracer = createTracer({ sinks: [sink], redact });
    await tracer.span('extract_document', { input: { url: 'https://opera.test/tosca' } }, async () => {
      await tracer.span('llm.extract', { kind: 'generation', input: { prompt: `with ${SECRET}` } }, async (s) => {
        s.setUsage({ inputTokens: 1200, outputTokens: 300, model: 'claude-test', costUsd: 0.01 });
        s.setOutput({ fields: 12 });
      });
      tracer.decision('merge', { output: 'kept offline value', reason: 'llm disagreed' });
    });
    await tracer.flush();
    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const root = byName.get('extract_document');
    const generation = byName.get('llm.extract');
    expect(root && generation && byName.get('merge')).toBeTruthy();
    expect(generation?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(generation?.attributes['langfuse.observation.type']).toBe('generation');
    expect(String(generation?.attributes['langfuse.observation.usage_details'])).toContain('1200');
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(SECRET);
    expect(String(generation?.attributes['langfuse.observation.input'])).toContain(REDACTED);
  });

  it('posts OTLP traces to Langfuse\'s endpoint with Basic auth and nothing secret in the body', async () => {
    const received: Array<{ path: string; auth: string; body: Buffer }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(() => r())));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sink = createLangfuseSink({ publicKey: 'pk-lf-local', secretKey: 'sk-lf-localsecret', baseUrl, redact });
    const tracer = createTracer({ sinks: [sink], redact });
    await tracer.span('crawl_site', { input: { token: 'my-own-token-123456', url: 'https://opera.test' } }, async (s) => s.setOutput({ pages: 4 }));
    await tracer.flush();
    await sink.shutdown();
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]?.path).toBe('/api/public/otel/v1/traces');
    expect(received[0]?.auth).toBe(`Basic ${Buffer.from('pk-lf-local:sk-lf-localsecret').toString('base64')}`);
    const body = Buffer.concat(received.map((r) => r.body)).toString('latin1');
    expect(body).toContain('crawl_site');
    expect(body).toContain('opera.test');
    expect(body).not.toContain('my-own-token-123456');
  });
});
