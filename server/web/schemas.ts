import type { Hono } from 'hono';
import { html } from 'hono/html';
import { SchemaError } from '../../pipeline/schema/service.js';
import type { Services } from '../../tools/services.js';
import { page, when } from './layout.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * Schema review in the browser: every version with its status, one page per proposal with the field table, open
 * questions and a form that approves (with renames and drops) or rejects — the same code path as approve_schema.
 */
export function mountSchemaPages(app: Hono, services: Services): void {
  app.get('/schemas', async (c) => {
    const versions = await services.schemas.listVersions(200);
    const candidates = await services.clusters.listClusters({ status: 'candidate' });
    return c.html(
      page('Schemas', [
        html`<h1>Schemas</h1>`,
        candidates.length > 0
          ? html`<h2>Candidates waiting for a proposal</h2><ul>${candidates.map(
              (cl) => html`<li>${cl.suggestedName} (${cl.size} documents) <form method="post" action="/schemas/propose" style="display:inline"><input type="hidden" name="clusterId" value="${cl.id}"><button class="secondary">Propose a schema</button></form></li>`,
            )}</ul>`
          : html``,
        html`<h2>Versions</h2>`,
        versions.length === 0
          ? html`<p class="muted">No schema proposed yet.</p>`
          : html`<table><thead><tr><th>proposal</th><th>type</th><th>table</th><th>version</th><th>status</th><th>decided</th></tr></thead><tbody>
${versions.map(
  (v) => html`<tr><td><a href="/schemas/${v.id}">${v.id}</a></td><td>${v.def.name}</td><td>${v.def.namespace}.${v.def.tableName}</td><td>${v.version}</td><td><span class="pill">${v.status}</span></td><td>${v.decidedBy ? `${v.decidedBy}, ${when(v.decidedAt)}` : '—'}</td></tr>`,
)}</tbody></table>`,
      ]),
    );
  });

  app.post('/schemas/propose', async (c) => {
    const form = await c.req.parseBody();
    try {
      const v = await services.schemas.propose(String(form.clusterId ?? ''));
      return c.redirect(`/schemas/${v.id}`, 303);
    } catch (err) {
      if (err instanceof SchemaError) return c.html(page('Cannot propose', html`<h1>Cannot propose</h1><p class="bad">${err.message}</p><p><a href="/schemas">Back</a></p>`), 400);
      throw err;
    }
  });

  app.get('/schemas/:id', async (c) => {
    const v = await services.schemas.getVersion(c.req.param('id'));
    if (!v) return c.html(page('Not found', html`<h1>No schema version ${c.req.param('id')}</h1>`), 404);
    const { zodSource } = services.schemas.render(v.def);
    const open = v.status === 'proposed';
    return c.html(
      page(`Schema ${v.def.name}`, [
        html`<h1>${v.def.name} <span class="pill">${v.status}</span></h1>
<p class="muted">${v.id} · version ${v.version} · table ${v.def.namespace}.${v.def.tableName} · proposed ${when(v.createdAt)}${v.decidedBy ? ` · decided by ${v.decidedBy} ${when(v.decidedAt)}` : ''}${v.reason ? ` · “${v.reason}”` : ''}</p>
${v.loadReport ? html`<p>${v.loadReport.rowsLoaded} rows loaded, ${v.loadReport.childRowsLoaded} nested, ${v.loadReport.rowsFailed} failed validation.${(v.loadReport.diff ?? []).length > 0 ? html` Edits: ${(v.loadReport.diff ?? []).join('; ')}` : ''}</p>` : ''}
<form method="post" action="/schemas/${v.id}/decide">
<table><thead><tr><th>field</th><th>type</th><th>required</th><th>coverage</th><th>examples</th><th>from</th>${open ? html`<th>rename to</th><th>drop</th>` : ''}</tr></thead><tbody>
${v.def.fields.map(
  (f) => html`<tr><td><code>${f.name}</code><br><span class="muted">${f.description}</span></td><td>${f.type}${f.fields ? html`<br><span class="muted">${f.fields.map((n) => n.name).join(', ')}</span>` : ''}</td><td>${f.required ? 'yes' : 'no'}</td><td>${pct(f.coverage)}</td><td>${f.examples.slice(0, 2).join(' · ')}</td><td>${f.sources.join(', ')}</td>
${open ? html`<td><input name="rename.${f.name}" placeholder="${f.name}" size="14"></td><td><input type="checkbox" name="drop" value="${f.name}"></td>` : ''}</tr>`,
)}</tbody></table>
${v.openQuestions.length > 0 ? html`<h2>Open questions</h2><ul>${v.openQuestions.map((q) => html`<li>${q}</li>`)}</ul>` : ''}
${open ? html`<h2>Decision</h2><p><label>Table name <input name="tableName" value="${v.def.tableName}"></label> <label>Reason <input name="reason" size="40"></label></p>
<p><button name="decision" value="approve">Approve and load</button> <button class="secondary" name="decision" value="reject">Reject</button></p>` : ''}
</form>
<h2>zod</h2><pre>${zodSource}</pre>`,
      ]),
    );
  });

  app.post('/schemas/:id/decide', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const id = c.req.param('id');
    const rename: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) {
      if (key.startsWith('rename.') && typeof value === 'string' && value.trim()) rename[key.slice('rename.'.length)] = value.trim();
    }
    const drop = ([] as unknown[]).concat(form.drop ?? []).filter((d): d is string => typeof d === 'string');
    const tableName = typeof form.tableName === 'string' && form.tableName.trim() ? form.tableName.trim() : undefined;
    try {
      await services.schemas.decide(id, {
        approve: form.decision === 'approve',
        edits: { ...(Object.keys(rename).length > 0 ? { rename } : {}), ...(drop.length > 0 ? { drop } : {}), ...(tableName ? { tableName } : {}) },
        by: 'web review page',
        ...(typeof form.reason === 'string' && form.reason ? { reason: form.reason } : {}),
      });
      return c.redirect(`/schemas/${id}`, 303);
    } catch (err) {
      if (err instanceof SchemaError) return c.html(page('Not changed', html`<h1>Nothing was changed</h1><p class="bad">${err.message}</p><p><a href="/schemas/${id}">Back to the proposal</a></p>`), 400);
      throw err;
    }
  });

  app.get('/alerts', async (c) => {
    const alerts = await services.schemas.alerts(200);
    return c.html(
      page('Alerts', [
        html`<h1>Alerts</h1>`,
        alerts.length === 0
          ? html`<p class="muted">No open alerts.</p>`
          : html`<table><thead><tr><th>when</th><th>kind</th><th>what</th></tr></thead><tbody>${alerts.map(
              (a) => html`<tr><td>${when(a.createdAt)}</td><td><span class="pill">${a.kind}</span></td><td>${a.message}</td></tr>`,
            )}</tbody></table>`,
      ]),
    );
  });
}
