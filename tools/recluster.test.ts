import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDemoCorpus } from '../pipeline/clustering/testing.js';
import { connectClient, openTestServices, type TestServices } from '../server/testing.js';
import { reclusterTool } from './recluster.js';

describe('the recluster tool', () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(async () => services.dispose());

  it('turns clusters that stay the same over its confirmations into schema candidates', async () => {
    await addDemoCorpus(services.clusters, 6);
    const { client, close } = await connectClient({ services, tools: [reclusterTool] });
    const once = (await client.callTool({ name: 'recluster', arguments: { confirmations: 0 } })).structuredContent as { becameCandidate: string[]; clusters: number };
    expect(once.clusters).toBeGreaterThanOrEqual(2);
    expect(once.becameCandidate).toEqual([]);
    const confirmed = (await client.callTool({ name: 'recluster', arguments: {} })).structuredContent as { becameCandidate: string[]; runs: number };
    expect(confirmed.runs).toBe(3);
    expect(confirmed.becameCandidate.length).toBeGreaterThanOrEqual(2);
    const candidates = await services.clusters.listClusters({ status: 'candidate' });
    expect(candidates.map((c) => c.id).sort()).toEqual([...confirmed.becameCandidate].sort());
    await close();
  });

  it('works on an empty corpus', async () => {
    const empty = await openTestServices();
    const { client, close } = await connectClient({ services: empty, tools: [reclusterTool] });
    const out = await client.callTool({ name: 'recluster', arguments: {} });
    expect(out.isError).toBeFalsy();
    expect(out.structuredContent).toMatchObject({ documents: 0, clusters: 0, becameCandidate: [] });
    await close();
    await empty.dispose();
  });
});
