import type { Bus } from '../bus/bus.js';
import { BUCKETS, subjectToken } from '../bus/streams.js';
import type { ClusterService } from '../clustering/service.js';
import { latestExtraction, type StoredExtraction } from '../extraction/repository.js';
import type { Lakehouse } from '../lakehouse/lakehouse.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import type { LlmClient } from '../llm/client.js';
import { suggestWithLlm } from './llm.js';
import type { Tracer } from '../tracing/tracer.js';
import { raiseAlert } from '../validation/alerts.js';
import type { Problem } from '../validation/validate.js';
import { emitZodSource, toJsonSchema } from './emit.js';
import { induceAcrossSites, synonymQuestions } from './synonyms.js';
import { SCHEMA_FIELD_TYPES, type SchemaDef, type SchemaFieldDef, type SchemaFieldType } from './model.js';

/**
 * Crystallization, the schema registry: a candidate cluster becomes a proposed schema version, a person approves it
 * (with edits) or rejects it. Versions, decisions and their reasons are kept; the active schema per cluster goes to
 * the bus KV, where the feedback stage reads it; loading (approval's and every later document's) is the feedback
 * stage's, handed in as `loader`.
 */
export interface SchemaServiceDeps {
  store: Store;
  bus: Pick<Bus, 'publish' | 'kv'>;
  tracer: Tracer;
  clock: Clock;
  logger: Logger;
  clusters: ClusterService;
  lakehouse: Lakehouse;
  /** The optional LLM schema generator (names, descriptions); null offline. */
  llm?: LlmClient | null;
  /** Loads an approved version's documents into its tables (the feedback stage, `pipeline/feedback`). */
  loader: {
    load(clusterId: string, def: SchemaDef, previous: SchemaDef | null, edits: Edits, schemaId: string): Promise<LoadReport>;
    /** Judges the members under a proposed schema with no writes (a dry run of `load`). */
    check?(clusterId: string, def: SchemaDef): Promise<DryRun>;
  };
}

/** What approving a proposal as it stands would do to its members, per field. */
export interface DryRun {
  documents: number;
  /** Members that would be kept out of the table. */
  rowsFailed: number;
  /** Field name (or `(row)`) → members whose value fails, how many of them fatally, and a few examples. */
  fields: Record<string, { documents: number; fatal: number; examples: Array<{ url: string; message: string }> }>;
}

export type VersionStatus = 'proposed' | 'approved' | 'rejected' | 'superseded';

export interface SchemaVersion {
  id: string;
  clusterId: string;
  version: number;
  status: VersionStatus;
  def: SchemaDef;
  parentId: string | null;
  openQuestions: string[];
  edits: Edits | null;
  loadReport: LoadReport | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
}

export interface Edits {
  rename?: Record<string, string>;
  retype?: Record<string, SchemaFieldType>;
  require?: string[];
  optional?: string[];
  drop?: string[];
  describe?: Record<string, string>;
  tableName?: string;
  namespace?: string;
}

export interface LoadReport {
  /** What the reviewer's edits changed against the proposal. */
  diff?: string[];
  tables: string[];
  documents: number;
  /** Rows added by this load (rows of documents loaded before are not added again). */
  rowsLoaded: number;
  /** Rows of documents loaded before whose newer extraction replaced them. */
  rowsReplaced?: number;
  childRowsLoaded: number;
  rowsFailed: number;
  /** Rows kept out: a required field (or the row as a whole) failed validation. */
  failures: Array<{ documentId: string | null; url: string; problems: Problem[] }>;
  /** Optional values that failed validation: their rows loaded with these fields null. */
  valuesDropped: number;
  dropped: Array<{ documentId: string | null; url: string; problems: Problem[] }>;
}

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

interface VersionRow {
  id: string;
  cluster_id: string;
  version: number;
  status: VersionStatus;
  def: SchemaDef;
  parent_id: string | null;
  open_questions: string[];
  edits: Edits | null;
  load_report: LoadReport | null;
  created_at: string | Date;
  decided_at: string | Date | null;
  decided_by: string | null;
  reason: string | null;
}

const toVersion = (r: VersionRow): SchemaVersion => ({
  id: r.id,
  clusterId: r.cluster_id,
  version: r.version,
  status: r.status,
  def: r.def,
  parentId: r.parent_id,
  openQuestions: r.open_questions,
  edits: r.edits,
  loadReport: r.load_report,
  createdAt: new Date(r.created_at).toISOString(),
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
  decidedBy: r.decided_by,
  reason: r.reason,
});

export function createSchemaService(deps: SchemaServiceDeps) {
  const getVersion = async (id: string): Promise<SchemaVersion | null> => {
    const [row] = await deps.store.query<VersionRow>('SELECT * FROM schema_versions WHERE id = $1', [id]);
    return row ? toVersion(row) : null;
  };

  const samplesOf = async (clusterId: string): Promise<StoredExtraction[]> => {
    const members = (await deps.clusters.membersOf(clusterId)) ?? [];
    const out: StoredExtraction[] = [];
    for (const m of members) {
      if (!m.documentId) continue;
      const e = await latestExtraction(deps.store, m.documentId);
      if (e) out.push(e);
    }
    return out;
  };

  const service = {
    getVersion,

    async history(clusterId: string): Promise<SchemaVersion[]> {
      const rows = await deps.store.query<VersionRow>('SELECT * FROM schema_versions WHERE cluster_id = $1 ORDER BY version', [clusterId]);
      return rows.map(toVersion);
    },

    async listVersions(limit = 100): Promise<SchemaVersion[]> {
      const rows = await deps.store.query<VersionRow>('SELECT * FROM schema_versions ORDER BY created_at DESC LIMIT $1', [limit]);
      return rows.map(toVersion);
    },

    /** Proposes a schema for a candidate cluster (or an evolution of an approved one). */
    async propose(clusterId: string): Promise<SchemaVersion> {
      return deps.tracer.span('schema.propose', { input: { clusterId } }, async (span) => {
        const cluster = await deps.clusters.getCluster(clusterId);
        if (!cluster) {
          const known = (await deps.clusters.listClusters()).map((c) => `${c.id} (${c.status})`);
          throw new SchemaError(`no cluster ${clusterId}; clusters: ${known.join(', ') || 'none yet'}`);
        }
        if (cluster.status === 'forming') {
          throw new SchemaError(
            `cluster ${clusterId} (${cluster.suggestedName}, ${cluster.size} documents) is still forming, not a schema candidate; add documents or call recluster until list_clusters shows it as candidate`,
          );
        }
        const samples = await samplesOf(clusterId);
        if (samples.length === 0) throw new SchemaError(`cluster ${clusterId} has no extracted documents to learn a schema from`);
        const name = cluster.suggestedName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'document';
        const induction = induceAcrossSites(samples, { name });
        const history = await service.history(clusterId);
        const active = history.find((v) => v.status === 'approved') ?? null;
        let def = active ? carryOver(active.def, induction.schema) : induction.schema;
        const nameNotes: string[] = [];
        if (!active) {
          // Two clusters of one kind (say, notices as pages and as PDFs) must not write into one table.
          const taken = await tablesOfOtherClusters(clusterId);
          const wanted = `${def.namespace}.${def.tableName}`;
          if (taken.has(wanted)) {
            let n = 2;
            while (taken.has(`${def.namespace}.${def.tableName.slice(0, 60)}_${n}`)) n++;
            def = { ...def, tableName: `${def.tableName.slice(0, 60)}_${n}` };
            nameNotes.push(`table name: ${wanted} belongs to cluster ${taken.get(wanted) ?? '?'}; proposed as ${def.namespace}.${def.tableName} — rename it (tableName) if this is another kind of document, or look at list_clusters if it is the same kind`);
          }
        }
        const llmNotes: string[] = [];
        if (!active && deps.llm) {
          try {
            const suggested = await suggestWithLlm(deps.llm, def, samples);
            if (suggested.accepted) def = suggested.def;
            llmNotes.push(`LLM names and descriptions ${suggested.accepted ? 'used' : 'not used'}: ${suggested.reason}`);
          } catch (err) {
            llmNotes.push(`LLM schema suggestions unavailable (${(err as Error).message}); the induced schema stands`);
          }
        }
        const dryRun = deps.loader.check ? await deps.loader.check(clusterId, def) : null;
        const checked = dryRun ? relaxFailing(def, dryRun) : { def, questions: [] };
        def = checked.def;
        const openQuestions = [
          ...nameNotes,
          ...llmNotes,
          ...checked.questions,
          ...induction.mixedTypes.map((m) => `${m.name}: values were of several types (${m.types.join(', ')}); proposed as ${def.fields.find((f) => f.sources.includes(m.name))?.type ?? 'string'}`),
          ...def.fields.filter((f) => f.coverage < 0.6).map((f) => `${f.name}: only ${Math.round(f.coverage * 100)}% of documents have it; keep, require or drop?`),
          // Only a field that really joins several discovered names is a question; one label as written is not.
          ...def.fields.filter((f) => f.sources.length > 1).map((f) => `${f.name}: merged from ${f.sources.join(', ')} (${f.evidence.join('; ')}); right to treat as one field?`),
          ...synonymQuestions(induction),
          ...induction.rare.slice(0, 10).map((r) => `${r.name}: seen in ${Math.round(r.coverage * 100)}% of documents, left out`),
          ...induction.leftOut.map((l) => `${l.name}: left out, ${l.reason}`),
        ];
        const id = newId('sch', deps.clock.now().getTime());
        const version = (history.at(-1)?.version ?? 0) + 1;
        await deps.store.transaction(async (tx) => {
          await tx.query(`UPDATE schema_versions SET status = 'superseded' WHERE cluster_id = $1 AND status = 'proposed'`, [clusterId]);
          await tx.query(
            `INSERT INTO schema_versions (id, cluster_id, version, status, def, parent_id, open_questions, created_at) VALUES ($1, $2, $3, 'proposed', $4, $5, $6, $7)`,
            [id, clusterId, version, JSON.stringify(def), active?.id ?? null, JSON.stringify(openQuestions), deps.clock.now().toISOString()],
          );
        });
        await deps.bus.publish(`proposals.schema.${subjectToken(clusterId)}`, { proposalId: id, clusterId, version }, { msgId: id });
        span.setOutput({ proposalId: id, fields: def.fields.length, version, ...(dryRun ? { dryRun: { documents: dryRun.documents, rowsFailed: relaxedFailures(def, dryRun) } } : {}) });
        span.setReason(active ? `evolution of approved version ${active.version}` : `induced from ${samples.length} documents`);
        return (await getVersion(id)) as SchemaVersion;
      });
    },

    /** Approves (with edits) or rejects a proposal. Approving an approved version again changes nothing. */
    async decide(proposalId: string, decision: { approve: boolean; edits?: Edits; by: string; reason?: string }): Promise<{ version: SchemaVersion; alreadyDecided: boolean }> {
      const version = await getVersion(proposalId);
      if (!version) {
        const recent = (await service.listVersions(10)).map((v) => `${v.id} (${v.status})`);
        throw new SchemaError(`no proposal ${proposalId}; recent: ${recent.join(', ') || 'none'}; call propose_schema first`);
      }
      if (version.status === 'approved' && decision.approve) return { version, alreadyDecided: true };
      if (version.status === 'rejected' && !decision.approve) return { version, alreadyDecided: true };
      if (version.status === 'rejected') throw new SchemaError(`proposal ${proposalId} was rejected${version.reason ? ` (${version.reason})` : ''}; propose again to get a new version`);
      if (version.status === 'approved') throw new SchemaError(`proposal ${proposalId} is approved already; rejecting it now is not possible — propose an evolution instead`);
      if (version.status === 'superseded') {
        const newer = (await service.history(version.clusterId)).filter((v) => v.version > version.version).map((v) => `${v.id} (${v.status})`);
        throw new SchemaError(`proposal ${proposalId} is stale: a newer version exists (${newer.join(', ')}); review that one`);
      }
      const now = deps.clock.now().toISOString();
      if (!decision.approve) {
        await deps.store.query(`UPDATE schema_versions SET status = 'rejected', decided_at = $2, decided_by = $3, reason = $4 WHERE id = $1`, [proposalId, now, decision.by, decision.reason ?? null]);
        deps.tracer.decision('schema.reject', { input: { proposalId }, output: 'rejected', reason: decision.reason ?? 'rejected by reviewer' });
        return { version: (await getVersion(proposalId)) as SchemaVersion, alreadyDecided: false };
      }
      const edits = decision.edits ?? {};
      const def = applyEdits(version.def, edits);
      const owner = (await tablesOfOtherClusters(version.clusterId, ['approved'])).get(`${def.namespace}.${def.tableName}`);
      if (owner) {
        throw new SchemaError(
          `table ${def.namespace}.${def.tableName} already holds the approved type of cluster ${owner}; approve with another tableName (or namespace), e.g. edits: { tableName: "${def.tableName}_2" }`,
        );
      }
      const parent = version.parentId ? await getVersion(version.parentId) : null;
      const report = { ...(await deps.loader.load(version.clusterId, def, parent?.def ?? null, edits, proposalId)), diff: diffDefs(version.def, def) };
      await deps.store.transaction(async (tx) => {
        await tx.query(`UPDATE schema_versions SET status = 'superseded' WHERE cluster_id = $1 AND status = 'approved'`, [version.clusterId]);
        await tx.query(
          `UPDATE schema_versions SET status = 'approved', def = $2, edits = $3, load_report = $4, decided_at = $5, decided_by = $6, reason = $7 WHERE id = $1`,
          [proposalId, JSON.stringify(def), JSON.stringify(edits), JSON.stringify(report), now, decision.by, decision.reason ?? null],
        );
      });
      await (await deps.bus.kv(BUCKETS.activeSchemas)).put(subjectToken(version.clusterId), { schemaId: proposalId, clusterId: version.clusterId, table: `${def.namespace}.${def.tableName}`, def });
      await deps.clusters.markHasSchema(version.clusterId, proposalId);
      deps.tracer.decision('schema.approve', {
        input: { proposalId, edits },
        output: { table: `${def.namespace}.${def.tableName}`, rowsLoaded: report.rowsLoaded, rowsFailed: report.rowsFailed },
        reason: decision.reason ?? `approved by ${decision.by}`,
      });
      return { version: (await getVersion(proposalId)) as SchemaVersion, alreadyDecided: false };
    },

    /** Open alerts, newest first. */
    async alerts(limit = 100): Promise<Array<{ id: string; kind: string; message: string; details: unknown; documentId: string | null; createdAt: string }>> {
      const rows = await deps.store.query<{ id: string; kind: string; message: string; details: unknown; document_id: string | null; created_at: string | Date }>(
        'SELECT id, kind, message, details, document_id, created_at FROM alerts WHERE resolved_at IS NULL ORDER BY created_at DESC LIMIT $1',
        [limit],
      );
      return rows.map((r) => ({ id: r.id, kind: r.kind, message: r.message, details: r.details, documentId: r.document_id, createdAt: new Date(r.created_at).toISOString() }));
    },

    /** Documents of an approved type that now show new fields or miss required ones: proposes an evolution. */
    async checkDrift(clusterId: string): Promise<{ drift: string[]; proposal: SchemaVersion | null }> {
      const active = (await service.history(clusterId)).find((v) => v.status === 'approved');
      if (!active) throw new SchemaError(`cluster ${clusterId} has no approved schema yet`);
      const induced = induceAcrossSites(await samplesOf(clusterId), { name: active.def.name }).schema;
      const known = new Set(active.def.fields.flatMap((f) => f.sources));
      const drift = [
        ...induced.fields.filter((f) => !f.sources.some((s) => known.has(s))).map((f) => `new field ${f.name} in ${Math.round(f.coverage * 100)}% of documents`),
        ...active.def.fields.filter((f) => f.required && !induced.fields.some((i) => i.sources.some((s) => f.sources.includes(s)) && i.coverage >= 0.9)).map((f) => `required field ${f.name} is missing in some documents`),
      ];
      if (drift.length === 0) return { drift, proposal: null };
      await raiseAlert(deps.store, deps.clock, { kind: 'drift', message: `${active.def.namespace}.${active.def.tableName}: ${drift.join('; ')}`, details: { clusterId, drift }, schemaId: active.id });
      return { drift, proposal: await service.propose(clusterId) };
    },

    /** Field-level differences between two versions. */
    async diff(fromId: string, toId: string): Promise<string[]> {
      const [a, b] = await Promise.all([getVersion(fromId), getVersion(toId)]);
      if (!a || !b) throw new SchemaError(`no version ${!a ? fromId : toId}`);
      return diffDefs(a.def, b.def);
    },

    render(def: SchemaDef) {
      return { zodSource: emitZodSource(def), jsonSchema: toJsonSchema(def) };
    },
  };

  /** `namespace.table` → cluster id, for the proposed or approved versions of every other cluster. */
  async function tablesOfOtherClusters(clusterId: string, statuses: VersionStatus[] = ['approved', 'proposed']): Promise<Map<string, string>> {
    const rows = await deps.store.query<{ cluster_id: string; def: SchemaDef }>(`SELECT cluster_id, def FROM schema_versions WHERE cluster_id <> $1 AND status = ANY($2)`, [clusterId, statuses]);
    return new Map(rows.map((r) => [`${r.def.namespace}.${r.def.tableName}`, r.cluster_id]));
  }

  return service;
}

export type SchemaService = ReturnType<typeof createSchemaService>;

/** Applies a reviewer's edits; an edit naming a field that does not exist is an error that names the fields. */
export function applyEdits(def: SchemaDef, edits: Edits): SchemaDef {
  const names = new Set(def.fields.map((f) => f.name));
  const mentioned = [
    ...Object.keys(edits.rename ?? {}),
    ...Object.keys(edits.retype ?? {}),
    ...(edits.require ?? []),
    ...(edits.optional ?? []),
    ...(edits.drop ?? []),
    ...Object.keys(edits.describe ?? {}),
  ];
  const unknown = [...new Set(mentioned.filter((n) => !names.has(n)))];
  if (unknown.length > 0) throw new SchemaError(`edits name fields the proposal does not have: ${unknown.join(', ')}; its fields are ${[...names].join(', ')}`);
  for (const [name, type] of Object.entries(edits.retype ?? {})) {
    if (!SCHEMA_FIELD_TYPES.includes(type)) throw new SchemaError(`cannot retype ${name} to ${type}; types are ${SCHEMA_FIELD_TYPES.join(', ')}`);
  }
  const fields: SchemaFieldDef[] = def.fields
    .filter((f) => !(edits.drop ?? []).includes(f.name))
    .map((f) => ({
      ...f,
      name: edits.rename?.[f.name] ?? f.name,
      type: edits.retype?.[f.name] ?? f.type,
      required: (edits.require ?? []).includes(f.name) ? true : (edits.optional ?? []).includes(f.name) ? false : f.required,
      description: edits.describe?.[f.name] ?? f.description,
    }));
  const taken = new Set<string>();
  for (const f of fields) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(f.name)) throw new SchemaError(`field name ${JSON.stringify(f.name)} must be snake_case (a-z, 0-9, _)`);
    if (taken.has(f.name)) throw new SchemaError(`two fields would be named ${f.name}`);
    taken.add(f.name);
  }
  if (fields.length === 0) throw new SchemaError('the edits drop every field; a table needs at least one');
  const tableName = edits.tableName ?? def.tableName;
  const namespace = edits.namespace ?? def.namespace;
  for (const [what, value] of [['table name', tableName], ['namespace', namespace]] as const) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new SchemaError(`${what} ${JSON.stringify(value)} must be snake_case`);
  }
  return { ...def, tableName, namespace, fields };
}

/**
 * A proposal a reviewer can approve as it stands: a field required by its coverage whose value fails validation in
 * some members (missing there, not grounded, not of its type) would keep those rows out, so it is proposed optional —
 * the rows load with it null and an alert — and the reviewer is asked, with the failures, whether to require it.
 * Failing optional values and failures of whole rows are reported too.
 */
function relaxFailing(def: SchemaDef, dryRun: DryRun): { def: SchemaDef; questions: string[] } {
  const questions: string[] = [];
  const example = (name: string): string => {
    const e = dryRun.fields[name]?.examples[0];
    return e ? ` (e.g. ${e.url}: ${e.message.slice(0, 160)})` : '';
  };
  const of = (name: string): string => `${dryRun.fields[name]?.documents ?? 0} of ${dryRun.documents} documents`;
  const fields = def.fields.map((f) => {
    const fails = dryRun.fields[f.name];
    if (!fails) return f;
    if (f.required && fails.fatal > 0) {
      questions.push(`${f.name}: required by its coverage, but ${of(f.name)} fail it${example(f.name)}; proposed optional so those rows load with it null and an alert — require it to keep such rows out`);
      return { ...f, required: false };
    }
    questions.push(`${f.name}: ${of(f.name)} have a value that fails validation${example(f.name)}; it loads null there, with an alert`);
    return f;
  });
  if (dryRun.fields['(row)']) questions.push(`${of('(row)')} would be kept out as a whole${example('(row)')}`);
  return { def: { ...def, fields }, questions };
}

/** Members the relaxed proposal still keeps out (a failure of the row as a whole). */
function relaxedFailures(def: SchemaDef, dryRun: DryRun): number {
  const required = new Set(def.fields.filter((f) => f.required).map((f) => f.name));
  return Math.max(dryRun.fields['(row)']?.documents ?? 0, ...Object.entries(dryRun.fields).filter(([name]) => required.has(name)).map(([, v]) => v.fatal));
}

/** A new induction keeps the names and types the reviewer approved before, for fields from the same sources. */
function carryOver(active: SchemaDef, induced: SchemaDef): SchemaDef {
  const fields = induced.fields.map((f) => {
    const prior = active.fields.find((a) => a.sources.some((s) => f.sources.includes(s)));
    return prior ? { ...f, name: prior.name, type: prior.type, description: prior.description, sources: [...new Set([...prior.sources, ...f.sources])] } : f;
  });
  return { ...induced, name: active.name, namespace: active.namespace, tableName: active.tableName, fields };
}

export function diffDefs(a: SchemaDef, b: SchemaDef): string[] {
  const out: string[] = [];
  if (a.tableName !== b.tableName) out.push(`table ${a.namespace}.${a.tableName} → ${b.namespace}.${b.tableName}`);
  const bySource = (def: SchemaDef, f: SchemaFieldDef) => def.fields.find((x) => x.sources.some((s) => f.sources.includes(s)));
  for (const f of a.fields) {
    const g = bySource(b, f);
    if (!g) out.push(`- ${f.name} (${f.type}) dropped`);
    else {
      if (g.name !== f.name) out.push(`~ ${f.name} renamed to ${g.name}`);
      if (g.type !== f.type) out.push(`~ ${g.name} type ${f.type} → ${g.type}`);
      if (g.required !== f.required) out.push(`~ ${g.name} ${g.required ? 'now required' : 'now optional'}`);
    }
  }
  for (const g of b.fields) if (!bySource(a, g)) out.push(`+ ${g.name} (${g.type}) added`);
  return out;
}
