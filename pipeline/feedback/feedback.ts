import type { Bus, BusMessage } from '../bus/bus.js';
import { BUCKETS, subjectToken } from '../bus/streams.js';
import type { ClusterService } from '../clustering/service.js';
import type { Extraction } from '../extraction/model.js';
import { latestExtraction, type StoredExtraction } from '../extraction/repository.js';
import { parseStoredDocument, type StoredBytes } from '../extraction/service.js';
import type { Lakehouse } from '../lakehouse/lakehouse.js';
import type { ParsedDocument } from '../parsing/document.js';
import { rowEventId, toLakeTables, type MappedRows } from '../schema/emit.js';
import { mainRecord } from '../schema/induce.js';
import type { SchemaDef } from '../schema/model.js';
import type { DryRun, Edits, LoadReport } from '../schema/service.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import type { Tracer } from '../tracing/tracer.js';
import { raiseAlert, resolveAlerts } from '../validation/alerts.js';
import { checkRecord, groundingText, problemFields, type Problem } from '../validation/validate.js';

/**
 * Feedback: from approval on, every document of an approved type is validated and loaded without anyone asking.
 *   approval            → `load`: every member of the cluster, validated, into the table (the approval's report)
 *   a new member (clusterer) → `admit`: validated once → `validated.<table>` (VALIDATED) or `failed.<table>` (FAILED)
 *   VALIDATED           → `write`: the lakehouse writer, one row per document, ever
 * The active schema of a cluster is read from the active-schemas KV the approval writes. Rows are keyed by
 * document (a newer extraction replaces the row) and by extraction and schema (a replay adds nothing).
 */
export interface FeedbackDeps {
  store: Store;
  bus: Pick<Bus, 'publish' | 'kv'>;
  tracer: Tracer;
  clock: Clock;
  lakehouse: Lakehouse;
  clusters: Pick<ClusterService, 'membersOf'>;
  documents: StoredBytes;
}

/** What the approval writes to the active-schemas KV per cluster, and the feedback stage reads. */
export interface ActiveSchema {
  schemaId: string;
  clusterId: string;
  table: string;
  def: SchemaDef;
}

/** A validated row on its way to the table (the VALIDATED stream's message). */
export interface ValidatedRow {
  schemaId: string;
  namespace: string;
  table: string;
  eventId: string;
  documentId: string | null;
  url: string;
  row: Record<string, unknown>;
  /** Child table name → its rows for this document. */
  children: Record<string, Array<Record<string, unknown>>>;
}

/** Members a proposal's dry run judges: enough to see which fields fail, bounded for a large type. */
const DRY_RUN_MEMBERS = 500;

type Outcome = { status: 'validated'; message: ValidatedRow; dropped: Problem[] } | { status: 'failed'; problems: Problem[] };

export function createFeedback(deps: FeedbackDeps) {
  const table = (def: SchemaDef): string => `${def.namespace}.${def.tableName}`;

  /** Validates one extraction against `def`; a failure goes to FAILED and the alert list, dropped values raise alerts. */
  const judge = async (schemaId: string | null, def: SchemaDef, extraction: Pick<StoredExtraction, 'id' | 'documentId' | 'url' | 'records'>, grounding: string | null): Promise<Outcome | null> => {
    const record = mainRecord(extraction);
    if (!record) return null;
    const checked = checkRecord(def, record, { extractionId: extraction.id, documentId: extraction.documentId, url: extraction.url }, grounding);
    const name = table(def);
    if (checked.fatal.length > 0) {
      await deps.bus.publish(
        `failed.${subjectToken(def.tableName)}`,
        { schemaTable: name, extractionId: extraction.id, documentId: extraction.documentId, url: extraction.url, row: checked.mapped.row, problems: checked.problems },
        { msgId: `${extraction.id}:${def.tableName}` },
      );
      await raiseAlert(deps.store, deps.clock, {
        kind: 'validation_failed',
        message: `${extraction.url}: ${checked.problems.map((p) => `${p.field} ${p.message}`).join('; ').slice(0, 300)}`,
        details: { table: name, extractionId: extraction.id, problems: checked.problems },
        documentId: extraction.documentId,
        schemaId,
      });
      return { status: 'failed', problems: checked.problems };
    }
    await resolveAlerts(deps.store, deps.clock, extraction.documentId, name);
    if (checked.dropped.length > 0) {
      await raiseAlert(deps.store, deps.clock, {
        kind: 'value_dropped',
        message: `${extraction.url}: loaded without ${checked.dropped.map((p) => `${p.field} (${p.message})`).join('; ').slice(0, 300)}`,
        details: { table: name, extractionId: extraction.id, problems: checked.dropped },
        documentId: extraction.documentId,
        schemaId,
      });
    }
    return { status: 'validated', dropped: checked.dropped, message: toMessage(schemaId ?? '', def, extraction, checked.mapped) };
  };

  const toMessage = (schemaId: string, def: SchemaDef, extraction: Pick<StoredExtraction, 'id' | 'documentId' | 'url'>, mapped: MappedRows): ValidatedRow => {
    const tables = toLakeTables(def);
    const children: ValidatedRow['children'] = {};
    for (const [field, rows] of Object.entries(mapped.children)) {
      const name = tables.find((t) => t.parentField === field)?.name;
      if (name) children[name] = rows;
    }
    return { schemaId, namespace: def.namespace, table: def.tableName, eventId: rowEventId(extraction.id, def), documentId: extraction.documentId, url: extraction.url, row: mapped.row, children };
  };

  /** Appends validated rows: rows of events already in the table are skipped, a document's older row is replaced. */
  const writeRows = async (rows: readonly ValidatedRow[]): Promise<{ added: number; replaced: number; childRows: number }> => {
    const out = { added: 0, replaced: 0, childRows: 0 };
    const byTable = new Map<string, ValidatedRow[]>();
    for (const r of rows) byTable.set(`${r.namespace}\u0000${r.table}`, [...(byTable.get(`${r.namespace}\u0000${r.table}`) ?? []), r]);
    for (const group of byTable.values()) {
      const { namespace, table: name } = group[0] as ValidatedRow;
      const main = await deps.lakehouse.append({ namespace, name }, group.map((r) => r.row), { rowEventIds: group.map((r) => r.eventId), replaceBy: '_document_id' });
      out.added += main.added;
      out.replaced += main.replaced ?? 0;
      const children = new Map<string, { rows: Array<Record<string, unknown>>; events: string[] }>();
      for (const r of group) {
        for (const [child, childRows] of Object.entries(r.children)) {
          const c = children.get(child) ?? { rows: [], events: [] };
          c.rows.push(...childRows);
          c.events.push(...childRows.map(() => `${r.eventId}:${child}`));
          children.set(child, c);
        }
      }
      for (const [child, c] of children) out.childRows += (await deps.lakehouse.append({ namespace, name: child }, c.rows, { rowEventIds: c.events, replaceBy: '_document_id' })).added;
    }
    return out;
  };

  async function groundingFor(documentId: string | null): Promise<string | null> {
    const parsed = await parseStoredDocument(deps.documents, documentId);
    return parsed ? groundingText(parsed) : null;
  }

  return {
    /** Approval: creates or evolves the tables and loads every member of the cluster, each row validated first. */
    async load(clusterId: string, def: SchemaDef, previous: SchemaDef | null, edits: Edits, schemaId: string | null = null): Promise<LoadReport> {
      const tables = toLakeTables(def);
      const renamed = new Map(Object.entries(edits.rename ?? {}).map(([from, to]) => [to, from]));
      for (const t of tables) {
        const existing = previous ? await deps.lakehouse.describe({ namespace: def.namespace, name: t.name }) : null;
        const fields = t.schema.fields.map((f) => {
          const old = renamed.get(f.name);
          return existing && old && existing.columns.some((c) => c.name === old) ? { ...f, renamedFrom: old } : f;
        });
        await deps.lakehouse.createOrEvolveTable(def.namespace, t.name, { fields });
      }
      const report: LoadReport = { tables: tables.map((t) => `${def.namespace}.${t.name}`), documents: 0, rowsLoaded: 0, childRowsLoaded: 0, rowsFailed: 0, failures: [], valuesDropped: 0, dropped: [] };
      const validated: ValidatedRow[] = [];
      for (const m of (await deps.clusters.membersOf(clusterId)) ?? []) {
        const extraction = m.documentId ? await latestExtraction(deps.store, m.documentId) : null;
        if (!extraction) continue;
        report.documents++;
        const outcome = await judge(schemaId, def, extraction, await groundingFor(extraction.documentId));
        if (schemaId) await recordAdmission(rowEventId(extraction.id, def), schemaId, extraction, outcome?.status ?? 'empty');
        if (!outcome) continue;
        if (outcome.status === 'failed') {
          report.rowsFailed++;
          report.failures.push({ documentId: extraction.documentId, url: extraction.url, problems: outcome.problems });
          continue;
        }
        if (outcome.dropped.length > 0) {
          report.valuesDropped += outcome.dropped.length;
          report.dropped.push({ documentId: extraction.documentId, url: extraction.url, problems: outcome.dropped });
        }
        validated.push(outcome.message);
      }
      const written = await writeRows(validated);
      report.rowsLoaded = written.added;
      report.rowsReplaced = written.replaced;
      report.childRowsLoaded = written.childRows;
      return report;
    },

    /**
     * Approval's load without its writes: every member judged under `def`, nothing published, recorded or alerted.
     * The registry runs it on a proposal, so a reviewer who approves as proposed gets the rows the proposal promises.
     */
    async check(clusterId: string, def: SchemaDef): Promise<DryRun> {
      const fieldOf = problemFields(def);
      const out: DryRun = { documents: 0, rowsFailed: 0, fields: {} };
      const members = ((await deps.clusters.membersOf(clusterId)) ?? []).filter((m) => m.documentId).slice(0, DRY_RUN_MEMBERS);
      for (const m of members) {
        const extraction = await latestExtraction(deps.store, m.documentId as string);
        const record = extraction ? mainRecord(extraction) : null;
        if (!extraction || !record) continue;
        out.documents++;
        const checked = checkRecord(def, record, { extractionId: extraction.id, documentId: extraction.documentId, url: extraction.url }, await groundingFor(extraction.documentId));
        if (checked.fatal.length > 0) out.rowsFailed++;
        const seen = new Set<string>();
        for (const p of checked.problems) {
          const name = fieldOf(p)?.name ?? '(row)';
          const entry = (out.fields[name] ??= { documents: 0, fatal: 0, examples: [] });
          if (seen.has(name)) continue;
          seen.add(name);
          entry.documents++;
          if (checked.fatal.includes(p)) entry.fatal++;
          if (entry.examples.length < 3) entry.examples.push({ url: extraction.url, message: p.message });
        }
      }
      return out;
    },

    /**
     * A document that joined a cluster: if the cluster's type is approved, its extraction is validated (against the
     * document as parsed once upstream) and published to VALIDATED or FAILED. Returns what happened.
     */
    async admit(input: { extraction: Extraction & { extractionId: string }; clusterId: string; parsed: ParsedDocument | null }): Promise<'validated' | 'failed' | 'no_schema' | 'empty' | 'already'> {
      const active = await activeSchema(input.clusterId);
      if (!active) return 'no_schema';
      const extraction = { ...input.extraction, id: input.extraction.extractionId };
      return admitOne(active, extraction, () => (input.parsed ? groundingText(input.parsed) : groundingFor(input.extraction.documentId)));
    },

    /**
     * Members of approved types not judged yet under their type's active schema: those a re-clustering placed
     * there, or that arrived while no schema was active. Run after every re-clustering (and at start).
     */
    async sweep(): Promise<{ admitted: number }> {
      let admitted = 0;
      for (const active of await activeSchemas()) {
        const members = ((await deps.clusters.membersOf(active.clusterId)) ?? []).filter((m) => m.documentId);
        if (members.length === 0) continue;
        const latest = await deps.store.query<{ id: string; document_id: string }>(
          `SELECT DISTINCT ON (document_id) id, document_id FROM extractions WHERE document_id = ANY($1) ORDER BY document_id, created_at DESC`,
          [members.map((m) => m.documentId)],
        );
        const judged = await admittedEvents(latest.map((r) => rowEventId(r.id, active.def)));
        for (const r of latest) {
          if (judged.has(rowEventId(r.id, active.def))) continue;
          const extraction = await latestExtraction(deps.store, r.document_id);
          if (!extraction) continue;
          const status = await admitOne(active, extraction, () => groundingFor(extraction.documentId));
          if (status === 'validated') admitted++;
        }
      }
      return { admitted };
    },

    /** The lakehouse writer: one VALIDATED message into its table. */
    async write(msg: BusMessage): Promise<void> {
      const row = msg.json<ValidatedRow>();
      if (!row.eventId || !row.table || !row.row) throw new Error(`message ${msg.subject} #${msg.seq} is not a validated row`);
      await writeRows([row]);
    },
  };

  /** Judges one extraction under the active schema once (a second call for the same event does nothing). */
  async function admitOne(
    active: ActiveSchema,
    extraction: Pick<StoredExtraction, 'id' | 'documentId' | 'url' | 'records'>,
    grounding: () => string | null | Promise<string | null>,
  ): Promise<'validated' | 'failed' | 'empty' | 'already'> {
    const eventId = rowEventId(extraction.id, active.def);
    if ((await admittedEvents([eventId])).has(eventId)) return 'already';
    return deps.tracer.span('feedback.admit', { input: { clusterId: active.clusterId, extractionId: extraction.id, table: active.table } }, async (span) => {
      const outcome = await judge(active.schemaId, active.def, extraction, await grounding());
      const status = outcome?.status ?? 'empty';
      // Published before it is recorded: a crash in between publishes again, and the writer skips the replay.
      if (outcome?.status === 'validated') await deps.bus.publish(`validated.${subjectToken(active.def.tableName)}`, { ...outcome.message }, { msgId: eventId });
      await recordAdmission(eventId, active.schemaId, extraction, status);
      span.setOutput(status);
      return status;
    });
  }

  async function recordAdmission(eventId: string, schemaId: string, extraction: Pick<StoredExtraction, 'id' | 'documentId'>, status: string): Promise<void> {
    await deps.store.query(
      `INSERT INTO feedback_admissions (event_id, schema_id, extraction_id, document_id, status, admitted_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [eventId, schemaId, extraction.id, extraction.documentId, status, deps.clock.now().toISOString()],
    );
  }

  async function admittedEvents(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await deps.store.query<{ event_id: string }>('SELECT event_id FROM feedback_admissions WHERE event_id = ANY($1)', [ids]);
    return new Set(rows.map((r) => r.event_id));
  }

  async function activeSchemas(): Promise<ActiveSchema[]> {
    const kv = await deps.bus.kv(BUCKETS.activeSchemas);
    const out: ActiveSchema[] = [];
    for (const key of await kv.keys()) {
      const value = (await kv.get(key))?.json<Partial<ActiveSchema>>();
      if (value?.def && value.schemaId && value.clusterId) out.push(value as ActiveSchema);
    }
    return out;
  }

  async function activeSchema(clusterId: string): Promise<ActiveSchema | null> {
    const entry = await (await deps.bus.kv(BUCKETS.activeSchemas)).get(subjectToken(clusterId));
    const value = entry?.json<Partial<ActiveSchema>>();
    return value?.def && value.schemaId ? (value as ActiveSchema) : null;
  }
}

export type Feedback = ReturnType<typeof createFeedback>;
