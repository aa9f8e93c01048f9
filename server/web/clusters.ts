import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Services } from '../../tools/services.js';
import { page, when } from './layout.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** The document types that emerged, and one page per type with its fields, sites and members. */
export function mountClusterPages(app: Hono, services: Services): void {
  app.get('/clusters', async (c) => {
    const clusters = await services.clusters.listClusters();
    const stats = await services.clusters.stats();
    return c.html(
      page('Clusters', [
        html`<h1>Document types</h1><p class="muted">${stats.documents} documents, ${stats.clusters} clusters, ${stats.noise} waiting as noise.</p>`,
        clusters.length === 0
          ? html`<p class="muted">No clusters yet. Crawl a site (<code>crawl_site</code>) and extract its documents (<code>extract_document</code>).</p>`
          : html`<table><thead><tr><th>name</th><th>size</th><th>status</th><th>cohesion</th><th>sites</th><th>top fields</th></tr></thead><tbody>
${clusters.map(
  (cl) => html`<tr><td><a href="/clusters/${cl.id}">${cl.suggestedName}</a><br><code class="muted">${cl.id}</code></td><td>${cl.size}</td>
<td><span class="pill">${cl.status}</span></td><td>${cl.cohesion.toFixed(2)}</td><td>${cl.sites.join(', ')}</td>
<td>${cl.topFields.slice(0, 6).map((f) => html`<code>${f.name}</code> ${pct(f.coverage)} `)}</td></tr>`,
)}</tbody></table>`,
      ]),
    );
  });

  app.get('/clusters/:id', async (c) => {
    const cluster = await services.clusters.getCluster(c.req.param('id'));
    if (!cluster) return c.html(page('Cluster not found', html`<h1>No cluster ${c.req.param('id')}</h1><p><a href="/clusters">All clusters</a></p>`), 404);
    return c.html(
      page(cluster.suggestedName, [
        html`<h1>${cluster.suggestedName} <span class="pill">${cluster.status}</span></h1>
<p class="muted"><code>${cluster.id}</code> · ${cluster.size} documents from ${cluster.sites.join(', ')} · cohesion ${cluster.cohesion.toFixed(2)} ·
stable for ${cluster.stableUpdates} updates · candidate since ${when(cluster.candidateAt)}</p>
${cluster.status === 'candidate' ? html`<p>Ready for a schema: ask your MCP client to call <code>propose_schema</code> with cluster id <code>${cluster.id}</code>.</p>` : ''}
<h2>Fields</h2>
<table><thead><tr><th>field</th><th>type</th><th>coverage</th><th>labels as written</th><th>examples</th></tr></thead><tbody>
${cluster.topFields.map(
  (f) => html`<tr><td><code>${f.name}</code></td><td>${f.shape}</td><td>${pct(f.coverage)}</td><td>${f.labels.join(', ')}</td><td>${f.examples.slice(0, 3).join(' · ')}</td></tr>`,
)}</tbody></table>
<h2>Per site</h2>
${cluster.subTemplates.map(
  (t) => html`<p><b>${t.site}</b> (${t.documents} documents): ${t.fields.slice(0, 12).map((f) => html`<code>${f.name}</code> <span class="muted">(${f.labels.join(' / ')})</span> `)}</p>`,
)}
<h2>Representative documents</h2>
<ul>${cluster.representatives.map((r) => html`<li><a href="${safeHref(r.url)}" rel="noreferrer">${r.title ?? r.url}</a> <span class="muted">${r.similarity.toFixed(2)}</span></li>`)}</ul>`,
      ]),
    );
  });
}

/** Only http(s) links are rendered as links: a stored `javascript:` URL must not become clickable. */
function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}
