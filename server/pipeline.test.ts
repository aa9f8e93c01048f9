import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTING_PAGE, NOTICE_PAGE_DE, PRODUCTION_PAGE_IT } from '../pipeline/extraction/fixtures.js';
import { createExtractionService } from '../pipeline/extraction/service.js';
import { memoryDocuments } from '../pipeline/extraction/testing.js';
import { startPipeline } from './pipeline.js';
import { openTestServices, type TestServices } from './testing.js';

async function until(check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('the self-driving pipeline', () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(async () => services.dispose());

  it('extracts every raw document, clusters its extraction and re-clusters once the queue is quiet', async () => {
    const documents = memoryDocuments();
    const pages = [
      ['doc_a', 'https://lirico.test/tosca', PRODUCTION_PAGE_IT],
      ['doc_b', 'https://lindenau.test/ausschreibung/1', NOTICE_PAGE_DE],
      ['doc_c', 'https://northgate.test/whats-on', LISTING_PAGE],
    ] as const;
    for (const [id, url, html] of pages) documents.add({ id, url, contentType: 'text/html; charset=utf-8' }, html);
    const extraction = createExtractionService({ ...services, documents, llm: null, allowedDirs: [] });
    const pipeline = await startPipeline({ ...services, extraction }, { documents, reclusterQuietMs: 200 });
    try {
      for (const [id, url] of pages) await services.bus.publish(`raw.${new URL(url).hostname.replace(/\./g, '_')}`, { documentId: id, url }, { msgId: id });
      await until(async () => (await services.clusters.stats()).documents === 3);
      await until(() => pipeline.reclusterings() >= 1);
      const [row] = await services.store.query<{ n: number }>('SELECT count(*)::int AS n FROM extractions');
      expect(row?.n).toBe(3);
      expect(pipeline.counters()).toMatchObject({ extractor: { done: 3, failed: 0, gaveUp: 0 }, clusterer: { done: 3, failed: 0, gaveUp: 0 } });
    } finally {
      await pipeline.stop();
    }
  });

  it('retries a raw document it cannot find and records why', async () => {
    const documents = memoryDocuments();
    const extraction = createExtractionService({ ...services, documents, llm: null, allowedDirs: [] });
    const pipeline = await startPipeline({ ...services, extraction }, { documents, reclusterQuietMs: 200 });
    try {
      await services.bus.publish('raw.missing_test', { documentId: 'doc_missing' }, { msgId: 'doc_missing' });
      await until(() => (pipeline.counters().extractor?.failed ?? 0) >= 1);
      const span = services.spans.find((s) => s.name === 'worker.extractor.retry');
      expect(span?.reason).toMatch(/doc_missing/);
    } finally {
      await pipeline.stop();
    }
  });
});
