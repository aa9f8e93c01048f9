import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMessagesApi, toolUseReply, type FakeMessagesApi } from '../../evals/fakes/messages-api.js';
import { SCHEMA_TOOL_NAME } from '../../prompts/schema_generate.js';
import { extraction, record } from '../clustering/fixtures.js';
import { createLlmClient } from '../llm/client.js';
import { createTracer } from '../tracing/tracer.js';
import { induceSchema } from './induce.js';
import { suggestWithLlm } from './llm.js';

const samples = Array.from({ length: 6 }, (_, i) =>
  extraction(`https://opera.test/${i}`, [record([['dirigent', 'string', `Person ${i}`, 'Dirigent'], ['dauer', 'duration', 'PT2H', 'Dauer']])]),
);
const induced = induceSchema(samples, { name: 'production' }).schema;

describe('the LLM schema generator', () => {
  let api: FakeMessagesApi;
  const llm = () => createLlmClient({ apiKey: 'test', model: 'claude-test', baseURL: api.url, tracer: createTracer({ sinks: [], redact: (v) => v }), maxRetries: 0 });
  beforeAll(async () => {
    api = await startFakeMessagesApi();
  });
  afterAll(async () => api.close());

  it('takes better names and descriptions when the samples still validate, with samples delimited as data', async () => {
    api.enqueue(
      toolUseReply(SCHEMA_TOOL_NAME, {
        name: 'opera_production',
        description: 'A production in a season',
        fields: [{ from: 'dirigent', name: 'conductor', description: 'Musical director' }],
      }),
    );
    const out = await suggestWithLlm(llm(), induced, samples);
    expect(out.accepted).toBe(true);
    expect(out.def.fields.map((f) => f.name).sort()).toEqual(['conductor', 'dauer']);
    const body = JSON.stringify(api.requests.at(-1)?.body);
    expect(body).toMatch(/=====[0-9a-f]{12}=====/);
  });

  it('keeps the induced schema when the suggestion would make the samples invalid', async () => {
    api.enqueue(toolUseReply(SCHEMA_TOOL_NAME, { name: 'x', description: 'x', fields: [{ from: 'dirigent', name: 'conductor', description: 'd', type: 'integer' }] }));
    const out = await suggestWithLlm(llm(), induced, samples);
    expect(out.accepted).toBe(false);
    expect(out.reason).toMatch(/only 0% of the samples validate/);
    expect(out.def).toBe(induced);
  });

  it('rejects malformed suggestions at the schema edge', async () => {
    api.enqueue(toolUseReply(SCHEMA_TOOL_NAME, { name: 'Bad Name!', description: 'x', fields: [] }));
    await expect(suggestWithLlm(llm(), induced, samples)).rejects.toThrow();
  });
});
