import Anthropic from '@anthropic-ai/sdk';
import type { z } from 'zod';
import type { Logger } from '../shared/logger.js';
import type { TokenUsage, Tracer } from '../tracing/tracer.js';
import { costUsd } from './pricing.js';

/**
 * The one module every LLM call goes through: the model comes from configuration, output is constrained by a JSON
 * Schema (a forced tool, or `output_config` JSON schema) and always `schema.parse`d, the stable prefix (tool
 * definition and system prompt) is marked for prompt caching, 429/5xx/overloaded are retried with backoff, and
 * each call is traced as a `generation` span with its token usage and cost.
 */
export interface LlmClientOptions {
  apiKey: string;
  model: string;
  /** Points the SDK elsewhere (tests use a local fake Messages API). */
  baseURL?: string | undefined;
  /** Attempts after the first on 429/5xx/overloaded/connection errors. */
  maxRetries?: number | undefined;
  /** First backoff delay; doubles per attempt, with jitter, capped at 30 s. A `retry-after` header wins. */
  retryBaseMs?: number | undefined;
  timeoutMs?: number | undefined;
  tracer: Tracer;
  logger?: Logger | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

export interface StructuredRequest<T> {
  /** Names the span (`llm.<name>`) and the forced tool. */
  name: string;
  /** Stable instructions: cached together with the tool definition. */
  system: string;
  /** The variable part of the prompt (the document). */
  user: string;
  /** JSON Schema the output must follow, derived from `schema` by the caller (`z.toJSONSchema`). */
  jsonSchema: Record<string, unknown>;
  schema: z.ZodType<T>;
  maxTokens: number;
  /** `tool` (default) forces a tool call whose input is the output; `json_schema` uses `output_config.format`. */
  mode?: 'tool' | 'json_schema';
  toolDescription?: string;
  signal?: AbortSignal | undefined;
  metadata?: Record<string, unknown>;
}

export interface StructuredResponse<T> {
  value: T;
  /** The model's output as received (tool input JSON or text). */
  raw: string;
  usage: TokenUsage;
  model: string;
  attempts: number;
}

export type LlmErrorCode = 'refusal' | 'max_tokens' | 'invalid_output' | 'http' | 'unavailable' | 'aborted';

/** A call that produced no usable output. `usage` holds what was spent anyway. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly details: { raw?: string; usage?: TokenUsage; status?: number; attempts?: number } = {},
  ) {
    super(message);
  }
}

export interface LlmClient {
  readonly model: string;
  structured<T>(request: StructuredRequest<T>): Promise<StructuredResponse<T>>;
}

const RETRYABLE_STATUS = (status: number) => status === 429 || status === 529 || status >= 500;

export function createLlmClient(opts: LlmClientOptions): LlmClient {
  const sdk = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL ?? null, maxRetries: 0, timeout: opts.timeoutMs ?? 120_000 });
  const maxRetries = opts.maxRetries ?? 4;
  const retryBaseMs = opts.retryBaseMs ?? 1_000;
  const sleep = opts.sleep ?? abortableSleep;

  async function send(params: Anthropic.MessageCreateParamsNonStreaming, signal: AbortSignal | undefined): Promise<{ message: Anthropic.Message; attempts: number }> {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new LlmError('aborted', 'The LLM call was cancelled.', { attempts: attempt });
      try {
        const message = await sdk.messages.create(params, { signal });
        return { message, attempts: attempt + 1 };
      } catch (err) {
        if (signal?.aborted || err instanceof Anthropic.APIUserAbortError) throw new LlmError('aborted', 'The LLM call was cancelled.', { attempts: attempt + 1 });
        const status = err instanceof Anthropic.APIError ? err.status : undefined;
        const retryable = status === undefined ? err instanceof Anthropic.APIConnectionError : RETRYABLE_STATUS(status);
        if (!retryable || attempt >= maxRetries) {
          const code: LlmErrorCode = retryable ? 'unavailable' : 'http';
          const what = status ? `HTTP ${status}` : 'connection failed';
          throw new LlmError(code, `The Anthropic API call failed after ${attempt + 1} attempt(s): ${what}: ${errorText(err)}`, { status, attempts: attempt + 1 });
        }
        const delay = backoffMs(attempt, retryBaseMs, err instanceof Anthropic.APIError ? err.headers : undefined);
        opts.logger?.warn('llm call failed, retrying', { status, attempt: attempt + 1, delayMs: delay });
        await sleep(delay, signal);
      }
    }
  }

  return {
    model: opts.model,
    async structured<T>(req: StructuredRequest<T>): Promise<StructuredResponse<T>> {
      const mode = req.mode ?? 'tool';
      const toolName = req.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
      const params = buildParams(opts.model, req, mode, toolName);
      return opts.tracer.span(
        `llm.${req.name}`,
        { kind: 'generation', input: { model: opts.model, system: clip(req.system), user: clip(req.user) }, metadata: { model: opts.model, mode, ...req.metadata } },
        async (span) => {
          const { message, attempts } = await send(params, req.signal);
          const usage = usageOf(message);
          span.setUsage(usage);
          span.addMetadata({ attempts, stopReason: message.stop_reason });
          const raw = outputText(message, mode, toolName);
          if (message.stop_reason === 'refusal') throw new LlmError('refusal', 'The model refused to answer.', { raw, usage, attempts });
          if (message.stop_reason === 'max_tokens') {
            throw new LlmError('max_tokens', `The output was cut at max_tokens (${req.maxTokens}) and is incomplete.`, { raw, usage, attempts });
          }
          const value = parseOutput(raw, req.schema, { usage, attempts });
          span.setOutput({ stopReason: message.stop_reason, chars: raw.length });
          return { value, raw, usage, model: message.model || opts.model, attempts };
        },
      );
    },
  };
}

function buildParams<T>(model: string, req: StructuredRequest<T>, mode: 'tool' | 'json_schema', toolName: string): Anthropic.MessageCreateParamsNonStreaming {
  const cached = { type: 'ephemeral' } as const;
  const base = {
    model,
    max_tokens: req.maxTokens,
    // The cache breakpoint on the system block covers everything before it: the tool definition and the instructions.
    system: [{ type: 'text' as const, text: req.system, cache_control: cached }],
    messages: [{ role: 'user' as const, content: req.user }],
  };
  if (mode === 'json_schema') return { ...base, output_config: { format: { type: 'json_schema', schema: req.jsonSchema } } };
  return {
    ...base,
    tools: [{ name: toolName, description: req.toolDescription ?? 'Record the result.', input_schema: { type: 'object', ...req.jsonSchema } as Anthropic.Tool.InputSchema }],
    tool_choice: { type: 'tool', name: toolName, disable_parallel_tool_use: true },
  };
}

function outputText(message: Anthropic.Message, mode: 'tool' | 'json_schema', toolName: string): string {
  if (mode === 'tool') {
    const block = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === toolName);
    if (block) return JSON.stringify(block.input);
  }
  return message.content
    .filter((b): b is Anthropic.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('');
}

/** LLM output is an edge: it is parsed against the schema every time, and anything else is an error. */
function parseOutput<T>(raw: string, schema: z.ZodType<T>, details: { usage: TokenUsage; attempts: number }): T {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new LlmError('invalid_output', `The model's output is not JSON (${raw.length} chars).`, { raw, ...details });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new LlmError('invalid_output', `The model's output does not match the schema: ${issues.join('; ')}`, { raw, ...details });
  }
  return parsed.data;
}

function usageOf(message: Anthropic.Message): TokenUsage {
  const u = message.usage;
  const usage: TokenUsage = {
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    cacheReadTokens: u.cache_read_input_tokens ?? 0,
    cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
    model: message.model,
  };
  const cost = costUsd(message.model, usage);
  return cost === undefined ? usage : { ...usage, costUsd: cost };
}

export function backoffMs(attempt: number, baseMs: number, headers?: Headers | Record<string, string> | null): number {
  const retryAfter = headers instanceof Headers ? headers.get('retry-after') : headers?.['retry-after'];
  const seconds = retryAfter !== null && retryAfter !== undefined ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(30_000, seconds * 1000);
  const exponential = Math.min(30_000, baseMs * 2 ** attempt);
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError('aborted', 'The LLM call was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmError('aborted', 'The LLM call was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}

/** Traces keep a readable prefix of long prompts, not the whole document again. */
function clip(text: string, max = 8_000): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more chars]`;
}
