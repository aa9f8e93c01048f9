import { open, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * icebird (the independent Iceberg reader the tests use) reads through `fetch`. Quarry's tables live on the local
 * file system with `file://` locations, so tests hand it a fetch that serves `file:` URLs, with HEAD and byte ranges,
 * and passes everything else on.
 */
export function fileFetch(inner: typeof fetch = fetch): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    if (!url.startsWith('file:')) return inner(input, init);
    const path = fileURLToPath(url);
    const info = await stat(path).catch(() => null);
    if (!info) return new Response('not found', { status: 404 });
    if ((init?.method ?? 'GET').toUpperCase() === 'HEAD') return new Response(null, { status: 200, headers: { 'content-length': String(info.size) } });
    const range = new Headers(init?.headers).get('range');
    const m = range ? /bytes=(\d+)-(\d*)/.exec(range) : null;
    if (!m) return new Response(await readFile(path), { status: 200, headers: { 'content-length': String(info.size) } });
    const start = Number(m[1]);
    const end = m[2] ? Math.min(Number(m[2]), info.size - 1) : info.size - 1;
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(end - start + 1);
      await handle.read(buf, 0, buf.length, start);
      return new Response(buf, { status: 206, headers: { 'content-length': String(buf.length), 'content-range': `bytes ${start}-${end}/${info.size}` } });
    } finally {
      await handle.close();
    }
  }) as typeof fetch;
}
