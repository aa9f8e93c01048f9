import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, openTestServices, type TestServices } from '../server/testing.js';

/** query_lakehouse, list_tables and the table resource, through a real MCP client over the real services. */
describe('the lakehouse tools through an MCP client', () => {
  let services: TestServices;
  let client: Client;
  let close: () => Promise<void>;
  const ref = { namespace: 'opera', name: 'productions' };

  const call = async <T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string; out: T }> => {
    const r = await client.callTool({ name, arguments: args });
    const text = (r.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
    return { isError: Boolean(r.isError), text, out: r.structuredContent as T };
  };

  beforeAll(async () => {
    services = await openTestServices();
    ({ client, close } = await connectClient({ services }));
  });

  afterAll(async () => {
    await close();
    await services.dispose();
  });

  it('tell the model there are no tables yet and how to make one', async () => {
    const listed = await call<{ tables: unknown[] }>('list_tables', {});
    expect(listed.out.tables).toEqual([]);
    expect(listed.text).toMatch(/approve a schema/);
    const refused = await call('query_lakehouse', { sql: 'SELECT * FROM opera.productions' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/Tables: none yet \(approve a schema first\)/);
  });

  it('list tables with field ids, rows and snapshots, and answer a query with typed columns and rows', async () => {
    await services.lakehouse.createOrEvolveTable('opera', 'productions', {
      fields: [{ name: 'title', type: 'string', doc: 'Work performed' }, { name: 'seats', type: 'long' }, { name: 'premiere', type: 'date' }],
    });
    await services.lakehouse.append(ref, [{ title: 'Tosca', seats: 1200, premiere: '2027-03-14' }, { title: 'Aida', seats: 900, premiere: null }], { sourceEventIds: ['ext_1', 'ext_2'] });

    const listed = await call<{ tables: Array<{ namespace: string; name: string; rows: number; columns: Array<{ id: number; name: string; type: string; doc?: string }>; snapshots: Array<{ snapshotId: number; addedRecords: number }> }> }>('list_tables', {});
    expect(listed.out.tables).toHaveLength(1);
    expect(listed.out.tables[0]).toMatchObject({
      namespace: 'opera',
      name: 'productions',
      rows: 2,
      columns: [
        { id: 1, name: 'title', type: 'string', doc: 'Work performed' },
        { id: 2, name: 'seats', type: 'long' },
        { id: 3, name: 'premiere', type: 'date' },
      ],
      snapshots: [{ addedRecords: 2 }],
    });
    expect(listed.text).toMatch(/opera\.productions: 2 rows, 1 snapshots/);

    const q = await call<{ columns: unknown; rows: unknown; rowCount: number; truncated: boolean }>('query_lakehouse', { sql: 'SELECT title, seats, premiere FROM opera.productions ORDER BY seats DESC' });
    expect(q.isError).toBe(false);
    expect(q.out).toMatchObject({
      columns: [
        { name: 'title', type: 'VARCHAR' },
        { name: 'seats', type: 'BIGINT' },
        { name: 'premiere', type: 'DATE' },
      ],
      rows: [
        { title: 'Tosca', seats: '1200', premiere: '2027-03-14' },
        { title: 'Aida', seats: '900', premiere: null },
      ],
      rowCount: 2,
      truncated: false,
    });
  });

  it('cap rows and say how to see more', async () => {
    const q = await call<{ rowCount: number; truncated: boolean }>('query_lakehouse', { sql: 'SELECT * FROM range(1000000000)', maxRows: 5 });
    expect(q.out).toMatchObject({ rowCount: 5, truncated: true });
    expect(q.text).toMatch(/truncated: raise maxRows or add LIMIT\/WHERE/);
  });

  it('answer a refused statement with the reason and the tables that exist', async () => {
    for (const sql of ["COPY opera.productions TO '/tmp/quarry-leak.csv'", 'SELECT 1; SELECT 2', "SELECT * FROM read_csv('/etc/passwd')", "ATTACH '/tmp/x.db'"]) {
      const r = await call('query_lakehouse', { sql });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/Tables: opera\.productions/);
    }
    const slow = await call('query_lakehouse', { sql: 'SELECT count(*) FROM range(100000000) a, range(100000000) b', timeoutMs: 300 });
    expect(slow.text).toMatch(/longer than the 300 ms limit/);
    const bad = await call('query_lakehouse', { sql: 'SELECT 1', maxRows: 0 });
    expect(bad.isError).toBe(true);
  });

  it('travel back to an earlier snapshot by id', async () => {
    const before = await services.lakehouse.describe(ref);
    await services.lakehouse.append(ref, [{ title: 'Carmen', seats: 700, premiere: '2027-06-01' }]);
    const snapshotId = before?.currentSnapshotId;
    const then = await call<{ rows: unknown }>('query_lakehouse', { sql: 'SELECT count(*) AS n FROM opera.productions', snapshotId });
    const now = await call<{ rows: unknown }>('query_lakehouse', { sql: 'SELECT count(*) AS n FROM opera.productions' });
    expect(then.out.rows).toEqual([{ n: '2' }]);
    expect(now.out.rows).toEqual([{ n: '3' }]);
    const unknown = await call('query_lakehouse', { sql: 'SELECT 1', snapshotId: 12345 });
    expect(unknown.text).toMatch(/no table has snapshot 12345/);
  });

  it('serve each table as a resource with its snapshots and source events', async () => {
    const listed = await client.listResources();
    expect(listed.resources.map((r) => r.uri)).toContain('quarry://tables/opera/productions');
    const read = await client.readResource({ uri: 'quarry://tables/opera/productions' });
    const body = JSON.parse((read.contents[0] as { text: string }).text) as { rows: number; snapshots: Array<{ summary: Record<string, string> }> };
    expect(body.rows).toBe(3);
    expect(body.snapshots[0]?.summary['quarry.source-events']).toBe('["ext_1","ext_2"]');
    await expect(client.readResource({ uri: 'quarry://tables/opera/nothing' })).rejects.toThrow(/no table opera\.nothing; known tables: opera\/productions/);
  });
});
