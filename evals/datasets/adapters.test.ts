import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetDirs, loadDatasetDir, structuredItems } from './adapters.js';
import { MAX_DOCUMENT_BYTES } from './files.js';

const root = mkdtempSync(join(tmpdir(), 'quarry-adapters-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh folder with the given files (string or bytes), paths relative to it. */
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = join(root, `d${++counter}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const page = (title: string) => `<html><body><h1>${title}</h1></body></html>`;

describe('the Zyte product layout', () => {
  it('reads gzipped pages with the first value of each ground-truth field as the expected record', async () => {
    const dir = folder({
      'ground-truth.json': JSON.stringify({ ab12: { url: 'https://shop.example/lamp', price: ['49.90'], currency: ['EUR'], sku: ['LMP-1'], brand: [], note: 'ignored' } }),
      'html/ab12.html.gz': gzipSync(page('Lamp')),
    });
    const dataset = await loadDatasetDir(dir);
    expect(dataset.name).toBe('zyte products');
    expect(dataset.documents).toHaveLength(1);
    expect(dataset.documents[0]).toMatchObject({ id: 'ab12', type: 'product', expectedRecords: [{ price: '49.90', currency: 'EUR', sku: 'LMP-1' }] });
    expect(dataset.documents[0]?.input.url).toBe('https://shop.example/lamp');
    expect(Buffer.from(dataset.documents[0]?.input.bytes ?? []).toString()).toContain('<h1>Lamp</h1>');
  });

  it('refuses a page hash that points outside the folder', async () => {
    const dir = folder({ 'ground-truth.json': JSON.stringify({ '../../../etc/passwd': { price: ['1'] } }), 'html/x.html.gz': gzipSync('x') });
    await expect(loadDatasetDir(dir)).rejects.toThrow(/points outside the dataset folder/);
  });

  it('names the file when the ground truth is not JSON, or not an object of objects', async () => {
    const broken = folder({ 'ground-truth.json': '{"ab": ', 'html/ab.html.gz': gzipSync('x') });
    await expect(loadDatasetDir(broken)).rejects.toThrow(`${join(broken, 'ground-truth.json')} is not valid JSON`);
    const empty = folder({ 'ground-truth.json': '', 'html/ab.html.gz': gzipSync('x') });
    await expect(loadDatasetDir(empty)).rejects.toThrow(/ground-truth.json is not valid JSON/);
    const wrongShape = folder({ 'ground-truth.json': '[1, 2]', 'html/ab.html.gz': gzipSync('x') });
    await expect(loadDatasetDir(wrongShape)).rejects.toThrow(/should map each page hash to an object of fields/);
  });

  it('names a page the ground truth lists but the folder lacks', async () => {
    const dir = folder({ 'ground-truth.json': JSON.stringify({ cd34: { price: ['1'] } }), 'html/other.html.gz': gzipSync('x') });
    await expect(loadDatasetDir(dir)).rejects.toThrow(`${join(dir, 'html', 'cd34.html.gz')} is missing`);
  });

  it('refuses a gzip bomb and a corrupt archive', async () => {
    const bomb = folder({ 'ground-truth.json': JSON.stringify({ ef56: { price: ['1'] } }), 'html/ef56.html.gz': gzipSync(Buffer.alloc(MAX_DOCUMENT_BYTES + 1024)) });
    await expect(loadDatasetDir(bomb)).rejects.toThrow(/ef56.html.gz expands beyond/);
    const corrupt = folder({ 'ground-truth.json': JSON.stringify({ ef56: { price: ['1'] } }), 'html/ef56.html.gz': 'not gzip at all' });
    await expect(loadDatasetDir(corrupt)).rejects.toThrow(/ef56.html.gz is not valid gzip/);
  });

  it('refuses an empty ground truth as a folder without documents', async () => {
    const dir = folder({ 'ground-truth.json': '{}', 'html/.keep': '' });
    await expect(loadDatasetDir(dir)).rejects.toThrow(/holds no documents/);
  });
});

describe('the Zyte article layout', () => {
  it('reads gzipped pages in file-name order with the article text as the expected body', async () => {
    const dir = folder({
      'ground-truth.json': JSON.stringify({
        ff99: { url: 'https://news.example/later', articleBody: 'Second story.' },
        aa11: { url: 'https://news.example/first', articleBody: 'The council met on Tuesday.\n\nIt agreed.' },
      }),
      'pages/ff99.html.gz': gzipSync(page('Later')),
      'pages/aa11.html.gz': gzipSync(page('First')),
    });
    const dataset = await loadDatasetDir(dir);
    expect(dataset.name).toBe('zyte articles');
    expect(dataset.documents.map((d) => [d.id, d.type, d.input.url, d.expectedBody])).toEqual([
      ['aa11', 'article', 'https://news.example/first', 'The council met on Tuesday.\n\nIt agreed.'],
      ['ff99', 'article', 'https://news.example/later', 'Second story.'],
    ]);
    expect(Buffer.from(dataset.documents[0]?.input.bytes ?? []).toString()).toContain('<h1>First</h1>');
  });

  it('names a page whose ground truth has no article text', async () => {
    const dir = folder({ 'ground-truth.json': JSON.stringify({ aa11: { url: 'https://news.example/a', articleBody: ['not text'] } }), 'pages/aa11.html.gz': gzipSync(page('a')) });
    await expect(loadDatasetDir(dir)).rejects.toThrow(`${join(dir, 'ground-truth.json')}: page "aa11" has no articleBody text`);
  });
});

describe('the page-type layout (labels.csv)', () => {
  it('labels each page, reading quoted file names with commas', async () => {
    const dir = folder({
      'labels.csv': 'file,page_type\n"Jobs, page 1.html",jobs\nq1.html,question\n\n',
      'html/Jobs, page 1.html': page('Jobs'),
      'html/q1.html': page('Q'),
    });
    const dataset = await loadDatasetDir(dir);
    expect(dataset.clustering).toBe(true);
    expect(dataset.documents.map((d) => [d.id, d.type])).toEqual([
      ['Jobs, page 1.html', 'jobs'],
      ['q1.html', 'question'],
    ]);
  });

  it('refuses file names that leave the folder, absolute or relative', async () => {
    const up = folder({ 'labels.csv': 'file,page_type\n../../secret.html,question\n', 'html/a.html': page('a') });
    await expect(loadDatasetDir(up)).rejects.toThrow(/points outside the dataset folder/);
    const absolute = folder({ 'labels.csv': 'file,page_type\n/etc/passwd,question\n', 'html/a.html': page('a') });
    await expect(loadDatasetDir(absolute)).rejects.toThrow(/points outside the dataset folder/);
  });

  it('names a line without a page type, and a header-only file as empty', async () => {
    const noType = folder({ 'labels.csv': 'file,page_type\na.html,\n', 'html/a.html': page('a') });
    await expect(loadDatasetDir(noType)).rejects.toThrow(/"a.html" has no page type/);
    const headerOnly = folder({ 'labels.csv': 'file,page_type\n', 'html/a.html': page('a') });
    await expect(loadDatasetDir(headerOnly)).rejects.toThrow(/holds no documents/);
  });

  it('refuses a page larger than the document limit', async () => {
    const dir = folder({ 'labels.csv': 'file,page_type\nbig.html,question\n', 'html/big.html': '' });
    truncateSync(join(dir, 'html', 'big.html'), MAX_DOCUMENT_BYTES + 1);
    await expect(loadDatasetDir(dir)).rejects.toThrow(/big.html is \d+ bytes; a dataset file may have at most/);
  });
});

describe('the invoice layout', () => {
  it('pairs each expected JSON with its PDF or text invoice, leaving out the template\'s own keys (issuer, desc, lines)', async () => {
    const dir = folder({
      'acme.json': JSON.stringify([{ issuer: 'Acme', amount: 12.5, date: '2027-02-01', desc: 'Invoice from Acme', lines: [{ name: 'x' }] }]),
      'acme.txt': 'Acme invoice 2027-02-01 total 12.50',
      'other.pdf': '%PDF-1.4 not paired',
      'other-truth.json': '[]',
    });
    const dataset = await loadDatasetDir(dir);
    expect(dataset.documents.map((d) => [d.id, d.input.contentType, d.expectedRecords])).toEqual([['acme.txt', 'text/plain', [{ amount: 12.5, date: '2027-02-01' }]]]);
  });

  it('names an expected file that is not a list holding one object', async () => {
    const dir = folder({ 'bad.json': '{"issuer": "x"}', 'bad.pdf': '%PDF-1.4' });
    await expect(loadDatasetDir(dir)).rejects.toThrow(`${join(dir, 'bad.json')} should be a list holding one object`);
  });
});

describe('the extruct layout', () => {
  it('labels Songkick pages by the events their data holds and gives the events as expected records', async () => {
    const event = (name: string) => ({ '@context': 'http://schema.org', '@type': 'MusicEvent', name, startDate: '2027-05-01', url: 'https://songkick.example/e', location: { '@type': 'Place', name: 'The Hall' } });
    const dir = folder({
      'songkick/one.html': page('one'),
      'songkick/one.json': JSON.stringify({ url: 'u', 'json-ld': [event('Solo Night')], microdata: [] }),
      'songkick/tour.html': page('tour'),
      'songkick/tour.jsonld': JSON.stringify({ items: [[event('A'), event('B')]] }),
      'songkick/blog.html': page('blog'),
      'songkick/blog.jsonld': JSON.stringify({ items: [[{ '@type': 'BlogPosting', headline: 'News' }]] }),
      'songkick/orphan.html': page('no truth'),
    });
    const dataset = await loadDatasetDir(dir);
    expect(dataset.documents.map((d) => [d.id, d.type, d.expectedRecords?.length])).toEqual([
      ['songkick/blog.html', 'songkick blogposting', 1],
      ['songkick/one.html', 'songkick event', 1],
      ['songkick/tour.html', 'songkick listing', 2],
    ]);
    expect(dataset.documents[1]?.expectedRecords?.[0]).toEqual({ name: 'Solo Night', startDate: '2027-05-01', location: { name: 'The Hall' } });
  });

  it('unwraps microdata items, nested ones included', () => {
    const items = structuredItems([{ type: 'http://schema.org/Event', properties: { name: 'Gala', location: { type: 'http://schema.org/Place', properties: { name: 'Opera' } } } }]);
    expect(items).toEqual([{ '@type': 'Event', name: 'Gala', location: { '@type': 'Place', name: 'Opera' } }]);
    expect(structuredItems(null)).toEqual([]);
    expect(structuredItems({ 'json-ld': 'not a list' })).toEqual([]);
  });
});

describe('finding dataset folders', () => {
  it('lists only the folders of a root that an adapter recognizes, and nothing for a missing root', () => {
    const dir = folder({ 'a/labels.csv': 'file,page_type\n', 'a/html/.keep': '', 'b/readme.txt': 'not a dataset' });
    expect(datasetDirs(dir)).toEqual([join(dir, 'a')]);
    expect(datasetDirs(join(dir, 'nowhere'))).toEqual([]);
  });
});
