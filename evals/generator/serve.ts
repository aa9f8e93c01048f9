import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessLogEntry } from '../sites/server.js';
import { ORIGIN_PLACEHOLDER } from '../sites/site.js';
import type { Corpus, GeneratedSite } from './types.js';

/**
 * Serves a generated corpus: each site on its own local port (its own origin, robots.txt and sitemap), plus an index
 * page listing the sites. Ports are the caller's to choose, so one corpus can be served under two sets of ports
 * (the same sites under other names must cluster the same). GET and HEAD, ETag / Last-Modified with 304, 404 for
 * unknown paths, and an access log of every request.
 */
export interface ServeCorpusOptions {
  host?: string;
  /** Port of the index page (0, the default: any free port). */
  indexPort?: number;
  /** A port per site in corpus order, or a base (site i on base + i + 1). Default: any free port for each. */
  ports?: readonly number[] | { base: number };
}

export interface ServedSite {
  id: string;
  /** The invented host name the corpus gave the site. */
  host: string;
  name: string;
  /** The origin it is served at (`http://127.0.0.1:PORT`). */
  url: string;
  kind: GeneratedSite['kind'];
  language: string;
  disallowed: string[];
}

export interface ServedCorpus {
  baseUrl: string;
  sites: ServedSite[];
  accessLog: AccessLogEntry[];
  close(): Promise<void>;
}

interface Route {
  contentType: string;
  body: Buffer;
  etag: string;
}

const LAST_MODIFIED = new Date('2027-01-15T08:00:00Z');

/** A page's bytes for a given origin: the canonical links, robots.txt and sitemap name the origin they are served at. */
export function bytesAt(bytes: Uint8Array, origin: string): Buffer {
  const buffer = Buffer.from(bytes);
  const placeholder = Buffer.from(ORIGIN_PLACEHOLDER);
  return buffer.includes(placeholder) ? Buffer.from(buffer.toString('utf8').replaceAll(ORIGIN_PLACEHOLDER, origin), 'utf8') : buffer;
}

function portFor(opts: ServeCorpusOptions, i: number): number {
  if (!opts.ports) return 0;
  if ('base' in opts.ports) return opts.ports.base === 0 ? 0 : opts.ports.base + i + 1;
  const port = (opts.ports as readonly number[])[i];
  if (port === undefined) throw new Error(`serveCorpus: ${opts.ports.length} ports given for more sites (site ${i + 1} has none)`);
  return port;
}

export async function serveCorpus(corpus: Corpus, opts: ServeCorpusOptions = {}): Promise<ServedCorpus> {
  const host = opts.host ?? '127.0.0.1';
  const accessLog: AccessLogEntry[] = [];
  const servers: Server[] = [];
  try {
    const sites: ServedSite[] = [];
    for (const [i, site] of corpus.sites.entries()) {
      const routes = new Map<string, Route>();
      const server = createServer((req, res) => handle(req, res, site.id, routes, accessLog));
      servers.push(server);
      const origin = await listen(server, host, portFor(opts, i));
      for (const file of [...site.pages, ...site.resources]) {
        const body = bytesAt(file.bytes, origin);
        routes.set(file.path, { contentType: file.contentType, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
      }
      sites.push({ id: site.id, host: site.host, name: site.name, url: origin, kind: site.kind, language: site.language, disallowed: [...site.disallowed] });
    }
    const index = createServer((req, res) => handleIndex(req, res, corpus, sites, accessLog));
    servers.push(index);
    const baseUrl = await listen(index, host, opts.indexPort ?? 0);
    return { baseUrl, sites, accessLog, close: () => closeAll(servers) };
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
}

function handle(req: IncomingMessage, res: ServerResponse, siteId: string, routes: ReadonlyMap<string, Route>, log: AccessLogEntry[]): void {
  const path = req.url ?? '/';
  const status = respond(req, res, lookup(routes, path));
  log.push({ site: siteId, method: req.method ?? 'GET', path, status, userAgent: req.headers['user-agent'] });
}

function lookup(routes: ReadonlyMap<string, Route>, rawPath: string): Route | undefined {
  const exact = routes.get(rawPath);
  if (exact) return exact;
  try {
    const url = new URL(rawPath, 'http://corpus.invalid');
    return routes.get(decodeURI(url.pathname) + url.search) ?? routes.get(url.pathname + url.search) ?? routes.get(url.pathname + decodeURIComponent(url.search));
  } catch {
    return undefined;
  }
}

const NOT_FOUND = Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>\n');

function respond(req: IncomingMessage, res: ServerResponse, route: Route | undefined): number {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return 405;
  }
  if (!route) {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': NOT_FOUND.length });
    res.end(req.method === 'HEAD' ? undefined : NOT_FOUND);
    return 404;
  }
  const headers = { etag: route.etag, 'last-modified': LAST_MODIFIED.toUTCString(), 'cache-control': 'no-cache' };
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  const notModified =
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === route.etag)
      : ifModifiedSince !== undefined && !Number.isNaN(Date.parse(ifModifiedSince)) && LAST_MODIFIED.getTime() <= Date.parse(ifModifiedSince);
  if (notModified) {
    res.writeHead(304, headers);
    res.end();
    return 304;
  }
  res.writeHead(200, { ...headers, 'content-type': route.contentType, 'content-length': route.body.length });
  res.end(req.method === 'HEAD' ? undefined : route.body);
  return 200;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function handleIndex(req: IncomingMessage, res: ServerResponse, corpus: Corpus, sites: readonly ServedSite[], log: AccessLogEntry[]): void {
  const path = req.url ?? '/';
  let status = 404;
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    const rows = sites
      .map((s, i) => `<tr><td><a href="${s.url}/">${escape(s.name)}</a></td><td>${escape(s.host)}</td><td>${s.kind}</td><td>${s.language}</td><td>${corpus.sites[i]?.pages.length ?? 0}</td><td>${s.url}</td></tr>`)
      .join('\n');
    const body = Buffer.from(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Generated corpus, seed ${corpus.seed}</title></head><body><h1>Generated corpus, seed ${corpus.seed}</h1><table><thead><tr><th>site</th><th>invented host</th><th>kind</th><th>language</th><th>pages</th><th>served at</th></tr></thead><tbody>\n${rows}\n</tbody></table></body></html>\n`,
    );
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    status = 200;
  } else {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(NOT_FOUND);
  }
  log.push({ site: 'index', method: req.method ?? 'GET', path, status, userAgent: req.headers['user-agent'] });
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(new Error(`generated corpus cannot listen on ${host}:${port} (${error.code ?? error.message})`, { cause: error }));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

async function closeAll(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers
      .filter((s) => s.listening)
      .map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
  );
}
