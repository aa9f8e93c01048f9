import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../pipeline/shared/logger.js';
import { createServer } from '../create-server.js';
import { startHttpServer, type RunningHttpServer } from '../http.js';
import { openTestServices, type TestServices } from '../testing.js';
import { addDemoCorpus, productionPage } from '../../pipeline/clustering/testing.js';
import { saveExtraction } from '../../pipeline/extraction/repository.js';
import { mountWebPages } from './index.js';

const TOKEN = 'web-token-0123456789abcdef';

describe('the web pages', () => {
  let services: TestServices;
  let http: RunningHttpServer;
  beforeAll(async () => {
    services = await openTestServices();
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      allowedOrigins: [],
      maxBodyBytes: 1024 * 1024,
      maxSessions: 50,
      sessionIdleMs: 60_000,
      logger: silentLogger,
      newMcpServer: () => createServer({ services }),
      mount: (app) => mountWebPages(app, services),
    });
  });
  afterAll(async () => {
    await http.close();
    await services.dispose();
  });

  const login = async (token: string, next = '/'): Promise<Response> =>
    fetch(`${http.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: http.url },
      body: new URLSearchParams({ token, next }),
    });

  it('send a browser without the token to the sign-in page', async () => {
    const res = await fetch(`${http.url}/traces`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Ftraces');
    expect(await (await fetch(`${http.url}/login`)).text()).toContain('Paste the access token');
  });

  it('refuse a wrong token and set an HTTP-only same-site cookie for the right one', async () => {
    const bad = await login('wrong-token-0123456789ab');
    expect(bad.headers.get('location')).toMatch(/^\/login\?failed/);
    expect(bad.headers.get('set-cookie')).toBeNull();
    const good = await login(TOKEN, '/traces');
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/traces');
    expect(good.headers.get('set-cookie')).toMatch(/quarry_token=.*HttpOnly.*SameSite=Strict/i);
  });

  it('never redirect off-site after sign-in', async () => {
    expect((await login(TOKEN, '//evil.example/')).headers.get('location')).toBe('/');
    expect((await login(TOKEN, 'https://evil.example/')).headers.get('location')).toBe('/');
  });

  it('show the dashboard with health and counts, and traces with escaped content', async () => {
    const cookie = (await login(TOKEN)).headers.get('set-cookie')?.split(';')[0] ?? '';
    await services.tracer.span('<script>alert(1)</script>', { input: { url: 'https://opera.test' } }, async (s) => s.setReason('because'));
    await services.tracer.flush();
    const dashboard = await (await fetch(`${http.url}/`, { headers: { cookie } })).text();
    expect(dashboard).toContain('<h1>Dashboard</h1>');
    expect(dashboard).toMatch(/Store pglite .*<span class="ok">ok<\/span>/s);
    expect(dashboard).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(dashboard).not.toContain('<script>alert(1)</script>');
    const traceId = /href="\/traces\/([0-9a-f]+)"/.exec(dashboard)?.[1];
    const trace = await fetch(`${http.url}/traces/${traceId}`, { headers: { cookie } });
    expect(trace.status).toBe(200);
    expect(await trace.text()).toContain('because');
    expect((await fetch(`${http.url}/traces/nope`, { headers: { cookie } })).status).toBe(404);
  });

  it('refuse a sign-in posted from another site', async () => {
    const res = await fetch(`${http.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ token: TOKEN }),
    });
    expect(res.status).toBe(403);
  });

  it('list the clusters and show one with its fields, sites and members', async () => {
    const cookie = (await login(TOKEN)).headers.get('set-cookie')?.split(';')[0] ?? '';
    await addDemoCorpus(services.clusters, 4);
    await services.clusters.recluster();
    const list = await (await fetch(`${http.url}/clusters`, { headers: { cookie } })).text();
    const ids = [...list.matchAll(/href="\/clusters\/([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const detail = await (await fetch(`${http.url}/clusters/${ids[0]}`, { headers: { cookie } })).text();
    expect(detail).toContain('<h2>Fields</h2>');
    expect(detail).toMatch(/<code>[a-z_]+<\/code><\/td><td>[a-z_]+/);
    expect((await fetch(`${http.url}/clusters/cl_missing`, { headers: { cookie } })).status).toBe(404);
  });

  it('review a proposal in the browser: propose, rename a field, approve and see the rows loaded', async () => {
    const cookie = (await login(TOKEN)).headers.get('set-cookie')?.split(';')[0] ?? '';
    for (let i = 0; i < 6; i++) {
      const [extraction, parsed] = productionPage('it', 100 + i);
      const stored = { ...extraction, documentId: `doc_web_${i}` };
      await saveExtraction(services.store, `ext_web_${i}`, stored, null);
      await services.clusters.addExtraction(stored, parsed);
    }
    for (let i = 0; i < 3; i++) await services.clusters.recluster();
    let candidate: { id: string } | undefined;
    for (const c of await services.clusters.listClusters({ status: 'candidate' })) {
      if ((await services.clusters.membersOf(c.id))?.some((m) => m.documentId === 'doc_web_0')) candidate = c;
    }
    expect(candidate).toBeDefined();
    const post = (path: string, form: Record<string, string>) =>
      fetch(`${http.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: http.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    const proposed = await post('/schemas/propose', { clusterId: candidate?.id ?? '' });
    expect(proposed.status).toBe(303);
    const location = proposed.headers.get('location') ?? '';
    const review = await (await fetch(`${http.url}${location}`, { headers: { cookie } })).text();
    expect(review).toContain('Approve and load');
    const field = /name="rename\.([a-z_]+)"/.exec(review)?.[1] ?? '';
    const decided = await post(`${location}/decide`, { decision: 'approve', [`rename.${field}`]: `${field}_renamed`, tableName: 'web_productions', reason: 'looks right' });
    expect(decided.status).toBe(303);
    const after = await (await fetch(`${http.url}${location}`, { headers: { cookie } })).text();
    expect(after).toMatch(/<span class="pill">approved<\/span>/);
    expect(after).toMatch(/[1-9]\d* rows loaded/);
    const rows = await services.lakehouse.query(`SELECT ${field}_renamed FROM quarry.web_productions`);
    expect(rows.rows.length).toBeGreaterThanOrEqual(6);
    const again = await post(`${location}/decide`, { decision: 'reject' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Nothing was changed');
  });

  it('serve a read-only Iceberg REST catalog with the token', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${http.url}/iceberg/v1/config`)).status).toBe(401);
    expect(await (await fetch(`${http.url}/iceberg/v1/config`, { headers: auth })).json()).toMatchObject({ defaults: {}, overrides: {} });
    const namespaces = (await (await fetch(`${http.url}/iceberg/v1/namespaces`, { headers: auth })).json()) as { namespaces: string[][] };
    expect(namespaces.namespaces).toContainEqual(['quarry']);
    const tables = (await (await fetch(`${http.url}/iceberg/v1/namespaces/quarry/tables`, { headers: auth })).json()) as { identifiers: Array<{ name: string }> };
    expect(tables.identifiers.map((t) => t.name)).toContain('web_productions');
    const table = (await (await fetch(`${http.url}/iceberg/v1/namespaces/quarry/tables/web_productions`, { headers: auth })).json()) as { 'metadata-location': string; metadata: { 'format-version': number } };
    expect(table['metadata-location']).toMatch(/\.metadata\.json$/);
    expect(table.metadata['format-version']).toBe(2);
    const missing = await fetch(`${http.url}/iceberg/v1/namespaces/quarry/tables/nope`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'NoSuchTableException', code: 404 } });
    const write = await fetch(`${http.url}/iceberg/v1/namespaces/quarry/tables`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    expect(write.status).toBe(405);
  });
});
