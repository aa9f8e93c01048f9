import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLakehouse, type Lakehouse } from '../pipeline/lakehouse/lakehouse.js';
import { openStore } from '../pipeline/store/open.js';
import type { Store } from '../pipeline/store/store.js';
import { createTracer } from '../pipeline/tracing/tracer.js';
import { createIcebergRestApp, ICEBERG_REST_ENDPOINTS } from './iceberg-rest.js';

describe('the read-only Iceberg REST catalog', () => {
  let store: Store;
  let lakehouse: Lakehouse;
  let app: ReturnType<typeof createIcebergRestApp>;
  const warehouse = mkdtempSync(join(tmpdir(), 'quarry-rest-'));

  beforeAll(async () => {
    store = await openStore({});
    lakehouse = await createLakehouse({ store, warehouseDir: warehouse, clock: { now: () => new Date() }, tracer: createTracer({ sinks: [], redact: (v) => v }) });
    await lakehouse.createOrEvolveTable('opera', 'productions', { fields: [{ name: 'title', type: 'string' }, { name: 'seats', type: 'long' }] });
    await lakehouse.createOrEvolveTable('opera', 'productions_cast', { fields: [{ name: '_parent_row_id', type: 'string' }, { name: 'role', type: 'string' }] });
    await lakehouse.createOrEvolveTable('tenders', 'notices', { fields: [{ name: 'reference', type: 'string' }] });
    await lakehouse.append({ namespace: 'opera', name: 'productions' }, [{ title: 'Tosca', seats: 1200 }]);
    app = createIcebergRestApp({ lakehouse });
  });
  afterAll(async () => {
    await lakehouse.close();
    await store.close();
    rmSync(warehouse, { recursive: true, force: true });
  });

  const get = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };

  it('advertises its endpoints in the spec form clients match against', async () => {
    const { status, body } = await get('/v1/config');
    expect(status).toBe(200);
    expect(body).toEqual({ defaults: {}, overrides: {}, endpoints: [...ICEBERG_REST_ENDPOINTS] });
    for (const endpoint of ICEBERG_REST_ENDPOINTS) expect(endpoint).toMatch(/^(GET|HEAD) \/v1\/\{prefix\}\/namespaces/);
  });

  it('lists namespaces, a namespace, and the tables in it', async () => {
    expect(await get('/v1/namespaces')).toEqual({ status: 200, body: { namespaces: [['opera'], ['tenders']] } });
    expect(await get('/v1/namespaces?parent=opera')).toEqual({ status: 200, body: { namespaces: [] } });
    expect(await get('/v1/namespaces/opera')).toEqual({ status: 200, body: { namespace: ['opera'], properties: {} } });
    expect(await get('/v1/namespaces/opera/tables')).toEqual({
      status: 200,
      body: { identifiers: [{ namespace: ['opera'], name: 'productions' }, { namespace: ['opera'], name: 'productions_cast' }] },
    });
  });

  it('loads a table as a LoadTableResult whose metadata is the committed metadata file', async () => {
    const { status, body } = await get('/v1/namespaces/opera/tables/productions');
    expect(status).toBe(200);
    const info = await lakehouse.describe({ namespace: 'opera', name: 'productions' });
    expect(body?.['metadata-location']).toBe(info?.metadataLocation);
    expect(body?.['config']).toEqual({});
    expect(body?.['metadata']).toMatchObject({
      'format-version': 2,
      'current-snapshot-id': info?.currentSnapshotId,
      schemas: [{ type: 'struct', fields: [{ id: 1, name: 'title', required: false, type: 'string' }, { id: 2, name: 'seats', required: false, type: 'long' }] }],
    });
  });

  it('answers HEAD existence checks with 204 or 404 and no body', async () => {
    expect((await app.request('/v1/namespaces/opera', { method: 'HEAD' })).status).toBe(204);
    expect((await app.request('/v1/namespaces/ballet', { method: 'HEAD' })).status).toBe(404);
    expect((await app.request('/v1/namespaces/opera/tables/productions', { method: 'HEAD' })).status).toBe(204);
    expect((await app.request('/v1/namespaces/opera/tables/nope', { method: 'HEAD' })).status).toBe(404);
  });

  it('answers unknown namespaces and tables with the spec error model', async () => {
    expect(await get('/v1/namespaces/ballet')).toEqual({ status: 404, body: { error: { code: 404, type: 'NoSuchNamespaceException', message: 'Namespace does not exist: ballet' } } });
    expect(await get('/v1/namespaces/ballet/tables')).toMatchObject({ status: 404, body: { error: { type: 'NoSuchNamespaceException' } } });
    expect(await get('/v1/namespaces/ballet/tables/productions')).toMatchObject({ status: 404, body: { error: { type: 'NoSuchNamespaceException' } } });
    expect(await get('/v1/namespaces/opera/tables/nope')).toEqual({ status: 404, body: { error: { code: 404, type: 'NoSuchTableException', message: 'Table does not exist: opera.nope' } } });
    expect(await get('/v1/namespaces?parent=ballet')).toMatchObject({ status: 404, body: { error: { type: 'NoSuchNamespaceException' } } });
  });

  it('treats hostile names as names that do not exist', async () => {
    for (const name of ["x' OR '1'='1", '..%2F..%2Fetc', 'opera%1Fproductions', '%00', 'a'.repeat(5000)]) {
      expect((await get(`/v1/namespaces/${name}/tables/${name}`)).status).toBe(404);
      expect((await get(`/v1/namespaces/${name}`)).status).toBe(404);
    }
  });

  it('refuses every write with the error model and changes nothing', async () => {
    const before = await lakehouse.describe({ namespace: 'opera', name: 'productions' });
    const writes: Array<[string, string]> = [
      ['POST', '/v1/namespaces'],
      ['DELETE', '/v1/namespaces/opera'],
      ['POST', '/v1/namespaces/opera/properties'],
      ['POST', '/v1/namespaces/opera/tables'],
      ['POST', '/v1/namespaces/opera/tables/productions'],
      ['DELETE', '/v1/namespaces/opera/tables/productions'],
      ['POST', '/v1/namespaces/opera/register'],
      ['POST', '/v1/tables/rename'],
      ['POST', '/v1/transactions/commit'],
    ];
    for (const [method, path] of writes) {
      const res = await get(path, { method, headers: { 'content-type': 'application/json' }, body: '{"updates":[]}' });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.body).toMatchObject({ error: { code: 405, type: 'UnsupportedOperationException', message: expect.stringContaining('read-only') } });
    }
    expect(await lakehouse.describe({ namespace: 'opera', name: 'productions' })).toEqual(before);
  });

  it('points a client at /v1/config for anything outside the API', async () => {
    expect(await get('/v2/whatever')).toMatchObject({ status: 404, body: { error: { type: 'NoSuchEndpointException' } } });
  });
});
