import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../shared/clock.js';
import type { Queryable } from '../store/store.js';
import { checkObjectName, type ObjectInfo, type ObjectStore } from './bus.js';

/**
 * The local bus's objects as files under the data directory: one file per object, holding a line of JSON (name,
 * size, digest, headers, mtime) and then the bytes. Page bytes are most of what a crawl writes; kept out of the
 * embedded database they cost a file write on the I/O threads instead of a statement on the thread that crawls.
 * A put writes a temporary file and renames it, so a reader sees the old object or the new one, never half of one.
 */
const HEADER_CHUNK = 4096;

/** Temporary files are named by process and a counter: unique without asking for random bytes per put. */
let temps = 0;

interface Header {
  name: string;
  size: number;
  digest: string;
  headers: Record<string, string>;
  mtime: string;
}

export function sha256Digest(data: Uint8Array): string {
  return `SHA-256=${createHash('sha256').update(data).digest('base64url')}`;
}

const toInfo = (bucket: string, h: Header): ObjectInfo => ({ bucket, name: h.name, size: h.size, digest: h.digest, headers: h.headers, mtime: new Date(h.mtime) });

/** Names may hold any character and be 1024 long, so a file is named by the name's hash (two levels of fan-out). */
function pathOf(bucketDir: string, name: string): string {
  const key = createHash('sha256').update(name).digest('hex');
  return join(bucketDir, key.slice(0, 2), key);
}

const missing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** The header line and where the bytes start, reading only as much of the file as the header needs. */
async function readHeader(file: string): Promise<{ header: Header; dataStart: number } | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (missing(err)) return null;
    throw err;
  }
  try {
    const chunks: Buffer[] = [];
    for (let position = 0; ; position += HEADER_CHUNK) {
      const buffer = Buffer.alloc(HEADER_CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_CHUNK, position);
      const chunk = buffer.subarray(0, bytesRead);
      const newline = chunk.indexOf(0x0a);
      if (newline >= 0) {
        chunks.push(chunk.subarray(0, newline));
        const line = Buffer.concat(chunks);
        return { header: JSON.parse(line.toString('utf8')) as Header, dataStart: line.byteLength + 1 };
      }
      if (bytesRead < HEADER_CHUNK) throw new Error(`object file ${file} has no header line`);
      chunks.push(chunk);
    }
  } finally {
    await handle.close();
  }
}

export function createFileObjectStore(dir: string, bucket: string, clock: Clock): ObjectStore {
  const bucketDir = join(dir, bucket);
  const made = new Set<string>();
  return {
    bucket,
    async put(meta, data) {
      checkObjectName(meta.name);
      const header: Header = { name: meta.name, size: data.byteLength, digest: sha256Digest(data), headers: meta.headers ?? {}, mtime: clock.now().toISOString() };
      const file = pathOf(bucketDir, meta.name);
      const temp = `${file}.${process.pid}.${++temps}.tmp`;
      const parent = join(file, '..');
      const content = [Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), data];
      try {
        if (!made.has(parent)) await mkdir(parent, { recursive: true });
        made.add(parent);
        await writeFile(temp, content).catch(async (err: unknown) => {
          if (!missing(err)) throw err;
          await mkdir(parent, { recursive: true }); // the directory was removed since this store made it
          await writeFile(temp, content);
        });
        await rename(temp, file);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return toInfo(bucket, header);
    },
    async get(name) {
      checkObjectName(name);
      let bytes: Buffer;
      try {
        bytes = await readFile(pathOf(bucketDir, name));
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
      const newline = bytes.indexOf(0x0a);
      if (newline < 0) throw new Error(`object ${name} in bucket ${bucket} has no header line`);
      return new Uint8Array(bytes.buffer, bytes.byteOffset + newline + 1, bytes.byteLength - newline - 1);
    },
    async info(name) {
      checkObjectName(name);
      const read = await readHeader(pathOf(bucketDir, name));
      return read ? toInfo(bucket, read.header) : null;
    },
    async delete(name) {
      checkObjectName(name);
      try {
        await unlink(pathOf(bucketDir, name));
        return true;
      } catch (err) {
        if (missing(err)) return false;
        throw err;
      }
    },
    async list() {
      let fanout: string[];
      try {
        fanout = await readdir(bucketDir);
      } catch (err) {
        if (missing(err)) return [];
        throw err;
      }
      const infos: ObjectInfo[] = [];
      for (const sub of fanout.sort()) {
        for (const file of (await readdir(join(bucketDir, sub))).filter((f) => !f.endsWith('.tmp'))) {
          const read = await readHeader(join(bucketDir, sub, file));
          if (read) infos.push(toInfo(bucket, read.header));
        }
      }
      return infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}

/**
 * Moves objects an earlier Quarry kept in the state store (`bus_objects`) into files, a few at a time, so a data
 * directory written before objects moved out keeps every document's bytes. Returns how many were moved.
 */
export async function moveObjectsToFiles(store: Queryable, dir: string, clock: Clock): Promise<number> {
  let moved = 0;
  const buckets = new Map<string, ObjectStore>();
  for (;;) {
    const rows = await store.query<{ bucket: string; name: string; headers: Record<string, string>; data: Uint8Array }>(
      'SELECT bucket, name, headers, data FROM bus_objects ORDER BY bucket, name LIMIT 64',
    );
    if (rows.length === 0) return moved;
    for (const row of rows) {
      let bucket = buckets.get(row.bucket);
      if (!bucket) buckets.set(row.bucket, (bucket = createFileObjectStore(dir, row.bucket, clock)));
      await bucket.put({ name: row.name, headers: row.headers }, new Uint8Array(row.data));
      await store.query('DELETE FROM bus_objects WHERE bucket = $1 AND name = $2', [row.bucket, row.name]);
      moved++;
    }
  }
}
