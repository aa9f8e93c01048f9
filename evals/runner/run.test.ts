import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EVAL_BEGIN, EVAL_END, offlineStages, runEvalCommand } from '../../server/commands/eval.js';
import { startFakeMessagesApi, toolUseReply } from '../fakes/messages-api.js';
import { EXTRACT_TOOL_NAME } from '../../prompts/extract.js';
import { datasetDirs, loadDatasetDir, sharedDatasetsRoot } from '../datasets/adapters.js';
import { findRegressions, toBaseline, type DatasetResult, type Stages } from './run.js';
import { replaceEvalBlock } from './readme.js';

const dir = mkdtempSync(join(tmpdir(), 'quarry-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { out: () => undefined };

/** Two small invented datasets in the layouts of ../shared/datasets: products (Zyte) and page types (labels.csv). */
function writeSmallDatasets(): string[] {
  const products = join(dir, 'products');
  mkdirSync(join(products, 'html'), { recursive: true });
  const truth: Record<string, unknown> = {};
  const items = [
    ['a1', 'Walnut Desk Lamp', '49.90', 'LMP-204', 'Lumen & Co'],
    ['b2', 'Oak Reading Chair', '189.00', 'CHR-880', 'Holzwerk'],
    ['c3', 'Linen Cushion Cover', '19.50', 'CSH-112', 'Fadenlauf'],
  ];
  for (const [hash, name, price, sku, brand] of items) {
    truth[hash as string] = { url: `https://shop.example/${hash}`, price: [price], currency: ['EUR'], sku: [sku], brand: [brand] };
    const html = `<html><head><title>${name}</title></head><body><h1>${name}</h1><dl><dt>Price</dt><dd>€ ${price}</dd><dt>SKU</dt><dd>${sku}</dd><dt>Brand</dt><dd>${brand}</dd></dl></body></html>`;
    writeFileSync(join(products, 'html', `${hash}.html.gz`), gzipSync(html));
  }
  writeFileSync(join(products, 'ground-truth.json'), JSON.stringify(truth));

  const pages = join(dir, 'pagetypes');
  mkdirSync(join(pages, 'html'), { recursive: true });
  const rows = ['file,page_type'];
  for (let i = 1; i <= 3; i++) {
    writeFileSync(
      join(pages, 'html', `question-${i}.html`),
      `<html><body><h1>How do I sort list ${i}?</h1><div class="question"><p>Asked 2027-01-0${i} by user${i}</p><p>I have a list and want it sorted, case ${i}.</p></div><div class="answers"><div class="answer"><p>Use sorted(), answer ${i}.</p></div></div></body></html>`,
    );
    writeFileSync(
      join(pages, 'html', `users-${i}.html`),
      `<html><body><h1>Users page ${i}</h1><table><tr><th>User</th><th>Reputation</th><th>Location</th></tr>${[1, 2, 3, 4, 5].map((j) => `<tr><td>member${i}${j}</td><td>${i * 100 + j}</td><td>City ${j}</td></tr>`).join('')}</table></body></html>`,
    );
    rows.push(`question-${i}.html,question`, `users-${i}.html,users`);
  }
  writeFileSync(join(pages, 'labels.csv'), rows.join('\n'));
  return [products, pages];
}

// Each run parses, extracts, clusters and induces over whole datasets: on a busy 2-core machine that takes a while.
const SLOW = { timeout: 180_000 };

describe('the eval runner', SLOW, () => {
  const baselinePath = join(dir, 'baseline.json');

  it('exits 0 at its own baseline and writes a report', async () => {
    await runEvalCommand({ ...quiet, noExternal: true, baselinePath, reportPath: join(dir, 'r0.json'), updateBaseline: true });
    let printed = '';
    const again = await runEvalCommand({ noExternal: true, baselinePath, reportPath: join(dir, 'r1.json'), out: (t) => (printed += t) });
    expect(again.exitCode).toBe(0);
    expect(again.regressions).toEqual([]);
    expect(printed).toMatch(/\| demo sites \(golden\) \| offline \| 56 \|/);
    const report = JSON.parse(readFileSync(join(dir, 'r1.json'), 'utf8')) as { results: Array<{ metrics: Record<string, number | null> }> };
    expect(report.results[0]?.metrics.value_recall).toBeGreaterThan(0.5);
  });

  it('exits non-zero and names the metric when an extractor gets worse on purpose', async () => {
    const degraded: Stages = {
      ...offlineStages,
      async extract(parsed) {
        const extraction = await offlineStages.extract(parsed);
        return { ...extraction, records: extraction.records.map((r) => ({ ...r, fields: r.fields.filter((_, i) => i % 2 === 0) })) };
      },
    };
    let printed = '';
    const result = await runEvalCommand({ noExternal: true, baselinePath, reportPath: join(dir, 'r2.json'), stages: [degraded], out: (t) => (printed += t) });
    expect(result.exitCode).toBe(1);
    expect(result.regressions.map((r) => r.metric)).toContain('value_recall');
    expect(printed).toMatch(/REGRESSION value_recall on demo sites \(golden\) \(offline\)/);
  });
});

describe('the eval runner on small folders', SLOW, () => {
  const datasets = writeSmallDatasets();
  const baselinePath = join(dir, 'small-baseline.json');
  const small = { noGolden: true, datasets, baselinePath };

  it('reads folders given with --dataset and scores each in its own row', async () => {
    let printed = '';
    const result = await runEvalCommand({ ...small, reportPath: join(dir, 's0.json'), updateBaseline: true, out: (t) => (printed += t) });
    expect(result.exitCode).toBe(0);
    expect(result.results.map((r) => [r.dataset, r.documents])).toEqual([
      ['zyte products', 3],
      ['pagetypes', 6],
    ]);
    expect(result.results[0]?.metrics.value_recall).toBeGreaterThan(0.5);
    expect(result.results[1]?.metrics.ari).not.toBeNull();
    expect(printed).toMatch(/\| pagetypes \| offline \| 6 \|/);
  });

  it('shows a missing stage as n/a (stage not available) and, against a baseline that had it, as a regression', async () => {
    const { cluster: _cluster, ...withoutClustering } = offlineStages;
    let printed = '';
    const result = await runEvalCommand({ ...small, reportPath: join(dir, 's1.json'), stages: [withoutClustering], out: (t) => (printed += t) });
    expect(printed).toContain('n/a (stage not available)');
    expect(result.results[1]?.unavailable).toEqual(['ari', 'nmi', 'purity']);
    expect(result.results[1]?.metrics.ari).toBeNull();
    expect(result.regressions.map((r) => `${r.metric} ${r.dataset}`)).toEqual(['ari pagetypes', 'nmi pagetypes', 'purity pagetypes']);
    expect(result.exitCode).toBe(1);
  });

  it('writes to a stream as well as to a function', async () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk.toString()), done()) });
    const result = await runEvalCommand({ ...small, reportPath: join(dir, 's2.json'), out: stream });
    expect(result.exitCode).toBe(0);
    expect(chunks.join('')).toMatch(/no regression against/);
  });

  it('writes the figures table into the marked block of a markdown file', async () => {
    const readme = join(dir, 'README.md');
    writeFileSync(readme, `# x\n${EVAL_BEGIN}\nold\n${EVAL_END}\n`);
    await runEvalCommand({ ...quiet, ...small, reportPath: join(dir, 's3.json'), writeReadme: readme });
    expect(readFileSync(readme, 'utf8')).toMatch(/eval:begin[^\n]*\n\| dataset \| stages \| docs \|[^]*\| pagetypes \|[^]*\n<!-- eval:end -->\n$/);
  });

  it('scores the LLM path side by side when an API key is set, counting tokens per document', async () => {
    const api = await startFakeMessagesApi({ fallback: () => toolUseReply(EXTRACT_TOOL_NAME, { multiplicity: 'single', records: [] }, { input_tokens: 900, output_tokens: 100 }) });
    try {
      const result = await runEvalCommand({
        ...quiet,
        ...small,
        datasets: [datasets[0] as string],
        reportPath: join(dir, 's4.json'),
        env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api.url, QUARRY_MODEL: 'claude-eval-test' },
      });
      expect(result.results.map((r) => r.stages)).toEqual(['offline', 'llm']);
      expect(result.results[1]?.metrics.input_tokens_per_doc).toBe(900);
      expect(result.results[1]?.metrics.output_tokens_per_doc).toBe(100);
      expect(result.results[1]?.metrics.llm_calls_per_doc).toBe(1);
      expect(result.results[0]?.metrics.llm_calls_per_doc).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('records a Langfuse dataset run with a score per document', async () => {
    const calls: Array<{ path: string; auth: string; body: Record<string, unknown> }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await runEvalCommand({
        ...quiet,
        ...small,
        reportPath: join(dir, 's5.json'),
        env: { LANGFUSE_PUBLIC_KEY: 'pk-lf-x', LANGFUSE_SECRET_KEY: 'sk-lf-y', LANGFUSE_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
      });
    } finally {
      server.close();
    }
    const paths = new Set(calls.map((c) => c.path));
    expect([...paths].sort()).toEqual(['/api/public/dataset-items', '/api/public/dataset-run-items', '/api/public/datasets', '/api/public/ingestion', '/api/public/scores']);
    expect(calls.filter((c) => c.path === '/api/public/datasets').map((c) => c.body.name)).toEqual(['quarry-eval/zyte products', 'quarry-eval/pagetypes']);
    const runItems = calls.filter((c) => c.path === '/api/public/dataset-run-items');
    expect(runItems).toHaveLength(9);
    expect([...new Set(runItems.map((c) => c.body.runName))]).toEqual([expect.stringMatching(/^quarry-eval-.* offline$/)]);
    expect(runItems[0]?.body.metadata).toMatchObject({ stages: 'offline', value_recall: expect.any(Number) });
    // Only the products carry expected values; page types have labels, so no value-recall score per item.
    expect(calls.filter((c) => c.path === '/api/public/scores')).toHaveLength(3);
    expect(calls.filter((c) => c.path === '/api/public/scores').every((c) => typeof c.body.value === 'number' && c.body.name === 'value_recall')).toBe(true);
    expect(calls[0]?.auth).toBe(`Basic ${Buffer.from('pk-lf-x:sk-lf-y').toString('base64')}`);
    expect(JSON.stringify(calls)).not.toContain('Walnut Desk Lamp');
  });

  it('says so, with the status, when Langfuse refuses the run, and still gives the verdict', async () => {
    const server = createServer((_req, res) => res.writeHead(401).end('bad key'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    let printed = '';
    try {
      const result = await runEvalCommand({
        ...small,
        datasets: [datasets[0] as string],
        reportPath: join(dir, 's6.json'),
        env: { LANGFUSE_PUBLIC_KEY: 'pk-lf-public-7731', LANGFUSE_SECRET_KEY: 'sk-lf-secret-7731', LANGFUSE_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
        out: (t) => (printed += t),
      });
      expect(result.exitCode).toBe(0);
    } finally {
      server.close();
    }
    expect(printed).toMatch(/Langfuse dataset run not recorded: Langfuse \/api\/public\/datasets answered 401: bad key/);
    expect(printed).not.toContain('secret-7731');
  });
});

describe('baseline comparison', () => {
  const result = (dataset: string, value_recall: number | null): DatasetResult => ({
    dataset,
    stages: 'offline',
    documents: 1,
    metrics: { value_recall, parse_ms_per_doc: 999 } as DatasetResult['metrics'],
    unavailable: [],
    perDocument: [],
    details: {},
    notes: [],
  });

  it('allows a drop within the tolerance, names one beyond it, and applies a per-metric tolerance', () => {
    const baseline = { tolerance: 0.02, results: [{ dataset: 'd', stages: 'offline', metrics: { value_recall: 0.8 } }] };
    expect(findRegressions([result('d', 0.785)], baseline)).toEqual([]);
    expect(findRegressions([result('d', 0.77)], baseline)).toEqual([{ dataset: 'd', stages: 'offline', metric: 'value_recall', baseline: 0.8, current: 0.77, tolerance: 0.02 }]);
    expect(findRegressions([result('d', 0.77)], { ...baseline, tolerances: { value_recall: 0.05 } })).toEqual([]);
  });

  it('ignores datasets the run did not include, and speed figures', () => {
    const baseline = { tolerance: 0.02, results: [{ dataset: 'absent', stages: 'offline', metrics: { value_recall: 0.9 } }] };
    expect(findRegressions([result('d', 0.1)], baseline)).toEqual([]);
  });

  it('keeps the figures of absent datasets and the tolerances when it is updated', () => {
    const previous = { tolerance: 0.03, tolerances: { ari: 0.05 }, results: [{ dataset: 'absent', stages: 'offline', metrics: { value_recall: 0.9 } }] };
    const next = toBaseline([result('d', 0.81234)], previous);
    expect(next.tolerance).toBe(0.03);
    expect(next.tolerances).toEqual({ ari: 0.05 });
    expect(next.results.map((r) => [r.dataset, r.metrics.value_recall])).toEqual([
      ['absent', 0.9],
      ['d', 0.812],
    ]);
  });
});

describe('the README figures block', () => {
  it('replaces only what is between the markers, with or without a note on the begin marker', () => {
    expect(replaceEvalBlock('a\n<!-- eval:begin -->\nold\n<!-- eval:end -->\nb', '| x |')).toBe('a\n<!-- eval:begin -->\n| x |\n<!-- eval:end -->\nb');
    expect(replaceEvalBlock('<!-- eval:begin (note) -->old<!-- eval:end -->', 't')).toBe('<!-- eval:begin (note) -->\nt\n<!-- eval:end -->');
  });

  it('refuses a file without the markers, saying what to add', () => {
    expect(() => replaceEvalBlock('# readme', 't', 'README.md')).toThrow(/README.md has no eval block: add the lines "<!-- eval:begin -->"/);
    expect(() => replaceEvalBlock('<!-- eval:end --> <!-- eval:begin -->', 't')).toThrow(/no eval block/);
  });
});

describe('dataset adapters', () => {
  const shared = sharedDatasetsRoot();
  const present = shared ? datasetDirs(shared) : [];

  it('refuse a folder whose layout they do not know, naming it', async () => {
    await expect(loadDatasetDir(dir)).rejects.toThrow(`no adapter knows the layout of ${dir}`);
    await expect(loadDatasetDir(join(dir, 'missing'))).rejects.toThrow(/does not exist/);
  });

  it.skipIf(present.length === 0 && !process.env.CI)('read every folder of ../shared/datasets in place', async () => {
    expect(present.map((d) => d.split('/').pop()).sort()).toEqual(['extruct_fixtures', 'invoice2data_compare', 'parsee_invoices', 'stackoverflow_page_types', 'ted_notices', 'zyte_article_benchmark', 'zyte_product_benchmark']);
    for (const d of present) {
      const dataset = await loadDatasetDir(d);
      expect(dataset.documents.length).toBeGreaterThanOrEqual(5);
      expect(dataset.documents.every((doc) => doc.input.bytes.byteLength > 0)).toBe(true);
    }
  });
});
