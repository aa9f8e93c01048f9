import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordProblems } from './conform.js';
import { loadGoldenSchemas, loadGoldenTasks } from './load.js';
import type { GoldenSchema } from './task.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function goldenDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'quarry-golden-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const task = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ site: 'demo', path: '/a', documentType: 'news', language: 'en', contentType: 'text/html', records: [{ headline: 'Hi' }], ...over });

describe('loadGoldenTasks', () => {
  it('loads the committed fixtures, one task per file, with ids from their file names', async () => {
    const tasks = await loadGoldenTasks();
    expect(tasks.length).toBeGreaterThan(50);
    const tosca = tasks.find((t) => t.id === 'teatro-lirico/spettacoli__tosca.html');
    expect(tosca).toMatchObject({ site: 'teatro-lirico', path: '/spettacoli/tosca.html', documentType: 'production', file: 'pages/teatro-lirico/spettacoli__tosca.html.json' });
    expect(tosca?.records[0]?.['conductor']).toBe('Riccardo Valsecchi');
  });

  it('discovers new files from the directory without a list to maintain', async () => {
    const dir = await goldenDir({ 'pages/demo/a.json': task(), 'pages/demo/deep/b.json': task({ path: '/b' }) });
    expect((await loadGoldenTasks(dir)).map((t) => t.id)).toEqual(['demo/a', 'demo/deep/b']);
  });

  it('rejects malformed JSON with the file name in the message', async () => {
    const dir = await goldenDir({ 'pages/demo/good.json': task(), 'pages/demo/broken.json': '{"site": "demo", ' });
    await expect(loadGoldenTasks(dir)).rejects.toThrow(/Golden fixture pages\/demo\/broken\.json is not valid JSON/);
  });

  it('rejects a task of the wrong shape naming the file and the field', async () => {
    const dir = await goldenDir({ 'pages/demo/bad.json': task({ documentType: 'recipe', records: 'none' }) });
    const error = await loadGoldenTasks(dir).then(
      () => new Error('loaded'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/^Golden fixture pages\/demo\/bad\.json does not match the expected format: /);
    expect(error.message).toContain('documentType');
    expect(error.message).toContain('records');
  });

  it('rejects unknown keys, an empty file, a site that is not its folder, and a page listed twice', async () => {
    await expect(loadGoldenTasks(await goldenDir({ 'pages/demo/x.json': task({ extra: 1 }) }))).rejects.toThrow(/pages\/demo\/x\.json .*extra/);
    await expect(loadGoldenTasks(await goldenDir({ 'pages/demo/x.json': '  \n' }))).rejects.toThrow('Golden fixture pages/demo/x.json is empty');
    await expect(loadGoldenTasks(await goldenDir({ 'pages/other/x.json': task() }))).rejects.toThrow('site "demo" does not match its folder "other"');
    await expect(loadGoldenTasks(await goldenDir({ 'pages/demo/x.json': task(), 'pages/demo/y.json': task() }))).rejects.toThrow(
      'Golden fixture pages/demo/y.json repeats site "demo" path "/a" already in pages/demo/x.json',
    );
  });

  it('rejects a file too large to be a fixture instead of parsing it', async () => {
    const dir = await goldenDir({ 'pages/demo/huge.json': task({ records: [{ blob: 'x'.repeat(5 * 1024 * 1024) }] }) });
    await expect(loadGoldenTasks(dir)).rejects.toThrow(/pages\/demo\/huge\.json is \d+ bytes; the limit is/);
  });

  it('says where it looked when a directory holds no tasks', async () => {
    const dir = await goldenDir({});
    await expect(loadGoldenTasks(dir)).rejects.toThrow(`No golden tasks found: ${join(dir, 'pages')} holds no .json files`);
  });

  it('keeps a hostile __proto__ key as plain data', async () => {
    const text = '{"site":"demo","path":"/a","documentType":"news","language":"en","contentType":"text/html","records":[{"__proto__":{"polluted":true},"headline":"x"}]}';
    const dir = await goldenDir({ 'pages/demo/p.json': text });
    const [loaded] = await loadGoldenTasks(dir);
    expect(loaded?.records[0]?.['headline']).toBe('x');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('loadGoldenSchemas', () => {
  it('loads the reviewed production and notice schemas', async () => {
    const schemas = await loadGoldenSchemas();
    const production = schemas.find((s) => s.documentType === 'production');
    expect(production?.fields.filter((f) => f.required).map((f) => f.name)).toEqual(['title', 'composer', 'conductor', 'director', 'venue', 'dates', 'performances', 'cast']);
    expect(production?.fields.find((f) => f.name === 'cast')?.items?.fields?.map((f) => f.name)).toEqual(['role', 'singer']);
    expect(schemas.find((s) => s.documentType === 'notice')?.tableName).toBe('tender_notices');
  });

  it('rejects a schema stored under another type’s file name', async () => {
    const schema = { documentType: 'notice', tableName: 't', description: '', fields: [{ name: 'a', type: 'string', required: true, description: '' }] };
    const dir = await goldenDir({ 'schemas/production.json': JSON.stringify(schema) });
    await expect(loadGoldenSchemas(dir)).rejects.toThrow('Golden schema schemas/production.json declares documentType "notice"');
  });
});

describe('recordProblems', () => {
  const schema: Pick<GoldenSchema, 'fields'> = {
    fields: [
      { name: 'title', type: 'string', required: true, description: '' },
      { name: 'when', type: 'date', required: false, description: '' },
      { name: 'price', type: 'money', required: false, description: '' },
      {
        name: 'cast',
        type: 'list',
        required: true,
        description: '',
        items: { type: 'object', fields: [{ name: 'role', type: 'string', required: true, description: '' }] },
      },
    ],
  };

  it('finds nothing wrong with a record that fits', () => {
    expect(recordProblems({ title: 'Tosca', when: '2027-01-22', price: { amount: null, min: 1, max: 2, currency: 'EUR' }, cast: [{ role: 'Tosca' }] }, schema)).toEqual([]);
  });

  it('names missing required fields, wrong types, nested problems and undeclared fields', () => {
    expect(recordProblems({ when: '22.01.2027', price: { amount: null, currency: 'EUR' }, cast: [{ singer: 'X' }], extra: 1 }, schema)).toEqual([
      'extra: not in the schema',
      'title: required but missing',
      'when: "22.01.2027" is not a date',
      'price: {"amount":null,"currency":"EUR"} is not a money',
      'cast.0.singer: not in the schema',
      'cast.0.role: required but missing',
    ]);
  });
});
