import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test support for the real PostgreSQL. Tests that need it fail in CI when it is missing (the machine has one)
 * and skip with a message on a laptop without one.
 */
export const TEST_DATABASE_URL = process.env.QUARRY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresProbe {
  ok: boolean;
  reason: string;
}

export async function probePostgres(url = TEST_DATABASE_URL): Promise<PostgresProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, reason: '' };
  } catch (err) {
    const reason = `PostgreSQL is not reachable at ${url.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}`;
    if (process.env.CI) throw new Error(`${reason} (CI must run these tests against the real PostgreSQL)`);
    console.warn(`skipping PostgreSQL tests: ${reason}`);
    return { ok: false, reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema name no other test run uses. */
export function uniqueSchema(prefix = 'quarry_test'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string, url = TEST_DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
