import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import type { Tracer } from '../tracing/tracer.js';
import { backoffDelay, DEFAULT_COMMIT_RETRY, type CommitRetry } from './commit-retry.js';
import { checkName, LakehouseError, type IcebergSchema, type LakeTableSchema } from './schema.js';
import {
  appendSnapshot,
  catalog,
  currentSchema,
  dataFiles,
  evolveSchema,
  fileUri,
  metadataVersion,
  newMetadata,
  quoteIdent,
  quoteString,
  readMetadata,
  referencedFiles,
  selectByFieldId,
  writeDataFile,
  writeMetadata,
  type DataFile,
  type TableMetadata,
  type TableRef,
} from './table.js';

/**
 * The lakehouse: Iceberg v2 tables under the warehouse directory, registered in the JDBC catalog tables of the state
 * store, written through DuckDB and read back through DuckDB views that project by field id.
 */
export interface LakehouseDeps {
  store: Store;
  warehouseDir: string;
  clock: Clock;
  tracer: Tracer;
  catalogName?: string;
  /** How a commit that lost a race to another writer tries again (defaults: `DEFAULT_COMMIT_RETRY`). */
  commitRetry?: Partial<CommitRetry>;
}

export interface QueryLimits {
  maxRows?: number;
  timeoutMs?: number;
  /** Time travel: every table as it was at this instant. */
  asOf?: Date;
  /** Time travel: the table that has this snapshot reads as of it (snapshot ids are listed by `listTables`). */
  snapshotId?: number;
  /** DuckDB's memory limit for the query; nothing spills to disk. */
  maxMemoryMb?: number;
}

export interface QueryResult {
  columns: Array<{ name: string; type: string }>;
  rows: Array<Record<string, unknown>>;
  truncated: boolean;
  elapsedMs: number;
}

export interface TableInfo {
  namespace: string;
  name: string;
  location: string;
  metadataLocation: string;
  columns: Array<{ id: number; name: string; type: string; doc?: string }>;
  rows: number;
  dataFiles: number;
  currentSnapshotId: number | null;
  snapshots: Array<{ snapshotId: number; timestamp: string; operation: string; addedRecords: number; summary: Record<string, string> }>;
}

export interface AppendOptions {
  /** The events (e.g. extraction ids) the rows came from; recorded in the snapshot summary as `quarry.source-events`. */
  sourceEventIds?: readonly string[];
  /** One event id per row: rows of events already committed are dropped, the rest appended. */
  rowEventIds?: readonly string[];
  /**
   * A key column: rows already in the table with the key of a new row are replaced by it (copy-on-write: the data
   * files holding them are rewritten without them, in the same commit), so the table keeps one row per key.
   */
  replaceBy?: string;
}

export interface AppendResult {
  /** The new snapshot, or (for a replay) the current one / null. */
  snapshotId: number | null;
  added: number;
  /** Rows not appended because their events were already committed. */
  skipped: number;
  /** Rows that were replaced (`replaceBy`). */
  replaced?: number;
  /** True when nothing was appended because every event was already committed. */
  replayed: boolean;
}

export interface AppenderOptions {
  /** Commit when this many rows wait (default 1,000). */
  maxRows?: number;
  /** Commit when the oldest waiting row is this old (default 5 s), measured on the lakehouse clock. */
  maxAgeMs?: number;
  /** Calls `fn` every `ms` until the returned function is called; lets the age limit fire without new rows. */
  timer?: { every(ms: number, fn: () => void): () => void };
}

/** The system timer for appenders; unref'd so a waiting batch does not keep the process alive (close flushes it). */
export const systemTimer: NonNullable<AppenderOptions['timer']> = {
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return () => clearInterval(handle);
  },
};

export class QueryRefusedError extends Error {
  override readonly name = 'QueryRefusedError';
}

export async function createLakehouse(deps: LakehouseDeps) {
  const catalogName = deps.catalogName ?? 'quarry';
  const retry: CommitRetry = { ...DEFAULT_COMMIT_RETRY, ...deps.commitRetry };
  const writer = await DuckDBInstance.create(':memory:');
  const writeConn = await writer.connect();
  // Timestamps written without an offset are UTC, whatever the machine's zone.
  await writeConn.run("SET TimeZone = 'UTC'");
  const tableDir = (ref: TableRef): string => join(deps.warehouseDir, ref.namespace, ref.name);
  // One data file at a time on the write connection: an appender flushing while another writer's COPY is pending
  // on the same connection fails. Commits (catalog swaps) still interleave freely.
  let writing: Promise<unknown> = Promise.resolve();
  const writeFileFor = (ref: TableRef, schema: IcebergSchema, rows: ReadonlyArray<Record<string, unknown>>): Promise<DataFile> => {
    const run = writing.then(() => writeDataFile(writeConn, tableDir(ref), schema, rows));
    writing = run.catch(() => undefined);
    return run;
  };

  const load = async (ref: TableRef): Promise<{ location: string; meta: TableMetadata } | null> => {
    const location = await catalog.get(deps.store, catalogName, ref);
    return location ? { location, meta: await readMetadata(location) } : null;
  };

  /**
   * Applies `change` to the latest metadata and swaps it in; on a lost race, waits (backoff with jitter), reads again
   * and retries until the retry budget is spent. The budget is wall time, not the lakehouse clock, which tests freeze.
   */
  const commit = async (
    ref: TableRef,
    change: (meta: TableMetadata) => Promise<TableMetadata | null>,
    /** What the caller just loaded: the first attempt starts from it instead of asking the catalog again. */
    loaded?: { location: string; meta: TableMetadata },
  ): Promise<TableMetadata | null> => {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const current = attempt === 1 && loaded ? loaded : await load(ref);
      if (!current) throw new LakehouseError(`no table ${ref.namespace}.${ref.name}`);
      const next = await change(current.meta);
      if (!next) return null;
      const withLog = { ...next, 'metadata-log': [...next['metadata-log'], { 'metadata-file': current.location, 'timestamp-ms': current.meta['last-updated-ms'] }] };
      const location = await writeMetadata(tableDir(ref), withLog, metadataVersion(current.location) + 1);
      if (await catalog.swap(deps.store, catalogName, ref, current.location, location)) return withLog;
      const left = retry.budgetMs - (Date.now() - started);
      if (left <= 0) {
        throw new LakehouseError(`could not commit to ${ref.namespace}.${ref.name} within ${retry.budgetMs} ms: all ${attempt} attempts lost to other writers committing first`);
      }
      const delayMs = Math.min(left, backoffDelay(attempt, retry));
      deps.tracer.decision('lakehouse.commit_retry', { input: { table: `${ref.namespace}.${ref.name}`, attempt, delayMs: Math.round(delayMs) }, output: 'retry', reason: 'another writer committed first' });
      await sleep(delayMs);
    }
  };

  /** One view per table, `namespace.table`, over the files of the chosen snapshot, read by field id. */
  const createViews = async (conn: DuckDBConnection, at: Pick<QueryLimits, 'asOf' | 'snapshotId'>): Promise<void> => {
    let pinned = false;
    for (const t of await catalog.list(deps.store, catalogName)) {
      const meta = await readMetadata(t.metadataLocation);
      const hasPin = at.snapshotId !== undefined && meta.snapshots.some((s) => s['snapshot-id'] === at.snapshotId);
      pinned ||= hasPin;
      const snapshotId = hasPin ? (at.snapshotId ?? null) : at.asOf ? snapshotAsOf(meta, at.asOf.getTime()) : meta['current-snapshot-id'];
      const snapshot = meta.snapshots.find((s) => s['snapshot-id'] === snapshotId);
      const schema = (snapshot && meta.schemas.find((s) => s['schema-id'] === snapshot['schema-id'])) ?? currentSchema(meta);
      const files = snapshotId === null ? [] : await dataFiles(meta, snapshotId);
      await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(t.namespace)}`);
      await conn.run(`CREATE VIEW ${quoteIdent(t.namespace)}.${quoteIdent(t.name)} AS ${selectByFieldId(files, schema)}`);
    }
    if (at.snapshotId !== undefined && !pinned) throw new QueryRefusedError(`no table has snapshot ${at.snapshotId}; list_tables shows each table's snapshot ids`);
  };

  /**
   * The current snapshot's data files that hold a row keyed like one of `rows`: each is read (by field id, under
   * the current schema) and written again without those rows. Returns the files to remove, the rewritten ones and
   * how many rows went.
   */
  const rewriteWithout = async (
    ref: TableRef,
    meta: TableMetadata,
    column: string,
    rows: ReadonlyArray<Record<string, unknown>>,
  ): Promise<{ removed: Map<string, number>; files: DataFile[]; replaced: number }> => {
    const schema = currentSchema(meta);
    if (!schema.fields.some((f) => f.name === column)) throw new LakehouseError(`cannot replace by ${column}: ${ref.namespace}.${ref.name} has no such column`);
    const keys = [...new Set(rows.map((r) => r[column]).filter((k): k is string | number => typeof k === 'string' || typeof k === 'number').map(String))];
    const out = { removed: new Map<string, number>(), files: [] as DataFile[], replaced: 0 };
    if (keys.length === 0 || meta['current-snapshot-id'] === null) return out;
    const list = keys.map(quoteString).join(', ');
    for (const file of await dataFiles(meta)) {
      const read = writing.then(async () => {
        const all = await writeConn.runAndReadAll(`SELECT *, CAST(${quoteIdent(column)} AS VARCHAR) IN (${list}) AS _quarry_gone FROM (${selectByFieldId([file], schema)})`);
        return all.getRowObjectsJson() as Array<Record<string, unknown>>;
      });
      writing = read.catch(() => undefined);
      const found = await read;
      const gone = found.filter((r) => r._quarry_gone === true).length;
      if (gone === 0) continue;
      out.removed.set(file.path, file.recordCount);
      out.replaced += gone;
      const kept = found.filter((r) => r._quarry_gone !== true).map(({ _quarry_gone, ...rest }) => rest);
      if (kept.length > 0) out.files.push(await writeFileFor(ref, schema, kept));
    }
    return out;
  };

  const committedEvents = async (ref: TableRef): Promise<Set<string>> => {
    const found = await load(ref);
    return found ? sourceEvents(found.meta) : new Set();
  };

  const lakehouse = {
    catalogName,
    warehouseDir: deps.warehouseDir,

    /** Creates the table, or evolves its schema by field id (add, rename, widen, drop). */
    async createOrEvolveTable(namespace: string, name: string, schema: LakeTableSchema): Promise<{ created: boolean; evolved: boolean; schemaId: number }> {
      checkName(namespace, 'namespace');
      checkName(name, 'table name');
      if (schema.fields.length === 0) throw new LakehouseError('a table needs at least one column');
      const ref = { namespace, name };
      return deps.tracer.span('lakehouse.create_or_evolve', { input: { table: `${namespace}.${name}`, fields: schema.fields.map((f) => `${f.name}:${f.type}`) } }, async (span) => {
        const existing = await load(ref);
        if (!existing) {
          const { schema: first, lastColumnId } = evolveSchema(null, schema);
          const meta = newMetadata(fileUri(tableDir(ref)), first, lastColumnId, deps.clock.now().getTime());
          const location = await writeMetadata(tableDir(ref), meta, 1);
          if (await catalog.create(deps.store, catalogName, ref, location)) {
            span.setReason('new table');
            return { created: true, evolved: false, schemaId: first['schema-id'] };
          }
        }
        let evolved = false;
        let schemaId = 0;
        await commit(ref, async (meta) => {
          const next = evolveSchema(meta, schema);
          schemaId = next.schema['schema-id'];
          if (!next.changed) return null;
          evolved = true;
          return {
            ...meta,
            'last-updated-ms': deps.clock.now().getTime(),
            'last-column-id': next.lastColumnId,
            'current-schema-id': next.schema['schema-id'],
            schemas: [...meta.schemas, next.schema],
          };
        });
        span.setReason(evolved ? 'schema evolved' : 'schema unchanged');
        return { created: false, evolved, schemaId };
      });
    },

    /**
     * Appends rows as one snapshot, recording the source events in its summary. A batch whose source events were all
     * committed before (a replay) is recognized and not appended twice. With `rowEventIds` (one per row) a batch that
     * mixes committed and new events keeps only the rows of new events, so re-loading a grown set of documents adds
     * just the new ones.
     */
    async append(ref: TableRef, rows: ReadonlyArray<Record<string, unknown>>, opts: AppendOptions = {}): Promise<AppendResult> {
      if (opts.rowEventIds && opts.rowEventIds.length !== rows.length) {
        throw new LakehouseError(`rowEventIds has ${opts.rowEventIds.length} ids for ${rows.length} rows; give one event id per row`);
      }
      if (rows.length === 0) return { snapshotId: null, added: 0, skipped: 0, replayed: false };
      const allEvents = [...new Set([...(opts.sourceEventIds ?? []), ...(opts.rowEventIds ?? [])])].sort();
      return deps.tracer.span('lakehouse.append', { input: { table: `${ref.namespace}.${ref.name}`, rows: rows.length, events: allEvents.length } }, async (span) => {
        /** What is still to append given what `meta` has committed; null when nothing is. */
        const pending = (meta: TableMetadata): { rows: ReadonlyArray<Record<string, unknown>>; events: string[] } | null => {
          if (allEvents.length === 0) return { rows, events: [] };
          const committed = sourceEvents(meta);
          const events = allEvents.filter((e) => !committed.has(e));
          if (events.length === 0) return null;
          const rowEvents = opts.rowEventIds;
          if (!rowEvents) return { rows, events };
          const kept = rows.filter((_, i) => !committed.has(rowEvents[i] ?? ''));
          return kept.length === 0 ? null : { rows: kept, events };
        };
        const start = await load(ref);
        if (!start) throw new LakehouseError(`no table ${ref.namespace}.${ref.name}; approve a schema first`);
        let todo = pending(start.meta);
        if (!todo) {
          span.setReason('replayed batch: its source events are already in a snapshot');
          return { snapshotId: start.meta['current-snapshot-id'], added: 0, skipped: rows.length, replayed: true };
        }
        let replaced = 0;
        let written = { for: todo, schemaId: currentSchema(start.meta)['schema-id'], files: [await writeFileFor(ref, currentSchema(start.meta), todo.rows)] };
        const meta = await commit(ref, async (latest) => {
          todo = pending(latest);
          if (!todo) return null;
          const schemaId = currentSchema(latest)['schema-id'];
          // Another writer committed some of these events, or evolved the schema, since the file was written.
          if (todo.rows.length !== written.for.rows.length || schemaId !== written.schemaId) {
            written = { for: todo, schemaId, files: [await writeFileFor(ref, currentSchema(latest), todo.rows)] };
          }
          const summary: Record<string, string> = todo.events.length > 0 ? { 'quarry.source-events': JSON.stringify(todo.events) } : {};
          const rewrite = opts.replaceBy ? await rewriteWithout(ref, latest, opts.replaceBy, todo.rows) : null;
          replaced = rewrite?.replaced ?? 0;
          return appendSnapshot(tableDir(ref), latest, [...written.files, ...(rewrite?.files ?? [])], summary, deps.clock.now().getTime(), rewrite?.removed);
        }, start);
        if (!meta || !todo) {
          span.setReason('replayed batch: another writer committed its source events first');
          return { snapshotId: null, added: 0, skipped: rows.length, replayed: true };
        }
        const added = todo.rows.length;
        span.setOutput({ snapshotId: meta['current-snapshot-id'], added, skipped: rows.length - added });
        if (added < rows.length) span.setReason(`${rows.length - added} row(s) of already committed events skipped`);
        if (replaced > 0) span.setReason(`${replaced} earlier row(s) with the same ${opts.replaceBy ?? 'key'} replaced`);
        return { snapshotId: meta['current-snapshot-id'], added, skipped: rows.length - added, replayed: false, ...(opts.replaceBy ? { replaced } : {}) };
      });
    },

    /**
     * Buffers rows and commits them in batches: when `maxRows` are waiting, when the oldest waiting row is
     * `maxAgeMs` old (checked on every `add`, and by a timer when one is given), and on `close`. A group of rows
     * whose source events are already committed (or already waiting) is skipped, so redelivered events are not
     * appended twice even when batches form differently the second time.
     */
    appender(ref: TableRef, opts: AppenderOptions = {}) {
      const maxRows = opts.maxRows ?? 1_000;
      const maxAgeMs = opts.maxAgeMs ?? 5_000;
      let buffer: Array<Record<string, unknown>> = [];
      let events: string[] = [];
      const waiting = new Set<string>();
      let committed: Set<string> | null = null;
      let firstAt: number | null = null;
      let chain: Promise<unknown> = Promise.resolve();
      const age = (): number => (firstAt === null ? 0 : deps.clock.now().getTime() - firstAt);

      const flush = async (): Promise<void> => {
        if (buffer.length === 0) return chain.then(() => undefined);
        const rows = buffer;
        const ids = events;
        buffer = [];
        events = [];
        firstAt = null;
        const run = chain.then(async () => {
          try {
            await lakehouse.append(ref, rows, { sourceEventIds: ids });
            for (const id of ids) committed?.add(id);
          } finally {
            for (const id of ids) waiting.delete(id);
          }
        });
        // One failed batch must not poison the batches after it; its error goes to the caller that flushed it.
        chain = run.catch(() => undefined);
        await run;
      };
      const cancelTimer = opts.timer?.every(Math.max(1, Math.floor(maxAgeMs / 2)), () => {
        if (firstAt !== null && age() >= maxAgeMs) {
          flush().catch((err: unknown) => deps.tracer.decision('lakehouse.appender_flush_failed', { input: { table: `${ref.namespace}.${ref.name}` }, output: 'rows dropped', reason: String((err as Error).message) }));
        }
      });

      return {
        async add(rows: ReadonlyArray<Record<string, unknown>>, sourceEventIds: readonly string[] = []): Promise<{ skipped: boolean }> {
          if (sourceEventIds.length > 0) {
            committed ??= await committedEvents(ref);
            if (sourceEventIds.every((id) => committed?.has(id) || waiting.has(id))) return { skipped: true };
          }
          buffer.push(...rows);
          events.push(...sourceEventIds);
          for (const id of sourceEventIds) waiting.add(id);
          firstAt ??= deps.clock.now().getTime();
          if (buffer.length >= maxRows || age() >= maxAgeMs) await flush();
          return { skipped: false };
        },
        /** Commits what waited longer than the age limit (for callers that drive time themselves). */
        async tick(): Promise<void> {
          if (firstAt !== null && age() >= maxAgeMs) await flush();
        },
        pending: () => buffer.length,
        flush,
        async close(): Promise<void> {
          cancelTimer?.();
          await flush();
        },
      };
    },

    async describe(ref: TableRef): Promise<TableInfo | null> {
      const found = await load(ref);
      if (!found) return null;
      const { meta, location } = found;
      const current = meta.snapshots.find((s) => s['snapshot-id'] === meta['current-snapshot-id']);
      return {
        namespace: ref.namespace,
        name: ref.name,
        location: meta.location,
        metadataLocation: location,
        columns: currentSchema(meta).fields.map((f) => ({ id: f.id, name: f.name, type: f.type, ...(f.doc ? { doc: f.doc } : {}) })),
        rows: Number(current?.summary['total-records'] ?? 0),
        dataFiles: Number(current?.summary['total-data-files'] ?? 0),
        currentSnapshotId: meta['current-snapshot-id'],
        snapshots: meta.snapshots.map((s) => ({
          snapshotId: s['snapshot-id'],
          timestamp: new Date(s['timestamp-ms']).toISOString(),
          operation: s.summary.operation ?? 'append',
          addedRecords: Number(s.summary['added-records'] ?? 0),
          summary: s.summary,
        })),
      };
    },

    async listTables(): Promise<TableInfo[]> {
      const out: TableInfo[] = [];
      for (const t of await catalog.list(deps.store, catalogName)) {
        const info = await lakehouse.describe(t);
        if (info) out.push(info);
      }
      return out;
    },

    /** Metadata as the Iceberg REST catalog serves it. */
    async loadTable(ref: TableRef): Promise<{ metadataLocation: string; metadata: TableMetadata } | null> {
      const found = await load(ref);
      return found ? { metadataLocation: found.location, metadata: found.meta } : null;
    },

    /**
     * Runs one read-only statement over the tables: its kind is decided by DuckDB's own parser (a SELECT, nothing
     * else), in a fresh DuckDB whose file access is limited to the warehouse and whose configuration is locked;
     * rows are capped, memory is bounded (no spilling to disk) and a slow query is interrupted at the time limit.
     */
    async query(sql: string, limits: QueryLimits = {}): Promise<QueryResult> {
      const maxRows = limits.maxRows ?? 1_000;
      const timeoutMs = limits.timeoutMs ?? 10_000;
      const maxMemoryMb = limits.maxMemoryMb ?? 1_024;
      if (sql.length > 100_000) throw new QueryRefusedError('the statement is longer than 100,000 characters');
      if (sql.trim() === '') throw new QueryRefusedError('send exactly one statement (got none)');
      const started = Date.now();
      const instance = await DuckDBInstance.create(':memory:');
      const conn = await instance.connect();
      try {
        await createViews(conn, limits);
        await conn.run("SET TimeZone = 'UTC'");
        await conn.run(`SET memory_limit = '${Math.floor(maxMemoryMb)}MB'`);
        await conn.run("SET temp_directory = ''");
        await conn.run(`SET allowed_directories = [${quoteString(deps.warehouseDir)}]`);
        await conn.run('SET enable_external_access = false');
        await conn.run('SET lock_configuration = true');

        const statements = await conn.extractStatements(sql).catch((err: unknown) => {
          throw new QueryRefusedError(`the statement does not parse: ${(err as Error).message}`);
        });
        if (statements.count !== 1) throw new QueryRefusedError(`send exactly one statement (got ${statements.count})`);
        // Binding already checks file access, so a forbidden path is refused here, before anything runs.
        const prepared = await statements.prepare(0).catch((err: unknown) => {
          throw refusal(err, { timeoutMs, maxMemoryMb });
        });
        if (prepared.statementType !== StatementType.SELECT) {
          throw new QueryRefusedError(`only read-only SELECT statements run here (this one is ${StatementType[prepared.statementType] ?? 'another kind'})`);
        }
        const timer = setTimeout(() => conn.interrupt(), timeoutMs);
        try {
          const reader = await prepared.streamAndReadUntil(maxRows + 1).catch((err: unknown) => {
            throw refusal(err, { timeoutMs, maxMemoryMb });
          });
          const columns = reader.columnNames().map((name, i) => ({ name, type: reader.columnTypes()[i]?.toString() ?? 'UNKNOWN' }));
          const all = reader.getRowObjectsJson() as Array<Record<string, unknown>>;
          return {
            columns,
            rows: all.slice(0, maxRows).map((row) => isoTimestamps(row, columns)),
            truncated: all.length > maxRows,
            elapsedMs: Date.now() - started,
          };
        } finally {
          clearTimeout(timer);
        }
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
    },

    /**
     * Files in the warehouse that no commit references: data files, manifests, manifest lists and metadata files
     * left by a crash between writing and committing, or by a writer that lost a commit race. A write in progress
     * looks the same, so pass `olderThan` before deleting anything.
     */
    async findOrphanFiles(opts: { olderThan?: Date } = {}): Promise<string[]> {
      const orphans: string[] = [];
      for (const t of await catalog.list(deps.store, catalogName)) {
        const referenced = await referencedFiles(t.metadataLocation);
        for (const sub of ['data', 'metadata']) {
          const dir = join(tableDir(t), sub);
          for (const file of await readdir(dir).catch(() => [] as string[])) {
            const path = join(dir, file);
            if (file === 'version-hint.text' || file.startsWith('.') || referenced.has(path)) continue;
            if (opts.olderThan && (await stat(path)).mtimeMs >= opts.olderThan.getTime()) continue;
            orphans.push(path);
          }
        }
      }
      return orphans.sort();
    },

    async close(): Promise<void> {
      writeConn.closeSync();
      writer.closeSync();
    },
  };
  return lakehouse;
}

export type Lakehouse = Awaited<ReturnType<typeof createLakehouse>>;

function sourceEvents(meta: TableMetadata): Set<string> {
  const committed = new Set<string>();
  for (const s of meta.snapshots) {
    const list = s.summary['quarry.source-events'];
    if (list) for (const id of JSON.parse(list) as string[]) committed.add(id);
  }
  return committed;
}

/** A DuckDB error as an answer the caller can act on. */
function refusal(err: unknown, limits: { timeoutMs: number; maxMemoryMb: number }): QueryRefusedError {
  const message = err instanceof Error ? err.message : String(err);
  if (/interrupt/i.test(message)) return new QueryRefusedError(`the query ran longer than the ${limits.timeoutMs} ms limit and was stopped`);
  if (/Out of Memory|memory limit/i.test(message)) return new QueryRefusedError(`the query needs more than the ${limits.maxMemoryMb} MB memory limit; aggregate more or select fewer columns`);
  if (/Permission Error|external access/i.test(message)) return new QueryRefusedError(`file access outside the warehouse is not allowed: ${message.split('\n')[0]}`);
  return new QueryRefusedError(message);
}

/** DuckDB's JSON form of timestamps ("2027-03-14 17:30:00+00") as ISO 8601; the session time zone is UTC. */
function isoTimestamps(row: Record<string, unknown>, columns: ReadonlyArray<{ name: string; type: string }>): Record<string, unknown> {
  for (const { name, type } of columns) {
    const v = row[name];
    if (typeof v !== 'string' || !type.startsWith('TIMESTAMP')) continue;
    row[name] = v.replace(' ', 'T').replace(/\+00$/, 'Z');
  }
  return row;
}

function snapshotAsOf(meta: TableMetadata, ms: number): number | null {
  const before = meta.snapshots.filter((s) => s['timestamp-ms'] <= ms).sort((a, b) => b['timestamp-ms'] - a['timestamp-ms']);
  return before[0]?.['snapshot-id'] ?? null;
}

export type { DuckDBConnection };
