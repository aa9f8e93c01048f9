import type { ClusterService } from '../../pipeline/clustering/service.js';
import { defineResource, ToolError } from '../tool.js';

/** Upper bound on members listed in one read, so a cluster of a million pages stays a readable resource. */
export const MAX_LISTED_MEMBERS = 1000;

export const clusterResource = defineResource<{ clusters: ClusterService }>({
  name: 'cluster',
  title: 'Cluster with its members',
  description:
    'One discovered document type: status, cohesion, top fields, per-site label variants (sub-templates), history, and its member documents (url, title, similarity to the centroid).',
  mimeType: 'application/json',
  template: 'quarry://clusters/{id}',
  async list(deps) {
    const clusters = await deps.clusters.listClusters();
    return clusters.map((c) => ({
      uri: `quarry://clusters/${c.id}`,
      name: c.id,
      title: `${c.suggestedName} (${c.size} documents, ${c.status})`,
    }));
  },
  async read(uri, variables, deps) {
    const id = variables['id'] ?? '';
    const [cluster, members] = await Promise.all([deps.clusters.getCluster(id), deps.clusters.membersOf(id)]);
    if (!cluster || !members) {
      throw new ToolError(`no cluster ${JSON.stringify(id)}; call list_clusters for the valid ids`);
    }
    const body = {
      ...cluster,
      members: members.slice(0, MAX_LISTED_MEMBERS),
      membersTruncated: members.length > MAX_LISTED_MEMBERS,
    };
    return [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(body, null, 2) }];
  },
});
