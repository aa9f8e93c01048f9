import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterService } from '../pipeline/clustering/service.js';
import { addDemoCorpus, openTestClusterService, productionPage } from '../pipeline/clustering/testing.js';
import { openStore } from '../pipeline/store/open.js';
import type { Store } from '../pipeline/store/store.js';
import { runClustersCommand } from '../server/commands/clusters.js';
import { listClustersTool } from './list_clusters.js';
import { clusterResource } from './resources/clusters.js';
import type { ToolContext } from './tool.js';

let store: Store;
let clusters: ClusterService;
let close: () => Promise<void>;

const ctx = (deps: { clusters: ClusterService }): ToolContext<{ clusters: ClusterService }> => ({
  deps,
  signal: new AbortController().signal,
  progress: async () => undefined,
});

async function callTool(raw: unknown) {
  const input = listClustersTool.inputSchema.parse(raw);
  const output = listClustersTool.outputSchema.parse(await listClustersTool.handler(input, ctx({ clusters })));
  return { output, text: listClustersTool.summarize?.(output) ?? '' };
}

beforeAll(async () => {
  store = await openStore({});
  ({ clusters, close } = await openTestClusterService(store));
});

afterAll(async () => {
  await close();
  await store.close();
});

describe('list_clusters, the cluster resource and `quarry clusters`', () => {
  it('tell the model there is nothing yet before any document was clustered', async () => {
    const { output, text } = await callTool({});
    expect(output).toEqual({ clusters: [], total: 0, documents: 0, noise: 0 });
    expect(text).toMatch(/crawl or extract documents first/);
    expect(await runClustersCommand({ clusters })).toMatch(/No clusters \(0 documents, 0 noise\)/);
  });

  it('list discovered types with name, size, sites, status, cohesion, fields and representative documents', async () => {
    await addDemoCorpus(clusters, 3);
    await clusters.addExtraction(...productionPage('it', 99));
    await clusters.recluster();
    const { output, text } = await callTool({});
    expect(output.total).toBe(2);
    expect(output.documents).toBe(13);
    const [biggest] = output.clusters;
    expect(biggest).toMatchObject({ size: 7, status: 'forming', sites: expect.arrayContaining(['teatro.example.it', 'staatsoper.example.de']) });
    expect(biggest?.suggestedName).toMatch(/\w+/);
    expect(biggest?.topFields[0]).toMatchObject({ coverage: 1, examples: expect.any(Array), labels: expect.any(Array) });
    expect(biggest?.representatives.length).toBe(3);
    expect(text).toMatch(/2 cluster\(s\) over 13 documents/);
    // Why: what the members share, and what this type was kept apart from (the other cluster, less similar than its own members).
    const [a, b] = output.clusters;
    expect(a?.evidence.find((e) => e.evidence === 'detail')).toMatchObject({ coverage: 1 });
    expect(a?.nearest).toMatchObject({ id: b?.id, suggestedName: b?.suggestedName });
    expect(b?.nearest?.id).toBe(a?.id);
    expect(a?.nearest?.similarity).toBeLessThan(a?.cohesion as number);
    expect(text).toMatch(/shared: .*%; nearest: ".+" at -?\d/);
  });

  it('filter by status, site and size, and cap the list with limit', async () => {
    expect((await callTool({ status: 'candidate' })).output.clusters).toEqual([]);
    expect((await callTool({ site: 'teatro.example.it' })).output.total).toBe(2);
    expect((await callTool({ site: 'elsewhere.example' })).text).toMatch(/No clusters match/);
    expect((await callTool({ minSize: 7 })).output.total).toBe(1);
    const limited = await callTool({ limit: 1 });
    expect(limited.output).toMatchObject({ total: 2, clusters: [expect.any(Object)] });
    expect(limited.text).toMatch(/1 more; raise limit/);
  });

  it('reject malformed filters at the edge', () => {
    for (const bad of [{ minSize: -1 }, { minSize: 1.5 }, { limit: 10_000 }, { status: 'approved' }, { site: '' }, { site: 'x'.repeat(300) }]) {
      expect(listClustersTool.inputSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('serve each cluster as a resource with its members, and explain unknown ids', async () => {
    const listed = (await clusterResource.list?.({ clusters })) ?? [];
    expect(listed).toHaveLength(2);
    const [content] = await clusterResource.read(new URL(listed[0]?.uri ?? ''), { id: listed[0]?.name ?? '' }, { clusters });
    const body = JSON.parse(content?.text ?? '{}') as { members: Array<{ url: string }>; subTemplates: unknown[]; membersTruncated: boolean };
    expect(body.members).toHaveLength(7);
    expect(body.subTemplates).toHaveLength(2);
    expect(body.membersTruncated).toBe(false);
    await expect(clusterResource.read(new URL('quarry://clusters/nope'), { id: 'nope' }, { clusters })).rejects.toThrow(/call list_clusters/);
  });

  it('print a table for the CLI, optionally after re-clustering', async () => {
    const table = await runClustersCommand({ clusters }, { recluster: true });
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^Re-clustered 13 documents/);
    expect(lines[1]).toMatch(/^ID\s+NAME\s+STATUS\s+SIZE\s+COHESION\s+SITES\s+TOP FIELDS$/);
    expect(lines[2]).toMatch(/^clu_\w+\s+\S+\s+forming\s+7\s+\d\.\d\d\s+/);
    expect(table).toMatch(/2 cluster\(s\), 13 documents, 0 noise\.$/);
    expect(await runClustersCommand({ clusters }, { status: 'has_schema' })).toMatch(/No clusters match the filters/);
  });
});
