import { join } from 'node:path';
import { migrate } from './migrations.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** PostgreSQL connection URL; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Directory for PGlite's files; `undefined` keeps PGlite in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL schema to isolate in (tests use one per run). */
  schema?: string | undefined;
}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const store = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl, opts.schema ? { schema: opts.schema } : {})
    : await openPglite(opts.dataDir ? join(opts.dataDir, 'state') : undefined);
  try {
    await migrate(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
