import { llmExtract } from '../../pipeline/extraction/llm.js';
import { mergeExtractions } from '../../pipeline/extraction/merge.js';
import type { Extraction } from '../../pipeline/extraction/model.js';
import { createLlmClient } from '../../pipeline/llm/client.js';
import { induceSchema } from '../../pipeline/schema/induce.js';
import { createTracer, type SpanRecord } from '../../pipeline/tracing/tracer.js';
import { DEFAULTS } from '../../server/config.js';
import { clusterDocuments, offlinePipeline } from '../cluster-report.js';
import type { SchemaFieldLike } from '../scorers/schema.js';
import type { StageDocument, Stages } from './run.js';

/**
 * The real pipeline stages as the runner sees them. Each document goes the production way: parse → offline
 * extraction; then the cluster service (`addExtraction` for every document, one `recluster()`) on an in-memory
 * store; then schema induction per golden document type.
 */

/** Clusters the documents with the cluster service and returns each one's cluster id (null: noise). */
export async function clusterWithService(docs: readonly StageDocument[]): Promise<Array<string | null>> {
  const { keys, clusters } = await clusterDocuments(docs);
  const clusterOf = new Map<string, string>();
  for (const c of clusters) for (const key of c.members) clusterOf.set(key, c.id);
  return keys.map((k) => clusterOf.get(k) ?? null);
}

/** The schema stage: induced fields with their types and the discovered names each one merges (its synonyms). */
export async function induceSchemaFields(extractions: readonly Extraction[]): Promise<SchemaFieldLike[]> {
  return induceSchema(extractions, { name: 'eval' }).schema.fields.map((f) => ({ name: f.name, type: f.type === 'records' ? 'list' : f.type, aliases: f.sources }));
}

export const offlineStages: Stages = {
  name: 'offline',
  parse: offlinePipeline.parse,
  extract: offlinePipeline.extract,
  cluster: clusterWithService,
  induceSchema: induceSchemaFields,
};

/**
 * The LLM path, when ANTHROPIC_API_KEY is set: the offline extraction merged with the LLM's, as the extraction
 * service does. Generation spans are collected for cost per document. Null without a key.
 */
export function llmStages(env: NodeJS.ProcessEnv): Stages | null {
  const apiKey = env.ANTHROPIC_API_KEY;
  if (!apiKey) return null;
  const spans: SpanRecord[] = [];
  const tracer = createTracer({ sinks: [{ name: 'eval', onEnd: (s) => void spans.push(s), flush: async () => undefined, shutdown: async () => undefined }], redact: (v) => v });
  const llm = createLlmClient({ apiKey, model: env.QUARRY_MODEL ?? DEFAULTS.model, baseURL: env.ANTHROPIC_BASE_URL, tracer, maxRetries: 2 });
  return {
    ...offlineStages,
    name: 'llm',
    async extract(parsed) {
      const offline = await offlinePipeline.extract(parsed);
      try {
        const result = await llmExtract(llm, parsed);
        const merged = mergeExtractions(offline.records, result.records, result.multiplicity);
        return { ...offline, extractor: 'merged', records: merged.records };
      } catch {
        // A failed call scores as the offline extraction; its generation span still counts in the cost.
        return offline;
      }
    },
    spans: () => spans,
  };
}
