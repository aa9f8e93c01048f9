import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateDataset } from '../runner/run.js';
import { offlineStages } from '../runner/stages.js';
import { datasetDirs, loadDatasetDir } from './adapters.js';

const root = mkdtempSync(join(tmpdir(), 'quarry-xml-formats-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function folder(files: Record<string, string>): string {
  const dir = join(root, `tender_feeds_${++counter}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The same invented tender in two formats of a portal: its legacy export and its new one. */
const legacy = (id: string, buyer: string, title: string) =>
  `<?xml version="1.0"?><EXPORT REF="${id}"><BODY><NAME>${buyer}</NAME></BODY><CONTRACT><TITLE><P>${title}</P></TITLE><CPV CODE="45214200"/></CONTRACT><CLOSING>2027-03-14</CLOSING></EXPORT>`;
const current = (id: string, buyer: string, title: string) =>
  `<?xml version="1.0"?><t:Tender xmlns:t="urn:example:tender:3"><t:PublicationID>${id}</t:PublicationID><t:Buyer><t:Name languageID="DEU">${buyer}</t:Name></t:Buyer><t:Project><t:Name>${title}</t:Name><t:Classification listName="cpv">45214200</t:Classification></t:Project><t:Deadline>2027-03-14+01:00</t:Deadline></t:Tender>`;
const truth = (id: string, buyer: string, title: string) => ({ notice_id: [`2027/S 001-${id}`, id], buyer: [buyer], title: [title], cpv: ['45214200'], deadline: ['2027-03-14'] });

describe('the XML formats layout (ground-truth.json and a folder of .xml files per format)', () => {
  it('reads each format of a document against the same expected record, a field written several ways as alternatives', async () => {
    const dir = folder({
      'ground-truth.json': JSON.stringify({ 'a.xml': truth('000101-2027', 'Stadt Lindenau', 'Schule'), 'b.xml': truth('000102-2027', 'Gemeinde Au', 'Brücke') }),
      'legacy/a.xml': legacy('000101-2027', 'Stadt Lindenau', 'Schule'),
      'legacy/b.xml': legacy('000102-2027', 'Gemeinde Au', 'Brücke'),
      'current/a.xml': current('000101-2027', 'Stadt Lindenau', 'Schule'),
      'README.txt': 'an invented portal',
    });
    const dataset = await loadDatasetDir(dir);
    expect(dataset.name).toBe(`tender feeds ${counter}`);
    expect(dataset.clustering).toBe(false);
    expect(dataset.documents.map((d) => [d.id, d.type, d.input.contentType])).toEqual([
      ['current/a.xml', dataset.name, 'application/xml'],
      ['legacy/a.xml', dataset.name, 'application/xml'],
      ['legacy/b.xml', dataset.name, 'application/xml'],
    ]);
    expect(dataset.documents[0]?.expectedRecords).toEqual([{ notice_id: ['2027/S 001-000101-2027', '000101-2027'], buyer: 'Stadt Lindenau', title: 'Schule', cpv: '45214200', deadline: '2027-03-14' }]);
  });

  it('finds every expected value in both formats through the offline pipeline', async () => {
    const dir = folder({
      'ground-truth.json': JSON.stringify({ 'a.xml': truth('000101-2027', 'Stadt Lindenau', 'Sanierung der Schule') }),
      'legacy/a.xml': legacy('000101-2027', 'Stadt Lindenau', 'Sanierung der Schule'),
      'current/a.xml': current('000101-2027', 'Stadt Lindenau', 'Sanierung der Schule'),
    });
    const result = await evaluateDataset(await loadDatasetDir(dir), offlineStages);
    expect(result.perDocument).toEqual([
      { id: 'current/a.xml', valueRecall: 1 },
      { id: 'legacy/a.xml', valueRecall: 1 },
    ]);
    expect(result.metrics.ari).toBeNull();
  });

  it('is told apart from the product layout, which keeps its pages in html/', () => {
    const xml = folder({ 'ground-truth.json': '{}', 'feeds/x.xml': '<a/>' });
    const html = folder({ 'ground-truth.json': '{}', 'html/x.html.gz': '' });
    const neither = folder({ 'ground-truth.json': '{}', 'notes/x.txt': '' });
    expect(datasetDirs(root).filter((d) => [xml, html, neither].includes(d))).toEqual([xml, html]);
  });

  it('names a ground truth that is not an object of fields, or a field that is not a value or list of values', async () => {
    const list = folder({ 'ground-truth.json': '["a.xml"]', 'legacy/a.xml': '<a/>' });
    await expect(loadDatasetDir(list)).rejects.toThrow(`${join(list, 'ground-truth.json')} should map each file name to an object of fields`);
    const nested = folder({ 'ground-truth.json': JSON.stringify({ 'a.xml': { buyer: [{ name: 'x' }] } }), 'legacy/a.xml': '<a/>' });
    await expect(loadDatasetDir(nested)).rejects.toThrow(/"a.xml": buyer should be a value or a list of the ways it is written/);
  });

  it('names a file that no format folder has, and refuses a name that leaves the dataset folder', async () => {
    const missing = folder({ 'ground-truth.json': JSON.stringify({ 'gone.xml': { buyer: ['x'] } }), 'legacy/a.xml': '<a/>' });
    await expect(loadDatasetDir(missing)).rejects.toThrow(`${join(missing, 'legacy', 'gone.xml')} is missing`);
    const outside = folder({ 'ground-truth.json': JSON.stringify({ '../../../etc/hostname': { buyer: ['x'] } }), 'legacy/a.xml': '<a/>' });
    await expect(loadDatasetDir(outside)).rejects.toThrow(/points outside the dataset folder/);
  });
});
