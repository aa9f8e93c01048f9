import type { SchemaService, SchemaVersion } from '../../pipeline/schema/service.js';
import { defineResource, ToolError } from '../tool.js';

/**
 * `quarry://proposals/{id}`: a proposal as a reviewer reads it — the field table with coverage, examples, the
 * discovered names merged into each field and why, the open questions, what approving would do to which table
 * (create it, or evolve it against the active version, with the diff), and the zod source and JSON Schema.
 * `quarry://schemas/{id}` (tools/schemas.ts) is the version record with its decision and load report.
 */
type Deps = { schemas: SchemaService };

export const proposalResource = defineResource<Deps>({
  name: 'proposal',
  title: 'Schema proposal to review',
  description:
    'An open schema proposal: field table (type, required, coverage, examples, merged source names with evidence), open questions, the table approval would create or evolve with the diff against the active schema, zod source and JSON Schema. Lists only proposals waiting for a decision.',
  mimeType: 'application/json',
  template: 'quarry://proposals/{id}',
  async list(deps) {
    const open = (await deps.schemas.listVersions(200)).filter((v) => v.status === 'proposed');
    return open.map((v) => ({
      uri: `quarry://proposals/${v.id}`,
      name: v.id,
      title: `${v.def.name} v${v.version}: ${v.def.fields.length} fields for ${v.def.namespace}.${v.def.tableName}`,
    }));
  },
  async read(uri, variables, deps) {
    const id = variables['id'] ?? '';
    const version = await deps.schemas.getVersion(id);
    if (!version) {
      const open = (await deps.schemas.listVersions(200)).filter((v) => v.status === 'proposed').map((v) => v.id);
      throw new ToolError(`no proposal ${JSON.stringify(id.slice(0, 100))}; open proposals: ${open.join(', ') || 'none (call propose_schema with a candidate cluster id)'}`);
    }
    return [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await proposalBody(version, deps.schemas), null, 2) }];
  },
});

async function proposalBody(v: SchemaVersion, schemas: SchemaService) {
  const active = (await schemas.history(v.clusterId)).find((h) => h.status === 'approved') ?? null;
  const table = `${v.def.namespace}.${v.def.tableName}`;
  return {
    proposalId: v.id,
    clusterId: v.clusterId,
    version: v.version,
    status: v.status,
    decision:
      v.status === 'proposed'
        ? `open: call approve_schema with proposalId ${v.id}`
        : `${v.status}${v.decidedBy ? ` by ${v.decidedBy}` : ''}${v.decidedAt ? ` at ${v.decidedAt}` : ''}${v.reason ? ` (${v.reason})` : ''}`,
    onApproval: active
      ? { action: 'evolve', table, activeVersion: active.id, diffFromActive: await schemas.diff(active.id, v.id) }
      : { action: 'create', table, activeVersion: null, diffFromActive: [] },
    fields: v.def.fields.map((f) => ({
      name: f.name,
      type: f.type,
      required: f.required,
      coverage: f.coverage,
      description: f.description,
      examples: f.examples,
      enum: f.enum ?? null,
      sources: f.sources,
      evidence: f.evidence,
      stats: f.stats,
      nested: (f.fields ?? []).map((n) => ({ name: n.name, type: n.type, required: n.required, coverage: n.coverage, examples: n.examples })),
    })),
    openQuestions: v.openQuestions,
    ...schemas.render(v.def),
  };
}
