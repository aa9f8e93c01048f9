import { z } from 'zod';
import type { ClusterService, ClusterSummary } from '../pipeline/clustering/service.js';
import { FieldType } from '../pipeline/extraction/model.js';
import { defineTool } from './tool.js';

export const ClusterStatusSchema = z.enum(['forming', 'candidate', 'has_schema']);

const ListClustersInput = z.object({
  status: ClusterStatusSchema.optional().describe('Only clusters in this state: forming (still changing), candidate (stable, ready for propose_schema), has_schema'),
  site: z.string().trim().min(1).max(253).optional().describe('Only clusters with at least one document from this host (without www.)'),
  minSize: z.number().int().min(1).max(1_000_000_000).optional().describe('Only clusters with at least this many documents'),
  limit: z.number().int().min(1).max(200).default(50).describe('At most this many clusters, largest first'),
});

const DocumentRef = z.object({
  documentKey: z.string(),
  documentId: z.string().nullable(),
  url: z.string(),
  title: z.string().nullable(),
  site: z.string(),
  similarity: z.number().describe('Cosine similarity to the cluster centroid'),
});

export const ClusterSummarySchema = z.object({
  id: z.string(),
  suggestedName: z.string(),
  size: z.number().int().nonnegative(),
  sites: z.array(z.string()),
  status: ClusterStatusSchema,
  cohesion: z.number().describe('Mean similarity of members to the centroid, 0..1'),
  stableUpdates: z.number().int().nonnegative().describe('Successive re-clusterings the cluster came through unchanged'),
  version: z.number().int().nonnegative(),
  schemaId: z.string().nullable(),
  topFields: z.array(
    z.object({
      name: z.string(),
      type: FieldType,
      shape: z.string().describe('Type and format, e.g. date:iso, money:EUR'),
      coverage: z.number().describe('Share of documents with the field, 0..1'),
      examples: z.array(z.string()),
      labels: z.array(z.string()).describe('Labels as written on the pages, across sites and languages'),
    }),
  ),
  evidence: z
    .array(z.object({ evidence: z.string(), coverage: z.number() }))
    .describe('Page evidence the members share (dated, listing, items:priced, type:event) with the share of members showing it'),
  nearest: z
    .object({ id: z.string(), suggestedName: z.string(), similarity: z.number() })
    .nullable()
    .describe('The most similar other cluster and its average similarity: what this one was kept apart from'),
  representatives: z.array(DocumentRef),
});

const ListClustersOutput = z.object({
  clusters: z.array(ClusterSummarySchema),
  total: z.number().int().nonnegative().describe('Clusters matching the filters before the limit'),
  documents: z.number().int().nonnegative(),
  noise: z.number().int().nonnegative().describe('Documents not (yet) in any cluster'),
});

export const listClustersTool = defineTool<typeof ListClustersInput, typeof ListClustersOutput, { clusters: ClusterService }>({
  name: 'list_clusters',
  title: 'List document types found',
  description:
    'Document types Quarry discovered by grouping extracted documents with the same structure (no schema declared). Each cluster has an id, a suggested name, size, sites, status (forming, candidate, has_schema), cohesion, top fields with coverage and example values, the page evidence members share, the nearest other cluster with its similarity, and representative documents. Candidates are stable and ready for propose_schema with their id; read quarry://clusters/{id} for all members. Filter by status, site or minSize.',
  inputSchema: ListClustersInput,
  outputSchema: ListClustersOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false },
  async handler(input, { deps }) {
    const [matching, stats] = await Promise.all([
      deps.clusters.listClusters({ status: input.status, site: input.site, minSize: input.minSize }),
      deps.clusters.stats(),
    ]);
    return { clusters: matching.slice(0, input.limit), total: matching.length, documents: stats.documents, noise: stats.noise };
  },
  summarize(out) {
    if (out.clusters.length === 0) {
      return out.documents === 0
        ? 'No documents have been clustered yet: crawl or extract documents first.'
        : `No clusters match (${out.documents} documents, ${out.noise} not yet in a cluster). Loosen the filters or add more documents of the same kind.`;
    }
    const lines = out.clusters.map(
      (c) =>
        `- ${c.id} "${c.suggestedName}" ${c.status}, ${c.size} docs on ${c.sites.length} site(s), cohesion ${c.cohesion}; fields: ${describeFields(c)}` +
        (c.evidence.length > 0 ? `; shared: ${c.evidence.slice(0, 4).map((e) => `${e.evidence} ${Math.round(e.coverage * 100)}%`).join(', ')}` : '') +
        (c.nearest ? `; nearest: "${c.nearest.suggestedName}" at ${c.nearest.similarity}` : ''),
    );
    const more = out.total > out.clusters.length ? `\n(${out.total - out.clusters.length} more; raise limit)` : '';
    return `${out.total} cluster(s) over ${out.documents} documents (${out.noise} noise):\n${lines.join('\n')}${more}`;
  },
});

function describeFields(c: Pick<ClusterSummary, 'topFields'>): string {
  return c.topFields.slice(0, 5).map((f) => `${f.name}:${f.shape} ${Math.round(f.coverage * 100)}%`).join(', ') || 'none';
}
