import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { buildSchemaPrompt, SCHEMA_PROMPT_VERSION } from '../../prompts/schema_generate.js';
import type { Extraction } from '../extraction/model.js';
import type { LlmClient } from '../llm/client.js';
import { mapRecord, toZod } from './emit.js';
import { mainRecord } from './induce.js';
import { SCHEMA_FIELD_TYPES, type SchemaDef } from './model.js';

/**
 * The optional LLM schema generator: it names, describes and (rarely) retypes the induced fields. Its proposal is
 * taken only if the cluster's samples still validate against it at the configured rate; otherwise the induced
 * schema stands and the reason is returned.
 */
export const SchemaSuggestions = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/),
  description: z.string().max(500),
  fields: z.array(
    z.object({
      from: z.string(),
      name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
      description: z.string().max(300),
      type: z.enum(SCHEMA_FIELD_TYPES).optional(),
    }),
  ),
});

export async function suggestWithLlm(
  llm: LlmClient,
  def: SchemaDef,
  samples: readonly Extraction[],
  opts: { acceptRate?: number } = {},
): Promise<{ def: SchemaDef; accepted: boolean; reason: string; promptVersion: string }> {
  const acceptRate = opts.acceptRate ?? 0.9;
  const rows = samples.slice(0, 5).map((s) => {
    const r = mainRecord(s);
    return r ? mapRecord(def, r, { rowId: 'sample', documentId: null, url: s.url, extractionId: 'sample' }).row : {};
  });
  const prompt = buildSchemaPrompt(def, rows, `=====${randomBytes(6).toString('hex')}=====`);
  const response = await llm.structured({
    name: prompt.toolName,
    system: prompt.system,
    user: prompt.user,
    schema: SchemaSuggestions,
    jsonSchema: z.toJSONSchema(SchemaSuggestions) as Record<string, unknown>,
    maxTokens: 4_000,
    metadata: { promptVersion: SCHEMA_PROMPT_VERSION },
  });
  const suggestion = response.value;
  const names = new Set<string>();
  const fields = def.fields.map((f) => {
    const s = suggestion.fields.find((x) => x.from === f.name);
    return s ? { ...f, name: s.name, description: s.description, type: s.type && s.type !== 'records' && f.type !== 'records' ? s.type : f.type } : f;
  });
  for (const f of fields) {
    if (names.has(f.name)) return { def, accepted: false, reason: `the LLM named two fields ${f.name}`, promptVersion: SCHEMA_PROMPT_VERSION };
    names.add(f.name);
  }
  const candidate: SchemaDef = { ...def, name: suggestion.name, description: suggestion.description, fields };
  const validator = toZod(candidate);
  let valid = 0;
  for (const s of samples) {
    const r = mainRecord(s);
    if (r && validator.safeParse(mapRecord(candidate, r, { rowId: 'r', documentId: 'd', url: s.url, extractionId: 'e' }).row).success) valid++;
  }
  const rate = samples.length === 0 ? 0 : valid / samples.length;
  if (rate < acceptRate) {
    return { def, accepted: false, reason: `only ${Math.round(rate * 100)}% of the samples validate against the LLM's schema (needs ${Math.round(acceptRate * 100)}%)`, promptVersion: SCHEMA_PROMPT_VERSION };
  }
  return { def: candidate, accepted: true, reason: `${Math.round(rate * 100)}% of the samples validate`, promptVersion: SCHEMA_PROMPT_VERSION };
}
