import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Lakehouse } from '../../pipeline/lakehouse/lakehouse.js';

export interface OrphanReport {
  /** Files no committed snapshot, manifest or metadata file references, older than the cutoff. */
  orphans: Array<{ path: string; bytes: number; modified: string }>;
  /** Unreferenced files newer than the cutoff: possibly a write still in progress, so never offered for deletion. */
  recent: number;
  totalBytes: number;
}

export interface OrphanOptions {
  /** Only files last written this long ago count as orphans (default 60 minutes; a write in progress looks the same). */
  olderThanMinutes?: number | undefined;
  /** The clock that decides "ago" (tests). */
  now?: Date | undefined;
}

/**
 * `quarry tables --orphans`: the files a crash between writing data and committing (or a lost commit race) left in
 * the warehouse. Nothing is deleted here: the report lists what is safe to remove.
 */
export async function findOrphans(deps: { lakehouse: Pick<Lakehouse, 'findOrphanFiles' | 'warehouseDir'> }, opts: OrphanOptions = {}): Promise<OrphanReport> {
  const cutoff = (opts.now ?? new Date()).getTime() - (opts.olderThanMinutes ?? 60) * 60_000;
  const report: OrphanReport = { orphans: [], recent: 0, totalBytes: 0 };
  for (const path of await deps.lakehouse.findOrphanFiles()) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    if (info.mtimeMs > cutoff) {
      report.recent++;
      continue;
    }
    report.orphans.push({ path, bytes: info.size, modified: info.mtime.toISOString() });
    report.totalBytes += info.size;
  }
  return report;
}

/** The orphan report as text, paths relative to the warehouse. */
export async function runOrphansCommand(deps: { lakehouse: Pick<Lakehouse, 'findOrphanFiles' | 'warehouseDir'> }, opts: OrphanOptions = {}): Promise<string> {
  const report = await findOrphans(deps, opts);
  const minutes = opts.olderThanMinutes ?? 60;
  const recent = report.recent > 0 ? `\n${report.recent} newer unreferenced file(s) left alone: a write may still be in progress.` : '';
  if (report.orphans.length === 0) return `No orphan files older than ${minutes} min in ${deps.lakehouse.warehouseDir}.${recent}`;
  const lines = report.orphans.map((o) => `  ${relative(deps.lakehouse.warehouseDir, o.path)}  ${formatBytes(o.bytes)}  ${o.modified}`);
  return `${report.orphans.length} orphan file(s), ${formatBytes(report.totalBytes)}, referenced by no commit (safe to delete):\n${lines.join('\n')}${recent}`;
}

/** `quarry tables`: each table with its columns (field ids and types), rows, files and snapshots. */
export async function runTablesCommand(deps: { lakehouse: Pick<Lakehouse, 'listTables'> }): Promise<string> {
  const tables = await deps.lakehouse.listTables();
  if (tables.length === 0) return 'No tables yet: approve a schema (approve_schema, or the review page) to create one.';
  return tables
    .map((t) => {
      const last = t.snapshots.at(-1);
      const columns = t.columns.map((c) => `${c.name} ${c.type} #${c.id}`).join(', ');
      return `${t.namespace}.${t.name}  ${t.rows} rows, ${t.dataFiles} files, ${t.snapshots.length} snapshots${last ? ` (latest ${last.snapshotId} at ${last.timestamp})` : ''}\n  ${columns}`;
    })
    .join('\n');
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
