import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { createLocalBus } from '../bus/local.js';
import { ensurePipelineStreams } from '../bus/streams.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { TEST_DATABASE_URL, dropSchema, probePostgres, uniqueSchema } from '../store/testing.js';
import { createDocStore, type DocStore } from './docstore.js';
import type { FetchResult } from './fetcher.js';

const postgres = await probePostgres();

const page = (url: string, body: string, headers: Record<string, string> = {}): { url: string; result: FetchResult } => ({
  url,
  result: {
    url,
    finalUrl: url,
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    contentType: 'text/html; charset=utf-8',
    bytes: new TextEncoder().encode(`<!doctype html><html><head><title>${body}</title></head><body><p>${body}</p></body></html>`),
    truncated: false,
    notModified: false,
    redirects: [],
  },
});

function docStoreSuite(name: string, open: () => Promise<Store>, cleanup: () => Promise<void>): void {
  describe(`the document store on ${name}, saving pages at the same time`, () => {
    let store: Store;
    let bus: Bus;
    let docs: DocStore;
    beforeAll(async () => {
      store = await open();
      bus = await createLocalBus({ store });
      await ensurePipelineStreams(bus);
      docs = createDocStore({ store, bus, clock: { now: () => new Date() } });
    });
    afterAll(async () => {
      await bus.close();
      await store.close();
      await cleanup();
    });

    it('stores each content once, records every URL that served it, and publishes each new document once', async () => {
      const before = (await bus.streamInfo('RAW_DOCUMENTS')).messages;
      const saves = [page('http://a.example/1', 'Tosca'), page('http://a.example/2', 'Tosca'), page('http://a.example/3', 'Aida'), page('http://a.example/4', 'Aida')];
      // At the same time: which of two URLs with the same bytes comes first is up to the store, but only one adds it.
      const out = await Promise.all(saves.map((s) => docs.save(s)));
      expect([out[0], out[1]].filter((o) => o?.duplicate === false)).toHaveLength(1);
      expect([out[2], out[3]].filter((o) => o?.duplicate === false)).toHaveLength(1);
      expect(out[1]?.documentId).toBe(out[0]?.documentId);
      expect(out[3]?.documentId).toBe(out[2]?.documentId);
      expect((await docs.getDocument(out[2]?.documentId ?? ''))?.urls.sort()).toEqual(['http://a.example/3', 'http://a.example/4']);
      expect((await bus.streamInfo('RAW_DOCUMENTS')).messages - before).toBe(2);

      // A URL that now serves other bytes points at the new document; the old one keeps its other URL.
      const norma = await docs.save(page('http://a.example/1', 'Norma'));
      expect(norma.duplicate).toBe(false);
      expect(await docs.getDocument(norma.documentId)).toMatchObject({ title: 'Norma', urls: ['http://a.example/1'], parseStatus: 'ok' });
      expect((await docs.getDocument(out[0]?.documentId ?? ''))?.urls).toEqual(['http://a.example/2']);
      expect(new TextDecoder().decode((await docs.getDocumentBytes(norma.documentId)) ?? new Uint8Array())).toContain('<p>Norma</p>');
      expect((await bus.streamInfo('RAW_DOCUMENTS')).messages - before).toBe(3);

      const again = await Promise.all(saves.map((s) => docs.save(s)));
      expect(again.map((o) => o.duplicate)).toEqual([true, true, true, true]);
      expect((await bus.streamInfo('RAW_DOCUMENTS')).messages - before).toBe(3);
    });

    it('fails only the save the store refuses, and keeps the pages saved with it', async () => {
      // JSON with a NUL escape is refused by jsonb: this save must fail alone, with the store's reason.
      const saves = [page('http://b.example/1', 'Rigoletto'), page('http://b.example/2', 'Otello', { 'x-odd': 'a\u0000b' }), page('http://b.example/3', 'Falstaff')];
      const results = await Promise.allSettled(saves.map((s) => docs.save(s)));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/\\u0000|unicode|null character/i);
      const titles = await store.query<{ title: string }>(`SELECT title FROM documents WHERE url LIKE 'http://b.example/%' ORDER BY url`);
      expect(titles.map((t) => t.title)).toEqual(['Rigoletto', 'Falstaff']);
    });
  });
}

docStoreSuite(
  'PGlite',
  () => openStore({}),
  async () => {},
);

describe.skipIf(!postgres.ok)('PostgreSQL', () => {
  const schema = uniqueSchema('quarry_docstore');
  docStoreSuite(
    'PostgreSQL',
    () => openStore({ databaseUrl: TEST_DATABASE_URL, schema }),
    () => dropSchema(schema),
  );
});
