import { z } from 'zod';
import { DEFAULT_CLUSTER_SERVICE_OPTIONS, type ClusterService } from '../pipeline/clustering/service.js';
import { defineTool } from './tool.js';

const ReclusterInput = z.object({
  confirmations: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(DEFAULT_CLUSTER_SERVICE_OPTIONS.stableUpdates)
    .describe('Extra re-clusterings after the first; a cluster that stays the same through them becomes a candidate'),
});

const ReclusterOutput = z.object({
  documents: z.number().int(),
  clusters: z.number().int(),
  noise: z.number().int(),
  runs: z.number().int(),
  created: z.array(z.string()),
  dissolved: z.array(z.string()),
  becameCandidate: z.array(z.string()).describe('Cluster ids that are now schema candidates: call propose_schema with one'),
});

/**
 * Re-clusters every document now. A cluster becomes a schema candidate once it stays the same over successive
 * updates; when no new documents arrive, repeating the update is how that stability is observed.
 */
export const reclusterTool = defineTool<typeof ReclusterInput, typeof ReclusterOutput, { clusters: ClusterService }>({
  name: 'recluster',
  title: 'Re-cluster documents now',
  description:
    'Group every extracted document again by structure, then repeat the update `confirmations` times so clusters that stay the same become schema candidates. Quarry does this by itself when new documents stop arriving; call it after a crawl and extraction when you want candidates at once. Returns the clusters created, dissolved and newly candidate; next, call list_clusters or propose_schema.',
  inputSchema: ReclusterInput,
  outputSchema: ReclusterOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ confirmations }, { deps, signal, progress }) {
    const created = new Set<string>();
    const dissolved = new Set<string>();
    const becameCandidate = new Set<string>();
    let last = await deps.clusters.recluster();
    let runs = 1;
    const absorb = (r: typeof last): void => {
      r.created.forEach((id) => created.add(id));
      r.dissolved.forEach((id) => dissolved.add(id));
      r.becameCandidate.forEach((id) => becameCandidate.add(id));
    };
    absorb(last);
    await progress(1, confirmations + 1, `${last.clusters} clusters`);
    for (let i = 0; i < confirmations && !signal.aborted; i++) {
      last = await deps.clusters.recluster();
      absorb(last);
      runs++;
      await progress(runs, confirmations + 1, `${last.clusters} clusters, ${becameCandidate.size} candidates`);
    }
    return {
      documents: last.documents,
      clusters: last.clusters,
      noise: last.noise,
      runs,
      created: [...created],
      dissolved: [...dissolved],
      becameCandidate: [...becameCandidate],
    };
  },
  summarize(out) {
    return `${out.documents} documents in ${out.clusters} clusters (${out.noise} noise) after ${out.runs} re-clusterings; new candidates: ${out.becameCandidate.join(', ') || 'none'}.`;
  },
});
