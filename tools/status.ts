import { z } from 'zod';
import { STREAMS } from '../pipeline/bus/streams.js';
import type { Services } from './services.js';
import { defineTool } from './tool.js';

/** What `status` counts, when the stage that owns the table is installed. */
const COUNTED_TABLES = [
  { key: 'documents', table: 'documents' },
  { key: 'crawlJobs', table: 'crawl_jobs' },
  { key: 'extractions', table: 'extractions' },
  { key: 'clusters', table: 'clusters' },
  { key: 'schemaVersions', table: 'schema_versions' },
  { key: 'lakehouseTables', table: 'iceberg_tables' },
  { key: 'alerts', table: 'alerts' },
  { key: 'traceSpans', table: 'trace_spans' },
] as const;

const Health = z.object({ ok: z.boolean(), detail: z.string() });

const StatusOutput = z.object({
  version: z.string(),
  startedAt: z.string(),
  dataDir: z.string(),
  store: Health.extend({ kind: z.enum(['pglite', 'postgres']), location: z.string() }),
  bus: Health.extend({
    kind: z.enum(['local', 'nats']),
    streams: z.array(z.object({ name: z.string(), messages: z.number().int(), lastSeq: z.number().int() })),
  }),
  tracing: Health.extend({ local: z.boolean(), langfuse: z.boolean(), lastSpanAt: z.string().nullable() }),
  llm: z.object({ enabled: z.boolean() }),
  counts: z.record(z.string(), z.number().int().nonnegative()).describe('Rows per pipeline table; absent tables are left out'),
});

export const statusTool = defineTool<z.ZodObject<Record<string, never>>, typeof StatusOutput, Services>({
  name: 'status',
  title: 'Quarry status',
  description:
    'Health of Quarry\'s state store, event bus and tracing, and how many documents, extractions, clusters, schemas, tables and alerts exist. Call it first to see where the pipeline stands; it changes nothing.',
  inputSchema: z.object({}),
  outputSchema: StatusOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async handler(_input, { deps }) {
    const { store, bus, instance } = deps;
    const storeHealth = await store
      .query('SELECT 1')
      .then(() => ({ ok: true, detail: 'answering queries' }))
      .catch((err: unknown) => ({ ok: false, detail: `query failed: ${(err as Error).message}` }));

    const streams: Array<{ name: string; messages: number; lastSeq: number }> = [];
    let busHealth = { ok: true, detail: 'all pipeline streams present' };
    for (const { name } of Object.values(STREAMS)) {
      try {
        const info = await bus.streamInfo(name);
        streams.push({ name, messages: info.messages, lastSeq: info.lastSeq });
      } catch (err) {
        busHealth = { ok: false, detail: `stream ${name}: ${(err as Error).message}` };
      }
    }

    const counts: Record<string, number> = {};
    let lastSpanAt: string | null = null;
    if (storeHealth.ok) {
      const present = await store.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))`,
      );
      const names = new Set(present.map((r) => r.name));
      for (const { key, table } of COUNTED_TABLES) {
        if (!names.has(table)) continue;
        const [row] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        counts[key] = row?.n ?? 0;
      }
      const [last] = await store.query<{ at: Date | string | null }>('SELECT max(ended_at) AS at FROM trace_spans');
      lastSpanAt = last?.at ? new Date(last.at).toISOString() : null;
    }

    return {
      version: instance.version,
      startedAt: instance.startedAt.toISOString(),
      dataDir: instance.dataDir,
      store: { ...storeHealth, kind: store.kind, location: store.location },
      bus: { ...busHealth, kind: bus.kind, streams },
      tracing: { ok: storeHealth.ok, detail: 'spans recorded in trace_spans', local: true, langfuse: instance.langfuseEnabled, lastSpanAt },
      llm: { enabled: instance.llmEnabled },
      counts,
    };
  },
  summarize(out) {
    const health = [`store ${out.store.kind} ${out.store.ok ? 'ok' : 'FAILING'}`, `bus ${out.bus.kind} ${out.bus.ok ? 'ok' : 'FAILING'}`];
    health.push(`tracing local${out.tracing.langfuse ? ' + Langfuse' : ''}`);
    const counts = Object.entries(out.counts).map(([k, v]) => `${k} ${v}`).join(', ');
    return `Quarry ${out.version}: ${health.join('; ')}; LLM ${out.llm.enabled ? 'on' : 'off (offline extractors)'}. Counts: ${counts || 'none yet'}.`;
  },
});
