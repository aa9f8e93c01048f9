import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../pipeline/shared/logger.js';
import { createMcpSessions, type McpSessions } from './mcp-sessions.js';
import { QUARRY_VERSION } from './version.js';

/**
 * Streamable HTTP on hono: `/mcp` with stateful sessions (one transport and one MCP server per session, at most
 * `maxSessions`, closed after `sessionIdleMs` without requests),
 * `/health` without auth, and whatever else the caller mounts (web pages, the Iceberg REST catalog).
 * Every other route needs `Authorization: Bearer <token>`; a browser Origin that is not ours is refused.
 */
export interface HttpServerOptions {
  host: string;
  port: number;
  token: string;
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  maxSessions: number;
  sessionIdleMs: number;
  logger: Logger;
  /** Builds the MCP server for a new session. */
  newMcpServer(): McpServer;
  /** Extra routes behind the same auth and Origin checks. */
  mount?(app: Hono): void;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  sessions(): number;
  close(): Promise<void>;
}

export function createHttpApp(opts: Omit<HttpServerOptions, 'host' | 'port'> & { ownOrigins: () => string[] }): {
  app: Hono;
  sessions: McpSessions;
} {
  const sessions = createMcpSessions({ maxSessions: opts.maxSessions, idleMs: opts.sessionIdleMs });
  const app = new Hono();
  const expected = Buffer.from(`Bearer ${opts.token}`);

  app.get('/health', (c) => c.json({ status: 'ok', name: 'quarry', version: QUARRY_VERSION, sessions: sessions.size() }));

  const originCheck: MiddlewareHandler = async (c, next) => {
    const origin = c.req.header('origin');
    if (origin && !opts.ownOrigins().includes(origin) && !opts.allowedOrigins.includes(origin)) {
      opts.logger.warn('refused request from a foreign origin', { origin, path: c.req.path });
      return c.json({ error: 'forbidden', message: `Origin ${origin} is not allowed; add it to QUARRY_ALLOWED_ORIGINS if you trust it` }, 403);
    }
    await next();
  };
  const tokenMatches = (given: string | undefined): boolean => {
    const bytes = Buffer.from(given ?? '');
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  };
  const authorized = (c: Context): boolean =>
    tokenMatches(c.req.header('authorization')) || tokenMatches(`Bearer ${getCookie(c, SESSION_COOKIE) ?? ''}`);
  const auth: MiddlewareHandler = async (c, next) => {
    if (!authorized(c)) {
      if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html')) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`);
      c.header('WWW-Authenticate', 'Bearer realm="quarry"');
      return c.json({ error: 'unauthorized', message: 'send Authorization: Bearer <QUARRY_TOKEN> (printed at first start, stored in the data dir)' }, 401);
    }
    await next();
  };
  const limit = bodyLimit({
    maxSize: opts.maxBodyBytes,
    onError: (c) => c.json({ error: 'payload_too_large', message: `request bodies are limited to ${opts.maxBodyBytes} bytes` }, 413),
  });

  const isPublic = (path: string): boolean => path === '/health' || path === '/login';
  app.use('*', async (c, next) => (c.req.path === '/health' ? next() : originCheck(c, next)));
  app.use('*', limit);
  app.use('*', async (c, next) => (isPublic(c.req.path) ? next() : auth(c, next)));

  // Browsers cannot send a bearer header from a link, so the web pages take the token once and keep it in a
  // same-site, HTTP-only cookie; the Origin check above stops other sites from posting with it.
  app.get('/login', (c) => c.html(loginPage(c.req.query('next') ?? '/', c.req.query('failed') !== undefined)));
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === 'string' ? form.next : '/');
    if (typeof form.token !== 'string' || !tokenMatches(`Bearer ${form.token.trim()}`)) {
      return c.redirect(`/login?failed&next=${encodeURIComponent(next)}`, 303);
    }
    setCookie(c, SESSION_COOKIE, form.token.trim(), { httpOnly: true, sameSite: 'Strict', path: '/' });
    return c.redirect(next, 303);
  });

  app.all('/mcp', async (c) => {
    const sessionId = c.req.header('mcp-session-id');
    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return c.json(jsonRpcError(-32001, 'Session not found: start a new session with an initialize request'), 404);
      const handle = (): Promise<Response> => session.transport.handleRequest(c.req.raw);
      // A POST is work (its answer may stream for as long as a tool runs); a GET is a stream the client listens on
      // whether or not it will ever ask again, so it does not keep an unused session open.
      return c.req.method === 'POST' ? sessions.serve(sessionId, handle) : handle();
    }
    if (c.req.method !== 'POST') return c.json(jsonRpcError(-32000, 'Bad Request: no session id; send an initialize request first'), 400);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json(jsonRpcError(-32700, 'Parse error: the body is not JSON'), 400);
    }
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.some((m) => isInitializeRequest(m))) {
      return c.json(jsonRpcError(-32000, 'Bad Request: no session id; send an initialize request first'), 400);
    }
    const opened = await sessions.admit(async () => {
      const server = opts.newMcpServer();
      const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        maxRequestBodySize: opts.maxBodyBytes,
        onsessioninitialized: (id) => {
          sessions.add(id, { transport, server });
        },
        onsessionclosed: (id) => {
          sessions.remove(id);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.remove(transport.sessionId);
      };
      await server.connect(transport);
      return transport.handleRequest(c.req.raw, { parsedBody: body });
    });
    if (opened) return opened;
    opts.logger.warn('refused a new MCP session: every session is busy', { maxSessions: opts.maxSessions });
    c.header('Retry-After', '5');
    return c.json(jsonRpcError(-32000, `Server busy: all ${opts.maxSessions} MCP sessions are in use (QUARRY_MAX_SESSIONS); retry shortly or close an unused session`), 503);
  });

  opts.mount?.(app);
  return { app, sessions };
}

const SESSION_COOKIE = 'quarry_token';

/** Only same-site paths: an open redirect after login would hand the cookie's trust to anyone's link. */
function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

function loginPage(next: string, failed: boolean): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quarry — sign in</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:5rem auto;padding:0 1rem;color:#1d2433}
input{width:100%;padding:.5rem;font:inherit;margin:.5rem 0}button{padding:.5rem 1rem;font:inherit}.err{color:#b00020}</style></head>
<body><h1>Quarry</h1>
<p>Paste the access token Quarry printed at its first start (it is also in <code>data/token</code>).</p>
${failed ? html`<p class="err" role="alert">That token is not right.</p>` : ''}
<form method="post" action="/login"><input type="hidden" name="next" value="${safeNext(next)}">
<label>Token <input name="token" type="password" autocomplete="current-password" autofocus required></label>
<button type="submit">Sign in</button></form></body></html>`;
}

function jsonRpcError(code: number, message: string): Record<string, unknown> {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  let port = opts.port;
  const ownOrigins = (): string[] => [`http://${opts.host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
  const { app, sessions } = createHttpApp({ ...opts, ownOrigins });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, () => resolve(s));
    s.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    sessions: () => sessions.size(),
    async close() {
      await sessions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}
