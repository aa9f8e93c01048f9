import { z } from 'zod';
import { QueryRefusedError, type Lakehouse } from '../pipeline/lakehouse/lakehouse.js';
import { defineTool, ToolError } from './tool.js';

// Re-exported while the registry imports them from here; they live in their own files.
export { listTablesTool } from './list_tables.js';
export { tableResource } from './resources/tables.js';

const QueryInput = z.object({
  sql: z.string().min(1).max(100_000).describe('One read-only SELECT (DuckDB dialect) over namespace.table views (list_tables shows them)'),
  maxRows: z.number().int().min(1).max(10_000).default(500).describe('Row cap; truncated is true when more rows exist'),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000).describe('The query is stopped after this long'),
  asOf: z.string().datetime({ offset: true }).optional().describe('Time travel: read every table as it was at this ISO 8601 instant'),
  snapshotId: z.number().int().positive().optional().describe('Time travel: read the table that has this snapshot (see list_tables) as of it'),
});

const QueryOutput = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string().describe('DuckDB type, e.g. VARCHAR, BIGINT, DATE, DECIMAL(9,2)') })),
  rows: z.array(z.record(z.string(), z.unknown())).describe('JSON-safe rows: BIGINT and DECIMAL as strings, dates and timestamps as ISO 8601'),
  rowCount: z.number().int(),
  truncated: z.boolean().describe('True when more rows exist than maxRows'),
  elapsedMs: z.number(),
});

export const queryLakehouseTool = defineTool<typeof QueryInput, typeof QueryOutput, { lakehouse: Lakehouse }>({
  name: 'query_lakehouse',
  title: 'Query the lakehouse (read-only SQL)',
  description:
    'Run one read-only SQL SELECT (DuckDB dialect) over the Iceberg tables Quarry loaded, named namespace.table (see list_tables). Writes, ATTACH, COPY, SET/PRAGMA, extensions and file access outside the warehouse are refused; results are capped at maxRows and stopped at timeoutMs. Returns typed columns and rows. Use asOf or snapshotId for time travel.',
  inputSchema: QueryInput,
  outputSchema: QueryOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async handler(input, { deps }) {
    try {
      const result = await deps.lakehouse.query(input.sql, {
        maxRows: input.maxRows,
        timeoutMs: input.timeoutMs,
        ...(input.asOf ? { asOf: new Date(input.asOf) } : {}),
        ...(input.snapshotId !== undefined ? { snapshotId: input.snapshotId } : {}),
      });
      return { ...result, rowCount: result.rows.length };
    } catch (err) {
      if (err instanceof QueryRefusedError) {
        const tables = (await deps.lakehouse.listTables()).map((t) => `${t.namespace}.${t.name}`);
        throw new ToolError(`${err.message}. Tables: ${tables.join(', ') || 'none yet (approve a schema first)'}.`);
      }
      throw err;
    }
  },
  summarize(out) {
    return `${out.rowCount} row(s)${out.truncated ? ' (truncated: raise maxRows or add LIMIT/WHERE)' : ''} in ${out.elapsedMs} ms; columns: ${out.columns.map((c) => `${c.name} ${c.type}`).join(', ')}.`;
  },
});
