import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Reading a dataset folder in place, defensively: names come from files in the folder (labels.csv, ground-truth.json),
 * so a name may not reach outside it, a file may not be absurdly large (or expand to absurdly large), and every error
 * names the file.
 */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
export const MAX_TRUTH_BYTES = 16 * 1024 * 1024;

/** `dir/name` after checking that it stays inside `dir`. */
export function insidePath(dir: string, ...names: string[]): string {
  const root = resolve(dir);
  const path = resolve(root, ...names);
  const rel = relative(root, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new Error(`${join(dir, ...names)}: the name ${JSON.stringify(names.join('/'))} points outside the dataset folder ${dir}`);
  }
  return path;
}

export function readInside(dir: string, names: string[], maxBytes = MAX_DOCUMENT_BYTES): Buffer {
  const path = insidePath(dir, ...names);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error(`${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${path} is missing (named by the dataset's ground truth)`, { cause: error });
    throw error;
  }
  if (size > maxBytes) throw new Error(`${path} is ${size} bytes; a dataset file may have at most ${maxBytes}`);
  return readFileSync(path);
}

export function readJsonInside(dir: string, names: string[]): unknown {
  const bytes = readInside(dir, names, MAX_TRUTH_BYTES);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new Error(`${join(dir, ...names)} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** A gzipped document, refusing one that expands beyond the document limit (a gzip bomb). */
export function gunzipInside(dir: string, names: string[]): Buffer {
  const packed = readInside(dir, names);
  try {
    return gunzipSync(packed, { maxOutputLength: MAX_DOCUMENT_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ERR_BUFFER_TOO_LARGE' ? `expands beyond ${MAX_DOCUMENT_BYTES} bytes` : `is not valid gzip (${(error as Error).message})`;
    throw new Error(`${join(dir, ...names)} ${why}`, { cause: error });
  }
}
