import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../pipeline/shared/logger.js';
import { ALL_TOOLS } from '../tools/index.js';
import { defineTool, ToolError } from '../tools/tool.js';
import { createServer } from './create-server.js';
import { startHttpServer, type RunningHttpServer } from './http.js';
import { connectClient, openTestServices, type TestServices } from './testing.js';

const TOKEN = 'test-token-0123456789abcdef';

const slowTool = defineTool({
  name: 'slow_count',
  title: 'Count slowly',
  description: 'Counts to n, one step every 20 ms, reporting progress; stops when cancelled.',
  inputSchema: z.object({ n: z.number().int().min(1).max(1000) }),
  outputSchema: z.object({ counted: z.number().int() }),
  annotations: { readOnlyHint: true },
  async handler({ n }, ctx) {
    let i = 0;
    for (; i < n; i++) {
      if (ctx.signal.aborted) throw new Error('aborted');
      await ctx.progress(i + 1, n, `step ${i + 1}`);
      await sleep(20);
    }
    return { counted: i };
  },
});

const refusingTool = defineTool({
  name: 'refuse',
  title: 'Refuse',
  description: 'Always refuses with advice.',
  inputSchema: z.object({ id: z.string() }),
  outputSchema: z.object({ ok: z.boolean() }),
  annotations: {},
  async handler({ id }) {
    throw new ToolError(`no document ${id}; call status to see what exists`);
  },
});

const brokenTool = defineTool({
  name: 'broken',
  title: 'Broken',
  description: 'Fails internally.',
  inputSchema: z.object({}),
  outputSchema: z.object({ ok: z.boolean() }),
  annotations: {},
  async handler() {
    throw new Error('database password=hunter2 exploded');
  },
});

const askingTool = defineTool({
  name: 'ask',
  title: 'Ask',
  description: 'Asks the user to confirm when the client can.',
  inputSchema: z.object({}),
  outputSchema: z.object({ answer: z.string() }),
  annotations: {},
  async handler(_input, ctx) {
    if (!ctx.elicit) return { answer: 'no elicitation' };
    const result = await ctx.elicit({
      message: 'Approve?',
      requestedSchema: { type: 'object', properties: { ok: { type: 'boolean', title: 'OK' } }, required: ['ok'] },
    });
    return { answer: `${result.action}:${String(result.content?.ok)}` };
  },
});

describe('MCP server through a real client in memory', () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(async () => services.dispose());

  it('lists every registered tool with its title, schemas and annotations', async () => {
    const { client, close } = await connectClient({ services });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(ALL_TOOLS.map((t) => t.name).sort());
    const status = tools.find((t) => t.name === 'status');
    expect(status?.title).toBe('Quarry status');
    expect(status?.annotations?.readOnlyHint).toBe(true);
    expect(status?.outputSchema?.properties).toHaveProperty('store');
    await close();
  });

  it('status reports the store, the bus streams and tracing, as structured content and text', async () => {
    const { client, close } = await connectClient({ services });
    const result = await client.callTool({ name: 'status', arguments: {} });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { store: { kind: string; ok: boolean }; bus: { streams: Array<{ name: string }> }; counts: Record<string, number> };
    expect(out.store).toMatchObject({ kind: 'pglite', ok: true });
    expect(out.bus.streams.map((s) => s.name)).toEqual(['RAW_DOCUMENTS', 'EXTRACTED', 'SCHEMA_PROPOSALS', 'VALIDATED', 'FAILED']);
    expect(out.counts.traceSpans).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(result.content)).toContain('store pglite ok');
    await close();
  });

  it('records every tool call as a traced span with its input', async () => {
    const { client, close } = await connectClient({ services });
    await client.callTool({ name: 'status', arguments: {} });
    await services.tracer.flush();
    const span = services.spans.find((s) => s.name === 'tool.status');
    expect(span?.kind).toBe('tool');
    const [row] = await services.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM trace_spans WHERE name = 'tool.status'`);
    expect(row?.n).toBeGreaterThan(0);
    await close();
  });

  it('sends progress notifications to a client that asked for them', async () => {
    const { client, close } = await connectClient({ services, tools: [slowTool] });
    const seen: number[] = [];
    const result = await client.callTool({ name: 'slow_count', arguments: { n: 4 } }, undefined, {
      onprogress: (p) => void seen.push(p.progress),
    });
    expect(result.structuredContent).toEqual({ counted: 4 });
    expect(seen).toEqual([1, 2, 3, 4]);
    await close();
  });

  it('stops a long tool when the client cancels it', async () => {
    const { client, close } = await connectClient({ services, tools: [slowTool] });
    const abort = new AbortController();
    let progressed = 0;
    const call = client.callTool({ name: 'slow_count', arguments: { n: 1000 } }, undefined, {
      signal: abort.signal,
      onprogress: () => {
        progressed++;
        if (progressed === 3) abort.abort();
      },
    });
    await expect(call).rejects.toThrow(/abort/i);
    const before = progressed;
    await sleep(150);
    expect(progressed).toBe(before);
    await close();
  });

  it('returns a tool refusal as an isError answer the model can act on', async () => {
    const { client, close } = await connectClient({ services, tools: [refusingTool] });
    const result = await client.callTool({ name: 'refuse', arguments: { id: 'doc_1' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('no document doc_1; call status');
    await close();
  });

  it('rejects invalid arguments before the handler runs, naming the field', async () => {
    const { client, close } = await connectClient({ services, tools: [slowTool] });
    const result = await client.callTool({ name: 'slow_count', arguments: { n: 'many' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/n/);
    await close();
  });

  it('hides internal errors from the client and keeps secrets out of traces', async () => {
    const { client, close } = await connectClient({ services, tools: [brokenTool] });
    const result = await client.callTool({ name: 'broken', arguments: {} });
    expect(result.isError).toBe(true);
    const text = JSON.stringify(result.content);
    expect(text).toContain('internal error');
    expect(text).not.toContain('hunter2');
    const span = services.spans.find((s) => s.name === 'tool.broken');
    expect(span?.metadata.error).toBe('Error: database password=[REDACTED] exploded');
    expect(JSON.stringify(span)).not.toContain('hunter2');
    await close();
  });

  it('asks the user through elicitation only when the client supports it', async () => {
    const plain = await connectClient({ services, tools: [askingTool] });
    expect((await plain.client.callTool({ name: 'ask', arguments: {} })).structuredContent).toEqual({ answer: 'no elicitation' });
    await plain.close();

    const eliciting = await connectClient({ services, tools: [askingTool] }, { capabilities: { elicitation: { form: {} } } });
    eliciting.client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { ok: true } }));
    expect((await eliciting.client.callTool({ name: 'ask', arguments: {} })).structuredContent).toEqual({ answer: 'accept:true' });
    await eliciting.close();
  });
});

describe('MCP over Streamable HTTP', () => {
  let services: TestServices;
  let http: RunningHttpServer;
  beforeAll(async () => {
    services = await openTestServices();
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      allowedOrigins: [],
      maxBodyBytes: 64 * 1024,
      maxSessions: 50,
      sessionIdleMs: 60_000,
      logger: silentLogger,
      newMcpServer: () => createServer({ services }),
    });
  });
  afterAll(async () => {
    await http.close();
    await services.dispose();
  });

  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
  });
  const post = (headers: Record<string, string>, body = initialize) =>
    fetch(`${http.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body,
    });

  it('answers /health without a token', async () => {
    const res = await fetch(`${http.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', name: 'quarry' });
  });

  it('refuses a request without a token with 401', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a wrong token with 401', async () => {
    expect((await post({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post({ authorization: 'Bearer short' })).status).toBe(401);
  });

  it('refuses a foreign Origin with 403 even with the right token', async () => {
    const res = await post({ authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('accepts its own origin', async () => {
    const res = await post({ authorization: `Bearer ${TOKEN}`, origin: http.url });
    expect(res.status).toBe(200);
  });

  it('refuses an oversized body with 413', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(200 * 1024) } });
    expect((await post({ authorization: `Bearer ${TOKEN}` }, huge)).status).toBe(413);
  });

  it('answers a request for an unknown session with 404', async () => {
    const res = await post({ authorization: `Bearer ${TOKEN}`, 'mcp-session-id': 'no-such-session' });
    expect(res.status).toBe(404);
  });

  it('serves the tools to the SDK client with the token, one session per client', async () => {
    const connect = async (): Promise<Client> => {
      const client = new Client({ name: 'http-test', version: '0.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }),
      );
      return client;
    };
    const a = await connect();
    const b = await connect();
    expect(http.sessions()).toBeGreaterThanOrEqual(2);
    const { tools } = await a.listTools();
    expect(tools.map((t) => t.name)).toContain('status');
    const result = await b.callTool({ name: 'status', arguments: {} });
    expect((result.structuredContent as { store: { ok: boolean } }).store.ok).toBe(true);
    await a.close();
    await b.close();
  });
});

describe('MCP sessions over HTTP', () => {
  let services: TestServices;
  const servers: RunningHttpServer[] = [];
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await services.dispose();
  });

  const serveWith = async (limits: { maxSessions: number; sessionIdleMs: number }): Promise<RunningHttpServer> => {
    const http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      allowedOrigins: [],
      maxBodyBytes: 64 * 1024,
      logger: silentLogger,
      newMcpServer: () => createServer({ services, tools: [slowTool] }),
      ...limits,
    });
    servers.push(http);
    return http;
  };
  const rpc = (http: RunningHttpServer, body: object, sessionId?: string) =>
    fetch(`${http.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${TOKEN}`,
        ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
      },
      body: JSON.stringify({ jsonrpc: '2.0', ...body }),
    });
  const open = async (http: RunningHttpServer): Promise<string> => {
    const res = await rpc(http, { id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await res.text();
    const id = res.headers.get('mcp-session-id');
    if (res.status !== 200 || !id) throw new Error(`initialize answered ${res.status}`);
    return id;
  };
  const ping = async (http: RunningHttpServer, sessionId: string): Promise<number> => {
    const res = await rpc(http, { id: 2, method: 'ping' }, sessionId);
    await res.text();
    return res.status;
  };
  const connect = async (http: RunningHttpServer): Promise<Client> => {
    const client = new Client({ name: 'http-test', version: '0.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    return client;
  };

  it('closes a session nobody used for the idle time; its id then gets 404', async () => {
    const http = await serveWith({ maxSessions: 10, sessionIdleMs: 300 });
    const id = await open(http);
    expect(await ping(http, id)).toBe(200);
    await sleep(900);
    expect(http.sessions()).toBe(0);
    expect(await ping(http, id)).toBe(404);
  });

  it('keeps a session whose tool call runs longer than the idle time', async () => {
    const http = await serveWith({ maxSessions: 10, sessionIdleMs: 300 });
    const client = await connect(http);
    const result = await client.callTool({ name: 'slow_count', arguments: { n: 40 } });
    expect(result.structuredContent).toEqual({ counted: 40 });
    expect(http.sessions()).toBe(1);
    await client.close();
  });

  it('at the cap, a new session takes the place of the one idle the longest', async () => {
    const http = await serveWith({ maxSessions: 2, sessionIdleMs: 60_000 });
    const first = await open(http);
    const second = await open(http);
    expect(await ping(http, first)).toBe(200);
    const third = await open(http);
    expect(http.sessions()).toBe(2);
    expect(await ping(http, second)).toBe(404);
    expect(await ping(http, first)).toBe(200);
    expect(await ping(http, third)).toBe(200);
  });

  it('refuses a new session with a 503 JSON-RPC error while every session is busy, and admits it once one is free', async () => {
    const http = await serveWith({ maxSessions: 2, sessionIdleMs: 60_000 });
    const clients = [await connect(http), await connect(http)];
    const calls = clients.map((c) => c.callTool({ name: 'slow_count', arguments: { n: 25 } }));
    await sleep(100);
    const refused = await rpc(http, { id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringMatching(/all 2 MCP sessions are in use/) } });
    await Promise.all(calls);
    expect(await open(http)).toEqual(expect.any(String));
    expect(http.sessions()).toBe(2);
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  });
});
