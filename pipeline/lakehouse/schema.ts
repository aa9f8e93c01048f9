/**
 * A lakehouse table's schema as the crystallization stage hands it over, and its Iceberg and DuckDB forms.
 * Nested records (an opera production's cast, a notice's lots) are child tables, not list<struct> columns:
 * every engine reads flat tables by field id the same way, joins on `_parent_row_id` are natural in SQL, and a nested
 * field evolves like any other column (see ARCHITECTURE.md, Lakehouse).
 */
export type LakeType = 'string' | 'long' | 'int' | 'double' | 'float' | 'boolean' | 'date' | 'timestamp' | `decimal(${number},${number})`;

export interface LakeField {
  name: string;
  type: LakeType;
  /** Documentation only: DuckDB writes every Parquet column optional, so Iceberg fields are declared optional. */
  required?: boolean;
  doc?: string;
  /** The Iceberg field id of an existing column (keeps a rename a rename). */
  id?: number;
  /** When renaming: the column's current name. */
  renamedFrom?: string;
}

export interface LakeTableSchema {
  fields: LakeField[];
}

export interface IcebergField {
  id: number;
  name: string;
  required: boolean;
  type: string;
  doc?: string;
}

export interface IcebergSchema {
  type: 'struct';
  'schema-id': number;
  fields: IcebergField[];
}

const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;

export function icebergType(type: LakeType): string {
  if (type === 'timestamp') return 'timestamptz';
  const d = DECIMAL.exec(type);
  return d ? `decimal(${d[1]}, ${d[2]})` : type;
}

export function duckdbType(icebergTypeName: string): string {
  const d = /^decimal\((\d+),\s*(\d+)\)$/.exec(icebergTypeName);
  if (d) return `DECIMAL(${d[1]}, ${d[2]})`;
  const map: Record<string, string> = {
    string: 'VARCHAR',
    long: 'BIGINT',
    int: 'INTEGER',
    double: 'DOUBLE',
    float: 'FLOAT',
    boolean: 'BOOLEAN',
    date: 'DATE',
    timestamptz: 'TIMESTAMPTZ',
    timestamp: 'TIMESTAMP',
  };
  const t = map[icebergTypeName];
  if (!t) throw new LakehouseError(`type ${icebergTypeName} is not supported`);
  return t;
}

/** Allowed type changes (Iceberg's promotions): int→long, float→double, decimal precision up at the same scale. */
export function canWiden(from: string, to: string): boolean {
  if (from === to) return true;
  if (from === 'int' && to === 'long') return true;
  if (from === 'float' && to === 'double') return true;
  const a = DECIMAL.exec(from.replace(/\s/g, ''));
  const b = DECIMAL.exec(to.replace(/\s/g, ''));
  return Boolean(a && b && a[2] === b[2] && Number(b[1]) >= Number(a[1]));
}

export function checkName(name: string, what: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new LakehouseError(`${what} ${JSON.stringify(name)} must be lower-case letters, digits and _ (at most 63)`);
}

export class LakehouseError extends Error {
  override readonly name = 'LakehouseError';
}
