import type { StreamConfig } from './bus.js';

/** The pipeline's streams. Each stage publishes to `<prefix>.<detail>` and consumes its input stream durably. */
export const STREAMS = {
  RAW_DOCUMENTS: { name: 'RAW_DOCUMENTS', subjects: ['raw.>'] },
  EXTRACTED: { name: 'EXTRACTED', subjects: ['extracted.>'] },
  SCHEMA_PROPOSALS: { name: 'SCHEMA_PROPOSALS', subjects: ['proposals.>'] },
  VALIDATED: { name: 'VALIDATED', subjects: ['validated.>'] },
  FAILED: { name: 'FAILED', subjects: ['failed.>'] },
} as const satisfies Record<string, StreamConfig>;

/** KV buckets and object stores the pipeline uses. */
export const BUCKETS = {
  dedup: 'quarry_dedup',
  activeSchemas: 'quarry_active_schemas',
  rawDocuments: 'quarry_raw_documents',
} as const;

/** A subject token made safe from a free string (host names, ids): JetStream tokens cannot hold `.`, `*`, `>` or spaces. */
export function subjectToken(value: string): string {
  const token = value.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return token.length > 0 ? token.slice(0, 64) : '_';
}

export async function ensurePipelineStreams(bus: { ensureStream(c: StreamConfig): Promise<void> }): Promise<void> {
  for (const stream of Object.values(STREAMS)) await bus.ensureStream({ ...stream, subjects: [...stream.subjects] });
}
