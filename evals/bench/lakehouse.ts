import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createLakehouse } from '../../pipeline/lakehouse/lakehouse.js';
import { currentSchema, dataFiles, readMetadata, selectByFieldId, uriPath } from '../../pipeline/lakehouse/table.js';
import { openStore } from '../../pipeline/store/open.js';
import { createTracer } from '../../pipeline/tracing/tracer.js';
import type { BenchResult } from './types.js';

/**
 * `npm run bench -- lakehouse`:
 * - appending rows to an Iceberg table (Parquet through DuckDB with field ids, manifests, metadata, catalog commit)
 *   beside bare DuckDB writing the same JavaScript rows (appender into a typed table, `COPY … TO parquet`);
 *   DuckDB writing rows it generates itself is shown too, as the floor no JavaScript source of rows can reach;
 * - a query through Quarry's field-id view beside `read_parquet` on the same files, on the same connection (median
 *   of several runs), and the whole `query()` call (fresh locked DuckDB, views from the manifests) beside it.
 */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMiB: number; value: T }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  clearInterval(t);
  return { ms, peakMiB: (peak - base) / 1024 / 1024, value };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

type Row = { id: number; title: string; price: number; premiere: string };

async function bareWrite(conn: DuckDBConnection, rows: readonly Row[], file: string): Promise<void> {
  await conn.run('CREATE OR REPLACE TEMP TABLE bare (id BIGINT, title VARCHAR, price DOUBLE, premiere DATE)');
  const appender = await conn.createAppender('bare');
  for (const r of rows) {
    appender.appendBigInt(BigInt(r.id));
    appender.appendVarchar(r.title);
    appender.appendDouble(r.price);
    appender.appendVarchar(r.premiere);
    appender.endRow();
  }
  appender.closeSync();
  await conn.run(`COPY bare TO '${file}' (FORMAT parquet)`);
}

export async function run(opts: { quick: boolean }): Promise<BenchResult[]> {
  const total = opts.quick ? 100_000 : 1_000_000;
  const batch = 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'quarry-bench-lh-'));
  const store = await openStore({});
  const lh = await createLakehouse({ store, warehouseDir: join(dir, 'warehouse'), clock: { now: () => new Date() }, tracer: createTracer({ sinks: [], redact: (v) => v }) });
  const ref = { namespace: 'bench', name: 'productions' };
  // The rows exist before either writer starts: both are timed on writing them, not on making them.
  const batches: Row[][] = [];
  for (let from = 0; from < total; from += batch) {
    batches.push(Array.from({ length: Math.min(batch, total - from) }, (_, i) => ({ id: from + i, title: `Production ${from + i}`, price: (from + i) % 200, premiere: '2027-03-14' })));
  }
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  try {
    await lh.createOrEvolveTable(ref.namespace, ref.name, { fields: [{ name: 'id', type: 'long' }, { name: 'title', type: 'string' }, { name: 'price', type: 'double' }, { name: 'premiere', type: 'date' }] });
    // Interleaved batch by batch, so warm-up, garbage collection and the neighbours' load fall on both alike.
    const ours = { ms: 0, peakMiB: 0 };
    const bare = { ms: 0, peakMiB: 0 };
    for (const [i, rows] of batches.entries()) {
      const a = await timed(() => lh.append(ref, rows));
      const b = await timed(() => bareWrite(conn, rows, join(dir, `bare-${i}.parquet`)));
      ours.ms += a.ms;
      bare.ms += b.ms;
      ours.peakMiB = Math.max(ours.peakMiB, a.peakMiB);
      bare.peakMiB = Math.max(bare.peakMiB, b.peakMiB);
    }
    const generated = await timed(async () => {
      for (let from = 0; from < total; from += batch) {
        await conn.run(
          `COPY (SELECT i AS id, 'Production ' || i AS title, (i % 200)::DOUBLE AS price, DATE '2027-03-14' AS premiere FROM range(${from}, ${Math.min(total, from + batch)}) t(i)) TO '${join(dir, `generated-${from}.parquet`)}' (FORMAT parquet)`,
        );
      }
    });

    const sql = (from: string) => `SELECT count(*), avg(price), max(title), count(DISTINCT premiere) FROM ${from}`;
    const info = await lh.describe(ref);
    const meta = await readMetadata(info?.metadataLocation ?? '');
    const files = await dataFiles(meta);
    await conn.run(`CREATE OR REPLACE VIEW quarry_view AS ${selectByFieldId(files, currentSchema(meta))}`);
    const direct = `read_parquet([${files.map((f) => `'${uriPath(f.path)}'`).join(', ')}])`;
    await conn.run(sql(direct)); // warm the file cache for both
    const viewMs = await median(5, () => conn.run(sql('quarry_view')));
    const directMs = await median(5, () => conn.run(sql(direct)));
    const wholeMs = await median(5, () => lh.query(sql('bench.productions')));

    const rate = (ms: number) => Math.round((total / ms) * 1000).toLocaleString('en');
    return [
      {
        case: `append ${total.toLocaleString('en')} rows (Iceberg, ${batches.length} commits)`,
        ms: ours.ms,
        items: total,
        peakMiB: ours.peakMiB,
        baseline: { case: 'bare DuckDB: appender + COPY TO parquet', ms: bare.ms, items: total, peakMiB: bare.peakMiB },
        goal: { text: 'at least 0.8× the bare write rate', met: bare.ms / ours.ms >= 0.8 },
        note: `same JavaScript rows for both; ours adds text→type casts with named errors, field ids, manifests and a catalog commit per batch. DuckDB writing rows it generates itself: ${Math.round(generated.ms)} ms (${rate(generated.ms)} rows/s), a floor for any JavaScript source of rows`,
      },
      {
        case: 'query through the field-id view',
        ms: viewMs,
        baseline: { case: 'read_parquet on the same files', ms: directMs },
        goal: { text: 'at most 1.2× the bare query time', met: viewMs <= 1.2 * directMs },
        note: 'same connection, median of 5 after one warm-up run',
      },
      {
        case: 'the same query through lakehouse.query()',
        ms: wholeMs,
        baseline: { case: 'read_parquet on the same files', ms: directMs },
        note: 'includes opening a fresh locked DuckDB, resolving the manifests and creating the views (a fixed cost per call)',
      },
    ];
  } finally {
    conn.closeSync();
    duck.closeSync();
    await lh.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
