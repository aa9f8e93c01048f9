import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { createLocalBus } from './local.js';
import { createFileObjectStore } from './objects-fs.js';

const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

describe('objects as files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quarry-objects-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves objects an earlier run kept in the state store into files, bytes unchanged', async () => {
    const store: Store = await openStore({ dataDir: join(dir, 'data') });
    try {
      const before = await createLocalBus({ store });
      const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
      for (let i = 0; i < 70; i++) await (await before.objectStore('raw_documents')).put({ name: `sha256/${i}`, headers: { 'Content-Type': 'application/pdf' } }, i === 3 ? bytes : new Uint8Array([i]));
      await before.close();

      const after = await createLocalBus({ store, objectsDir: join(dir, 'objects') });
      const os = await after.objectStore('raw_documents');
      expect((await os.list()).length).toBe(70);
      expect(Buffer.from((await os.get('sha256/3')) ?? []).equals(Buffer.from(bytes))).toBe(true);
      expect((await os.info('sha256/3'))?.headers['Content-Type']).toBe('application/pdf');
      expect(await store.query('SELECT 1 FROM bus_objects')).toEqual([]);
      await after.close();
    } finally {
      await store.close();
    }
  });

  it('reports a damaged object file clearly and leaves the others readable', async () => {
    const os = createFileObjectStore(dir, 'b', clock);
    await os.put({ name: 'good' }, new TextEncoder().encode('fine'));
    await os.put({ name: 'bad' }, new TextEncoder().encode('soon broken'));
    const target = locate(os, dir, 'bad');
    writeFileSync(target, Buffer.alloc(10_000, 0x41));
    await expect(os.get('bad')).rejects.toThrow(/has no header line/);
    expect(new TextDecoder().decode((await os.get('good')) ?? new Uint8Array())).toBe('fine');
  });

  it('keeps one whole object when the same name is put many times at once', async () => {
    const os = createFileObjectStore(dir, 'b', clock);
    const versions = Array.from({ length: 20 }, (_, i) => new Uint8Array(50_000).fill(i));
    await Promise.all(versions.map((v) => os.put({ name: 'same' }, v)));
    const back = (await os.get('same')) ?? new Uint8Array();
    expect(back.byteLength).toBe(50_000);
    expect(new Set(back).size).toBe(1);
    const leftovers = readdirSync(join(dir, 'b'), { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('stores under a name that looks like a path without leaving its bucket, and after its directory was removed', async () => {
    const os = createFileObjectStore(dir, 'b', clock);
    await os.put({ name: '../../outside' }, new TextEncoder().encode('kept inside'));
    expect(readdirSync(dir)).toEqual(['b']);
    rmSync(join(dir, 'b'), { recursive: true });
    await os.put({ name: '../../outside' }, new TextEncoder().encode('again'));
    expect(new TextDecoder().decode((await os.get('../../outside')) ?? new Uint8Array())).toBe('again');
  });
});

/** The file whose header line names the object. */
function locate(os: ReturnType<typeof createFileObjectStore>, dir: string, name: string): string {
  const files = readdirSync(join(dir, os.bucket), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  const hit = files.map((f) => join(f.parentPath, f.name)).find((p) => readFileSync(p).includes(Buffer.from(`"name":${JSON.stringify(name)}`)));
  if (!hit) throw new Error(`no file for ${name}`);
  return hit;
}
