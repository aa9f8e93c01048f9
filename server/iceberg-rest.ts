import { Hono, type Context } from 'hono';
import type { Lakehouse } from '../pipeline/lakehouse/lakehouse.js';
import { checkName } from '../pipeline/lakehouse/schema.js';

/**
 * A read-only Iceberg REST catalog over Quarry's tables, so engines can attach without database credentials
 * (mounted at `/iceberg`, behind the same bearer token): config, namespaces, tables, load table, and the HEAD
 * existence checks. Every other route answers with the spec's ErrorModel, so clients report a clear reason.
 */
export type IcebergRestDeps = { lakehouse: Pick<Lakehouse, 'listTables' | 'loadTable'> };

/** What `/v1/config` advertises, in the spec's `METHOD /v1/{prefix}/…` form that clients match literally. */
export const ICEBERG_REST_ENDPOINTS = [
  'GET /v1/{prefix}/namespaces',
  'GET /v1/{prefix}/namespaces/{namespace}',
  'HEAD /v1/{prefix}/namespaces/{namespace}',
  'GET /v1/{prefix}/namespaces/{namespace}/tables',
  'GET /v1/{prefix}/namespaces/{namespace}/tables/{table}',
  'HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}',
] as const;

/** The spec's ErrorModel: `{ error: { message, type, code } }`. */
function errorModel(c: Context, code: 404 | 405 | 500, type: string, message: string) {
  return c.json({ error: { message, type, code } }, code);
}

export function createIcebergRestApp(deps: IcebergRestDeps): Hono {
  const app = new Hono();
  const namespaces = async (): Promise<string[]> => [...new Set((await deps.lakehouse.listTables()).map((t) => t.namespace))].sort();
  // Quarry's namespaces have one level; a multi-level one (parts joined by the unit separator) never exists.
  const namespaceParam = (c: Context): string => c.req.param('namespace') ?? '';
  const loadTable = async (namespace: string, name: string) => (isLakeName(namespace) && isLakeName(name) ? deps.lakehouse.loadTable({ namespace, name }) : null);
  const noNamespace = (c: Context, ns: string) => errorModel(c, 404, 'NoSuchNamespaceException', `Namespace does not exist: ${ns}`);

  app.get('/v1/config', (c) => c.json({ defaults: {}, overrides: {}, endpoints: [...ICEBERG_REST_ENDPOINTS] }));

  app.get('/v1/namespaces', async (c) => {
    const parent = c.req.query('parent');
    if (parent !== undefined) {
      // Namespaces are flat: a known parent has no children.
      if (!(await namespaces()).includes(parent)) return noNamespace(c, parent);
      return c.json({ namespaces: [] });
    }
    return c.json({ namespaces: (await namespaces()).map((n) => [n]) });
  });

  // Hono answers HEAD through the GET route (dropping the body), so the existence checks live there.
  app.get('/v1/namespaces/:namespace', async (c) => {
    const ns = namespaceParam(c);
    const exists = (await namespaces()).includes(ns);
    if (c.req.method === 'HEAD') return c.body(null, exists ? 204 : 404);
    if (!exists) return noNamespace(c, ns);
    return c.json({ namespace: [ns], properties: {} });
  });

  app.get('/v1/namespaces/:namespace/tables', async (c) => {
    const ns = namespaceParam(c);
    const tables = (await deps.lakehouse.listTables()).filter((t) => t.namespace === ns);
    if (tables.length === 0) return noNamespace(c, ns);
    return c.json({ identifiers: tables.map((t) => ({ namespace: [ns], name: t.name })) });
  });

  app.get('/v1/namespaces/:namespace/tables/:table', async (c) => {
    const ns = namespaceParam(c);
    const table = c.req.param('table') ?? '';
    const loaded = await loadTable(ns, table);
    if (c.req.method === 'HEAD') return c.body(null, loaded ? 204 : 404);
    if (!loaded) {
      if (!(await namespaces()).includes(ns)) return noNamespace(c, ns);
      return errorModel(c, 404, 'NoSuchTableException', `Table does not exist: ${ns}.${table}`);
    }
    return c.json({ 'metadata-location': loaded.metadataLocation, metadata: loaded.metadata, config: {} });
  });

  app.all('/v1/*', (c) =>
    errorModel(c, 405, 'UnsupportedOperationException', `This Iceberg REST catalog is read-only (${c.req.method} ${new URL(c.req.url).pathname} is not served); Quarry writes its tables itself when a schema is approved`),
  );
  // Internal faults are not leaked to the client; the lakehouse traces its own failures.
  app.onError((_err, c) => errorModel(c, 500, 'ServiceFailureException', 'The catalog could not answer; try again, or check the Quarry log'));
  app.all('*', (c) => errorModel(c, 404, 'NoSuchEndpointException', 'Not an Iceberg REST catalog route; start from GET /v1/config'));
  return app;
}

/** Names Quarry could have created; anything else (NUL bytes, separators, 5,000 characters) is simply not found. */
function isLakeName(name: string): boolean {
  try {
    checkName(name, 'name');
    return true;
  } catch {
    return false;
  }
}
