/**
 * The state store: documents, extractions, clusters, schemas, reviews, alerts, traces and the Iceberg catalog.
 * Two engines speak the same SQL: PGlite (embedded, the default) and PostgreSQL (when DATABASE_URL is set).
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1`-style parameters. */
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Store extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Several statements, no parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; a thrown error rolls it back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Where the data lives, with credentials removed (for status and logs). */
  readonly location: string;
  close(): Promise<void>;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
}
