import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSites, type DemoSites } from '../../evals/sites/server.js';
import { connectClient, openTestServices, type TestServices } from '../../server/testing.js';
import { documentResource } from './documents.js';

describe('the document resource through a real MCP client', () => {
  let sites: DemoSites;
  let services: TestServices;
  let documentIds: string[] = [];
  beforeAll(async () => {
    sites = await serveDemoSites();
    services = await openTestServices({ env: { QUARRY_ALLOW_HOSTS: sites.sites.map((s) => new URL(s.url).host).join(',') } });
    const tenders = sites.sites.find((s) => s.id === 'eastmere-tenders');
    const jobId = await services.crawl.create({ urls: [tenders?.url ?? ''], maxPages: 6, delayMs: 0, render: 'never' });
    await services.crawl.run(jobId);
    documentIds = (await services.crawl.status(jobId))?.documentIds ?? [];
  });
  afterAll(async () => {
    await services.dispose();
    await sites.close();
  });

  const read = async (client: Awaited<ReturnType<typeof connectClient>>['client'], id: string) => {
    const result = await client.readResource({ uri: `quarry://documents/${id}` });
    const content = result.contents[0];
    return JSON.parse(content && 'text' in content ? content.text : '{}') as Record<string, unknown> & { extraction: Record<string, unknown> | null };
  };

  it('lists stored documents and shows one with its URLs and parse status, and its extraction once there is one', async () => {
    expect(documentIds.length).toBeGreaterThan(0);
    const { client, close } = await connectClient({ services, tools: [], resources: [documentResource] });
    const listed = await client.listResources();
    expect(listed.resources.map((r) => r.uri)).toEqual(expect.arrayContaining(documentIds.map((id) => `quarry://documents/${id}`)));

    const id = documentIds[0] ?? '';
    const before = await read(client, id);
    expect(before).toMatchObject({ id, parseStatus: 'ok', status: 200, crawlJobId: expect.stringMatching(/^crawl/) });
    expect(before['urls']).toEqual([before['url']]);
    expect(before['hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(before.extraction).toBeNull();

    await services.extraction.extract({ documentId: id }, { mode: 'offline' });
    const after = await read(client, id);
    expect(after.extraction).toMatchObject({ extractor: 'offline', extractions: 1 });
    expect((after.extraction?.['fieldNames'] as string[]).length).toBeGreaterThan(0);
    await close();
  });

  it('answers an unknown or hostile id with where to find valid ones', async () => {
    const { client, close } = await connectClient({ services, tools: [], resources: [documentResource] });
    for (const id of ['doc_missing', "x' OR '1'='1", '%00', 'a'.repeat(5000)]) {
      await expect(client.readResource({ uri: `quarry://documents/${encodeURIComponent(id)}` })).rejects.toThrow(/no stored document.*crawl_status/);
    }
    await close();
  });
});
