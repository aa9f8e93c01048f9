import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoreError, type Store } from './store.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any constant works; it only has to be the same for every Quarry process sharing a database. */
const MIGRATION_LOCK_KEY = 7340_0001;

/** Every `NNNN_name.sql` file in `pipeline/store/migrations`, in version order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_PATTERN.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] ?? file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16),
      };
    })
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]?.version === migrations[i - 1]?.version) {
      throw new StoreError(`two migrations share version ${migrations[i]?.version}`);
    }
  }
  return migrations;
}

export interface MigrationReport {
  applied: number[];
  current: number;
}

/**
 * Applies pending migrations in one transaction, serialized across processes by an advisory lock.
 * A migration whose file changed after it was applied stops the start: silently diverging schemas are worse.
 */
export async function migrate(store: Store, migrations = loadMigrations()): Promise<MigrationReport> {
  await store.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  return store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = new Map(
      (await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')).map(
        (r) => [r.version, r.checksum],
      ),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      const existing = done.get(m.version);
      if (existing !== undefined) {
        if (existing !== m.checksum) {
          throw new StoreError(
            `migration ${m.version} (${m.name}) changed after it was applied; add a new migration instead of editing it`,
          );
        }
        continue;
      }
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      applied.push(m.version);
    }
    return { applied, current: migrations.at(-1)?.version ?? 0 };
  });
}

/** Splits a migration file on `;` at line ends, so each statement runs through the transaction's connection. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql.replace(/^\s*--.*$/gm, '');
  const statements: string[] = [];
  let current = '';
  let dollarQuoted = false;
  for (const line of withoutComments.split('\n')) {
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) dollarQuoted = !dollarQuoted;
    current += line + '\n';
    if (!dollarQuoted && /;\s*$/.test(line)) {
      statements.push(current.trim().replace(/;$/, ''));
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements.filter((s) => s.length > 0);
}
