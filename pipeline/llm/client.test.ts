import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  apiError,
  overloaded,
  rateLimited,
  refusalReply,
  serverError,
  startFakeMessagesApi,
  textReply,
  toolUseReply,
  truncatedReply,
  type FakeMessagesApi,
} from '../../evals/fakes/messages-api.js';
import { createTracer, type SpanRecord } from '../tracing/tracer.js';
import { backoffMs, createLlmClient, LlmError, type StructuredRequest } from './client.js';
import { costUsd } from './pricing.js';

const Answer = z.object({ city: z.string(), population: z.number().int() });
type Answer = z.infer<typeof Answer>;

interface SentBody {
  model: string;
  max_tokens: number;
  tool_choice: unknown;
  tools?: Array<{ input_schema: { properties: Record<string, { type: string }> } }>;
  system: unknown[];
  messages: unknown;
  output_config?: { format: { type: string } };
}

let api: FakeMessagesApi;
let spans: SpanRecord[];

beforeEach(async () => {
  api = await startFakeMessagesApi();
  spans = [];
});
afterEach(async () => {
  await api.close();
});

function client(extra: { maxRetries?: number } = {}) {
  const tracer = createTracer({ sinks: [{ name: 'mem', onEnd: (s) => void spans.push(s), flush: async () => {}, shutdown: async () => {} }], redact: (v) => v });
  const sleeps: number[] = [];
  const llm = createLlmClient({
    apiKey: 'sk-test-not-a-real-key',
    model: 'claude-haiku-4-5',
    baseURL: api.url,
    tracer,
    maxRetries: extra.maxRetries ?? 3,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { llm, sleeps };
}

function request(overrides: Partial<StructuredRequest<Answer>> = {}): StructuredRequest<Answer> {
  return {
    name: 'city_facts',
    system: 'You answer with facts about a city.',
    user: 'Zurich',
    schema: Answer,
    jsonSchema: z.toJSONSchema(Answer) as Record<string, unknown>,
    maxTokens: 1000,
    ...overrides,
  };
}

describe('createLlmClient', () => {
  it('forces the schema tool, marks the stable prefix for caching and sends the configured model', async () => {
    api.enqueue(toolUseReply('city_facts', { city: 'Zurich', population: 421878 }));
    const { llm } = client();
    await llm.structured(request());
    const body = api.requests[0]?.body as unknown as SentBody;
    expect(body.model).toBe('claude-haiku-4-5');
    expect(body.max_tokens).toBe(1000);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'city_facts', disable_parallel_tool_use: true });
    expect(body.tools?.[0]?.input_schema.properties["population"]?.type).toBe('integer');
    expect(body.system[0]).toMatchObject({ type: 'text', text: 'You answer with facts about a city.', cache_control: { type: 'ephemeral' } });
    expect(body.messages).toEqual([{ role: 'user', content: 'Zurich' }]);
    const auth = api.requests[0]?.headers ?? {};
    expect(auth['x-api-key'] ?? auth['authorization']).toContain('sk-test-not-a-real-key');
  });

  it('returns the parsed output with token usage and cost, and traces a generation span with that usage', async () => {
    api.enqueue(toolUseReply('city_facts', { city: 'Zurich', population: 421878 }, { input_tokens: 1000, output_tokens: 200, cache_read_input_tokens: 3000 }));
    const { llm } = client();
    const result = await llm.structured(request());
    expect(result.value).toEqual({ city: 'Zurich', population: 421878 });
    expect(result.usage).toMatchObject({ inputTokens: 1000, outputTokens: 200, cacheReadTokens: 3000, cacheWriteTokens: 0 });
    expect(result.usage.costUsd).toBeCloseTo((1000 * 1 + 200 * 5 + 3000 * 0.1) / 1e6, 9);
    const span = spans.find((s) => s.name === 'llm.city_facts');
    expect(span).toMatchObject({ kind: 'generation', status: 'ok', usage: { inputTokens: 1000, outputTokens: 200 } });
  });

  it('uses output_config JSON schema when asked and parses the text answer', async () => {
    api.enqueue(textReply('{"city":"Basel","population":177000}'));
    const { llm } = client();
    const result = await llm.structured(request({ mode: 'json_schema' }));
    expect(result.value.city).toBe('Basel');
    const body = api.requests[0]?.body as unknown as SentBody;
    expect(body.output_config?.format.type).toBe('json_schema');
    expect(body.tools).toBeUndefined();
  });

  it('rejects output that does not match the schema, naming the offending field', async () => {
    api.enqueue(toolUseReply('city_facts', { city: 'Zurich', population: 'many' }));
    const { llm } = client();
    const error = await llm.structured(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).code).toBe('invalid_output');
    expect((error as LlmError).message).toContain('population');
    expect((error as LlmError).details.usage?.inputTokens).toBe(1200);
  });

  it('rejects malformed JSON text', async () => {
    api.enqueue(textReply('{"city": "Zurich", "popul'));
    const { llm } = client();
    await expect(llm.structured(request({ mode: 'json_schema' }))).rejects.toMatchObject({ code: 'invalid_output' });
  });

  it('reports a refusal as a refusal', async () => {
    api.enqueue(refusalReply());
    const { llm } = client();
    await expect(llm.structured(request())).rejects.toMatchObject({ code: 'refusal' });
  });

  it('reports output cut at max_tokens instead of using the partial answer', async () => {
    api.enqueue(truncatedReply('city_facts', { city: 'Zur' }));
    const { llm } = client();
    await expect(llm.structured(request())).rejects.toMatchObject({ code: 'max_tokens' });
  });

  it('retries a 429 and an overloaded answer with backoff, then succeeds', async () => {
    api.enqueue(rateLimited(2), overloaded(), toolUseReply('city_facts', { city: 'Bern', population: 134000 }));
    const { llm, sleeps } = client();
    const result = await llm.structured(request());
    expect(result.value.city).toBe('Bern');
    expect(result.attempts).toBe(3);
    expect(api.requests).toHaveLength(3);
    expect(sleeps[0]).toBe(2000);
  });

  it('gives up after the retry budget in a 500 storm, as unavailable, and the span records the error', async () => {
    api.enqueue(serverError(), serverError(), serverError(), serverError(), serverError());
    const { llm } = client({ maxRetries: 2 });
    await expect(llm.structured(request())).rejects.toMatchObject({ code: 'unavailable' });
    expect(api.requests).toHaveLength(3);
    expect(spans.find((s) => s.name === 'llm.city_facts')?.status).toBe('error');
  });

  it('does not retry a request the API rejects as invalid', async () => {
    api.enqueue(apiError(400, 'invalid_request_error', 'bad schema'));
    const { llm } = client();
    await expect(llm.structured(request())).rejects.toMatchObject({ code: 'http', details: { status: 400 } });
    expect(api.requests).toHaveLength(1);
  });

  it('stops when the signal is aborted', async () => {
    const { llm } = client();
    const controller = new AbortController();
    controller.abort();
    await expect(llm.structured(request({ signal: controller.signal }))).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('backoff and pricing', () => {
  it('doubles the delay per attempt within jitter, and honours retry-after', () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const ms = backoffMs(attempt, 100);
      expect(ms).toBeGreaterThanOrEqual((100 * 2 ** attempt) / 2);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** attempt);
    }
    expect(backoffMs(0, 100, { 'retry-after': '3' })).toBe(3000);
    expect(backoffMs(10, 1000)).toBeLessThanOrEqual(30_000);
  });

  it('prices known models and leaves unknown ones without a cost', () => {
    expect(costUsd('claude-sonnet-4-5', { inputTokens: 1_000_000, outputTokens: 0 })).toBe(3);
    expect(costUsd('some-other-model', { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
  });
});
