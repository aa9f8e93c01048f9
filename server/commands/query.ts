import type { Lakehouse, QueryResult } from '../../pipeline/lakehouse/lakehouse.js';

export interface QueryCommandOptions {
  /** Row cap (default 100); the footer says when more rows existed. */
  maxRows?: number | undefined;
  /** Time limit in milliseconds (default 10 s). */
  timeoutMs?: number | undefined;
  /** Time travel: every table as it was at this instant. */
  asOf?: Date | undefined;
  /** Print `{ columns, rows, truncated, elapsedMs }` as JSON instead of a table. */
  json?: boolean | undefined;
}

/**
 * `quarry query SQL`: one read-only statement over the lakehouse, printed as a table with typed column headers.
 * A refused statement throws the lakehouse's `QueryRefusedError`, whose message says why (the CLI prints it as a
 * usage error).
 */
export async function runQueryCommand(deps: { lakehouse: Pick<Lakehouse, 'query'> }, sql: string, opts: QueryCommandOptions = {}): Promise<string> {
  const result = await deps.lakehouse.query(sql, {
    maxRows: opts.maxRows ?? 100,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.asOf ? { asOf: opts.asOf } : {}),
  });
  return opts.json ? JSON.stringify(result, null, 2) : renderQueryResult(result);
}

const MAX_CELL = 40;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/** A plain-text table: header of `name` over `TYPE`, numbers right-aligned, long cells cut with `…`, a row count footer. */
export function renderQueryResult(result: Pick<QueryResult, 'columns' | 'rows' | 'truncated'> & { elapsedMs?: number }): string {
  const { columns, rows, truncated } = result;
  const cells = rows.map((row) => columns.map((c) => cellText(row[c.name])));
  const widths = columns.map((c, i) => Math.min(MAX_CELL, Math.max(c.name.length, c.type.length, ...cells.map((r) => (r[i] ?? '').length))));
  const line = (values: readonly string[], alignNumbers: boolean): string =>
    values
      .map((v, i) => {
        const w = widths[i] ?? 0;
        const text = v.length > w ? `${v.slice(0, w - 1)}…` : v;
        return alignNumbers && NUMERIC.test(columns[i]?.type ?? '') ? text.padStart(w) : text.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const count = `(${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? '; more rows exist: raise --max-rows or add LIMIT/WHERE' : ''}${result.elapsedMs !== undefined ? `, ${Math.round(result.elapsedMs)} ms` : ''})`;
  if (columns.length === 0) return count;
  return [
    line(
      columns.map((c) => c.name),
      false,
    ),
    line(
      columns.map((c) => c.type),
      false,
    ),
    line(
      widths.map((w) => '-'.repeat(w)),
      false,
    ),
    ...cells.map((r) => line(r, true)),
    count,
  ].join('\n');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // One row per line: control characters from the data must not break (or forge) the table.
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : '?'));
}
