import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildDemoSites } from './sites.js';
import type { BuiltSite, SitePage } from './site.js';
import { ORIGIN_PLACEHOLDER } from './site.js';

/**
 * Serves the invented demo sites, each on its own port so each has its own origin, robots.txt and sitemap, plus
 * an index page at `baseUrl` linking to them. Conditional requests (ETag, Last-Modified → 304), HEAD, a 404 page,
 * and an access log so tests can prove what a crawler did and did not request.
 */

export interface ServeOptions {
  /** Port of the index server; each site takes the next port when non-zero (default 0: any free port). */
  port?: number;
  host?: string;
}

export interface DemoSiteInfo {
  id: string;
  name: string;
  url: string;
  kind: 'opera' | 'procurement';
  lang: string;
  /** Paths that exist but robots.txt disallows. */
  disallowed: string[];
  /** Paths linked on purpose that answer 404. */
  deliberatelyMissing: string[];
}

export interface AccessLogEntry {
  site: string;
  method: string;
  /** Path and query as requested. */
  path: string;
  status: number;
  userAgent: string | undefined;
}

export interface DemoSites {
  baseUrl: string;
  sites: DemoSiteInfo[];
  /** Every request answered so far, in order (the index server logs as site `index`). */
  accessLog: AccessLogEntry[];
  close(): Promise<void>;
}

interface ServedPage {
  page: SitePage;
  body: Buffer;
  etag: string;
  lastModified: string;
}

export async function serveDemoSites(opts: ServeOptions = {}): Promise<DemoSites> {
  const host = opts.host ?? '127.0.0.1';
  const basePort = opts.port ?? 0;
  const built = await buildDemoSites();
  const accessLog: AccessLogEntry[] = [];
  const servers: Server[] = [];
  try {
    const sites: DemoSiteInfo[] = [];
    for (const [i, site] of built.entries()) {
      const routes = new Map<string, ServedPage>();
      const server = createServer((req, res) => handle(req, res, site.id, routes, accessLog));
      servers.push(server);
      const origin = await listen(server, host, basePort === 0 ? 0 : basePort + i + 1);
      for (const page of site.pages) routes.set(page.path, prepare(page, origin));
      sites.push(info(site, origin));
    }
    const index = createServer((req, res) => handleIndex(req, res, sites, accessLog));
    servers.push(index);
    const baseUrl = await listen(index, host, basePort);
    return { baseUrl, sites, accessLog, close: () => closeAll(servers) };
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
}

function info(site: BuiltSite, url: string): DemoSiteInfo {
  return {
    id: site.id,
    name: site.name,
    url,
    kind: site.kind,
    lang: site.lang,
    disallowed: [...site.disallowed],
    deliberatelyMissing: [...site.deliberatelyMissing],
  };
}

function prepare(page: SitePage, origin: string): ServedPage {
  const body = page.originTemplated
    ? Buffer.from(Buffer.from(page.body).toString('utf8').replaceAll(ORIGIN_PLACEHOLDER, origin), 'utf8')
    : Buffer.from(page.body);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { page, body, etag, lastModified: page.lastModified.toUTCString() };
}

function handle(req: IncomingMessage, res: ServerResponse, siteId: string, routes: Map<string, ServedPage>, log: AccessLogEntry[]): void {
  const path = req.url ?? '/';
  const status = respond(req, res, lookup(routes, path));
  log.push({ site: siteId, method: req.method ?? 'GET', path, status, userAgent: req.headers['user-agent'] });
}

function lookup(routes: Map<string, ServedPage>, rawPath: string): ServedPage | undefined {
  const exact = routes.get(rawPath);
  if (exact) return exact;
  try {
    const url = new URL(rawPath, 'http://demo.invalid');
    return routes.get(decodeURI(url.pathname) + url.search) ?? routes.get(url.pathname + url.search);
  } catch {
    return undefined;
  }
}

function respond(req: IncomingMessage, res: ServerResponse, served: ServedPage | undefined): number {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return 405;
  }
  if (!served) {
    const body = Buffer.from(NOT_FOUND, 'utf8');
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return 404;
  }
  const headers = {
    etag: served.etag,
    'last-modified': served.lastModified,
    'cache-control': 'no-cache',
  };
  if (notModified(req, served)) {
    res.writeHead(304, headers);
    res.end();
    return 304;
  }
  res.writeHead(200, { ...headers, 'content-type': served.page.contentType, 'content-length': served.body.length });
  res.end(req.method === 'HEAD' ? undefined : served.body);
  return 200;
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). */
function notModified(req: IncomingMessage, served: ServedPage): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(served.etag);
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(served.page.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

function handleIndex(req: IncomingMessage, res: ServerResponse, sites: readonly DemoSiteInfo[], log: AccessLogEntry[]): void {
  const path = req.url ?? '/';
  let status = 404;
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    const items = sites.map((s) => `<li><a href="${s.url}/">${escape(s.name)}</a> (${s.kind}, ${s.lang}) — ${s.url}</li>`).join('\n');
    const body = Buffer.from(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Quarry demo sites</title></head><body><h1>Quarry demo sites</h1><p>Invented websites for demos and tests.</p><ul>\n${items}\n</ul></body></html>\n`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    status = 200;
  } else {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(NOT_FOUND);
  }
  log.push({ site: 'index', method: req.method ?? 'GET', path, status, userAgent: req.headers['user-agent'] });
}

const NOT_FOUND = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body><h1>404 Not Found</h1><p>This page does not exist.</p></body></html>\n';

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(new Error(`Demo sites cannot listen on ${host}:${port} (${error.code ?? error.message})`, { cause: error }));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

async function closeAll(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.filter((s) => s.listening).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
}
