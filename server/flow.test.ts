import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSites, type DemoSites } from '../evals/sites/server.js';
import { startPipeline, type RunningPipeline } from './pipeline.js';
import { connectClient, openTestServices, type TestServices } from './testing.js';

/**
 * The whole flow through a real MCP client on the demo sites: crawl → extract → clusters → propose → approve with a
 * rename and a dropped field → rows in the table → query_lakehouse returns them under the new names.
 */
interface Cluster {
  id: string;
  status: string;
  size: number;
  sites: string[];
  topFields: Array<{ name: string }>;
}

describe('the full flow through a real MCP client', () => {
  let sites: DemoSites;
  let services: TestServices;
  let pipeline: RunningPipeline;
  let client: Client;
  let close: () => Promise<void>;
  let clusters: Cluster[];

  const call = async <T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string; out: T }> => {
    const r = await client.callTool({ name, arguments: args });
    return { isError: Boolean(r.isError), text: JSON.stringify(r.content), out: r.structuredContent as T };
  };

  beforeAll(async () => {
    sites = await serveDemoSites();
    services = await openTestServices({ env: { QUARRY_ALLOW_HOSTS: sites.sites.map((s) => new URL(s.url).host).join(',') } });
    ({ client, close } = await connectClient({ services }, { capabilities: {} }));
    for (const site of sites.sites) {
      const crawl = await call<{ status: string; counters: { failedByReason: Record<string, number> } }>('crawl_site', { urls: [site.url], delayMs: 0 });
      expect(crawl.out.status).toBe('done');
      // The demo sites link to one missing page on purpose; nothing else may fail.
      expect(Object.keys(crawl.out.counters.failedByReason).filter((r) => r !== 'http_404'), JSON.stringify(crawl.out)).toEqual([]);
    }
    const extracted = await call<{ pending: { extracted: number; failed: unknown[] } }>('extract_document', { allPending: true, mode: 'offline' });
    expect(extracted.out.pending.failed).toEqual([]);
    pipeline = await startPipeline(services, { documents: services.documents, reclusterQuietMs: 60_000 });
    const deadline = Date.now() + 60_000;
    while ((await services.clusters.stats()).documents < extracted.out.pending.extracted) {
      if (Date.now() > deadline) throw new Error('the clusterer did not take every extraction');
      await sleep(100);
    }
    await call('recluster', {});
    clusters = (await call<{ clusters: Cluster[] }>('list_clusters', {})).out.clusters;
  }, 240_000);

  afterAll(async () => {
    await pipeline.stop();
    await close();
    await services.dispose();
    await sites.close();
  });

  const productions = (): Cluster => {
    const c = clusters.find((x) => x.status === 'candidate' && x.topFields.some((f) => f.name === 'conductor'));
    if (!c) throw new Error(`no production cluster among ${JSON.stringify(clusters.map((x) => [x.status, x.topFields.map((f) => f.name)]))}`);
    return c;
  };

  it('finds the productions of all three opera houses as one candidate type', () => {
    const c = productions();
    const seen = JSON.stringify(clusters.map((x) => [x.status, x.size, x.sites.length, x.topFields.slice(0, 4).map((f) => f.name)]));
    expect(c.sites, seen).toHaveLength(3);
    expect(c.size, seen).toBe(14);
  });

  it('refuses a proposal for a cluster that is not a candidate yet, changing nothing', async () => {
    const forming = clusters.find((c) => c.status === 'forming');
    if (!forming) return;
    const r = await call('propose_schema', { clusterId: forming.id });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/still forming, not a schema candidate/);
    expect(await services.schemas.history(forming.id)).toEqual([]);
  });

  it('approves with a rename and a dropped field, loads the rows and queries them by the new names', async () => {
    const proposal = await call<{ proposalId: string; fields: Array<{ name: string }>; zodSource: string; table: string }>('propose_schema', { clusterId: productions().id });
    expect(proposal.isError).toBe(false);
    expect(proposal.out.zodSource).toContain('conductor: z.string()');

    const unconfirmed = await call('approve_schema', { proposalId: proposal.out.proposalId, decision: 'approve', rename: { conductor: 'music_director' } });
    expect(unconfirmed.isError).toBe(true);
    expect(unconfirmed.text).toMatch(/Nothing was changed.*confirm: true/);

    const unknown = await call('approve_schema', { proposalId: proposal.out.proposalId, decision: 'approve', confirm: true, drop: ['no_such_field'] });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/edits name fields the proposal does not have: no_such_field/);
    expect((await services.lakehouse.listTables()).length).toBe(0);

    const approved = await call<{ table: string; rowsLoaded: number; rowsFailed: number; alreadyDecided: boolean }>('approve_schema', {
      proposalId: proposal.out.proposalId,
      decision: 'approve',
      confirm: true,
      rename: { conductor: 'music_director' },
      drop: ['costume_design'],
      tableName: 'opera_productions',
      reason: 'reviewed in test',
    });
    expect(approved.isError).toBe(false);
    expect(approved.out.rowsLoaded, JSON.stringify(approved.out).slice(0, 1500)).toBe(14);
    expect(approved.out.rowsFailed).toBe(0);

    const query = await call<{ rows: Array<Record<string, unknown>>; columns: Array<{ name: string }> }>('query_lakehouse', {
      sql: 'SELECT music_director, director FROM quarry.opera_productions ORDER BY music_director',
    });
    expect(query.out.rows).toHaveLength(14);
    expect(query.out.rows.every((r) => typeof r.music_director === 'string' && r.music_director.length > 0)).toBe(true);
    const columns = (await call<{ columns: Array<{ name: string }> }>('query_lakehouse', { sql: 'SELECT * FROM quarry.opera_productions LIMIT 1' })).out.columns.map((c) => c.name);
    expect(columns).toContain('music_director');
    expect(columns).not.toContain('conductor');
    expect(columns).not.toContain('costume_design');

    const again = await call<{ alreadyDecided: boolean; rowsLoaded: number }>('approve_schema', { proposalId: proposal.out.proposalId, decision: 'approve', confirm: true });
    expect(again.out.alreadyDecided).toBe(true);
    const count = await call<{ rows: Array<{ n: string }> }>('query_lakehouse', { sql: 'SELECT count(*) AS n FROM quarry.opera_productions' });
    expect(count.out.rows).toEqual([{ n: '14' }]);

    const rejectApproved = await call('approve_schema', { proposalId: proposal.out.proposalId, decision: 'reject', confirm: true });
    expect(rejectApproved.isError).toBe(true);

    const resource = await client.readResource({ uri: `quarry://schemas/${proposal.out.proposalId}` });
    const record = JSON.parse((resource.contents[0] as { text: string }).text) as { status: string; decidedBy: string; reason: string; loadReport: { diff: string[] } };
    expect(record.status).toBe('approved');
    expect(record.reason).toBe('reviewed in test');
    expect(record.loadReport.diff).toEqual(expect.arrayContaining(['~ conductor renamed to music_director', '- costume_design (string) dropped', 'table quarry.theaterevents → quarry.opera_productions'.replace('theaterevents', proposal.out.table.split('.')[1] ?? '')]));
  });

  it('refuses a stale proposal and records a rejection', async () => {
    const notices = clusters.find((c) => c.status === 'candidate' && c.topFields.some((f) => f.name === 'cpv_code'));
    if (!notices) throw new Error('no notice cluster');
    const first = await call<{ proposalId: string }>('propose_schema', { clusterId: notices.id });
    const second = await call<{ proposalId: string }>('propose_schema', { clusterId: notices.id });
    const stale = await call('approve_schema', { proposalId: first.out.proposalId, decision: 'approve', confirm: true });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(/is stale: a newer version exists/);
    const rejected = await call<{ status: string }>('approve_schema', { proposalId: second.out.proposalId, decision: 'reject', confirm: true, reason: 'not now' });
    expect(rejected.out.status).toBe('rejected');
    const afterReject = await call('approve_schema', { proposalId: second.out.proposalId, decision: 'approve', confirm: true });
    expect(afterReject.isError).toBe(true);
    expect(afterReject.text).toMatch(/was rejected/);
    expect((await services.lakehouse.listTables()).map((t) => t.name)).not.toContain('notices');
  });

  it('catches a corrupted extraction in validation: failed queue and alert, not the table', async () => {
    const target = clusters.find((c) => c.status === 'candidate' && c.topFields.some((f) => f.name === 'contracting_authority') && c.size >= 5);
    if (!target) throw new Error('no procurement cluster');
    const member = (await services.clusters.membersOf(target.id))?.[0];
    const [row] = await services.store.query<{ id: string; records: Array<{ fields: Array<{ name: string; raw: string; value: unknown }> }> }>(
      'SELECT id, records FROM extractions WHERE document_id = $1 ORDER BY created_at DESC LIMIT 1',
      [member?.documentId ?? ''],
    );
    const records = row?.records ?? [];
    const main = records.reduce((a, b) => (b.fields.length > a.fields.length ? b : a), records[0] ?? { fields: [] });
    const field = main.fields.find((f) => f.name === 'contracting_authority');
    if (!field) throw new Error('no contracting_authority field to corrupt');
    field.raw = 'Ministry of Invented Affairs';
    field.value = 'Ministry of Invented Affairs';
    await services.store.query('UPDATE extractions SET records = $2 WHERE id = $1', [row?.id, JSON.stringify(records)]);

    const failedBefore = (await services.bus.streamInfo('FAILED')).messages;
    // The proposal's dry run saw the failing value: the field is proposed optional, and the reviewer is told why.
    const proposal = await call<{ proposalId: string; fields: Array<{ name: string; required: boolean }>; openQuestions: string[] }>('propose_schema', { clusterId: target.id });
    expect(proposal.out.fields.find((f) => f.name === 'contracting_authority')?.required).toBe(false);
    expect(proposal.out.openQuestions).toContainEqual(expect.stringMatching(/^contracting_authority: required by its coverage, but 1 of \d+ documents fail it \(e\.g\. .*"Ministry of Invented Affairs" does not appear/));
    // The reviewer requires it: the corrupted row is kept out.
    const approved = await call<{ table: string; rowsLoaded: number; rowsFailed: number; failures: Array<{ url: string; problems: string[] }> }>('approve_schema', {
      proposalId: proposal.out.proposalId,
      decision: 'approve',
      confirm: true,
      require: ['contracting_authority'],
      tableName: 'tender_notices',
    });
    // Only the corrupted row fails, and for the reason a reviewer needs to see.
    expect(approved.out.failures.map((f) => f.problems.join(' '))).toEqual([
      expect.stringMatching(/contracting_authority: value "Ministry of Invented Affairs" does not appear in the document/),
    ]);
    expect(approved.out.rowsFailed).toBe(1);
    expect((await services.bus.streamInfo('FAILED')).messages).toBe(failedBefore + 1);
    const alerts = await call<{ alerts: Array<{ kind: string; message: string }> }>('list_alerts', {});
    expect(alerts.out.alerts.some((a) => a.kind === 'validation_failed' && a.message.includes('Ministry of Invented Affairs'))).toBe(true);
    const inTable = await call<{ rows: Array<{ n: string }> }>('query_lakehouse', { sql: `SELECT count(*) AS n FROM quarry.tender_notices WHERE contracting_authority = 'Ministry of Invented Affairs'` });
    expect(inTable.out.rows).toEqual([{ n: '0' }]);
  });

  it('asks for confirmation through elicitation when the client supports it', async () => {
    const eliciting = await connectClient({ services }, { capabilities: { elicitation: { form: {} } } });
    const asked: string[] = [];
    eliciting.client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(String(req.params.message));
      return { action: 'decline' };
    });
    const contact = clusters.find((c) => c.status !== 'forming' && !c.topFields.some((f) => ['conductor', 'cpv_code', 'contracting_authority'].includes(f.name)));
    if (!contact) return;
    const proposal = (await eliciting.client.callTool({ name: 'propose_schema', arguments: { clusterId: contact.id } })).structuredContent as { proposalId: string };
    const declined = await eliciting.client.callTool({ name: 'approve_schema', arguments: { proposalId: proposal.proposalId, decision: 'approve' } });
    expect(declined.isError).toBe(true);
    expect(asked[0]).toMatch(/^Approve schema/);
    expect((await services.schemas.getVersion(proposal.proposalId))?.status).toBe('proposed');
    await eliciting.close();
  });
});
