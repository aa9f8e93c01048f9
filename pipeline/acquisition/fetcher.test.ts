import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchUrl } from './fetcher.js';

let server: Server;
let base = '';
let host = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/page') {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }).end('<h1>Grüße</h1>');
    }
    if (path === '/loop-a') return void res.writeHead(302, { location: '/loop-b' }).end();
    if (path === '/loop-b') return void res.writeHead(302, { location: '/loop-a' }).end();
    if (path === '/to-private') return void res.writeHead(301, { location: 'http://10.0.0.1/admin' }).end();
    if (path === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/to-name') return void res.writeHead(302, { location: 'http://router.example/' }).end();
    if (path === '/hop') return void res.writeHead(302, { location: '/page' }).end();
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const push = (): void => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      return push();
    }
    if (path === '/bomb') {
      return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(30 * 1024 * 1024, 0)));
    }
    if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 3_000);
    if (path === '/trickle') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const drip = setInterval(() => res.write('a'), 100);
      return void res.on('close', () => clearInterval(drip));
    }
    if (path === '/late-hop') return void setTimeout(() => res.writeHead(302, { location: '/late-page' }).end(), 250);
    if (path === '/late-page') return void setTimeout(() => res.writeHead(200).end('late'), 250);
    if (path === '/bad-gzip') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all');
    res.writeHead(404).end('no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  host = `127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const opts = () => ({ userAgent: 'QuarryTest/1', allowHosts: [host] });

describe('the fetcher', () => {
  it('fetches an allow-listed local page and revalidates it with its ETag', async () => {
    const first = await fetchUrl(`${base}/page`, opts());
    expect(first.status).toBe(200);
    expect(new TextDecoder().decode(first.bytes)).toBe('<h1>Grüße</h1>');
    const again = await fetchUrl(`${base}/page`, { ...opts(), etag: first.headers.etag ?? null });
    expect(again.notModified).toBe(true);
    expect(again.bytes.byteLength).toBe(0);
  });

  it('refuses the same local server when it is not allow-listed', async () => {
    await expect(fetchUrl(`${base}/page`, { userAgent: 'x', allowHosts: [] })).rejects.toMatchObject({ reason: 'refused' });
  });

  it('follows a redirect within limits and records it', async () => {
    const r = await fetchUrl(`${base}/hop`, opts());
    expect(r.finalUrl).toBe(`${base}/page`);
    expect(r.redirects).toEqual([`${base}/page`]);
  });

  it('refuses a redirect to a private or metadata address', async () => {
    await expect(fetchUrl(`${base}/to-private`, opts())).rejects.toThrow(/redirect to http:\/\/10\.0\.0\.1\/admin refused/);
    await expect(fetchUrl(`${base}/to-metadata`, opts())).rejects.toMatchObject({ reason: 'refused' });
  });

  it('stops a redirect loop', async () => {
    await expect(fetchUrl(`${base}/loop-a`, opts())).rejects.toMatchObject({ reason: 'too_many_redirects' });
  });

  it('caps a huge body and a gzip bomb', async () => {
    await expect(fetchUrl(`${base}/huge`, { ...opts(), maxBytes: 1024 * 1024 })).rejects.toMatchObject({ reason: 'too_large' });
    await expect(fetchUrl(`${base}/bomb`, { ...opts(), maxBytes: 1024 * 1024 })).rejects.toThrow(/larger than 1048576 bytes once decompressed/);
  });

  it('keeps the beginning of a body over the cap when asked to, and says it was cut', async () => {
    const r = await fetchUrl(`${base}/huge`, { ...opts(), maxBytes: 100_000, truncate: true });
    expect(r).toMatchObject({ status: 200, truncated: true });
    expect(r.bytes.byteLength).toBe(100_000);
    expect((await fetchUrl(`${base}/page`, { ...opts(), truncate: true })).truncated).toBe(false);
  });

  it('times out a server that does not answer', async () => {
    await expect(fetchUrl(`${base}/slow`, { ...opts(), timeoutMs: 300 })).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('stops a server that trickles one byte every 100 ms at the total deadline, though it is never idle', async () => {
    const started = Date.now();
    const pending = fetchUrl(`${base}/trickle`, { ...opts(), timeoutMs: 1_000, deadlineMs: 600 });
    await expect(pending).rejects.toMatchObject({ reason: 'deadline', message: expect.stringMatching(/took longer than 600 ms in all/) });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('counts the wait for headers and every redirect hop against the same deadline', async () => {
    await expect(fetchUrl(`${base}/slow`, { ...opts(), timeoutMs: 10_000, deadlineMs: 300 })).rejects.toMatchObject({ reason: 'deadline' });
    expect((await fetchUrl(`${base}/late-hop`, { ...opts(), deadlineMs: 2_000 })).status).toBe(200);
    await expect(fetchUrl(`${base}/late-hop`, { ...opts(), deadlineMs: 400 })).rejects.toMatchObject({ reason: 'deadline' });
  });

  it('reports a body that claims gzip but is not', async () => {
    await expect(fetchUrl(`${base}/bad-gzip`, opts())).rejects.toBeInstanceOf(FetchError);
  });

  it('connects to the address it checked, not to whatever DNS answers next', async () => {
    // `.invalid` never resolves through the system resolver, so a successful fetch proves the pinned address was used.
    const port = new URL(base).port;
    const lookups: string[] = [];
    const resolve = async (name: string) => {
      lookups.push(name);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const r = await fetchUrl(`http://pinned.quarry.invalid:${port}/page`, { userAgent: 'x', allowHosts: [`pinned.quarry.invalid:${port}`], resolve });
    expect(new TextDecoder().decode(r.bytes)).toBe('<h1>Grüße</h1>');
    expect(lookups).toEqual(['pinned.quarry.invalid']);
    await expect(fetchUrl(`http://pinned.quarry.invalid:${port}/page`, { userAgent: 'x', allowHosts: [], resolve })).rejects.toMatchObject({ reason: 'refused' });
  });

  it('refuses a redirect to a name that resolves to a private address', async () => {
    const resolve = async () => [{ address: '192.168.0.10', family: 4 }];
    await expect(fetchUrl(`${base}/to-name`, { ...opts(), resolve })).rejects.toThrow(/redirect to http:\/\/router\.example\/ refused: router\.example resolves to 192\.168\.0\.10/);
  });

  it('stops an aborted fetch with its reason', async () => {
    const controller = new AbortController();
    const pending = fetchUrl(`${base}/slow`, { ...opts(), signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('returns a 404 as a result, not an error', async () => {
    expect((await fetchUrl(`${base}/missing`, opts())).status).toBe(404);
  });
});
