import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Queryable, Store } from './store.js';

const INT8 = 20;
const DATE = 1082;

/**
 * PostgreSQL's default 128 MB of shared buffers doubles what the operating system already caches of a data dir
 * (or what the in-memory file system holds); Quarry's state is small and hot, and 16 MB keeps an idle Quarry near
 * 250 MB resident instead of 400 (measured with `npm run bench -- crawl`).
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** PGlite (Postgres compiled to WASM) in a directory, or in memory when `dir` is undefined. */
export async function openPglite(dir: string | undefined): Promise<Store> {
  if (dir) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir ?? 'memory://', {
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
    startParams: START_PARAMS,
  });
  const asQueryable = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<R extends object>(sql: string, params?: readonly unknown[]) {
      const result = await q.query<R>(sql, params ? [...params] : undefined);
      return result.rows;
    },
  });
  const base = asQueryable(db);
  return {
    kind: 'pglite',
    location: dir ?? 'memory',
    query: base.query,
    async exec(sql) {
      await db.exec(sql);
    },
    transaction(fn) {
      return db.transaction((tx) => fn(asQueryable(tx)));
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
