import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { icebergRead } from 'icebird';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { dropSchema, probePostgres, TEST_DATABASE_URL, uniqueSchema } from '../store/testing.js';
import { createTracer } from '../tracing/tracer.js';
import { decodeAvroFile, manifestEntryType, manifestFileType } from './avro.js';
import { createLakehouse, QueryRefusedError, type Lakehouse } from './lakehouse.js';
import { fileFetch } from './testing.js';
import { readMetadata, uriPath } from './table.js';

const postgres = await probePostgres();
const tracer = createTracer({ sinks: [], redact: (v) => v });
const clock = { now: () => new Date() };
const ref = { namespace: 'opera', name: 'productions' };

const realFetch = globalThis.fetch;
beforeAll(() => void (globalThis.fetch = fileFetch(realFetch)));
afterAll(() => void (globalThis.fetch = realFetch));

/** Rows as plain strings (or null), sorted, so DuckDB's and icebird's value types compare. */
function canonical(rows: Array<Record<string, unknown>>, columns: string[]): string[][] {
  const cell = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return String(Number.isInteger(v) ? v : Number(v.toFixed(6)));
    const s = String(v);
    return /^-?\d+\.\d+$/.test(s) ? String(Number(Number(s).toFixed(6))) : s;
  };
  return rows.map((r) => columns.map((c) => cell(r[c]) ?? '∅')).sort((a, b) => a.join('|').localeCompare(b.join('|')));
}

async function sameInBothReaders(lh: Lakehouse, warehouse: string): Promise<number> {
  const info = await lh.describe(ref);
  if (!info) throw new Error('table missing');
  const columns = info.columns.map((c) => c.name);
  const duck = await lh.query(`SELECT * FROM opera.productions`);
  const ice = await icebergRead({ tableUrl: pathToFileURL(join(warehouse, 'opera', 'productions')).toString(), metadataFileName: info.metadataLocation.split('/').pop() });
  expect(canonical(ice, columns)).toEqual(canonical(duck.rows, columns));
  return duck.rows.length;
}

/** [name, field id, required] of each field of an Avro record schema; a union with null is optional. */
function fieldsOf(schema: unknown): Array<[string, number, boolean]> {
  const fields = (schema as { fields: Array<{ name: string; 'field-id': number; type: unknown }> }).fields;
  return fields.map((f) => [f.name, f['field-id'], !(Array.isArray(f.type) && f.type.includes('null'))]);
}

// From the Iceberg table spec (v2), "Manifests" and "Manifest Lists": the fields Quarry writes.
const SPEC_MANIFEST_ENTRY: Array<[string, number, boolean]> = [
  ['status', 0, true],
  ['snapshot_id', 1, false],
  ['sequence_number', 3, false],
  ['file_sequence_number', 4, false],
  ['data_file', 2, true],
];
const SPEC_DATA_FILE: Array<[string, number, boolean]> = [
  ['content', 134, true],
  ['file_path', 100, true],
  ['file_format', 101, true],
  ['partition', 102, true],
  ['record_count', 103, true],
  ['file_size_in_bytes', 104, true],
  ['column_sizes', 108, false],
  ['value_counts', 109, false],
  ['null_value_counts', 110, false],
  ['lower_bounds', 125, false],
  ['upper_bounds', 128, false],
  ['split_offsets', 132, false],
  ['sort_order_id', 140, false],
];
const SPEC_MANIFEST_FILE: Array<[string, number, boolean]> = [
  ['manifest_path', 500, true],
  ['manifest_length', 501, true],
  ['partition_spec_id', 502, true],
  ['content', 517, true],
  ['sequence_number', 515, true],
  ['min_sequence_number', 516, true],
  ['added_snapshot_id', 503, true],
  ['added_files_count', 504, true],
  ['existing_files_count', 505, true],
  ['deleted_files_count', 506, true],
  ['added_rows_count', 512, true],
  ['existing_rows_count', 513, true],
  ['deleted_rows_count', 514, true],
  ['partitions', 507, false],
];

/** A store whose catalog commit fails, as if the process died between writing files and swapping the pointer. */
function crashingAtCommit(store: Store): Store {
  return {
    kind: store.kind,
    location: store.location,
    query: <R extends object>(sql: string, params?: readonly unknown[]) =>
      sql.includes('UPDATE iceberg_tables') ? Promise.reject(new Error('process killed')) : store.query<R>(sql, params),
    exec: (sql) => store.exec(sql),
    transaction: (fn) => store.transaction(fn),
    close: async () => undefined,
  };
}

/** A store on which every commit loses the race, as if another writer always committed first. */
function alwaysLosing(store: Store): Store {
  return {
    kind: store.kind,
    location: store.location,
    query: <R extends object>(sql: string, params?: readonly unknown[]) => (sql.includes('UPDATE iceberg_tables') ? Promise.resolve([] as R[]) : store.query<R>(sql, params)),
    exec: (sql) => store.exec(sql),
    transaction: (fn) => store.transaction(fn),
    close: async () => undefined,
  };
}

function suite(name: string, openBacking: () => Promise<Store>, cleanup: () => Promise<void>): void {
  describe(`the lakehouse on ${name}`, () => {
    // One store per suite (opening one is the slow part); each test gets its own catalog name and warehouse.
    let store: Store;
    let warehouse: string;
    let lh: Lakehouse;
    beforeAll(async () => {
      store = await openBacking();
    });
    beforeEach(async () => {
      warehouse = mkdtempSync(join(tmpdir(), 'quarry-warehouse-'));
      lh = await createLakehouse({ store, warehouseDir: warehouse, clock, tracer, catalogName: `c${Math.random().toString(36).slice(2, 8)}` });
    });
    afterEach(async () => {
      await lh.close();
      rmSync(warehouse, { recursive: true, force: true });
    });
    afterAll(async () => {
      await store.close();
      await cleanup();
    });

    it('writes tables icebird reads with exactly the rows DuckDB returns, before and after rename, add, widen and drop', async () => {
      await lh.createOrEvolveTable('opera', 'productions', {
        fields: [{ name: 'title', type: 'string' }, { name: 'seats', type: 'int' }, { name: 'premiere', type: 'date' }, { name: 'price', type: 'double' }, { name: 'note', type: 'string' }],
      });
      await lh.append(ref, [
        { title: 'Tosca', seats: 1200, premiere: '2027-03-14', price: 45.5, note: 'x' },
        { title: 'Aida', seats: 900, premiere: '2027-04-02', price: null, note: null },
      ]);
      expect(await sameInBothReaders(lh, warehouse)).toBe(2);

      await lh.createOrEvolveTable('opera', 'productions', {
        fields: [
          { name: 'work', type: 'string', renamedFrom: 'title' },
          { name: 'seats', type: 'long' },
          { name: 'premiere', type: 'date' },
          { name: 'price', type: 'double' },
          { name: 'venue', type: 'string' },
        ],
      });
      await lh.append(ref, [{ work: 'Carmen', seats: 3_000_000_000, premiere: '2027-05-01', price: 12, venue: 'Großes Haus' }]);
      expect(await sameInBothReaders(lh, warehouse)).toBe(3);
      const info = await lh.describe(ref);
      expect(info?.columns.map((c) => [c.id, c.name, c.type])).toEqual([
        [1, 'work', 'string'],
        [2, 'seats', 'long'],
        [3, 'premiere', 'date'],
        [4, 'price', 'double'],
        [6, 'venue', 'string'],
      ]);
      const old = await lh.query(`SELECT work FROM opera.productions WHERE seats = 1200`);
      expect(old.rows).toEqual([{ work: 'Tosca' }]);
    });

    it('refuses a type change Iceberg does not allow, naming the column', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'seats', type: 'long' }] });
      await expect(lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'seats', type: 'string' }] })).rejects.toThrow(/column seats cannot change from long to string/);
      await expect(lh.createOrEvolveTable('Opera', 'x', { fields: [{ name: 'a', type: 'string' }] })).rejects.toThrow(/namespace/);
    });

    it('writes manifests and manifest lists with the spec\'s record names, field ids, required fields and file metadata', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }] });
      await lh.append(ref, [{ title: 'Tosca' }]);
      const info = await lh.describe(ref);
      const meta = await readMetadata(info?.metadataLocation ?? '');
      expect(meta['format-version']).toBe(2);
      expect(readFileSync(join(warehouse, 'opera/productions/metadata/version-hint.text'), 'utf8')).toBe('2');
      expect(info?.metadataLocation).toMatch(/\/metadata\/00002-[0-9a-f-]{36}\.metadata\.json$/);

      const list = await decodeAvroFile(readFileSync(uriPath(meta.snapshots[0]?.['manifest-list'] ?? '')), manifestFileType);
      expect(list.schema).toMatchObject({ type: 'record', name: 'manifest_file' });
      expect(fieldsOf(list.schema)).toEqual(SPEC_MANIFEST_FILE);
      expect(list.metadata).toMatchObject({ 'snapshot-id': String(meta['current-snapshot-id']), 'parent-snapshot-id': 'null', 'sequence-number': '1', 'format-version': '2' });

      const manifestPath = (list.records[0] as { manifest_path: string }).manifest_path;
      const manifest = await decodeAvroFile(readFileSync(uriPath(manifestPath)), manifestEntryType);
      expect(manifest.schema).toMatchObject({ type: 'record', name: 'manifest_entry' });
      expect(fieldsOf(manifest.schema)).toEqual(SPEC_MANIFEST_ENTRY);
      const dataFile = (manifest.schema as { fields: Array<{ name: string; type: unknown }> }).fields.find((f) => f.name === 'data_file')?.type;
      expect(dataFile).toMatchObject({ type: 'record', name: 'r2' });
      expect(fieldsOf(dataFile)).toEqual(SPEC_DATA_FILE);
      expect(manifest.metadata).toMatchObject({ 'format-version': '2', 'partition-spec-id': '0', 'partition-spec': '[]', 'schema-id': '0', content: 'data' });
      expect(JSON.parse(manifest.metadata.schema ?? '{}')).toEqual({ type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'title', required: false, type: 'string' }] });
      expect(manifest.records).toMatchObject([{ status: 1, snapshot_id: meta['current-snapshot-id'], data_file: { content: 0, file_format: 'PARQUET', record_count: 1 } }]);
    });

    it('recognizes a replayed batch and appends it once', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }] });
      const first = await lh.append(ref, [{ title: 'Tosca' }], { sourceEventIds: ['ext_1', 'ext_2'] });
      const again = await lh.append(ref, [{ title: 'Tosca' }], { sourceEventIds: ['ext_2', 'ext_1'] });
      expect(first.replayed).toBe(false);
      expect(again).toMatchObject({ replayed: true, added: 0 });
      expect((await lh.query('SELECT count(*) AS n FROM opera.productions')).rows).toEqual([{ n: '1' }]);
    });

    it('appends only the rows of new events when a batch mixes committed and new ones', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }] });
      await lh.append(ref, [{ title: 'Tosca' }, { title: 'Aida' }], { rowEventIds: ['ext_1', 'ext_2'] });
      const grown = await lh.append(ref, [{ title: 'Tosca' }, { title: 'Aida' }, { title: 'Carmen' }], { rowEventIds: ['ext_1', 'ext_2', 'ext_3'] });
      expect(grown).toMatchObject({ added: 1, skipped: 2, replayed: false });
      expect((await lh.query('SELECT title FROM opera.productions ORDER BY title')).rows).toEqual([{ title: 'Aida' }, { title: 'Carmen' }, { title: 'Tosca' }]);
      const info = await lh.describe(ref);
      expect(info?.snapshots.map((s) => s.summary['quarry.source-events'])).toEqual(['["ext_1","ext_2"]', '["ext_3"]']);
      await expect(lh.append(ref, [{ title: 'x' }], { rowEventIds: [] })).rejects.toThrow(/one event id per row/);
    });

    it('lets two writers race to append the same events: one commits them, the other notices and adds nothing', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }] });
      const other = await createLakehouse({ store, warehouseDir: warehouse, clock, tracer, catalogName: lh.catalogName });
      const rows = [{ n: 1 }, { n: 2 }];
      const results = await Promise.all([lh.append(ref, rows, { rowEventIds: ['e1', 'e2'] }), other.append(ref, rows, { rowEventIds: ['e1', 'e2'] })]);
      await other.close();
      expect(results.map((r) => r.added).sort()).toEqual([0, 2]);
      expect((await lh.query('SELECT n FROM opera.productions ORDER BY n')).rows.map((r) => Number(r.n))).toEqual([1, 2]);
    });

    it('lets two writers commit at once: the loser retries, nothing lost and nothing doubled', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }] });
      const other = await createLakehouse({ store, warehouseDir: warehouse, clock, tracer, catalogName: lh.catalogName });
      const batches = Array.from({ length: 6 }, (_, i) => [{ n: i * 2 }, { n: i * 2 + 1 }]);
      await Promise.all(batches.map((rows, i) => (i % 2 === 0 ? lh : other).append(ref, rows, { sourceEventIds: [`b${i}`] })));
      await other.close();
      const result = await lh.query('SELECT n FROM opera.productions ORDER BY n');
      expect(result.rows.map((r) => Number(r.n))).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect((await lh.describe(ref))?.snapshots).toHaveLength(6);
    });

    it('lets three writers with four appenders each commit 1,000-row batches to one table at once: all commit, none doubles', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }] });
      const others = [await createLakehouse({ store, warehouseDir: warehouse, clock, tracer, catalogName: lh.catalogName }), await createLakehouse({ store, warehouseDir: warehouse, clock, tracer, catalogName: lh.catalogName })];
      const writers = [lh, ...others];
      const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 1_000 }, (_, i) => ({ n: b * 1_000 + i })));
      await Promise.all(
        batches.map(async (rows, b) => {
          const appender = (writers[b % writers.length] ?? lh).appender(ref, { maxRows: 1_000 });
          await appender.add(rows, [`batch-${b}`]);
          await appender.close();
        }),
      );
      await Promise.all(others.map((o) => o.close()));
      const counts = await lh.query('SELECT count(*) AS rows, count(DISTINCT n) AS distinct_n, min(n) AS lo, max(n) AS hi FROM opera.productions');
      expect(counts.rows).toEqual([{ rows: '12000', distinct_n: '12000', lo: '0', hi: '11999' }]);
      expect((await lh.describe(ref))?.snapshots).toHaveLength(12);
    });

    it('gives up on a commit that keeps losing once its retry budget is spent, saying why, and appends nothing', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }] });
      const crowded = await createLakehouse({ store: alwaysLosing(store), warehouseDir: warehouse, clock, tracer, catalogName: lh.catalogName, commitRetry: { budgetMs: 300 } });
      const started = Date.now();
      await expect(crowded.append(ref, [{ n: 1 }])).rejects.toThrow(/could not commit to opera\.productions within 300 ms: all \d+ attempts lost to other writers/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      await crowded.close();
      expect((await lh.describe(ref))?.rows).toBe(0);
    });

    it('stays consistent after a crash between writing files and committing, and reports the orphan files', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }] });
      await lh.append(ref, [{ title: 'Tosca' }]);
      expect(await lh.findOrphanFiles()).toEqual([]);
      const dying = await createLakehouse({ store: crashingAtCommit(store), warehouseDir: warehouse, clock, tracer, catalogName: lh.catalogName });
      await expect(dying.append(ref, [{ title: 'Aida' }])).rejects.toThrow(/process killed/);
      await dying.close();
      const halfWritten = join(warehouse, 'opera/productions/data/crashed-write.parquet');
      writeFileSync(halfWritten, 'PAR1 half written');

      expect((await lh.query('SELECT * FROM opera.productions')).rows).toEqual([{ title: 'Tosca' }]);
      expect(await sameInBothReaders(lh, warehouse)).toBe(1);
      const orphans = await lh.findOrphanFiles();
      const kinds = orphans.map((o) => {
        const rel = o.slice(warehouse.length);
        if (rel === '/opera/productions/data/crashed-write.parquet') return 'half-written file';
        if (/^\/opera\/productions\/data\/\d+-[0-9a-f-]{36}\.parquet$/.test(rel)) return 'data file';
        if (/^\/opera\/productions\/metadata\/00003-[0-9a-f-]{36}\.metadata\.json$/.test(rel)) return 'metadata file';
        if (/^\/opera\/productions\/metadata\/[0-9a-f-]{36}-m0\.avro$/.test(rel)) return 'manifest';
        if (/^\/opera\/productions\/metadata\/snap-\d+-1-[0-9a-f-]{36}\.avro$/.test(rel)) return 'manifest list';
        return rel;
      });
      expect(kinds.sort()).toEqual(['data file', 'half-written file', 'manifest', 'manifest list', 'metadata file']);
      expect(await lh.findOrphanFiles({ olderThan: new Date(Date.now() - 60_000) })).toEqual([]);

      await lh.append(ref, [{ title: 'Aida' }]);
      expect((await lh.query('SELECT title FROM opera.productions ORDER BY title')).rows).toEqual([{ title: 'Aida' }, { title: 'Tosca' }]);
    });

    it('writes a batch spanning several data chunks with every value in its row, nulls and text numbers included', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }, { name: 'title', type: 'string' }, { name: 'price', type: 'double' }, { name: 'sold_out', type: 'boolean' }, { name: 'seats', type: 'int' }] });
      const rows = Array.from({ length: 5_000 }, (_, i) => ({
        n: i,
        title: i % 7 === 0 ? null : `Production ${i}`,
        price: i % 5 === 0 ? null : i / 4,
        sold_out: i % 3 === 0,
        // Text in an integer column is staged as text and cast, so one such value changes the staging of the column.
        seats: i === 4_321 ? '1200' : i,
      }));
      await lh.append(ref, rows);
      const r = await lh.query(
        'SELECT count(*) AS rows, count(title) AS titles, count(price) AS prices, sum(CASE WHEN sold_out THEN 1 ELSE 0 END) AS sold_out, sum(n) AS n, max(seats) AS seats FROM opera.productions',
      );
      expect(r.rows).toEqual([{ rows: '5000', titles: '4285', prices: '4000', sold_out: '1667', n: '12497500', seats: 4999 }]);
      const spot = await lh.query('SELECT n, title, price, seats FROM opera.productions WHERE n IN (2049, 4321) ORDER BY n');
      expect(spot.rows).toEqual([
        { n: '2049', title: 'Production 2049', price: 512.25, seats: 2049 },
        { n: '4321', title: 'Production 4321', price: 1080.25, seats: 1200 },
      ]);
    });

    it('refuses a value that does not fit its column, naming it, and appends nothing', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }, { name: 'seats', type: 'long' }, { name: 'premiere', type: 'date' }] });
      await expect(lh.append(ref, [{ title: 'Tosca', seats: 1200, premiere: '2027-03-14' }, { title: 'Aida', seats: 'twelve hundred', premiere: '2027-03-15' }])).rejects.toThrow(
        /column seats: value "twelve hundred" is not a valid long; nothing was appended/,
      );
      await expect(lh.append(ref, [{ title: 'Aida', seats: 1, premiere: '14 March' }])).rejects.toThrow(/column premiere/);
      expect((await lh.describe(ref))?.snapshots).toEqual([]);
      expect(await lh.findOrphanFiles()).toEqual([]);
    });

    it('replaces the rows of a key in one overwrite commit that DuckDB and icebird read, and time travel still shows the old rows', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'doc', type: 'string' }, { name: 'title', type: 'string' }, { name: 'seats', type: 'long' }] });
      const first = await lh.append(ref, [
        { doc: 'd1', title: 'Tosca', seats: 1200 },
        { doc: 'd2', title: 'Aida', seats: 900 },
      ], { rowEventIds: ['e1', 'e2'], replaceBy: 'doc' });
      await lh.append(ref, [{ doc: 'd3', title: 'Norma', seats: 700 }], { rowEventIds: ['e3'], replaceBy: 'doc' });
      // d2 changed: its new row replaces the old one, in a file shared with d1, which stays.
      const changed = await lh.append(ref, [{ doc: 'd2', title: 'Aida (new staging)', seats: 950 }], { rowEventIds: ['e2b'], replaceBy: 'doc' });
      expect(changed).toMatchObject({ added: 1, replaced: 1, replayed: false });
      expect(await sameInBothReaders(lh, warehouse)).toBe(3);
      const now = await lh.query('SELECT doc, title FROM opera.productions ORDER BY doc');
      expect(now.rows).toEqual([{ doc: 'd1', title: 'Tosca' }, { doc: 'd2', title: 'Aida (new staging)' }, { doc: 'd3', title: 'Norma' }]);
      const info = await lh.describe(ref);
      expect(info?.snapshots.map((s) => s.operation)).toEqual(['append', 'append', 'overwrite']);
      expect(info?.rows).toBe(3);
      const before = await lh.query('SELECT title FROM opera.productions ORDER BY doc', { snapshotId: first.snapshotId ?? -1 });
      expect(before.rows.map((r) => r.title)).toEqual(['Tosca', 'Aida']);
      // A replay of the change is recognized, and a key no row has yet is simply added.
      expect(await lh.append(ref, [{ doc: 'd2', title: 'Aida (new staging)', seats: 950 }], { rowEventIds: ['e2b'], replaceBy: 'doc' })).toMatchObject({ added: 0, replayed: true });
      await lh.append(ref, [{ doc: 'd4', title: 'Lulu', seats: 400 }], { rowEventIds: ['e4'], replaceBy: 'doc' });
      expect(await sameInBothReaders(lh, warehouse)).toBe(4);
      await expect(lh.append(ref, [{ doc: 'd5', title: 'X', seats: 1 }], { replaceBy: 'nope' })).rejects.toThrow(/cannot replace by nope/);
    });

    it('widens float to double and decimal precision, and icebird still reads exactly the rows DuckDB returns', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }, { name: 'rating', type: 'float' }, { name: 'price', type: 'decimal(9,2)' }] });
      await lh.append(ref, [{ title: 'Tosca', rating: 4.5, price: '45.50' }, { title: 'Aida', rating: null, price: 12 }]);
      expect(await sameInBothReaders(lh, warehouse)).toBe(2);
      const evolved = await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }, { name: 'rating', type: 'double' }, { name: 'price', type: 'decimal(18,2)' }] });
      expect(evolved).toMatchObject({ created: false, evolved: true, schemaId: 1 });
      await lh.append(ref, [{ title: 'Carmen', rating: 3.25, price: '1234567890123.45' }]);
      expect(await sameInBothReaders(lh, warehouse)).toBe(3);
      expect((await lh.query('SELECT price FROM opera.productions ORDER BY price DESC LIMIT 1')).rows).toEqual([{ price: '1234567890123.45' }]);
      await expect(lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }, { name: 'rating', type: 'double' }, { name: 'price', type: 'decimal(18,3)' }] })).rejects.toThrow(/price cannot change/);
    });

    it('travels back to a snapshot by its id, with the schema it was written under', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }] });
      const first = await lh.append(ref, [{ title: 'Tosca' }]);
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'work', type: 'string', renamedFrom: 'title' }, { name: 'venue', type: 'string' }] });
      await lh.append(ref, [{ work: 'Aida', venue: 'Arena' }]);
      const past = await lh.query('SELECT * FROM opera.productions', { snapshotId: first.snapshotId ?? -1 });
      expect(past.columns.map((c) => c.name)).toEqual(['title']);
      expect(past.rows).toEqual([{ title: 'Tosca' }]);
      await expect(lh.query('SELECT 1', { snapshotId: 42 })).rejects.toThrow(/no table has snapshot 42/);
    });

    it('travels back in time to the table as it was', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }] });
      await lh.append(ref, [{ title: 'Tosca' }]);
      const between = new Date();
      await new Promise((r) => setTimeout(r, 20));
      await lh.append(ref, [{ title: 'Aida' }]);
      expect((await lh.query('SELECT count(*) AS n FROM opera.productions')).rows).toEqual([{ n: '2' }]);
      expect((await lh.query('SELECT count(*) AS n FROM opera.productions', { asOf: between })).rows).toEqual([{ n: '1' }]);
    });

    it('batches rows by count and by age', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }] });
      let now = 0;
      const timed = await createLakehouse({ store, warehouseDir: warehouse, clock: { now: () => new Date(now) }, tracer, catalogName: lh.catalogName });
      const appender = timed.appender(ref, { maxRows: 3, maxAgeMs: 1_000 });
      await appender.add([{ n: 1 }, { n: 2 }]);
      expect((await timed.describe(ref))?.snapshots).toHaveLength(0);
      await appender.add([{ n: 3 }]);
      expect((await timed.describe(ref))?.snapshots).toHaveLength(1);
      await appender.add([{ n: 4 }]);
      now += 1_500;
      await appender.tick();
      expect((await timed.describe(ref))?.snapshots).toHaveLength(2);
      await appender.add([{ n: 5 }]);
      await appender.close();
      expect((await timed.describe(ref))?.rows).toBe(5);
      await timed.close();
    });

    it('commits a waiting batch when its timer fires, without new rows arriving', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }] });
      let now = 0;
      let fire: () => void = () => undefined;
      let cancelled = false;
      const timer = { every: (_ms: number, fn: () => void) => ((fire = fn), () => void (cancelled = true)) };
      const timed = await createLakehouse({ store, warehouseDir: warehouse, clock: { now: () => new Date(now) }, tracer, catalogName: lh.catalogName });
      const appender = timed.appender(ref, { maxRows: 100, maxAgeMs: 1_000, timer });
      await appender.add([{ n: 1 }]);
      fire();
      expect(appender.pending()).toBe(1);
      now = 1_000;
      fire();
      await appender.flush();
      expect(appender.pending()).toBe(0);
      expect((await timed.describe(ref))?.snapshots).toHaveLength(1);
      await appender.close();
      expect(cancelled).toBe(true);
      await timed.close();
    });

    it('skips redelivered events in the appender even when batches form differently, and survives a failed batch', async () => {
      await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'n', type: 'long' }] });
      const first = lh.appender(ref, { maxRows: 2 });
      await first.add([{ n: 1 }], ['e1']);
      await first.add([{ n: 2 }], ['e2']);
      await first.close();
      const again = lh.appender(ref, { maxRows: 3 });
      expect(await again.add([{ n: 2 }], ['e2'])).toEqual({ skipped: true });
      expect(await again.add([{ n: 3 }], ['e3'])).toEqual({ skipped: false });
      expect(await again.add([{ n: 3 }], ['e3'])).toEqual({ skipped: true });
      await expect(again.add([{ n: 'not a number' }, { n: 4 }], ['e4'])).rejects.toThrow(/not a valid long/);
      await again.add([{ n: 5 }], ['e5']);
      await again.close();
      expect((await lh.query('SELECT n FROM opera.productions ORDER BY n')).rows.map((r) => Number(r.n))).toEqual([1, 2, 5]);
    });
  });
}

suite('PGlite', () => openStore({}), async () => undefined);

describe.skipIf(!postgres.ok)('PostgreSQL catalog', () => {
  const schema = uniqueSchema('quarry_lh');
  suite('PostgreSQL', () => openStore({ databaseUrl: TEST_DATABASE_URL, schema }), () => dropSchema(schema));
});

describe('query_lakehouse safety', () => {
  let store: Store;
  let lh: Lakehouse;
  const warehouse = mkdtempSync(join(tmpdir(), 'quarry-lh-safe-'));
  beforeAll(async () => {
    store = await openStore({});
    lh = await createLakehouse({ store, warehouseDir: warehouse, clock, tracer });
    await lh.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }] });
    await lh.append(ref, [{ title: 'Tosca' }]);
  });
  afterAll(async () => {
    await lh.close();
    await store.close();
    rmSync(warehouse, { recursive: true, force: true });
  });

  it.each([
    ['SELECT 1; SELECT 2', /exactly one statement/],
    ["ATTACH '/tmp/other.db' AS other", /only read-only SELECT/],
    ["COPY (SELECT * FROM opera.productions) TO '/tmp/leak.csv'", /./],
    ['INSTALL httpfs', /only read-only SELECT/],
    ['LOAD httpfs', /only read-only SELECT/],
    ["SELECT * FROM read_csv('/etc/passwd')", /Cannot access file|not allowed/],
    ['SET threads = 1', /only read-only SELECT/],
    ['PRAGMA threads = 1', /only read-only SELECT|SET/],
    ['CREATE TABLE x AS SELECT 1', /only read-only SELECT/],
    ['DROP VIEW opera.productions', /only read-only SELECT/],
    ["SELECT * FROM read_csv('file:///etc/passwd')", /not allowed/],
    ["SELECT * FROM read_text('/etc/hostname')", /not allowed/],
    ["SELECT * FROM glob('/etc/*')", /not allowed/],
    ["SELECT * FROM read_csv('WAREHOUSE/../quarry-secrets/env.csv')", /not allowed/],
    ["SELECT * FROM read_csv('WAREHOUSE-sibling/env.csv')", /not allowed/],
    ["SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')", /not allowed/],
    ["SELECT * FROM query('ATTACH ''/tmp/other.db''')", /single SELECT/],
    ['EXPLAIN ANALYZE SELECT 1', /only read-only SELECT/],
    ['CALL pragma_version()', /only read-only SELECT/],
    ["SELECT current_setting('lock_configuration'); SET lock_configuration = false", /exactly one statement/],
    ["EXPORT DATABASE '/tmp/quarry-export'", /only read-only SELECT|not allowed/],
    ['SELEC nonsense', /does not parse|syntax/i],
    ['', /exactly one statement/],
  ])('refuses %s', async (template, message) => {
    const sql = template.replace('WAREHOUSE', warehouse);
    await expect(lh.query(sql)).rejects.toThrow(message);
    await expect(lh.query(sql)).rejects.toBeInstanceOf(QueryRefusedError);
  });

  it('still reads the warehouse files themselves, which the views are made of', async () => {
    const r = await lh.query(`SELECT count(*) AS files FROM glob('${warehouse}/opera/productions/data/*.parquet')`);
    expect(r.rows).toEqual([{ files: '1' }]);
  });

  it('refuses a query that needs more memory than its limit instead of spilling to disk', async () => {
    await expect(lh.query('SELECT list(i) AS l FROM range(50000000) t(i)', { maxMemoryMb: 64 })).rejects.toThrow(/more than the 64 MB memory limit/);
  });

  it('stops a cross join that would run for minutes at the time limit', async () => {
    await expect(lh.query('SELECT count(*) FROM range(100000000) a, range(100000000) b', { timeoutMs: 500 })).rejects.toThrow(/longer than the 500 ms limit/);
  });

  it('caps a billion-row result and says so', async () => {
    const r = await lh.query('SELECT * FROM range(1000000000)', { maxRows: 10 });
    expect(r.rows).toHaveLength(10);
    expect(r.truncated).toBe(true);
  });

  it('returns typed columns and JSON-safe rows', async () => {
    const r = await lh.query(
      "SELECT title, 42::BIGINT AS n, 9007199254740993::BIGINT AS big, DATE '2027-03-14' AS d, TIMESTAMPTZ '2027-03-14 19:30:00+02' AS at, TIMESTAMP '2027-03-14 19:30:00' AS local, 12.50::DECIMAL(9,2) AS price, [1, 2] AS l FROM opera.productions",
    );
    expect(r.columns).toEqual([
      { name: 'title', type: 'VARCHAR' },
      { name: 'n', type: 'BIGINT' },
      { name: 'big', type: 'BIGINT' },
      { name: 'd', type: 'DATE' },
      { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'local', type: 'TIMESTAMP' },
      { name: 'price', type: 'DECIMAL(9,2)' },
      { name: 'l', type: 'INTEGER[]' },
    ]);
    expect(JSON.parse(JSON.stringify(r.rows))).toEqual([
      { title: 'Tosca', n: '42', big: '9007199254740993', d: '2027-03-14', at: '2027-03-14T17:30:00Z', local: '2027-03-14T19:30:00', price: '12.50', l: [1, 2] },
    ]);
  });
});
