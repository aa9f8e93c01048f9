import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLakehouse, type Lakehouse } from '../../pipeline/lakehouse/lakehouse.js';
import { openStore } from '../../pipeline/store/open.js';
import type { Store } from '../../pipeline/store/store.js';
import { createTracer } from '../../pipeline/tracing/tracer.js';
import { findOrphans, runOrphansCommand, runTablesCommand } from './lakehouse.js';

describe('quarry tables and the orphan report', () => {
  let store: Store;
  let lakehouse: Lakehouse;
  const warehouse = mkdtempSync(join(tmpdir(), 'quarry-lh-cmd-'));
  beforeAll(async () => {
    store = await openStore({});
    lakehouse = await createLakehouse({ store, warehouseDir: warehouse, clock: { now: () => new Date() }, tracer: createTracer({ sinks: [], redact: (v) => v }) });
  });
  afterAll(async () => {
    await lakehouse.close();
    await store.close();
    rmSync(warehouse, { recursive: true, force: true });
  });

  it('says how to get a first table when there is none, then lists tables with columns, rows and snapshots', async () => {
    expect(await runTablesCommand({ lakehouse })).toMatch(/No tables yet: approve a schema/);
    await lakehouse.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }, { name: 'seats', type: 'int' }] });
    await lakehouse.append({ namespace: 'opera', name: 'productions' }, [{ title: 'Tosca', seats: 1200 }, { title: 'Aida', seats: 900 }]);
    const text = await runTablesCommand({ lakehouse });
    expect(text).toMatch(/^opera\.productions {2}2 rows, 1 files, 1 snapshots \(latest \d+ at \d{4}-\d\d-\d\dT/);
    expect(text).toContain('title string #1, seats int #2');
  });

  it('reports files a crash left behind, but not committed files and not a write that may be in progress', async () => {
    expect(await runOrphansCommand({ lakehouse })).toBe(`No orphan files older than 60 min in ${warehouse}.`);
    const data = join(warehouse, 'opera', 'productions', 'data');
    mkdirSync(data, { recursive: true });
    const crashed = join(data, 'crashed-write.parquet');
    writeFileSync(crashed, 'PAR1 half written');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(crashed, twoHoursAgo, twoHoursAgo);
    writeFileSync(join(data, 'being-written.parquet'), 'PAR1');

    const report = await findOrphans({ lakehouse });
    expect(report.orphans.map((o) => o.path)).toEqual([crashed]);
    expect(report).toMatchObject({ recent: 1, totalBytes: 17 });
    const text = await runOrphansCommand({ lakehouse });
    expect(text).toMatch(/^1 orphan file\(s\), 17 B, referenced by no commit \(safe to delete\):\n {2}opera\/productions\/data\/crashed-write\.parquet {2}17 B {2}\d{4}-/);
    expect(text).toMatch(/1 newer unreferenced file\(s\) left alone: a write may still be in progress\./);

    const everything = await findOrphans({ lakehouse }, { olderThanMinutes: 0, now: new Date(Date.now() + 1000) });
    expect(everything.orphans.map((o) => o.path).sort()).toEqual([join(data, 'being-written.parquet'), crashed].sort());
    expect((await lakehouse.query('SELECT count(*) AS n FROM opera.productions')).rows).toEqual([{ n: '2' }]);
  });
});
