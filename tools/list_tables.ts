import { z } from 'zod';
import type { Lakehouse } from '../pipeline/lakehouse/lakehouse.js';
import { defineTool } from './tool.js';

const TableInfo = z.object({
  namespace: z.string(),
  name: z.string(),
  columns: z.array(z.object({ id: z.number().int().describe('Iceberg field id: stable across renames'), name: z.string(), type: z.string(), doc: z.string().optional() })),
  rows: z.number().int(),
  dataFiles: z.number().int(),
  currentSnapshotId: z.number().nullable(),
  snapshots: z.array(z.object({ snapshotId: z.number(), timestamp: z.string(), operation: z.string(), addedRecords: z.number().int() })),
  metadataLocation: z.string(),
});

const ListTablesOutput = z.object({ tables: z.array(TableInfo) });

export const listTablesTool = defineTool<z.ZodObject<Record<string, never>>, typeof ListTablesOutput, { lakehouse: Lakehouse }>({
  name: 'list_tables',
  title: 'List lakehouse tables',
  description:
    'The Iceberg tables Quarry created from approved schemas: columns with field ids and types, row counts and snapshots (ids and times, usable for time travel in query_lakehouse). Query them with query_lakehouse as namespace.table.',
  inputSchema: z.object({}),
  outputSchema: ListTablesOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async handler(_input, { deps }) {
    const tables = await deps.lakehouse.listTables();
    return { tables: tables.map((t) => ({ ...t, snapshots: t.snapshots.map(({ summary: _summary, ...rest }) => rest) })) };
  },
  summarize(out) {
    if (out.tables.length === 0) return 'No tables yet: approve a schema (approve_schema) to create one.';
    return out.tables.map((t) => `${t.namespace}.${t.name}: ${t.rows} rows, ${t.snapshots.length} snapshots; ${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')}`).join('\n');
  },
});
