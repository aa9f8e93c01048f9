import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUCKETS } from '../pipeline/bus/streams.js';
import { probeNats, TEST_NATS_URL } from '../pipeline/bus/testing.js';
import { TEST_DATABASE_URL, dropSchema, probePostgres, uniqueSchema } from '../pipeline/store/testing.js';
import { serveDemoSites } from '../evals/sites/server.js';
import { resolveToken } from './data-dir.js';
import { connectClient, openTestServices } from './testing.js';

const postgres = await probePostgres();
const nats = await probeNats();

describe('services on the embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quarry-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keep data across a restart of the process state', async () => {
    const first = await openTestServices({ dataDir, persistent: true });
    await (await first.bus.kv(BUCKETS.activeSchemas)).put('production', { version: 3 });
    await first.bus.publish('raw.demo', { url: 'https://opera.test/tosca' }, { msgId: 'doc-1' });
    await first.close();

    const second = await openTestServices({ dataDir, persistent: true });
    expect((await (await second.bus.kv(BUCKETS.activeSchemas)).get('production'))?.json()).toEqual({ version: 3 });
    expect((await second.bus.streamInfo('RAW_DOCUMENTS')).messages).toBe(1);
    const { client, close } = await connectClient({ services: second });
    const status = (await client.callTool({ name: 'status', arguments: {} })).structuredContent as { store: { location: string } };
    expect(status.store.location).toBe(join(dataDir, 'state'));
    await close();
    await second.close();
  });

  it('refuse to open a data dir another live process holds', async () => {
    const holder = await openTestServices({ dataDir, persistent: true });
    await expect(openTestServices({ dataDir, persistent: true })).rejects.toThrow(/another Quarry process \(pid \d+\) is using/);
    await holder.close();
  });

  it('generate a token once and reuse it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quarry-token-'));
    const first = resolveToken(dir, undefined);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^qry_[A-Za-z0-9_-]{32}$/);
    expect(resolveToken(dir, undefined)).toMatchObject({ token: first.token, created: false });
    expect(resolveToken(dir, 'configured-token-123456')).toMatchObject({ token: 'configured-token-123456', created: false });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!postgres.ok)('services on PostgreSQL (DATABASE_URL)', () => {
  const schema = uniqueSchema('quarry_services');
  afterAll(() => dropSchema(schema));

  it('behave the same and survive a restart', async () => {
    const env = { DATABASE_URL: TEST_DATABASE_URL };
    const first = await openTestServices({ env, schema });
    await first.bus.publish('extracted.demo', { id: 1 }, { msgId: 'x-1' });
    const { client, close } = await connectClient({ services: first });
    const status = (await client.callTool({ name: 'status', arguments: {} })).structuredContent as {
      store: { kind: string; location: string };
      bus: { streams: Array<{ name: string; messages: number }> };
    };
    expect(status.store.kind).toBe('postgres');
    expect(status.store.location).toContain(`schema ${schema}`);
    expect(status.bus.streams.find((s) => s.name === 'EXTRACTED')?.messages).toBe(1);
    await close();
    await first.dispose();

    const second = await openTestServices({ env, schema });
    expect((await second.bus.streamInfo('EXTRACTED')).messages).toBe(1);
    await second.dispose();
  });
});

describe.skipIf(!nats.ok)('services on NATS JetStream (NATS_URL)', () => {
  it('use JetStream for the pipeline streams and report it in status', async () => {
    const services = await openTestServices({ env: { NATS_URL: TEST_NATS_URL } });
    const before = (await services.bus.streamInfo('RAW_DOCUMENTS')).messages;
    await services.bus.publish('raw.services_test', { url: 'https://opera.test' });
    const { client, close } = await connectClient({ services });
    const status = (await client.callTool({ name: 'status', arguments: {} })).structuredContent as {
      bus: { kind: string; ok: boolean; streams: Array<{ name: string; messages: number }> };
    };
    expect(status.bus).toMatchObject({ kind: 'nats', ok: true });
    expect(status.bus.streams.find((s) => s.name === 'RAW_DOCUMENTS')?.messages).toBe(before + 1);
    await close();
    await services.dispose();
  });
});

describe('extract_document by URL through the crawler', () => {
  it('extracts a live page, and says why when a page cannot be had instead of reporting an internal error', async () => {
    const sites = await serveDemoSites();
    const services = await openTestServices({ env: { QUARRY_ALLOW_HOSTS: sites.sites.map((s) => new URL(s.url).host).join(',') } });
    const { client, close } = await connectClient({ services });
    try {
      const nord = sites.sites.find((s) => s.id === 'staatsoper-nord');
      if (!nord) throw new Error('no demo site staatsoper-nord');
      const extract = (url: string) => client.callTool({ name: 'extract_document', arguments: { url } });

      const live = await extract(`${nord.url}/spielplan`);
      expect(live.isError).toBeFalsy();
      expect(JSON.stringify(live.structuredContent)).toContain('documentId');

      const refused = await extract(`${nord.url}${nord.disallowed[0] ?? '/intern'}`);
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toMatch(/Could not fetch .*robots\.txt does not allow it/);

      const missing = await extract(`${nord.url}${nord.deliberatelyMissing[0] ?? '/nowhere'}`);
      expect(JSON.stringify(missing.content)).toMatch(/Could not fetch .*HTTP 404/);

      const origin = nord.url;
      await sites.close();
      const down = await extract(`${origin}/spielplan?seite=2`);
      expect(down.isError).toBe(true);
      expect(JSON.stringify(down.content)).toMatch(/Could not fetch/);
      expect(JSON.stringify(down.content)).not.toMatch(/internal error/);
    } finally {
      await close();
      await services.dispose();
      await sites.close();
    }
  });
});
