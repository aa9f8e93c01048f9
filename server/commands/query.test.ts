import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLakehouse, QueryRefusedError, type Lakehouse } from '../../pipeline/lakehouse/lakehouse.js';
import { openStore } from '../../pipeline/store/open.js';
import type { Store } from '../../pipeline/store/store.js';
import { createTracer } from '../../pipeline/tracing/tracer.js';
import { renderQueryResult, runQueryCommand } from './query.js';

describe('quarry query', () => {
  let store: Store;
  let lakehouse: Lakehouse;
  const warehouse = mkdtempSync(join(tmpdir(), 'quarry-query-cmd-'));
  beforeAll(async () => {
    store = await openStore({});
    lakehouse = await createLakehouse({ store, warehouseDir: warehouse, clock: { now: () => new Date() }, tracer: createTracer({ sinks: [], redact: (v) => v }) });
    await lakehouse.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }, { name: 'seats', type: 'long' }, { name: 'premiere', type: 'date' }] });
    await lakehouse.append({ namespace: 'opera', name: 'productions' }, [
      { title: 'Tosca', seats: 1200, premiere: '2027-03-14' },
      { title: 'Die Zauberflöte', seats: 800, premiere: null },
      { title: 'Line one\nLine two', seats: 5, premiere: '2027-05-01' },
    ]);
  });
  afterAll(async () => {
    await lakehouse.close();
    await store.close();
    rmSync(warehouse, { recursive: true, force: true });
  });

  it('prints typed columns, right-aligned numbers, NULLs and a row count', async () => {
    const text = await runQueryCommand({ lakehouse }, 'SELECT title, seats, premiere FROM opera.productions ORDER BY seats DESC');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^title\s+seats\s+premiere$/);
    expect(lines[1]).toMatch(/^VARCHAR\s+BIGINT\s+DATE$/);
    expect(lines[3]).toMatch(/^Tosca\s+1200\s+2027-03-14$/);
    expect(lines[4]).toMatch(/^Die Zauberflöte\s+ 800\s+NULL$/);
    expect(lines[5]).toMatch(/^Line one\\nLine two\s+5\s+2027-05-01$/);
    expect(lines.at(-1)).toMatch(/^\(3 rows, \d+ ms\)$/);
  });

  it('says when the row cap cut the result and how to see more', async () => {
    const text = await runQueryCommand({ lakehouse }, 'SELECT * FROM range(1000000000)', { maxRows: 2 });
    expect(text.split('\n')).toHaveLength(4 + 2);
    expect(text).toMatch(/\(2 rows; more rows exist: raise --max-rows or add LIMIT\/WHERE/);
  });

  it('prints JSON with columns, rows and the truncated flag when asked', async () => {
    const parsed = JSON.parse(await runQueryCommand({ lakehouse }, "SELECT title FROM opera.productions WHERE title = 'Tosca'", { json: true })) as Record<string, unknown>;
    expect(parsed).toMatchObject({ columns: [{ name: 'title', type: 'VARCHAR' }], rows: [{ title: 'Tosca' }], truncated: false });
  });

  it('reads the tables as they were at an earlier instant', async () => {
    const text = await runQueryCommand({ lakehouse }, 'SELECT count(*) AS n FROM opera.productions', { asOf: new Date('2000-01-01T00:00:00Z') });
    expect(text.split('\n')[3]?.trim()).toBe('0');
  });

  it('refuses what is not one read-only statement with a reason the user can act on', async () => {
    for (const sql of ['SELECT 1; SELECT 2', "COPY opera.productions TO '/tmp/x.csv'", 'INSTALL httpfs', 'SET threads = 1', '']) {
      await expect(runQueryCommand({ lakehouse }, sql)).rejects.toBeInstanceOf(QueryRefusedError);
    }
    await expect(runQueryCommand({ lakehouse }, 'SELECT count(*) FROM range(100000000) a, range(100000000) b', { timeoutMs: 300 })).rejects.toThrow(/300 ms limit/);
  });

  it('renders an empty result and cuts very long cells', () => {
    expect(renderQueryResult({ columns: [{ name: 'a', type: 'VARCHAR' }], rows: [], truncated: false })).toBe('a\nVARCHAR\n-------\n(0 rows)');
    const text = renderQueryResult({ columns: [{ name: 'a', type: 'VARCHAR' }], rows: [{ a: 'x'.repeat(500) }, { a: { nested: [1, 2] } }], truncated: false });
    expect(text.split('\n')[3]).toBe(`${'x'.repeat(39)}…`);
    expect(text.split('\n')[4]).toBe('{"nested":[1,2]}');
  });
});
