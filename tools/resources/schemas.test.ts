import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extraction, record, type FieldSpec } from '../../pipeline/clustering/fixtures.js';
import { saveExtraction } from '../../pipeline/extraction/repository.js';
import { connectClient, openTestServices, type TestServices } from '../../server/testing.js';
import { proposalResource } from './schemas.js';

type Client = Awaited<ReturnType<typeof connectClient>>['client'];

const production = (i: number, extra: FieldSpec[] = []) =>
  extraction(
    `https://opera${i % 2}.test/p/${i}`,
    [
      record([
        ['title', 'string', `Oper ${i}`, 'Titel'],
        ['conductor', 'string', `Person ${i}`, i % 2 ? 'Direttore' : 'Dirigent'],
        ['premiere', 'date', `2027-03-1${i % 10}`, 'Premiere'],
        ...extra,
      ]),
    ],
    { documentId: `doc_res_${i}` },
  );

describe('the proposal resource through a real MCP client', () => {
  let services: TestServices;
  let client: Client;
  let close: () => Promise<void>;
  let clusterId: string;

  const read = async (id: string) => {
    const content = (await client.readResource({ uri: `quarry://proposals/${id}` })).contents[0];
    return JSON.parse(content && 'text' in content ? content.text : '{}') as Record<string, unknown>;
  };

  beforeAll(async () => {
    services = await openTestServices();
    for (let i = 0; i < 8; i++) {
      const e = production(i);
      await saveExtraction(services.store, `ext_res_${i}`, e, null);
      await services.clusters.addExtraction(e, null);
    }
    for (let i = 0; i < 3; i++) await services.clusters.recluster();
    clusterId = (await services.clusters.listClusters({ status: 'candidate' }))[0]?.id ?? '';
    ({ client, close } = await connectClient({ services, tools: [], resources: [proposalResource] }));
  }, 60_000);

  afterAll(async () => {
    await close();
    await services.dispose();
  });

  it('lists only open proposals and shows one as a reviewer needs it', async () => {
    expect((await client.listResources()).resources).toEqual([]);
    const proposal = await services.schemas.propose(clusterId);
    const listed = (await client.listResources()).resources;
    expect(listed.map((r) => r.uri)).toEqual([`quarry://proposals/${proposal.id}`]);

    const body = await read(proposal.id);
    expect(body).toMatchObject({
      proposalId: proposal.id,
      status: 'proposed',
      decision: `open: call approve_schema with proposalId ${proposal.id}`,
      onApproval: { action: 'create', table: `${proposal.def.namespace}.${proposal.def.tableName}`, diffFromActive: [] },
    });
    const conductor = (body.fields as Array<Record<string, unknown>>).find((f) => f.name === 'conductor');
    expect(conductor).toMatchObject({ type: 'string', required: true, coverage: 1, sources: ['conductor'], evidence: ['labels as written: Dirigent, Direttore'] });
    expect(body.zodSource).toContain('conductor: z.string()');
    expect(body.jsonSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['conductor']) });
  });

  it('shows an evolution proposal with what it changes in the active table', async () => {
    const open = (await services.schemas.history(clusterId)).find((v) => v.status === 'proposed');
    await services.schemas.decide(open?.id ?? '', { approve: true, edits: { rename: { conductor: 'music_director' } }, by: 'reviewer@test', reason: 'ok' });
    expect((await client.listResources()).resources).toEqual([]);
    const decided = await read(open?.id ?? '');
    expect(decided.decision).toMatch(/^approved by reviewer@test at \d{4}-.* \(ok\)$/);

    for (let i = 8; i < 16; i++) {
      const e = production(i, [['livestream', 'url', `https://opera.test/live/${i}`, 'Livestream']]);
      await saveExtraction(services.store, `ext_res_${i}`, e, null);
      await services.clusters.addExtraction(e, null);
    }
    const { proposal } = await services.schemas.checkDrift(clusterId);
    const body = await read(proposal?.id ?? '');
    expect(body.onApproval).toMatchObject({ action: 'evolve', activeVersion: open?.id, diffFromActive: ['+ livestream (url) added'] });
    expect((body.fields as Array<{ name: string }>).map((f) => f.name)).toContain('music_director');
  });

  it('answers an unknown or hostile id with an error naming the open proposals', async () => {
    for (const id of ['sch_nope', '%27%3B%20DROP%20TABLE%20schema_versions%3B--', 'x'.repeat(5000)]) {
      await expect(client.readResource({ uri: `quarry://proposals/${id}` })).rejects.toThrow(/no proposal .*; open proposals: sch_/);
    }
    expect((await services.schemas.listVersions()).length).toBe(2);
  });
});
