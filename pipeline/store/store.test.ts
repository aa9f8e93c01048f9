import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, splitStatements } from './migrations.js';
import { openStore } from './open.js';
import { openPglite } from './pglite.js';
import { redactConnectionUrl } from './postgres.js';
import type { Store } from './store.js';
import { TEST_DATABASE_URL, dropSchema, probePostgres, uniqueSchema } from './testing.js';

const postgres = await probePostgres();

function storeSuite(name: string, open: () => Promise<Store>, cleanup: () => Promise<void>): void {
  describe(`the state store on ${name}`, () => {
    afterAll(cleanup);

    it('applies every migration once, in order, and again is a no-op', async () => {
      const store = await open();
      const rows = await store.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
      expect((await migrate(store)).applied).toEqual([]);
      await store.close();
    });

    it('rolls a failed transaction back completely', async () => {
      const store = await open();
      await store.exec('CREATE TABLE IF NOT EXISTS t_rollback (id int PRIMARY KEY)');
      await expect(
        store.transaction(async (tx) => {
          await tx.query('INSERT INTO t_rollback VALUES (1)');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.query('SELECT * FROM t_rollback')).toEqual([]);
      await store.close();
    });

    it('returns bigint counts as numbers and round-trips json, bytes and timestamps', async () => {
      const store = await open();
      await store.exec('CREATE TABLE IF NOT EXISTS t_types (id bigint, doc jsonb, raw bytea, at timestamptz, day date)');
      await store.query('DELETE FROM t_types');
      const doc = { name: "O'Brien; DROP TABLE t_types; --", nested: [1, { ü: 'ß' }] };
      await store.query('INSERT INTO t_types VALUES ($1, $2, $3, $4, $5)', [
        9_007_199_254_740_991,
        JSON.stringify(doc),
        Buffer.from([0, 255, 1]),
        '2027-03-14T19:30:00.000Z',
        '2027-03-14',
      ]);
      const [row] = await store.query<{ id: number; doc: unknown; raw: Uint8Array; at: Date; day: string }>('SELECT * FROM t_types');
      expect(row?.id).toBe(9_007_199_254_740_991);
      expect(row?.doc).toEqual(doc);
      expect([...(row?.raw ?? [])]).toEqual([0, 255, 1]);
      expect(new Date(row?.at ?? 0).toISOString()).toBe('2027-03-14T19:30:00.000Z');
      expect(row?.day).toBe('2027-03-14');
      const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM t_types');
      expect(count?.n).toBe(1);
      await store.close();
    });

    it('stores a 5 MB document and an empty one', async () => {
      const store = await open();
      await store.exec('CREATE TABLE IF NOT EXISTS t_big (id int PRIMARY KEY, body text)');
      await store.query('INSERT INTO t_big VALUES (1, $1), (2, $2) ON CONFLICT (id) DO NOTHING', ['x'.repeat(5_000_000), '']);
      const rows = await store.query<{ id: number; n: number }>('SELECT id, length(body) AS n FROM t_big ORDER BY id');
      expect(rows).toEqual([
        { id: 1, n: 5_000_000 },
        { id: 2, n: 0 },
      ]);
      await store.close();
    });
  });
}

const pgliteDir = mkdtempSync(join(tmpdir(), 'quarry-store-'));
storeSuite(
  'PGlite',
  () => openStore({ dataDir: pgliteDir }),
  async () => rmSync(pgliteDir, { recursive: true, force: true }),
);

describe('PGlite memory', () => {
  it('runs with 16 MB of shared buffers, not the 128 MB default that doubled the resident size', async () => {
    const store = await openPglite(undefined);
    try {
      expect(await store.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!postgres.ok)('PostgreSQL', () => {
  const schema = uniqueSchema('quarry_store');
  storeSuite(
    'PostgreSQL',
    () => openStore({ databaseUrl: TEST_DATABASE_URL, schema }),
    () => dropSchema(schema),
  );

  it('keeps two test runs apart by schema', async () => {
    const a = uniqueSchema('quarry_iso');
    const b = uniqueSchema('quarry_iso');
    const sa = await openStore({ databaseUrl: TEST_DATABASE_URL, schema: a });
    const sb = await openStore({ databaseUrl: TEST_DATABASE_URL, schema: b });
    await sa.exec('CREATE TABLE mine (v int)');
    await expect(sb.query('SELECT * FROM mine')).rejects.toThrow(/does not exist/);
    await sa.close();
    await sb.close();
    await dropSchema(a);
    await dropSchema(b);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openStore({ databaseUrl: TEST_DATABASE_URL, schema: 'x; DROP SCHEMA public' })).rejects.toThrow(/invalid schema name/);
  });
});

describe('migrations', () => {
  it('refuse to start when an applied migration was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quarry-mig-'));
    writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE a (id int);');
    const store = await openPglite(undefined);
    await migrate(store, loadMigrations(dir));
    writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE a (id bigint);');
    await expect(migrate(store, loadMigrations(dir))).rejects.toThrow(/migration 1 \(first\) changed after it was applied/);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('apply nothing of a migration that fails halfway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quarry-mig-'));
    writeFileSync(join(dir, '0001_broken.sql'), 'CREATE TABLE ok_table (id int);\nCREATE TABLE broken (id nosuchtype);');
    const store = await openPglite(undefined);
    await expect(migrate(store, loadMigrations(dir))).rejects.toThrow(/nosuchtype/);
    expect(await store.query(`SELECT to_regclass('ok_table') AS t`)).toEqual([{ t: null }]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('split on statement ends but not inside dollar-quoted bodies or comments', () => {
    const sql = `-- a comment; with a semicolon\nCREATE TABLE a (id int);\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toContain('RETURN 1;');
  });

  it('hide the password of a connection URL', () => {
    expect(redactConnectionUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactConnectionUrl('not a url')).toBe('postgres://(unparseable url)');
  });
});
