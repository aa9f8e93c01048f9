import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../pipeline/bus/bus.js';
import { createLocalBus } from '../pipeline/bus/local.js';
import { ensurePipelineStreams } from '../pipeline/bus/streams.js';
import { LISTING_PAGE, NOTICE_PAGE_DE } from '../pipeline/extraction/fixtures.js';
import { createExtractionService, type ExtractionService } from '../pipeline/extraction/service.js';
import { memoryDocuments } from '../pipeline/extraction/testing.js';
import { silentLogger } from '../pipeline/shared/logger.js';
import { openStore } from '../pipeline/store/open.js';
import type { Store } from '../pipeline/store/store.js';
import { createTracer } from '../pipeline/tracing/tracer.js';
import { runExtractCommand } from '../server/commands/extract.js';
import { extractDocumentTool } from './extract_document.js';
import { ToolError } from './tool.js';

let store: Store;
let bus: Bus;
let dir: string;
let extraction: ExtractionService;
const documents = memoryDocuments();

beforeAll(async () => {
  store = await openStore({});
  bus = await createLocalBus({ store });
  await ensurePipelineStreams(bus);
  dir = await mkdtemp(join(tmpdir(), 'quarry-tool-'));
  extraction = createExtractionService({
    store,
    bus,
    tracer: createTracer({ sinks: [], redact: (v) => v }),
    clock: { now: () => new Date() },
    logger: silentLogger,
    documents,
    llm: null,
    allowedDirs: [dir],
  });
});
afterAll(async () => {
  await bus.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(raw: unknown, progress: Array<[number, number | undefined]> = []) {
  const input = extractDocumentTool.inputSchema.parse(raw);
  const output = extractDocumentTool.outputSchema.parse(
    await extractDocumentTool.handler(input, { deps: { extraction }, signal: new AbortController().signal, progress: async (p, t) => void progress.push([p, t]) }),
  );
  return { output, text: extractDocumentTool.summarize?.(output) ?? '' };
}

describe('extract_document and `quarry extract`', () => {
  it('extract a stored document and summarize it for a model', async () => {
    documents.add({ id: 'doc_notice', url: 'https://lindenau.example/notice', contentType: 'text/html' }, NOTICE_PAGE_DE);
    const { output, text } = await call({ documentId: 'doc_notice' });
    expect(output.extraction?.extractor).toBe('offline');
    expect(output.truncated).toBe(false);
    expect(text).toMatch(/a detail page, \d+ fields/);
    expect(text).toContain('contracting_authority=Gemeinde Lindenau, Bauamt');
  });

  it('extract a file inside the allowed directory and refuse one outside with a message that says where files may be', async () => {
    await writeFile(join(dir, 'listing.html'), LISTING_PAGE);
    const { output } = await call({ filePath: join(dir, 'listing.html') });
    expect(output.extraction?.multiplicity).toBe('many');
    await expect(call({ filePath: '/etc/passwd' })).rejects.toThrow(ToolError);
    await expect(call({ filePath: '/etc/passwd' })).rejects.toThrow(/outside the allowed directories/);
  });

  it('ask for exactly one target and name the valid ids when a document is unknown', async () => {
    await expect(call({})).rejects.toThrow(/exactly one of documentId, url or filePath/);
    await expect(call({ documentId: 'doc_x', filePath: 'a.html' })).rejects.toThrow(/exactly one/);
    await expect(call({ documentId: 'doc_missing' })).rejects.toThrow(/No stored document has the id doc_missing/);
    await expect(call({ url: 'https://x.example/' })).rejects.toThrow(/crawl the URL first/);
  });

  it('cap a huge extraction in the answer and say so', async () => {
    const cards = Array.from({ length: 600 }, (_, i) => `<div class="card"><h3>Item ${i}</h3><p class="price">€ ${i},50</p><p class="date">${(i % 28) + 1}.03.2027</p></div>`).join('');
    documents.add({ id: 'doc_huge', url: 'https://shop.example/all', contentType: 'text/html' }, `<html><body><main>${cards}</main></body></html>`);
    const { output, text } = await call({ documentId: 'doc_huge' });
    expect(output.truncated).toBe(true);
    expect(JSON.stringify(output.extraction).length).toBeLessThan(110_000);
    expect(text).toMatch(/shortened/);
  });

  it('run all pending documents with progress, then report none left', async () => {
    documents.add({ id: 'doc_p1', url: 'https://a.example/1', contentType: 'text/html' }, '<p>Dauer: 2 h</p>');
    const progress: Array<[number, number | undefined]> = [];
    const { output, text } = await call({ allPending: true }, progress);
    expect(output.pending?.extracted).toBe(output.pending?.total);
    expect(progress.length).toBe(output.pending?.total);
    expect(text).toMatch(/pending document\(s\) extracted/);
    expect(await runExtractCommand({ extraction }, { allPending: true })).toMatch(/^0 of 0 pending/);
  });

  it('print a table of fields from the CLI', async () => {
    const printed = await runExtractCommand({ extraction }, { documentId: 'doc_notice', mode: 'offline' });
    expect(printed).toMatch(/offline, single/);
    expect(printed).toMatch(/deadline\s+datetime/);
  });
});
