import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { checkUrl, UrlRefusedError, type Resolver } from './ssrf.js';

/**
 * One polite, bounded HTTP fetch: the URL and every redirect target pass the private-address guard, and the
 * connection goes to the address that was checked (a custom `lookup`), so DNS cannot answer differently in between.
 * Bodies are capped before and after decompression (a gzip bomb stops at the cap), a server that goes quiet hits the
 * idle timeout and one that trickles bytes hits the total deadline, redirects are limited, and conditional headers
 * turn an unchanged page into a cheap 304.
 */
export interface FetchOptions {
  userAgent: string;
  allowHosts: readonly string[];
  /** Longest silence on the connection. */
  timeoutMs?: number;
  /** Longest whole fetch, redirects included: an idle timeout alone lets a server hold a fetch by trickling bytes. */
  deadlineMs?: number;
  maxBytes?: number;
  /** Keep the first `maxBytes` of a larger body (`truncated` says so) instead of failing: for robots.txt, which is read up to a limit and used. */
  truncate?: boolean;
  maxRedirects?: number;
  /** Conditional request headers from an earlier fetch of the same URL. */
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
  resolve?: Resolver;
}

export interface FetchResult {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  contentType: string | null;
  bytes: Uint8Array;
  /** The body went on past `maxBytes`; `bytes` holds its beginning (only with `truncate`). */
  truncated: boolean;
  /** 304: the earlier copy is still current. */
  notModified: boolean;
  redirects: string[];
}

export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly reason: 'refused' | 'timeout' | 'deadline' | 'too_large' | 'too_many_redirects' | 'network' | 'aborted' | 'bad_encoding',
    message: string,
  ) {
    super(message);
  }
}

const DEFAULTS = { timeoutMs: 20_000, deadlineMs: 60_000, maxBytes: 20 * 1024 * 1024, maxRedirects: 5 };

export async function fetchUrl(rawUrl: string, opts: FetchOptions): Promise<FetchResult> {
  const maxRedirects = opts.maxRedirects ?? DEFAULTS.maxRedirects;
  const deadline = { at: Date.now() + (opts.deadlineMs ?? DEFAULTS.deadlineMs), ms: opts.deadlineMs ?? DEFAULTS.deadlineMs, url: rawUrl };
  const redirects: string[] = [];
  let current = rawUrl;
  for (let hop = 0; ; hop++) {
    let target;
    try {
      target = await checkUrl(current, opts.allowHosts, opts.resolve);
    } catch (err) {
      if (err instanceof UrlRefusedError) throw new FetchError('refused', hop === 0 ? err.message : `redirect to ${current} refused: ${err.message}`);
      throw err;
    }
    const response = await requestOnce(target.url, target.address, target.family, opts, hop === 0, deadline);
    if (response.status >= 300 && response.status < 400 && response.status !== 304 && response.location) {
      if (hop >= maxRedirects) throw new FetchError('too_many_redirects', `more than ${maxRedirects} redirects from ${rawUrl}`);
      const next = new URL(response.location, target.url).toString();
      if (redirects.includes(next) || next === rawUrl) throw new FetchError('too_many_redirects', `redirect loop at ${next}`);
      redirects.push(next);
      current = next;
      continue;
    }
    return {
      url: rawUrl,
      finalUrl: target.url.toString(),
      status: response.status,
      headers: response.headers,
      contentType: response.headers['content-type'] ?? null,
      bytes: response.body,
      truncated: response.truncated,
      notModified: response.status === 304,
      redirects,
    };
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  location: string | null;
  body: Uint8Array;
  truncated: boolean;
}

/** When the whole fetch must be over, shared by its redirect hops. */
interface Deadline {
  at: number;
  ms: number;
  url: string;
}

function requestOnce(url: URL, address: string, family: 4 | 6, opts: FetchOptions, conditional: boolean, deadline: Deadline): Promise<RawResponse> {
  const maxBytes = opts.maxBytes ?? DEFAULTS.maxBytes;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (typeof options === 'object' && options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent,
    accept: 'text/html,application/xhtml+xml,application/pdf,application/json;q=0.9,*/*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (conditional && opts.etag) headers['if-none-match'] = opts.etag;
  if (conditional && opts.lastModified) headers['if-modified-since'] = opts.lastModified;

  return new Promise<RawResponse>((settleOk, settleError) => {
    const client = url.protocol === 'https:' ? https : http;
    // Wherever the request is when the deadline passes (connecting, awaiting headers, reading a trickled body), it ends.
    const overdue = setTimeout(
      () => req.destroy(new FetchError('deadline', `${deadline.url} took longer than ${deadline.ms} ms in all; stopped`)),
      Math.max(0, deadline.at - Date.now()),
    );
    const resolve = (response: RawResponse): void => {
      clearTimeout(overdue);
      settleOk(response);
    };
    const reject = (err: FetchError): void => {
      clearTimeout(overdue);
      settleError(err);
    };
    const req = client.request(url, { method: 'GET', headers, lookup: pinned, timeout: timeoutMs, signal: opts.signal }, (res) => {
      const status = res.statusCode ?? 0;
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
      const location = status >= 300 && status < 400 ? (flat.location ?? null) : null;
      if (location || status === 304) {
        res.resume();
        resolve({ status, headers: flat, location, body: new Uint8Array(), truncated: false });
        return;
      }
      const declared = Number(flat['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes && !opts.truncate) {
        res.destroy();
        reject(new FetchError('too_large', `${url} is ${declared} bytes; the limit is ${maxBytes}`));
        return;
      }
      const encoding = (flat['content-encoding'] ?? '').toLowerCase().trim();
      const decoder =
        encoding === 'gzip' || encoding === 'x-gzip'
          ? zlib.createGunzip()
          : encoding === 'deflate'
            ? zlib.createInflate()
            : encoding === 'br'
              ? zlib.createBrotliDecompress()
              : null;
      const stream = decoder ? res.pipe(decoder) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes && opts.truncate) {
          chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
          resolve({ status, headers: flat, location: null, body: new Uint8Array(Buffer.concat(chunks)), truncated: true });
          res.destroy();
          decoder?.destroy();
          return;
        }
        if (size > maxBytes) {
          res.destroy();
          decoder?.destroy();
          reject(new FetchError('too_large', `${url} is larger than ${maxBytes} bytes${decoder ? ' once decompressed' : ''}; stopped there`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (err: Error) => reject(new FetchError(decoder ? 'bad_encoding' : 'network', `${url}: ${err.message}`)));
      stream.on('end', () => resolve({ status, headers: flat, location: null, body: new Uint8Array(Buffer.concat(chunks)), truncated: false }));
    });
    req.on('timeout', () => req.destroy(new FetchError('timeout', `${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', (err: Error) => {
      if (err instanceof FetchError) reject(err);
      else if (err.name === 'AbortError') reject(new FetchError('aborted', `fetching ${url} was cancelled`));
      else reject(new FetchError('network', `${url}: ${err.message}`));
    });
    req.end();
  });
}
