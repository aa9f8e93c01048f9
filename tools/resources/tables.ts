import type { Lakehouse } from '../../pipeline/lakehouse/lakehouse.js';
import { defineResource, ToolError } from '../tool.js';

export const tableResource = defineResource<{ lakehouse: Lakehouse }>({
  name: 'table',
  title: 'Lakehouse table',
  description: 'An Iceberg table: columns by field id, snapshots with their summaries (added rows, source events), metadata location',
  mimeType: 'application/json',
  template: 'quarry://tables/{namespace}/{table}',
  async list(deps) {
    return (await deps.lakehouse.listTables()).map((t) => ({ uri: `quarry://tables/${t.namespace}/${t.name}`, name: `${t.namespace}.${t.name}`, title: `${t.namespace}.${t.name} (${t.rows} rows)` }));
  },
  async read(uri, { namespace = '', table = '' }, deps) {
    const info = await deps.lakehouse.describe({ namespace, name: table });
    if (!info) {
      const known = (await deps.lakehouse.listTables()).map((t) => `${t.namespace}/${t.name}`);
      throw new ToolError(`no table ${namespace}.${table}; known tables: ${known.join(', ') || 'none yet (approve a schema first)'}`);
    }
    return [{ uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify(info, null, 2) }];
  },
});
