import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`) for tests: it answers with scripted
 * responses in order, records every request it received, and can fail (429, 500, overloaded) before it succeeds.
 * Point the SDK's `baseURL` at `url`; no key or network is needed.
 */
export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface FakeMessagesApi {
  url: string;
  requests: RecordedRequest[];
  /** Adds replies to the end of the script. */
  enqueue(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

export interface FakeMessagesApiOptions {
  replies?: FakeReply[];
  /** Answers when the script is empty (default: a 500 saying the script ran out). */
  fallback?: (request: RecordedRequest) => FakeReply;
}

export async function startFakeMessagesApi(opts: FakeMessagesApiOptions = {}): Promise<FakeMessagesApi> {
  const script = [...(opts.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // recorded as an empty body; the test sees it
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body };
    requests.push(recorded);
    const reply =
      req.method === 'POST' && recorded.path.startsWith('/v1/messages')
        ? (script.shift() ?? opts.fallback?.(recorded) ?? apiError(500, 'api_error', 'fake Messages API: the test script ran out of replies'))
        : apiError(404, 'not_found_error', `fake Messages API: no route ${recorded.method} ${recorded.path}`);
    res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}`, ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => void script.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

let messageCounter = 0;

function message(content: unknown[], stopReason: string, usage: FakeUsage = {}, model = 'claude-haiku-4-5'): FakeReply {
  messageCounter++;
  return {
    status: 200,
    body: {
      id: `msg_fake_${messageCounter}`,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, ...usage },
    },
  };
}

/** A forced-tool answer whose input is `input` (the structured output). */
export function toolUseReply(toolName: string, input: unknown, usage?: FakeUsage, model?: string): FakeReply {
  return message([{ type: 'tool_use', id: `toolu_fake_${messageCounter + 1}`, name: toolName, input }], 'tool_use', usage, model);
}

/** A plain text answer (for `output_config` JSON, or a model that ignored the tool). */
export function textReply(text: string, usage?: FakeUsage, stopReason = 'end_turn'): FakeReply {
  return message([{ type: 'text', text }], stopReason, usage);
}

export function refusalReply(): FakeReply {
  return message([{ type: 'text', text: 'I cannot help with that.' }], 'refusal');
}

/** Output cut at `max_tokens`: a tool input that stops mid-way. */
export function truncatedReply(toolName: string, partialInput: unknown): FakeReply {
  return message([{ type: 'tool_use', id: 'toolu_fake_cut', name: toolName, input: partialInput }], 'max_tokens', { output_tokens: 4096 });
}

export function apiError(status: number, type: string, text: string, headers?: Record<string, string>): FakeReply {
  return { status, body: { type: 'error', error: { type, message: text } }, ...(headers ? { headers } : {}) };
}

export const rateLimited = (retryAfterSeconds = 0): FakeReply => apiError(429, 'rate_limit_error', 'Rate limited (fake)', { 'retry-after': String(retryAfterSeconds) });
export const serverError = (): FakeReply => apiError(500, 'api_error', 'Internal server error (fake)');
export const overloaded = (): FakeReply => apiError(529, 'overloaded_error', 'Overloaded (fake)');
