import { randomInt, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { Queryable, Store } from '../store/store.js';
import { decodeAvroFile, encodeAvroFile, MANIFEST_ENTRY_SCHEMA, MANIFEST_FILE_SCHEMA, manifestEntryType, manifestFileType } from './avro.js';
import { canWiden, checkName, duckdbType, icebergType, LakehouseError, type IcebergField, type IcebergSchema, type LakeTableSchema } from './schema.js';

/**
 * One Iceberg v2 table: metadata JSON per commit, manifests and manifest lists in Avro, Parquet data files written by
 * DuckDB with explicit field ids, and a commit that is a compare-and-swap on the catalog row's metadata_location.
 */
export interface Snapshot {
  'snapshot-id': number;
  'parent-snapshot-id'?: number;
  'sequence-number': number;
  'timestamp-ms': number;
  'manifest-list': string;
  summary: Record<string, string>;
  'schema-id': number;
}

export interface TableMetadata {
  'format-version': 2;
  'table-uuid': string;
  location: string;
  'last-sequence-number': number;
  'last-updated-ms': number;
  'last-column-id': number;
  'current-schema-id': number;
  schemas: IcebergSchema[];
  'default-spec-id': 0;
  'partition-specs': Array<{ 'spec-id': 0; fields: [] }>;
  'last-partition-id': 999;
  'default-sort-order-id': 0;
  'sort-orders': Array<{ 'order-id': 0; fields: [] }>;
  properties: Record<string, string>;
  'current-snapshot-id': number | null;
  snapshots: Snapshot[];
  'snapshot-log': Array<{ 'snapshot-id': number; 'timestamp-ms': number }>;
  'metadata-log': Array<{ 'metadata-file': string; 'timestamp-ms': number }>;
  refs: Record<string, { 'snapshot-id': number; type: 'branch' }>;
}

export interface TableRef {
  namespace: string;
  name: string;
}

export const fileUri = (path: string): string => pathToFileURL(path).toString();
export const uriPath = (uri: string): string => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);

export function currentSchema(meta: TableMetadata): IcebergSchema {
  const schema = meta.schemas.find((s) => s['schema-id'] === meta['current-schema-id']);
  if (!schema) throw new LakehouseError('table metadata has no current schema');
  return schema;
}

/** The next schema from the wanted fields: existing ids kept (by id, by `renamedFrom`, or by name), new ids for new fields. */
export function evolveSchema(meta: TableMetadata | null, wanted: LakeTableSchema): { schema: IcebergSchema; lastColumnId: number; changed: boolean } {
  const old = meta ? currentSchema(meta) : null;
  let lastId = meta?.['last-column-id'] ?? 0;
  const seen = new Set<string>();
  const fields: IcebergField[] = wanted.fields.map((f) => {
    checkName(f.name, 'column');
    if (seen.has(f.name)) throw new LakehouseError(`column ${f.name} appears twice`);
    seen.add(f.name);
    const type = icebergType(f.type);
    duckdbType(type);
    const existing = old?.fields.find((o) => (f.id !== undefined ? o.id === f.id : o.name === (f.renamedFrom ?? f.name)));
    if (f.id !== undefined && !existing) throw new LakehouseError(`column id ${f.id} (${f.name}) does not exist in the table`);
    if (existing && !canWiden(existing.type, type)) {
      throw new LakehouseError(`column ${f.name} cannot change from ${existing.type} to ${type}; only int→long, float→double and wider decimals are allowed`);
    }
    return { id: existing?.id ?? ++lastId, name: f.name, required: false, type, ...(f.doc ? { doc: f.doc } : {}) };
  });
  const nextId = (meta?.schemas.reduce((m, s) => Math.max(m, s['schema-id']), -1) ?? -1) + 1;
  const changed = !old || JSON.stringify(old.fields) !== JSON.stringify(fields);
  return { schema: { type: 'struct', 'schema-id': changed ? nextId : (old?.['schema-id'] ?? 0), fields }, lastColumnId: lastId, changed };
}

export function newMetadata(location: string, schema: IcebergSchema, lastColumnId: number, now: number): TableMetadata {
  return {
    'format-version': 2,
    'table-uuid': randomUUID(),
    location,
    'last-sequence-number': 0,
    'last-updated-ms': now,
    'last-column-id': lastColumnId,
    'current-schema-id': schema['schema-id'],
    schemas: [schema],
    'default-spec-id': 0,
    'partition-specs': [{ 'spec-id': 0, fields: [] }],
    'last-partition-id': 999,
    'default-sort-order-id': 0,
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    properties: { 'write.format.default': 'parquet', 'quarry.nested-records': 'child tables' },
    'current-snapshot-id': null,
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    refs: {},
  };
}

/** Writes `<version>-<uuid>.metadata.json` and the version hint; returns the new file's URI. */
/**
 * Metadata files, manifest lists and manifests are immutable (a commit writes new files under new names), so what
 * was written or read once is kept, frozen, for the next commit and query: an append then reads no file back.
 */
const immutableFiles = new Map<string, unknown>();
const IMMUTABLE_FILES_KEPT = 512;

function remember<T>(path: string, value: T): T {
  immutableFiles.delete(path);
  immutableFiles.set(path, deepFreeze(value));
  if (immutableFiles.size > IMMUTABLE_FILES_KEPT) immutableFiles.delete(immutableFiles.keys().next().value as string);
  return value;
}

async function readImmutable<T>(path: string, read: (path: string) => Promise<T>): Promise<T> {
  const hit = immutableFiles.get(path);
  if (hit !== undefined) {
    immutableFiles.delete(path);
    immutableFiles.set(path, hit);
    return hit as T;
  }
  return remember(path, await read(path));
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

export async function writeMetadata(tableDir: string, meta: TableMetadata, version: number): Promise<string> {
  const dir = join(tableDir, 'metadata');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`);
  await writeFile(file, JSON.stringify(meta, null, 2));
  await writeFile(join(dir, 'version-hint.text'), String(version));
  remember(file, structuredClone(meta));
  return fileUri(file);
}

export function metadataVersion(location: string): number {
  const m = /\/(\d+)-[0-9a-f-]+\.metadata\.json$/.exec(location);
  return m ? Number(m[1]) : 0;
}

export async function readMetadata(location: string): Promise<TableMetadata> {
  return readImmutable(uriPath(location), async (path) => JSON.parse(await readFile(path, 'utf8')) as TableMetadata);
}

export interface DataFile {
  path: string;
  recordCount: number;
  sizeBytes: number;
}

/** DuckDB's standard vector size: rows per data chunk handed to the appender. */
const CHUNK_ROWS = 2048;

/** Writes rows to one Parquet file with explicit field ids, through DuckDB. */
export async function writeDataFile(conn: DuckDBConnection, tableDir: string, schema: IcebergSchema, rows: ReadonlyArray<Record<string, unknown>>): Promise<DataFile> {
  const dataDir = join(tableDir, 'data');
  await mkdir(dataDir, { recursive: true });
  const stamp = `${Date.now()}-${randomUUID()}`;
  const output = join(dataDir, `${stamp}.parquet`);
  // Rows go in through DuckDB's appender (no intermediate file): a column whose values are all native JavaScript
  // numbers or booleans goes in typed, anything else as text; both are cast to the column type on the way out, so a
  // value that does not convert fails the write and is named, never stored as null.
  const staging = schema.fields.map((f) => stagingKind(f.type, rows, f.name));
  const source = quoteIdent(`_quarry_rows_${stamp.replace(/-/g, '_')}`);
  await conn.run(`CREATE TEMP TABLE ${source} (${schema.fields.map((f, i) => `${quoteIdent(f.name)} ${staging[i]}`).join(', ')})`);
  try {
    const appender = await conn.createAppender(source.slice(1, -1));
    try {
      // The hot loop of every write: a column at a time into data chunks of DuckDB's vector size, so numbers and
      // booleans are written into the chunk's memory and only text crosses into DuckDB value by value.
      const names = schema.fields.map((f) => f.name);
      const types = staging.map((k) => (k === 'DOUBLE' ? DOUBLE : k === 'BOOLEAN' ? BOOLEAN : VARCHAR));
      const full: Array<number | boolean | string | null> = new Array(CHUNK_ROWS);
      for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rows.length - from);
        const chunk = DuckDBDataChunk.create(types, n);
        // The chunk copies the values, so one array serves every column of every full chunk.
        const values = n === CHUNK_ROWS ? full : new Array<number | boolean | string | null>(n);
        for (let col = 0; col < names.length; col++) {
          const name = names[col] ?? '';
          const text = staging[col] === 'VARCHAR';
          for (let i = 0; i < n; i++) {
            const v = (rows[from + i] as Record<string, unknown>)[name];
            values[i] = v === null || v === undefined ? null : text ? (typeof v === 'string' ? v : normalizeValue(v)) : (v as number | boolean);
          }
          chunk.setColumnValues(col, values);
        }
        appender.appendDataChunk(chunk);
      }
    } finally {
      appender.closeSync();
    }
    const select = schema.fields.map((f) => `CAST(${quoteIdent(f.name)} AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}`).join(', ');
    const ids = schema.fields.map((f) => `${quoteIdent(f.name)}: ${f.id}`).join(', ');
    const icebergSchemaJson = JSON.stringify(schema).replace(/'/g, "''");
    const reader = await conn
      .runAndReadAll(`COPY (SELECT ${select} FROM ${source}) TO ${quoteString(output)} (FORMAT parquet, FIELD_IDS {${ids}}, RETURN_STATS true, KV_METADATA {'iceberg.schema': '${icebergSchemaJson}'})`)
      .catch(async (err: unknown) => {
        await rm(output, { force: true });
        throw (await unconvertibleValue(conn, source, schema)) ?? err;
      });
    const stats = reader.getRowObjectsJson()[0] as { count: string; file_size_bytes: string } | undefined;
    return { path: fileUri(output), recordCount: Number(stats?.count ?? rows.length), sizeBytes: Number(stats?.file_size_bytes ?? (await stat(output)).size) };
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${source}`);
  }
}

/** Names the first value that does not convert to its column's type, so a bad row is refused with a reason, never stored as null. */
async function unconvertibleValue(conn: DuckDBConnection, source: string, schema: IcebergSchema): Promise<LakehouseError | null> {
  for (const f of schema.fields) {
    const col = quoteIdent(f.name);
    const reader = await conn.runAndReadAll(`SELECT ${col} AS v FROM ${source} WHERE ${col} IS NOT NULL AND TRY_CAST(${col} AS ${duckdbType(f.type)}) IS NULL LIMIT 1`);
    const bad = reader.getRowObjectsJson()[0];
    if (bad) return new LakehouseError(`column ${f.name}: value ${JSON.stringify(bad.v)} is not a valid ${f.type}; nothing was appended`);
  }
  return null;
}

/** How a column is staged: DOUBLE when every value is a number that converts exactly, BOOLEAN likewise, else text. */
function stagingKind(type: string, rows: ReadonlyArray<Record<string, unknown>>, name: string): 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' {
  const numeric = type === 'double' || type === 'float' ? (v: unknown) => typeof v === 'number' : type === 'long' || type === 'int' ? (v: unknown) => Number.isSafeInteger(v) : null;
  const check = numeric ?? (type === 'boolean' ? (v: unknown) => typeof v === 'boolean' : null);
  if (!check) return 'VARCHAR';
  for (const row of rows) {
    const v = row[name];
    if (v !== null && v !== undefined && !check(v)) return 'VARCHAR';
  }
  return numeric ? 'DOUBLE' : 'BOOLEAN';
}

function normalizeValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * A new snapshot that adds `files` on top of the current one: a manifest for them, a manifest list with all. With
 * `removed` (data file paths of the current snapshot, with their record counts) it is an `overwrite`: the earlier
 * manifests are rewritten into one that keeps every other file as existing and marks the removed ones deleted, so
 * a copy-on-write replacement of rows is one commit and time travel still reads the old files.
 */
export async function appendSnapshot(
  tableDir: string,
  meta: TableMetadata,
  files: readonly DataFile[],
  summary: Record<string, string>,
  now: number,
  removed: ReadonlyMap<string, number> = new Map(),
): Promise<TableMetadata> {
  const snapshotId = randomInt(1, 2 ** 47);
  const sequence = meta['last-sequence-number'] + 1;
  const metaDir = join(tableDir, 'metadata');
  await mkdir(metaDir, { recursive: true });
  const schema = currentSchema(meta);
  const fileMeta = {
    schema: JSON.stringify(schema),
    'schema-id': String(schema['schema-id']),
    'partition-spec': '[]',
    'partition-spec-id': '0',
    'format-version': '2',
    content: 'data',
  };
  const manifestPath = join(metaDir, `${randomUUID()}-m0.avro`);
  const manifestEntries = files.map((f) => ({
    status: 1,
    snapshot_id: snapshotId,
    sequence_number: sequence,
    file_sequence_number: sequence,
    data_file: {
      content: 0,
      file_path: f.path,
      file_format: 'PARQUET',
      partition: {},
      record_count: f.recordCount,
      file_size_in_bytes: f.sizeBytes,
      column_sizes: null,
      value_counts: null,
      null_value_counts: null,
      lower_bounds: null,
      upper_bounds: null,
      split_offsets: null,
      sort_order_id: null,
    },
  }));
  const manifest = await encodeAvroFile(MANIFEST_ENTRY_SCHEMA, manifestEntries, fileMeta);
  await writeFile(manifestPath, manifest);
  remember(manifestPath, manifestEntries);
  let previous = meta['current-snapshot-id'] === null ? [] : await manifestListEntries(meta);
  if (removed.size > 0) previous = [await rewrittenManifest(metaDir, meta, snapshotId, sequence, removed, fileMeta)];
  const deletedRecords = [...removed.values()].reduce((n, c) => n + c, 0);
  const added = files.reduce((n, f) => n + f.recordCount, 0);
  const listPath = join(metaDir, `snap-${snapshotId}-1-${randomUUID()}.avro`);
  const listEntries = [
    {
      manifest_path: fileUri(manifestPath),
      manifest_length: manifest.byteLength,
      partition_spec_id: 0,
      content: 0,
      sequence_number: sequence,
      min_sequence_number: sequence,
      added_snapshot_id: snapshotId,
      added_files_count: files.length,
      existing_files_count: 0,
      deleted_files_count: 0,
      added_rows_count: added,
      existing_rows_count: 0,
      deleted_rows_count: 0,
      partitions: null,
    },
    ...previous,
  ];
  const list = await encodeAvroFile(
    MANIFEST_FILE_SCHEMA,
    listEntries,
    { 'snapshot-id': String(snapshotId), 'parent-snapshot-id': String(meta['current-snapshot-id'] ?? 'null'), 'sequence-number': String(sequence), 'format-version': '2' },
  );
  await writeFile(listPath, list);
  remember(listPath, listEntries);
  const parent = meta.snapshots.find((s) => s['snapshot-id'] === meta['current-snapshot-id']);
  const totalRecords = Number(parent?.summary['total-records'] ?? 0) + added - deletedRecords;
  const totalFiles = Number(parent?.summary['total-data-files'] ?? 0) + files.length - removed.size;
  const snapshot: Snapshot = {
    'snapshot-id': snapshotId,
    ...(meta['current-snapshot-id'] !== null ? { 'parent-snapshot-id': meta['current-snapshot-id'] } : {}),
    'sequence-number': sequence,
    'timestamp-ms': now,
    'manifest-list': fileUri(listPath),
    'schema-id': schema['schema-id'],
    summary: {
      operation: removed.size > 0 ? 'overwrite' : 'append',
      'added-data-files': String(files.length),
      'added-records': String(added),
      ...(removed.size > 0 ? { 'deleted-data-files': String(removed.size), 'deleted-records': String(deletedRecords) } : {}),
      'total-records': String(totalRecords),
      'total-data-files': String(totalFiles),
      ...summary,
    },
  };
  return {
    ...meta,
    'last-sequence-number': sequence,
    'last-updated-ms': now,
    'current-snapshot-id': snapshotId,
    snapshots: [...meta.snapshots, snapshot],
    'snapshot-log': [...meta['snapshot-log'], { 'snapshot-id': snapshotId, 'timestamp-ms': now }],
    refs: { main: { 'snapshot-id': snapshotId, type: 'branch' } },
  };
}

/** One manifest holding every live file of the current snapshot: kept ones as existing, removed ones as deleted. */
async function rewrittenManifest(
  metaDir: string,
  meta: TableMetadata,
  snapshotId: number,
  sequence: number,
  removed: ReadonlyMap<string, number>,
  fileMeta: Record<string, string>,
): Promise<unknown> {
  type Entry = { status: number; snapshot_id: number | null; sequence_number: number | null; file_sequence_number: number | null; data_file: { file_path: string; record_count: number } };
  const entries: Entry[] = [];
  for (const m of (await manifestListEntries(meta)) as Array<{ manifest_path: string }>) {
    const records = (await readImmutable(uriPath(m.manifest_path), async (path) => (await decodeAvroFile(await readFile(path), manifestEntryType)).records)) as Entry[];
    for (const r of records) {
      if (r.status === 2) continue;
      const gone = removed.has(r.data_file.file_path);
      entries.push({ ...r, status: gone ? 2 : 0, ...(gone ? { snapshot_id: snapshotId } : {}) });
    }
  }
  const path = join(metaDir, `${randomUUID()}-m1.avro`);
  const bytes = await encodeAvroFile(MANIFEST_ENTRY_SCHEMA, entries, fileMeta);
  await writeFile(path, bytes);
  remember(path, entries);
  const kept = entries.filter((e) => e.status === 0);
  const gone = entries.filter((e) => e.status === 2);
  return {
    manifest_path: fileUri(path),
    manifest_length: bytes.byteLength,
    partition_spec_id: 0,
    content: 0,
    sequence_number: sequence,
    min_sequence_number: Math.min(sequence, ...kept.map((e) => Number(e.sequence_number ?? sequence))),
    added_snapshot_id: snapshotId,
    added_files_count: 0,
    existing_files_count: kept.length,
    deleted_files_count: gone.length,
    added_rows_count: 0,
    existing_rows_count: kept.reduce((n, e) => n + Number(e.data_file.record_count), 0),
    deleted_rows_count: gone.reduce((n, e) => n + Number(e.data_file.record_count), 0),
    partitions: null,
  };
}

async function manifestListEntries(meta: TableMetadata, snapshotId = meta['current-snapshot-id']): Promise<unknown[]> {
  const snapshot = meta.snapshots.find((s) => s['snapshot-id'] === snapshotId);
  if (!snapshot) return [];
  return readImmutable(uriPath(snapshot['manifest-list']), async (path) => (await decodeAvroFile(await readFile(path), manifestFileType)).records);
}

/** Data files of a snapshot (the current one by default), resolved from its manifest list and manifests. */
export async function dataFiles(meta: TableMetadata, snapshotId = meta['current-snapshot-id']): Promise<DataFile[]> {
  const files: DataFile[] = [];
  for (const entry of (await manifestListEntries(meta, snapshotId)) as Array<{ manifest_path: string }>) {
    const records = await readImmutable(uriPath(entry.manifest_path), async (path) => (await decodeAvroFile(await readFile(path), manifestEntryType)).records);
    for (const r of records as Array<{ status: number; data_file: { file_path: string; record_count: number; file_size_in_bytes: number } }>) {
      if (r.status === 2) continue;
      files.push({ path: r.data_file.file_path, recordCount: Number(r.data_file.record_count), sizeBytes: Number(r.data_file.file_size_in_bytes) });
    }
  }
  return files;
}

/** Every file a table's committed metadata reaches: metadata files, manifest lists, manifests and data files. */
export async function referencedFiles(metadataLocation: string): Promise<Set<string>> {
  const meta = await readMetadata(metadataLocation);
  const paths = new Set<string>([uriPath(metadataLocation), ...meta['metadata-log'].map((m) => uriPath(m['metadata-file']))]);
  for (const snapshot of meta.snapshots) {
    paths.add(uriPath(snapshot['manifest-list']));
    for (const entry of (await manifestListEntries(meta, snapshot['snapshot-id'])) as Array<{ manifest_path: string }>) paths.add(uriPath(entry.manifest_path));
    for (const f of await dataFiles(meta, snapshot['snapshot-id'])) paths.add(uriPath(f.path));
  }
  return paths;
}

/** A DuckDB SELECT over the files that reads columns by field id under the current (or a given) schema. */
export function selectByFieldId(files: readonly DataFile[], schema: IcebergSchema): string {
  if (files.length === 0) {
    const cols = schema.fields.map((f) => `CAST(NULL AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}`).join(', ');
    return `SELECT ${cols || '1 AS _empty'} WHERE false`;
  }
  const map = schema.fields.map((f) => `${f.id}: {name: ${quoteString(f.name)}, type: ${quoteString(duckdbType(f.type))}, default_value: NULL}`).join(', ');
  return `SELECT * FROM read_parquet([${files.map((f) => quoteString(uriPath(f.path))).join(', ')}], schema = MAP {${map}})`;
}

/** Catalog rows (JDBC catalog layout). */
export const catalog = {
  async get(db: Queryable, catalogName: string, ref: TableRef): Promise<string | null> {
    const [row] = await db.query<{ metadata_location: string }>(
      'SELECT metadata_location FROM iceberg_tables WHERE catalog_name = $1 AND table_namespace = $2 AND table_name = $3',
      [catalogName, ref.namespace, ref.name],
    );
    return row?.metadata_location ?? null;
  },
  async create(store: Store, catalogName: string, ref: TableRef, location: string): Promise<boolean> {
    const rows = await store.query(
      `INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
       VALUES ($1, $2, $3, $4, NULL, 'TABLE') ON CONFLICT DO NOTHING RETURNING table_name`,
      [catalogName, ref.namespace, ref.name, location],
    );
    await store.query(
      `INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES ($1, $2, 'exists', 'true') ON CONFLICT DO NOTHING`,
      [catalogName, ref.namespace],
    );
    return rows.length > 0;
  },
  /** The commit: succeeds only if nobody committed since `expected` was read. */
  async swap(store: Store, catalogName: string, ref: TableRef, expected: string, next: string): Promise<boolean> {
    const rows = await store.query(
      `UPDATE iceberg_tables SET metadata_location = $5, previous_metadata_location = $4
       WHERE catalog_name = $1 AND table_namespace = $2 AND table_name = $3 AND metadata_location = $4 RETURNING table_name`,
      [catalogName, ref.namespace, ref.name, expected, next],
    );
    return rows.length > 0;
  },
  async list(db: Queryable, catalogName: string): Promise<Array<TableRef & { metadataLocation: string }>> {
    const rows = await db.query<{ table_namespace: string; table_name: string; metadata_location: string }>(
      'SELECT table_namespace, table_name, metadata_location FROM iceberg_tables WHERE catalog_name = $1 ORDER BY table_namespace, table_name',
      [catalogName],
    );
    return rows.map((r) => ({ namespace: r.table_namespace, name: r.table_name, metadataLocation: r.metadata_location }));
  },
};
