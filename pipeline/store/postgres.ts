import pg from 'pg';
import type { Queryable, Store } from './store.js';

const INT8 = 20;
const DATE = 1082;

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Removes the password from a connection URL so it can be shown. */
export function redactConnectionUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/**
 * PostgreSQL through a `pg` pool. `schema` isolates everything Quarry creates (tests use a fresh schema per run);
 * it is created when missing and put first on the search path of every connection.
 */
export async function openPostgres(url: string, opts: { schema?: string; max?: number } = {}): Promise<Store> {
  const schema = opts.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  }
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 8,
    types: typeParsers,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it on next use.
  });
  const asQueryable = (q: Pick<pg.Pool | pg.PoolClient, 'query'>): Queryable => ({
    async query<R extends object>(sql: string, params?: readonly unknown[]) {
      const result = await q.query<R>(sql, params ? [...params] : undefined);
      return result.rows;
    },
  });
  const base = asQueryable(pool);
  return {
    kind: 'postgres',
    location: redactConnectionUrl(url) + (schema ? ` (schema ${schema})` : ''),
    query: base.query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(asQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
