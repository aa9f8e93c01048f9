import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServices, type TestServices } from '../../server/testing.js';
import { BUCKETS, subjectToken } from '../bus/streams.js';
import { extraction, record, type FieldSpec } from '../clustering/fixtures.js';
import { saveExtraction } from '../extraction/repository.js';
import { createFeedback } from '../feedback/feedback.js';
import { createSchemaService, SchemaError, type SchemaService } from './service.js';

/**
 * The decisions a reviewer can get wrong, each refused with a clear error that changes nothing, and approval of a
 * type whose extractions include corrupted ones: those rows go to the failed queue with an alert, never the table.
 * Invented festival pages; the documents' bytes come from an in-memory document source.
 */
const CONDUCTORS = ['Karl Böhm', 'Anna Berg', 'Paolo Conti', 'Marie Dubois', 'Ivo Novak', 'Lena Roth', 'Ole Sand', 'Rita Moss', 'Tom Hall', 'Eva Lind'];

function page(i: number): string {
  return `<!doctype html><html lang="de"><head><title>Sommerfest ${i}</title></head><body><main>
<h1>Sommerfest ${i}</h1><p>Dirigent: ${CONDUCTORS[i] ?? ''}</p><p>Vom 1${i % 10}.07.2027 bis 2${i % 10}.07.2027</p><p>Plätze: ${1000 + i}</p></main></body></html>`;
}

function fields(i: number): FieldSpec[] {
  return [
    ['title', 'string', `Sommerfest ${i}`, 'Titel'],
    ['conductor', 'string', CONDUCTORS[i] ?? '', 'Dirigent'],
    ['run', 'date_range', { start: `2027-07-1${i % 10}`, end: `2027-07-2${i % 10}` }, 'Vom'],
    ['seats', 'integer', 1000 + i, 'Plätze'],
  ];
}

/** The schema service over the test services, reading the festival pages from memory. */
function festivalSchemas(services: TestServices, pages: ReadonlyMap<string, string>): SchemaService {
  const documents = {
    getDocument: async (id: string) => (pages.has(id) ? { url: `https://fest.test/${id}`, contentType: 'text/html' } : null),
    getDocumentBytes: async (id: string) => (pages.has(id) ? new TextEncoder().encode(pages.get(id)) : null),
  };
  return createSchemaService({ ...services, loader: createFeedback({ ...services, documents }) });
}

describe('approving and rejecting schema proposals', () => {
  let services: TestServices;
  let schemas: SchemaService;
  let festivals: string;
  let forming: string;
  const pages = new Map<string, string>();

  const count = async (table: string): Promise<number> => Number((await services.lakehouse.query(`SELECT count(*) AS n FROM quarry.${table}`)).rows[0]?.n);
  const tables = async (): Promise<string[]> => (await services.lakehouse.listTables()).map((t) => t.name);

  beforeAll(async () => {
    services = await openTestServices();
    const add = async (i: number, corrupt?: (f: FieldSpec[]) => FieldSpec[]) => {
      const documentId = `doc_fest_${i}`;
      pages.set(documentId, page(i));
      const e = extraction(`https://fest${i % 2}.test/${i}`, [record(corrupt ? corrupt(fields(i)) : fields(i))], { documentId });
      const raw = e.records[0]?.fields.find((f) => f.name === 'run');
      if (raw) raw.raw = `1${i % 10}.07.2027 bis 2${i % 10}.07.2027`;
      await saveExtraction(services.store, `ext_fest_${i}`, e, null);
      await services.clusters.addExtraction(e, null);
    };
    for (let i = 0; i < 8; i++) await add(i);
    // A value the page does not contain, and dates swapped so the run ends before it starts.
    await add(8, (f) => f.map((x) => (x[0] === 'conductor' ? ['conductor', 'string', 'Herbert Invented', 'Dirigent'] : x)));
    await add(9, (f) => f.map((x) => (x[0] === 'run' ? ['run', 'date_range', { start: '2027-07-29', end: '2027-07-19' }, 'Vom'] : x)));
    for (let i = 0; i < 3; i++) await services.clusters.recluster();
    // Contact pages arriving later: a cluster that has not been stable long enough to be a candidate.
    for (let i = 0; i < 4; i++) {
      const odd = extraction(`https://elsewhere.test/contact/${i}`, [record([['email', 'email', `info${i}@elsewhere.test`], ['phone', 'phone', `+41 44 000 00 0${i}`]])], { documentId: `doc_contact_${i}` });
      await saveExtraction(services.store, `ext_contact_${i}`, odd, null);
      await services.clusters.addExtraction(odd, null);
    }
    await services.clusters.recluster();
    const all = await services.clusters.listClusters();
    festivals = all.find((c) => c.status === 'candidate')?.id ?? '';
    forming = all.find((c) => c.status === 'forming')?.id ?? '';
    if (!festivals || !forming) throw new Error(`expected a candidate and a forming cluster: ${JSON.stringify(all.map((c) => [c.id, c.status, c.size]))}`);
    schemas = festivalSchemas(services, pages);
  }, 60_000);

  afterAll(async () => services.dispose());

  it('refuses a proposal for a cluster that is still forming, and for an unknown one, recording nothing', async () => {
    await expect(schemas.propose(forming)).rejects.toThrow(/still forming, not a schema candidate/);
    await expect(schemas.propose('clu_nope')).rejects.toThrow(new RegExp(`no cluster clu_nope; clusters: .*${festivals} \\(candidate\\)`));
    expect(await schemas.history(forming)).toEqual([]);
    expect(await schemas.listVersions()).toEqual([]);
  });

  it('refuses edits that name fields the proposal does not have, leaving it open', async () => {
    const proposal = await schemas.propose(festivals);
    expect(proposal.def.fields.map((f) => f.name).sort()).toEqual(['conductor', 'run', 'seats', 'title']);
    // A field read under one label is no question for the reviewer; only one that joins several names is.
    expect(proposal.openQuestions.filter((q) => q.includes('merged from'))).toEqual([]);
    for (const edits of [{ rename: { maestro: 'x' } }, { drop: ['nope'] }, { retype: { venue: 'string' as const } }, { require: ['ghost'] }, { describe: { phantom: 'y' } }]) {
      await expect(schemas.decide(proposal.id, { approve: true, edits, by: 'test' })).rejects.toThrow(/edits name fields the proposal does not have: .*; its fields are title, conductor, run, seats|its fields are/);
    }
    await expect(schemas.decide(proposal.id, { approve: true, edits: { rename: { conductor: 'Not Snake' } }, by: 'test' })).rejects.toThrow(/must be snake_case/);
    await expect(schemas.decide(proposal.id, { approve: true, edits: { rename: { conductor: 'title' } }, by: 'test' })).rejects.toThrow(/two fields would be named title/);
    expect((await schemas.getVersion(proposal.id))?.status).toBe('proposed');
    expect(await tables()).toEqual([]);
  });

  it('records a rejection with who and why, creates nothing, and refuses to approve it afterwards', async () => {
    const proposal = await schemas.propose(festivals);
    const { version } = await schemas.decide(proposal.id, { approve: false, by: 'reviewer@test', reason: 'names unclear' });
    expect(version).toMatchObject({ status: 'rejected', decidedBy: 'reviewer@test', reason: 'names unclear' });
    expect((await schemas.decide(proposal.id, { approve: false, by: 'reviewer@test' })).alreadyDecided).toBe(true);
    await expect(schemas.decide(proposal.id, { approve: true, by: 'test' })).rejects.toThrow(/was rejected \(names unclear\); propose again/);
    expect(await tables()).toEqual([]);
    expect(await (await services.bus.kv(BUCKETS.activeSchemas)).get(subjectToken(festivals))).toBeNull();
  });

  it('refuses a stale proposal once a newer version exists', async () => {
    const older = await schemas.propose(festivals);
    const newer = await schemas.propose(festivals);
    await expect(schemas.decide(older.id, { approve: true, by: 'test' })).rejects.toThrow(new RegExp(`is stale: a newer version exists \\(${newer.id} \\(proposed\\)\\)`));
    expect((await schemas.getVersion(older.id))?.status).toBe('superseded');
    expect(await tables()).toEqual([]);
  });

  it('proposes the fields that fail in some members as optional, and says which and why', async () => {
    const proposal = (await schemas.history(festivals)).at(-1);
    if (proposal?.status !== 'proposed') throw new Error('expected an open proposal');
    const required = Object.fromEntries(proposal.def.fields.map((f) => [f.name, f.required]));
    // Every festival has a conductor and a run, but one conductor is not on its page and one run ends before it starts.
    expect(required).toMatchObject({ conductor: false, run: false, seats: true });
    expect(proposal.openQuestions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^conductor: required by its coverage, but 1 of 10 documents fail it \(e\.g\. https:\/\/fest0\.test\/8: value "Herbert Invented" does not appear in the document\)/),
        expect.stringMatching(/^run: required by its coverage, but 1 of 10 documents fail it \(e\.g\. https:\/\/fest1\.test\/9: starts 2027-07-29 after it ends 2027-07-19\)/),
      ]),
    );
  });

  it('approves with a rename, loads the valid rows and sends the corrupted ones to the failed queue with alerts', async () => {
    const proposal = (await schemas.history(festivals)).at(-1);
    if (proposal?.status !== 'proposed') throw new Error('expected an open proposal');
    const failedBefore = (await services.bus.streamInfo('FAILED')).messages;
    // The reviewer requires the fields the proposal left optional: the members that fail them stay out.
    const edits = { rename: { conductor: 'music_director' }, require: ['conductor', 'run'], tableName: 'festivals' };
    const { version } = await schemas.decide(proposal.id, { approve: true, edits, by: 'reviewer@test', reason: 'looks right' });

    expect(version.loadReport).toMatchObject({ documents: 10, rowsLoaded: 8, rowsFailed: 2 });
    const problems = Object.fromEntries((version.loadReport?.failures ?? []).map((f) => [f.documentId, f.problems.map((p) => `${p.rule} ${p.field}: ${p.message}`)]));
    expect(problems).toEqual({
      doc_fest_8: ['grounding music_director: value "Herbert Invented" does not appear in the document'],
      doc_fest_9: ['cross_field run: starts 2027-07-29 after it ends 2027-07-19'],
    });
    expect((await services.bus.streamInfo('FAILED')).messages).toBe(failedBefore + 2);
    const alerts = await schemas.alerts();
    expect(alerts.filter((a) => a.kind === 'validation_failed').map((a) => a.documentId).sort()).toEqual(['doc_fest_8', 'doc_fest_9']);

    expect(await count('festivals')).toBe(8);
    const rows = (await services.lakehouse.query('SELECT music_director, run_start, run_end FROM quarry.festivals ORDER BY music_director')).rows;
    expect(rows.map((r) => r.music_director)).not.toContain('Herbert Invented');
    expect(rows.every((r) => String(r.run_start) <= String(r.run_end))).toBe(true);

    const active = await (await services.bus.kv(BUCKETS.activeSchemas)).get(subjectToken(festivals));
    expect(active?.json()).toMatchObject({ schemaId: proposal.id, clusterId: festivals, table: 'quarry.festivals' });
    expect((await services.clusters.getCluster(festivals))?.status).toBe('has_schema');
  });

  it('treats a second approval as already done: no new rows, no new version', async () => {
    const approved = (await schemas.history(festivals)).find((v) => v.status === 'approved');
    if (!approved) throw new Error('expected an approved version');
    const before = await schemas.history(festivals);
    const again = await schemas.decide(approved.id, { approve: true, edits: { drop: ['seats'] }, by: 'someone else' });
    expect(again.alreadyDecided).toBe(true);
    expect(again.version.decidedBy).toBe('reviewer@test');
    expect(await count('festivals')).toBe(8);
    expect(await schemas.history(festivals)).toEqual(before);
    await expect(schemas.decide(approved.id, { approve: false, by: 'test' })).rejects.toThrow(/approved already; rejecting it now is not possible/);
  });

  it('keeps the history with decisions and a diff between any two versions', async () => {
    const history = await schemas.history(festivals);
    expect(history.map((v) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'rejected'],
      [3, 'superseded'],
      [4, 'approved'],
    ]);
    const [first, , , approved] = history;
    const expected = [expect.stringMatching(/^table quarry\.\w+ → quarry\.festivals$/), '~ conductor renamed to music_director', '~ music_director now required', '~ run now required'];
    expect(approved?.loadReport?.diff).toEqual(expected);
    expect(approved).toMatchObject({ decidedBy: 'reviewer@test', reason: 'looks right', edits: { rename: { conductor: 'music_director' }, require: ['conductor', 'run'], tableName: 'festivals' } });
    expect(approved?.decidedAt).toEqual(expect.any(String));
    expect(await schemas.diff(first?.id ?? '', approved?.id ?? '')).toEqual(expected);
    expect(await schemas.diff(approved?.id ?? '', approved?.id ?? '')).toEqual([]);
    await expect(schemas.diff('sch_missing', approved?.id ?? '')).rejects.toBeInstanceOf(SchemaError);
  });
});

describe('loading what validation keeps', () => {
  let services: TestServices;
  let schemas: SchemaService;
  let festivals: string;
  const pages = new Map<string, string>();
  const save = async (i: number, extractionId: string, seats: number): Promise<void> => {
    const documentId = `doc_fest_${i}`;
    pages.set(documentId, page(i));
    const e = extraction(`https://fest${i % 2}.test/${i}`, [record(fields(i).map((f) => (f[0] === 'seats' ? ['seats', 'integer', seats, 'Plätze'] : f)))], { documentId });
    const run = e.records[0]?.fields.find((f) => f.name === 'run');
    if (run) run.raw = `1${i % 10}.07.2027 bis 2${i % 10}.07.2027`;
    await saveExtraction(services.store, extractionId, e, null);
    await services.clusters.addExtraction(e, null);
  };
  const rows = async (): Promise<Array<Record<string, unknown>>> => (await services.lakehouse.query('SELECT _document_id, conductor, seats FROM quarry.festivals ORDER BY _document_id')).rows;

  beforeAll(async () => {
    services = await openTestServices();
    // Festival 6's seat count is not on its page: an optional value that fails grounding.
    for (let i = 0; i < 8; i++) await save(i, `ext_fest_${i}`, i === 6 ? 4242 : 1000 + i);
    for (let i = 0; i < 3; i++) await services.clusters.recluster();
    festivals = (await services.clusters.listClusters()).find((c) => c.status === 'candidate')?.id ?? '';
    schemas = festivalSchemas(services, pages);
  }, 60_000);

  afterAll(async () => services.dispose());

  it('loads a row whose optional value fails with that value null, and an alert naming the field, the value and why', async () => {
    // Approved as proposed: the dry run saw the failing seat count and proposed seats optional.
    const proposal = await schemas.propose(festivals);
    expect(proposal.def.fields.find((f) => f.name === 'seats')?.required).toBe(false);
    const { version } = await schemas.decide(proposal.id, { approve: true, edits: { tableName: 'festivals' }, by: 'test' });
    expect(version.loadReport).toMatchObject({ rowsLoaded: 8, rowsFailed: 0, valuesDropped: 1 });
    expect(version.loadReport?.dropped.map((d) => [d.documentId, d.problems.map((p) => `${p.field}: ${p.message}`)])).toEqual([
      ['doc_fest_6', ['seats: value "4242" does not appear in the document']],
    ]);
    const all = await rows();
    expect(all).toHaveLength(8);
    expect(all.find((r) => r._document_id === 'doc_fest_6')).toMatchObject({ conductor: CONDUCTORS[6], seats: null });
    const alerts = await schemas.alerts();
    expect(alerts.filter((a) => a.kind === 'value_dropped').map((a) => [a.documentId, a.message])).toEqual([['doc_fest_6', expect.stringMatching(/loaded without seats \(value "4242" does not appear/)]]);
  });

  it('keeps one row per document through a second version and a corrected page, and closes the alert once it loads cleanly', async () => {
    await save(6, 'ext_fest_6_fixed', 1006);
    await services.clusters.recluster();
    const again = await schemas.propose(festivals);
    const { version } = await schemas.decide(again.id, { approve: true, edits: { optional: ['seats'] }, by: 'test' });
    expect(version.loadReport).toMatchObject({ rowsFailed: 0, valuesDropped: 0 });
    const all = await rows();
    expect(all.map((r) => r._document_id)).toEqual([...new Set(all.map((r) => r._document_id))]);
    expect(all).toHaveLength(8);
    expect(Number(all.find((r) => r._document_id === 'doc_fest_6')?.seats)).toBe(1006);
    expect((await schemas.alerts()).filter((a) => a.kind === 'value_dropped')).toEqual([]);
    // Approving the same version again, or replaying it, adds nothing.
    expect((await schemas.decide(again.id, { approve: true, by: 'test' })).alreadyDecided).toBe(true);
    expect(await rows()).toHaveLength(8);
  });
});
