import type { ClusterService, ClusterStatus, ClusterSummary } from '../../pipeline/clustering/service.js';

export interface ClustersCommandOptions {
  status?: ClusterStatus | undefined;
  site?: string | undefined;
  minSize?: number | undefined;
  /** Re-cluster everything before listing. */
  recluster?: boolean | undefined;
}

/** `quarry clusters`: the discovered document types as a printable table. */
export async function runClustersCommand(deps: { clusters: ClusterService }, opts: ClustersCommandOptions = {}): Promise<string> {
  const reclustered = opts.recluster ? await deps.clusters.recluster() : null;
  const clusters = await deps.clusters.listClusters({ status: opts.status, site: opts.site, minSize: opts.minSize });
  const stats = await deps.clusters.stats();
  const header = reclustered
    ? `Re-clustered ${reclustered.documents} documents in ${reclustered.ms} ms: ${reclustered.clusters} clusters, ${reclustered.noise} noise.\n`
    : '';
  if (clusters.length === 0) {
    return `${header}No clusters${opts.status || opts.site || opts.minSize ? ' match the filters' : ''} (${stats.documents} documents, ${stats.noise} noise).`;
  }
  return `${header}${renderClusterTable(clusters)}\n${clusters.length} cluster(s), ${stats.documents} documents, ${stats.noise} noise.`;
}

export function renderClusterTable(clusters: readonly ClusterSummary[]): string {
  const rows = clusters.map((c) => [
    c.id,
    c.suggestedName,
    c.status,
    String(c.size),
    c.cohesion.toFixed(2),
    c.sites.slice(0, 3).join(', ') + (c.sites.length > 3 ? ` +${c.sites.length - 3}` : ''),
    c.topFields.slice(0, 4).map((f) => `${f.name} ${Math.round(f.coverage * 100)}%`).join(', '),
  ]);
  const head = ['ID', 'NAME', 'STATUS', 'SIZE', 'COHESION', 'SITES', 'TOP FIELDS'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const w = widths[i] ?? 0;
        const text = cell.length > w ? `${cell.slice(0, w - 1)}…` : cell;
        return i === 3 || i === 4 ? text.padStart(w) : text.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
