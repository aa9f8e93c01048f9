import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Services } from '../../tools/services.js';
import { statusTool } from '../../tools/status.js';
import { page, short, when, type Html } from './layout.js';

const COUNT_LABELS: Record<string, string> = {
  documents: 'documents',
  crawlJobs: 'crawl jobs',
  extractions: 'extractions',
  clusters: 'clusters',
  schemaVersions: 'schema versions',
  lakehouseTables: 'tables',
  alerts: 'alerts',
  traceSpans: 'traced decisions',
};

interface SpanRow {
  span_id: string;
  trace_id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  status: string;
  started_at: string;
  duration_ms: number;
  input: unknown;
  output: unknown;
  reason: string | null;
  error: string | null;
}

/** The dashboard and the local trace viewer: server-rendered pages over the same services the tools use. */
export function mountDashboard(app: Hono, services: Services): void {
  app.get('/', async (c) => {
    const status = await statusTool.handler({}, { deps: services, signal: new AbortController().signal, progress: async () => undefined });
    const clusters = await services.clusters.listClusters();
    const recent = await services.store.query<SpanRow>(
      `SELECT span_id, trace_id, parent_id, name, kind, status, started_at, duration_ms, input, output, reason, error
       FROM trace_spans WHERE parent_id IS NULL ORDER BY started_at DESC LIMIT 15`,
    );
    const health = (ok: boolean): Html => (ok ? html`<span class="ok">ok</span>` : html`<span class="bad">failing</span>`);
    return c.html(
      page('Dashboard', [
        html`<h1>Dashboard</h1>
<p class="muted">Quarry ${status.version}, started ${when(status.startedAt)}. Store ${status.store.kind} (${status.store.location}) ${health(status.store.ok)};
bus ${status.bus.kind} ${health(status.bus.ok)}; tracing local${status.tracing.langfuse ? ' + Langfuse' : ''}; LLM ${status.llm.enabled ? 'on' : 'off (offline extractors)'}.</p>
<div class="cards">${Object.entries(status.counts).map(([k, v]) => html`<div class="card"><b>${v}</b>${COUNT_LABELS[k] ?? k}</div>`)}</div>
<h2>Document types</h2>`,
        clusters.length === 0
          ? html`<p class="muted">No clusters yet: crawl a site and extract its documents.</p>`
          : html`<table><thead><tr><th>cluster</th><th>name</th><th>size</th><th>status</th><th>sites</th></tr></thead><tbody>
${clusters.map((cl) => html`<tr><td><code>${cl.id}</code></td><td>${cl.suggestedName}</td><td>${cl.size}</td><td><span class="pill">${cl.status}</span></td><td>${cl.sites.join(', ')}</td></tr>`)}
</tbody></table>`,
        html`<h2>Recent work</h2>`,
        spanTable(recent),
      ]),
    );
  });

  app.get('/traces', async (c) => {
    const name = c.req.query('name');
    const rows = await services.store.query<SpanRow>(
      `SELECT span_id, trace_id, parent_id, name, kind, status, started_at, duration_ms, input, output, reason, error
       FROM trace_spans WHERE ($1::text IS NULL OR name = $1) ORDER BY started_at DESC LIMIT 200`,
      [name ?? null],
    );
    return c.html(page('Traces', [html`<h1>Traces${name ? html` named <code>${name}</code>` : ''}</h1>`, spanTable(rows)]));
  });

  app.get('/traces/:traceId', async (c) => {
    const traceId = c.req.param('traceId');
    const rows = await services.store.query<SpanRow>(
      `SELECT span_id, trace_id, parent_id, name, kind, status, started_at, duration_ms, input, output, reason, error
       FROM trace_spans WHERE trace_id = $1 ORDER BY started_at, span_id`,
      [traceId],
    );
    if (rows.length === 0) return c.html(page('Trace not found', html`<h1>No trace ${traceId}</h1>`), 404);
    const depth = new Map<string, number>();
    for (const r of rows) depth.set(r.span_id, r.parent_id ? (depth.get(r.parent_id) ?? 0) + 1 : 0);
    return c.html(
      page(`Trace ${traceId}`, [
        html`<h1>Trace <code>${traceId}</code></h1>
<table><thead><tr><th>span</th><th>kind</th><th>ms</th><th>input</th><th>output</th><th>reason</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td style="padding-left:${(depth.get(r.span_id) ?? 0) * 1.2 + 0.6}rem">${r.name}${r.status === 'error' ? html` <span class="bad">${r.error ?? 'error'}</span>` : ''}</td>
<td>${r.kind}</td><td>${Math.round(r.duration_ms)}</td><td><code>${short(r.input)}</code></td><td><code>${short(r.output)}</code></td><td>${r.reason ?? ''}</td></tr>`,
)}</tbody></table>`,
      ]),
    );
  });
}

function spanTable(rows: SpanRow[]): Html {
  if (rows.length === 0) return html`<p class="muted">Nothing traced yet.</p>`;
  return html`<table><thead><tr><th>when</th><th>span</th><th>kind</th><th>ms</th><th>outcome</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td>${when(r.started_at)}</td><td><a href="/traces/${r.trace_id}">${r.name}</a></td><td>${r.kind}</td><td>${Math.round(r.duration_ms)}</td>
<td>${r.status === 'error' ? html`<span class="bad">${short(r.error)}</span>` : short(r.reason ?? r.output, 100)}</td></tr>`,
)}</tbody></table>`;
}
