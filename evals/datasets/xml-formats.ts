import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { JsonValue } from '../../pipeline/extraction/model.js';
import { readInside, readJsonInside } from './files.js';
import type { DatasetAdapter } from './adapters.js';
import type { EvalDocument } from './types.js';

/**
 * XML documents in several formats with one ground truth: `ground-truth.json` maps a file name to its fields, each
 * a list of the ways the value may be written (`["2018/S 067-150049", "150049-2018"]`: any one counts), and every
 * folder of `.xml` files holds the same documents in one format (`ted-xml/` and `eforms-xml/` of the TED notices).
 * A format folder may lack a document. All documents are of one type, since the formats say the same thing; so
 * clustering is scored only when that changes (never with one type), while value recall and the field scores
 * measure whether both formats yield the same fields.
 */
export const xmlFormats: DatasetAdapter = {
  name: 'xml formats',
  detect: (dir) => existsSync(join(dir, 'ground-truth.json')) && formatFolders(dir).length > 0,
  async load(dir) {
    const truthFile = join(dir, 'ground-truth.json');
    const truth = readJsonInside(dir, ['ground-truth.json']);
    if (!isObject(truth)) throw new Error(`${truthFile} should map each file name to an object of fields`);
    const name = basename(dir).replace(/_/g, ' ');
    const folders = formatFolders(dir);
    const documents: EvalDocument[] = [];
    for (const [file, fields] of Object.entries(truth).sort(([a], [b]) => a.localeCompare(b))) {
      const record = expectedRecord(fields, `${truthFile}: ${JSON.stringify(file)}`);
      const formats = folders.filter((folder) => existsSync(join(dir, folder, file)));
      // A file no format folder has fails here, named (missing, or pointing outside the dataset folder).
      if (formats.length === 0) readInside(dir, [folders[0] as string, file]);
      for (const folder of formats) {
        documents.push({
          id: `${folder}/${file}`,
          input: { bytes: readInside(dir, [folder, file]), contentType: 'application/xml', url: `file:///${name.replace(/\s+/g, '-')}/${folder}/${encodeURIComponent(file)}` },
          type: name,
          expectedRecords: [record],
          expectedValues: Object.values(record),
        });
      }
    }
    return { name, documents, clustering: new Set(documents.map((d) => d.type)).size >= 2 };
  },
};

/** Sub-folders holding `.xml` files, by name. */
function formatFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(join(dir, e.name)).some((f) => f.toLowerCase().endsWith('.xml')))
    .map((e) => e.name)
    .sort();
}

/** One expected record: a field written one way is that value, several ways a list of alternatives. */
function expectedRecord(fields: unknown, where: string): Record<string, JsonValue> {
  if (!isObject(fields)) throw new Error(`${where} should be an object of fields`);
  const record: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(fields)) {
    const ways = Array.isArray(value) ? value : [value];
    if (!ways.every((w): w is string | number => typeof w === 'string' || typeof w === 'number')) {
      throw new Error(`${where}: ${field} should be a value or a list of the ways it is written (strings or numbers)`);
    }
    if (ways.length === 1) record[field] = ways[0] as string | number;
    else if (ways.length > 1) record[field] = ways;
  }
  return record;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
