import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveDemoSites } from '../../evals/sites/server.js';
import { loadConfig } from '../config.js';
import { connectInProcess } from '../in-process.js';
import { startPipeline } from '../pipeline.js';
import { openServices } from '../services.js';

/**
 * `quarry demo`: the whole flow in one command on the embedded defaults, through Quarry's own MCP tools — serve the
 * demo sites, crawl them, extract, let the productions emerge as a type, propose a schema, approve it with one
 * rename as a reviewer would, load the rows and print a query over the new Iceberg table.
 */
export async function runDemo(opts: { dataDir?: string; out: (line: string) => void; env?: NodeJS.ProcessEnv }): Promise<{ rows: number; table: string; dataDir: string }> {
  const say = opts.out;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'quarry-demo-'));
  const sites = await serveDemoSites();
  const config = loadConfig({ env: { ...(opts.env ?? {}), QUARRY_DATA_DIR: dataDir, QUARRY_ALLOW_HOSTS: sites.sites.map((s) => new URL(s.url).host).join(',') } });
  const services = await openServices(config);
  const pipeline = await startPipeline(services, { documents: services.documents, reclusterQuietMs: 60_000 });
  const { client, close } = await connectInProcess({ services }, { name: 'quarry-demo' });
  const call = async <T>(name: string, args: Record<string, unknown>): Promise<T> => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 600_000 });
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
    return result.structuredContent as T;
  };
  try {
    say(`1. Crawling ${sites.sites.length} demo sites (state in ${dataDir})`);
    for (const site of sites.sites) {
      const crawl = await call<{ counters: { stored: number; skippedByRobots: number; rendered: number } }>('crawl_site', { urls: [site.url], delayMs: 0 });
      say(`   ${site.name}: ${crawl.counters.stored} documents stored, ${crawl.counters.skippedByRobots} skipped by robots.txt, ${crawl.counters.rendered} rendered with Chromium`);
    }
    await call<{ pending: { extracted: number } }>('extract_document', { allPending: true });
    const [{ n: extractions } = { n: 0 }] = await services.store.query<{ n: number }>('SELECT count(DISTINCT document_id)::int AS n FROM extractions');
    say(`2. Extracted every value from ${extractions} documents, no schema given`);
    // The pipeline's workers cluster each extraction as it is published; wait until they have seen them all.
    while ((await services.clusters.stats()).documents < extractions) await sleep(100);
    const reclustered = await call<{ clusters: number; becameCandidate: string[] }>('recluster', {});
    const { clusters } = await call<{ clusters: Array<{ id: string; suggestedName: string; size: number; status: string; sites: string[]; topFields: Array<{ name: string }> }> }>('list_clusters', {});
    say(`3. ${reclustered.clusters} document types emerged; ${reclustered.becameCandidate.length} are schema candidates:`);
    for (const c of clusters) say(`   ${c.status.padEnd(10)} ${c.suggestedName.padEnd(24)} ${String(c.size).padStart(3)} documents from ${c.sites.length} site(s): ${c.topFields.slice(0, 5).map((f) => f.name).join(', ')}`);
    const productions = clusters.find((c) => c.status === 'candidate' && c.topFields.some((f) => f.name === 'conductor'));
    if (!productions) throw new Error('the opera productions did not become a candidate type');
    const proposal = await call<{ proposalId: string; table: string; fields: Array<{ name: string; type: string; required: boolean }> }>('propose_schema', { clusterId: productions.id });
    say(`4. Proposed ${proposal.proposalId} for ${proposal.table}: ${proposal.fields.map((f) => `${f.name}:${f.type}${f.required ? '' : '?'}`).join(', ')}`);
    const approved = await call<{ table: string; rowsLoaded: number; childRowsLoaded: number; rowsFailed: number }>('approve_schema', {
      proposalId: proposal.proposalId,
      decision: 'approve',
      confirm: true,
      rename: { conductor: 'music_director' },
      tableName: 'opera_productions',
      reason: 'quarry demo: approved with one rename, as a reviewer would',
    });
    say(`5. Approved with conductor → music_director: ${approved.table} holds ${approved.rowsLoaded} rows (${approved.childRowsLoaded} nested), ${approved.rowsFailed} failed validation`);
    const query = await call<{ rows: Array<Record<string, unknown>> }>('query_lakehouse', {
      sql: `SELECT title, music_director, director, dates_start FROM ${approved.table} ORDER BY dates_start NULLS LAST LIMIT 8`,
    });
    say(`6. SELECT title, music_director, director, dates_start FROM ${approved.table}:`);
    for (const row of query.rows) say(`   ${String(row.dates_start ?? '').padEnd(10)}  ${String(row.title).slice(0, 48).padEnd(48)}  ${String(row.music_director ?? '').padEnd(22)}  ${String(row.director ?? '')}`);
    return { rows: approved.rowsLoaded, table: approved.table, dataDir };
  } finally {
    await close();
    await pipeline.stop();
    await services.close();
    await sites.close();
  }
}
