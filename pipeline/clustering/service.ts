import type { Bus } from '../bus/bus.js';
import { STREAMS, subjectToken } from '../bus/streams.js';
import type { Extraction } from '../extraction/model.js';
import type { ParsedDocument } from '../parsing/document.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Store } from '../store/store.js';
import type { Tracer } from '../tracing/tracer.js';
import { clusterVectors, DEFAULT_CLUSTER_PARAMS, dot64, groupSimilarity, type ClusterParams } from './algorithm.js';
import { templateOffset, type Embedder } from './embedder.js';
import { DEFAULT_FEATURE_WEIGHTS, signatureFeatures, signatureText, type FeatureWeights } from './features.js';
import { jaccardOf, matchClusters } from './matching.js';
import { buildProfile, titleFrequency, type ClusterProfile, type TopField } from './profile.js';
import * as repo from './repository.js';
import type { ClusterStatus } from './repository.js';
import { buildSignature, type Signature } from './signature.js';
import { createCorpusStats } from './corpus-stats.js';

export type { ClusterStatus } from './repository.js';

export interface ClusterServiceOptions {
  /** Similarity to a cluster's centroid at which a new document joins it between re-clusterings. */
  assignThreshold: number;
  /** Parameters of the full re-clustering. */
  cluster: ClusterParams;
  /** Members a cluster needs before it can be a candidate. */
  minSamples: number;
  /** Successive stable updates (re-clusterings) a cluster needs before it is a candidate. */
  stableUpdates: number;
  /** Jaccard of membership between two updates at or above which a cluster counts as stable. */
  stabilityJaccard: number;
  /** Largest change of cohesion between two updates that still counts as stable. */
  cohesionTolerance: number;
  /** Jaccard at or above which a new group keeps an old cluster's id. */
  matchJaccard: number;
  /** Re-cluster automatically after this many added documents; 0 leaves it to the caller. */
  reclusterEvery: number;
  weights: FeatureWeights;
}

export const DEFAULT_CLUSTER_SERVICE_OPTIONS: ClusterServiceOptions = {
  assignThreshold: 0.5,
  cluster: DEFAULT_CLUSTER_PARAMS,
  minSamples: 5,
  stableUpdates: 2,
  stabilityJaccard: 0.9,
  cohesionTolerance: 0.05,
  matchJaccard: 0.3,
  reclusterEvery: 0,
  weights: DEFAULT_FEATURE_WEIGHTS,
};

export interface ClusterServiceDeps {
  store: Store;
  bus: Pick<Bus, 'publish' | 'ensureStream'>;
  tracer: Tracer;
  clock: Clock;
  embedder: Embedder;
  options?: Partial<ClusterServiceOptions>;
}

export interface Representative {
  documentKey: string;
  documentId: string | null;
  url: string;
  title: string | null;
  site: string;
  similarity: number;
}

export interface ClusterSummary {
  id: string;
  suggestedName: string;
  size: number;
  sites: string[];
  status: ClusterStatus;
  /** Mean cosine similarity of members to the centroid (1 = identical structures). */
  cohesion: number;
  /** Successive re-clusterings the cluster has come through unchanged. */
  stableUpdates: number;
  version: number;
  schemaId: string | null;
  topFields: TopField[];
  /**
   * Why the members belong together besides their fields: page evidence (`dated`, `listing`, `items:priced`) and
   * declared types (`type:event`), with the share of members that show it.
   */
  evidence: Array<{ evidence: string; coverage: number }>;
  /** The most similar other cluster and its average similarity, to see what this one was kept apart from. */
  nearest: { id: string; suggestedName: string; similarity: number } | null;
  representatives: Representative[];
}

export interface ClusterDetail extends ClusterSummary {
  subTemplates: ClusterProfile['subTemplates'];
  createdAt: string;
  updatedAt: string;
  candidateAt: string | null;
  history: Awaited<ReturnType<typeof repo.loadHistory>>;
}

export type ClusterMember = Representative;

export interface ClusterFilter {
  status?: ClusterStatus | undefined;
  site?: string | undefined;
  minSize?: number | undefined;
}

export interface AddResult {
  documentKey: string;
  clusterId: string | null;
  similarity: number;
  reclustered: boolean;
}

export interface ReclusterReport {
  documents: number;
  clusters: number;
  noise: number;
  leaders: number;
  created: string[];
  dissolved: string[];
  becameCandidate: string[];
  ms: number;
}

export interface ClusterService {
  addExtraction(extraction: Extraction, parsed?: ParsedDocument | null): Promise<AddResult>;
  recluster(): Promise<ReclusterReport>;
  listClusters(filter?: ClusterFilter): Promise<ClusterSummary[]>;
  getCluster(id: string): Promise<ClusterDetail | null>;
  membersOf(id: string): Promise<ClusterMember[] | null>;
  /** Called when a schema is approved for the cluster: it then stays `has_schema`. */
  markHasSchema(id: string, schemaId: string): Promise<void>;
  /** Documents waiting as noise and clustered documents. */
  stats(): Promise<{ documents: number; noise: number; clusters: number }>;
}

interface Member {
  key: string;
  signature: Signature;
  vector: Float32Array;
  clusterId: string | null;
  snapshotClusterId: string | null;
  similarity: number;
  addedAt: Date;
  seq: number;
}

interface ClusterState {
  id: string;
  status: ClusterStatus;
  version: number;
  members: Set<string>;
  sum: Float64Array;
  /** Members per site, for the same-site template penalty of the similarity. */
  sites: Map<string, number>;
  /** Per site, the sum of the members' template parts: templates are only ever compared within one site. */
  templates: Map<string, Float64Array>;
  stableUpdates: number;
  snapshotCohesion: number | null;
  schemaId: string | null;
  createdAt: Date;
  updatedAt: Date;
  candidateAt: Date | null;
}

export function createClusterService(deps: ClusterServiceDeps): ClusterService {
  const { store, bus, tracer, clock, embedder } = deps;
  const options: ClusterServiceOptions = { ...DEFAULT_CLUSTER_SERVICE_OPTIONS, ...deps.options };
  const members = new Map<string, Member>();
  const clusters = new Map<string, ClusterState>();
  const templates = createCorpusStats();
  const profileCache = new Map<string, { version: number; profile: ClusterProfile }>();
  let titleFreq: { size: number; freq: Map<string, number> } | null = null;
  let seq = 0;
  let addsSinceRecluster = 0;
  let loaded: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let streamReady = false;

  /** One operation at a time: additions and re-clusterings both rewrite shared state. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      loaded ??= load();
      await loaded;
      return fn();
    });
    queue = run.catch(() => undefined);
    return run;
  };

  async function embed(signatures: readonly Signature[]): Promise<Float32Array[]> {
    if (embedder.prefers === 'text') return embedder.embed(signatures.map(signatureText));
    return embedder.embed(signatures.map((s) => signatureFeatures(s, options.weights, templates.context)));
  }

  async function load(): Promise<void> {
    const [clusterRows, memberRows] = await Promise.all([repo.loadClusters(store), repo.loadMembers(store)]);
    for (const row of memberRows) templates.add(row.signature);
    const stale = memberRows.filter((r) => embedder.prefers === 'features' || r.vector === null || r.embedder_id !== embedder.id);
    const fresh = await embed(stale.map((r) => r.signature));
    const vectors = new Map(stale.map((r, i) => [r.doc_key, fresh[i] as Float32Array]));
    for (const row of memberRows) {
      seq = Math.max(seq, Number(row.seq));
      members.set(row.doc_key, {
        key: row.doc_key,
        signature: row.signature,
        vector: vectors.get(row.doc_key) ?? repo.bytesToVector(row.vector as Uint8Array),
        clusterId: row.cluster_id,
        snapshotClusterId: row.snapshot_cluster_id,
        similarity: row.similarity,
        addedAt: new Date(row.added_at),
        seq: Number(row.seq),
      });
    }
    for (const row of clusterRows) {
      const state: ClusterState = {
        id: row.id,
        status: row.status as ClusterStatus,
        version: row.version,
        members: new Set(),
        sum: new Float64Array(embedder.dim),
        sites: new Map(),
        templates: new Map(),
        stableUpdates: row.stable_updates,
        snapshotCohesion: row.snapshot_cohesion,
        schemaId: row.schema_id,
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
        candidateAt: row.candidate_at === null ? null : new Date(row.candidate_at),
      };
      clusters.set(row.id, state);
    }
    for (const m of members.values()) {
      const c = m.clusterId === null ? undefined : clusters.get(m.clusterId);
      if (c) join(c, m);
      else m.clusterId = null;
    }
    // Documents another process added without re-clustering (`quarry extract` before `quarry clusters`) wait as
    // noise; the first read re-clusters them (settle), as it would have in the process that added them.
    addsSinceRecluster = [...members.values()].filter((m) => m.clusterId === null).length;
  }

  function join(c: ClusterState, m: Member): void {
    c.members.add(m.key);
    addTo(c.sum, m.vector, 1);
    c.sites.set(m.signature.site, (c.sites.get(m.signature.site) ?? 0) + 1);
    if (templateFrom < embedder.dim) {
      let t = c.templates.get(m.signature.site);
      if (!t) c.templates.set(m.signature.site, (t = new Float64Array(embedder.dim - templateFrom)));
      addTo(t, m.vector.subarray(templateFrom), 1);
    }
    m.clusterId = c.id;
  }

  function leave(m: Member): ClusterState | undefined {
    const c = m.clusterId === null ? undefined : clusters.get(m.clusterId);
    if (c && c.members.delete(m.key)) {
      addTo(c.sum, m.vector, -1);
      const left = (c.sites.get(m.signature.site) ?? 1) - 1;
      const t = c.templates.get(m.signature.site);
      if (left > 0) {
        c.sites.set(m.signature.site, left);
        if (t) addTo(t, m.vector.subarray(templateFrom), -1);
      } else {
        c.sites.delete(m.signature.site);
        c.templates.delete(m.signature.site);
      }
    }
    m.clusterId = null;
    return c;
  }

  /** λ of the similarity: the template share, charged back for same-site pairs (algorithm.ts). */
  const lambda = Math.min(Math.max(options.weights.template, 0), 0.95);
  /** Where a vector's template part begins; it is compared only with the template sums of the same site. */
  const templateFrom = embedder.prefers === 'features' ? templateOffset(embedder.dim) : embedder.dim;

  /** Average pairwise similarity of the members (1 for identical documents), the measure clusters are cut at. */
  function cohesionOf(c: ClusterState): number {
    const n = c.members.size;
    if (n <= 1) return n;
    let sameSite = 0;
    for (const [site, count] of c.sites) {
      const t = c.templates.get(site);
      sameSite += (t ? dot64(t, t) : 0) - lambda * count * count;
    }
    return (dot64(c.sum, c.sum, templateFrom) - n * (1 - lambda) + sameSite) / ((1 - lambda) * n * (n - 1));
  }

  /** Average similarity of a document to a cluster's members: the linkage a re-clustering would use. */
  function similarityTo(v: Float32Array, site: string, c: ClusterState, isMember = false): number {
    const self = isMember ? 1 : 0;
    const n = c.members.size - self;
    if (n <= 0) return isMember ? 1 : -Infinity;
    const t = c.templates.get(site);
    const template = t ? dotSum(v.subarray(templateFrom), t) - self * lambda : 0;
    return (dotSum(v, c.sum, templateFrom) - self * (1 - lambda) + template - lambda * ((c.sites.get(site) ?? 0) - self)) / ((1 - lambda) * n);
  }

  function nearest(v: Float32Array, site: string): { cluster: ClusterState | null; similarity: number } {
    let best: ClusterState | null = null;
    let bestSim = -Infinity;
    for (const c of clusters.values()) {
      const s = similarityTo(v, site, c);
      if (s > bestSim) [best, bestSim] = [c, s];
    }
    return { cluster: best, similarity: best ? bestSim : 0 };
  }

  function profileOf(c: ClusterState): ClusterProfile {
    const cached = profileCache.get(c.id);
    if (cached && cached.version === c.version) return cached.profile;
    if (!titleFreq || titleFreq.size !== members.size) {
      titleFreq = { size: members.size, freq: titleFrequency([...members.values()].map((m) => m.signature.title)) };
    }
    const profile = buildProfile(
      [...c.members].map((k) => members.get(k) as Member),
      { globalTitleFrequency: titleFreq.freq, totalDocuments: members.size },
    );
    profileCache.set(c.id, { version: c.version, profile });
    return profile;
  }

  function representatives(c: ClusterState, limit: number): Representative[] {
    const length = norm(c.sum) || 1;
    return [...c.members]
      .map((k) => members.get(k) as Member)
      .map((m) => ({ m, s: dotSum(m.vector, c.sum, templateFrom) / length }))
      .sort((a, b) => b.s - a.s || a.m.seq - b.m.seq)
      .slice(0, limit)
      .map(({ m, s }) => toRepresentative(m, s));
  }

  /** Average similarity between the members of two clusters (the linkage the re-clustering cut at). */
  function clusterSimilarity(a: ClusterState, b: ClusterState): number {
    const group = (c: ClusterState) => ({ sum: c.sum, count: c.members.size, sites: c.sites, templates: c.templates });
    return groupSimilarity(group(a), group(b), lambda, templateFrom);
  }

  function nearestCluster(c: ClusterState): ClusterSummary['nearest'] {
    let best: ClusterState | null = null;
    let bestSim = -Infinity;
    for (const other of clusters.values()) {
      if (other === c || other.members.size === 0) continue;
      const sim = clusterSimilarity(c, other);
      if (sim > bestSim || (sim === bestSim && best !== null && other.id < best.id)) [best, bestSim] = [other, sim];
    }
    return best ? { id: best.id, suggestedName: profileOf(best).suggestedName, similarity: round(bestSim) } : null;
  }

  function evidenceOf(c: ClusterState): ClusterSummary['evidence'] {
    const counts = new Map<string, number>();
    for (const key of c.members) {
      const sig = (members.get(key) as Member).signature;
      for (const e of new Set([...(sig.evidence ?? []), ...sig.declaredTypes.map((t) => `type:${t}`)])) counts.set(e, (counts.get(e) ?? 0) + 1);
    }
    return [...counts]
      .map(([evidence, n]) => ({ evidence, coverage: round(n / c.members.size) }))
      .filter((e) => e.coverage >= 0.5)
      .sort((a, b) => b.coverage - a.coverage || (a.evidence < b.evidence ? -1 : 1));
  }

  function summary(c: ClusterState): ClusterSummary {
    const profile = profileOf(c);
    return {
      id: c.id,
      suggestedName: profile.suggestedName,
      size: c.members.size,
      sites: profile.sites,
      status: c.status,
      cohesion: round(cohesionOf(c)),
      stableUpdates: c.stableUpdates,
      version: c.version,
      schemaId: c.schemaId,
      topFields: profile.topFields,
      evidence: evidenceOf(c),
      nearest: nearestCluster(c),
      representatives: representatives(c, 3),
    };
  }

  function clusterRow(c: ClusterState, withProfile: boolean): Parameters<typeof repo.upsertCluster>[1] {
    return {
      id: c.id,
      status: c.status,
      version: c.version,
      size: c.members.size,
      cohesion: cohesionOf(c),
      snapshot_cohesion: c.snapshotCohesion,
      stable_updates: c.stableUpdates,
      schema_id: c.schemaId,
      profile: withProfile ? profileOf(c) : null,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      candidate_at: c.candidateAt,
    };
  }

  async function addExtraction(extraction: Extraction, parsed?: ParsedDocument | null): Promise<AddResult> {
    const signature = buildSignature(extraction, parsed);
    const previous = members.get(signature.documentKey);
    if (previous && JSON.stringify(previous.signature) === JSON.stringify(signature)) {
      // A replayed message or a second extraction that found the same structure: the document stays where the
      // last re-clustering put it (an incremental re-assignment could only be worse than the full clustering).
      tracer.decision('clustering.assign', {
        input: { documentKey: previous.key, site: signature.site, multiplicity: signature.multiplicity, fields: signature.fieldCount },
        output: { clusterId: previous.clusterId, similarity: previous.similarity },
        reason: 'the same structure as when it was last added; membership unchanged',
      });
      return { documentKey: previous.key, clusterId: previous.clusterId, similarity: previous.similarity, reclustered: false };
    }
    const left = previous ? leave(previous) : undefined;
    if (previous) templates.remove(previous.signature);
    templates.add(signature);
    const [vector] = await embed([signature]);
    const member: Member = {
      key: signature.documentKey,
      signature,
      vector: vector as Float32Array,
      clusterId: null,
      snapshotClusterId: previous?.snapshotClusterId ?? null,
      similarity: 0,
      addedAt: previous?.addedAt ?? clock.now(),
      seq: previous?.seq ?? ++seq,
    };
    members.set(member.key, member);
    // A member of an approved type stays in it when its structure changes; the re-clustering reports the drift.
    const approvedHome = left && left.status === 'has_schema' ? left : null;
    const { cluster, similarity } = approvedHome ? { cluster: approvedHome, similarity: similarityTo(member.vector, signature.site, approvedHome) } : nearest(member.vector, signature.site);
    const joined = approvedHome ?? (cluster !== null && similarity >= options.assignThreshold ? cluster : null);
    member.similarity = round(similarity);
    if (joined) {
      join(joined, member);
      joined.version++;
      joined.updatedAt = clock.now();
    }
    if (left && left !== joined) {
      left.version++;
      left.updatedAt = clock.now();
    }
    tracer.decision('clustering.assign', {
      input: { documentKey: member.key, site: signature.site, multiplicity: signature.multiplicity, fields: signature.fieldCount },
      output: { clusterId: joined?.id ?? null, similarity: member.similarity },
      reason: approvedHome
        ? `stays in ${approvedHome.id}, whose schema is approved (similarity now ${member.similarity}); a re-clustering reports it as drift if it no longer fits`
        : joined
        ? `similarity ${member.similarity} to cluster ${joined.id} is at least ${options.assignThreshold}`
        : cluster
          ? `nearest cluster ${cluster.id} is only ${member.similarity} similar (< ${options.assignThreshold}); waiting as noise`
          : 'no clusters yet; waiting as noise until the next re-clustering',
    });
    await store.transaction(async (tx) => {
      await repo.upsertMember(tx, {
        doc_key: member.key,
        document_id: signature.documentId,
        url: signature.url,
        site: signature.site,
        title: signature.title,
        cluster_id: member.clusterId,
        similarity: member.similarity,
        embedder_id: embedder.id,
        vector: embedder.prefers === 'text' ? repo.vectorToBytes(member.vector) : null,
        signature,
        added_at: member.addedAt,
        seq: member.seq,
      });
      for (const c of new Set([joined, left])) if (c) await repo.upsertCluster(tx, clusterRow(c, false));
    });
    addsSinceRecluster++;
    let reclustered = false;
    if (options.reclusterEvery > 0 && addsSinceRecluster >= options.reclusterEvery) {
      await reclusterNow();
      reclustered = true;
    }
    return { documentKey: member.key, clusterId: member.clusterId, similarity: member.similarity, reclustered };
  }

  async function reclusterNow(): Promise<ReclusterReport> {
    return tracer.span('clustering.recluster', { kind: 'span', input: { documents: members.size } }, async (span) => {
      const started = performance.now();
      const list = [...members.values()];
      if (embedder.prefers === 'features') {
        const vectors = await embed(list.map((m) => m.signature));
        list.forEach((m, i) => (m.vector = vectors[i] as Float32Array));
      }
      const siteIds = new Map<string, number>();
      const sites = Int32Array.from(list, (m) => {
        let id = siteIds.get(m.signature.site);
        if (id === undefined) siteIds.set(m.signature.site, (id = siteIds.size));
        return id;
      });
      const result = clusterVectors(
        list.map((m) => m.vector),
        { ...options.cluster, sitePenalty: lambda, templateFrom },
        sites,
      );
      const groups: string[][] = Array.from({ length: result.clusterCount }, () => []);
      result.labels.forEach((label, i) => {
        if (label >= 0) groups[label]?.push((list[i] as Member).key);
      });
      const drift = pinApproved(groups);
      const oldSizes = new Map([...clusters.values()].map((c) => [c.id, c.members.size]));
      const match = matchClusters(groups, (k) => members.get(k)?.clusterId ?? null, oldSizes, options.matchJaccard, drift.homes);
      const now = clock.now();
      const before = new Map([...clusters.values()].map((c) => [c.id, c.members]));
      const previousState = new Map(clusters);
      clusters.clear();
      for (const m of list) m.clusterId = null;

      const created: string[] = [];
      const becameCandidate: string[] = [];
      const transitions: Array<{ c: ClusterState; event: string; detail: Record<string, unknown> }> = [];
      const snapshots = new Map<string, Set<string>>();
      for (const m of list) {
        if (m.snapshotClusterId === null) continue;
        let set = snapshots.get(m.snapshotClusterId);
        if (!set) snapshots.set(m.snapshotClusterId, (set = new Set()));
        set.add(m.key);
      }
      const homeGroups = new Set(drift.homes.values());
      groups.forEach((keys, g) => {
        // A group that pinning left too small is noise again (an approved home group always stays).
        if (keys.length < Math.max(1, options.cluster.minClusterSize) && !homeGroups.has(g)) {
          const keptId = match.kept.get(g);
          if (keptId) match.dropped.push(keptId);
          return;
        }
        const keptId = match.kept.get(g);
        const old = keptId ? previousState.get(keptId) : undefined;
        const c: ClusterState = old
          ? { ...old, members: new Set(), sum: new Float64Array(embedder.dim), sites: new Map(), templates: new Map() }
          : {
              id: newId('clu', now.getTime()),
              status: 'forming',
              version: 0,
              members: new Set(),
              sum: new Float64Array(embedder.dim),
              sites: new Map(),
              templates: new Map(),
              stableUpdates: 0,
              snapshotCohesion: null,
              schemaId: null,
              createdAt: now,
              updatedAt: now,
              candidateAt: null,
            };
        clusters.set(c.id, c);
        for (const k of keys) join(c, members.get(k) as Member);
        if (!old) created.push(c.id);
        const changed = !old || !sameSet(before.get(c.id) ?? new Set(), c.members);
        if (changed) {
          c.version++;
          c.updatedAt = now;
        }
        transitions.push(...assessStability(c, snapshots.get(c.id) ?? new Set(), now, becameCandidate, !old));
      });
      for (const m of list) {
        const c = m.clusterId === null ? null : (clusters.get(m.clusterId) ?? null);
        m.similarity = round(c ? similarityTo(m.vector, m.signature.site, c, true) : nearest(m.vector, m.signature.site).similarity);
        m.snapshotClusterId = m.clusterId;
      }
      for (const c of clusters.values()) c.snapshotCohesion = cohesionOf(c);
      for (const d of drift.moves) {
        const c = clusters.get(d.clusterId);
        if (!c) continue;
        transitions.push({ c, event: 'drift', detail: { wouldMove: d.moved.length, examples: d.moved.slice(0, 5), to: d.to } });
        tracer.decision('clustering.drift', {
          input: { clusterId: d.clusterId, schemaId: c.schemaId, members: c.members.size },
          output: { wouldMove: d.moved.length, to: d.to, examples: d.moved.slice(0, 5) },
          reason: `${d.moved.length} member(s) of the approved type now look like other documents; they stay in ${d.clusterId} and the move is reported as drift, not made`,
        });
      }

      await store.transaction(async (tx) => {
        await repo.updateAssignments(tx, list.map((m) => ({ key: m.key, clusterId: m.clusterId, similarity: m.similarity })));
        for (const c of clusters.values()) await repo.upsertCluster(tx, clusterRow(c, true));
        for (const id of match.dropped) {
          const old = previousState.get(id) as ClusterState;
          await tx.query(`UPDATE clusters SET status = 'dissolved', size = 0, updated_at = $2 WHERE id = $1`, [id, now.toISOString()]);
          await repo.insertHistory(tx, { clusterId: id, version: old.version, event: 'dissolved', status: 'dissolved', size: 0, cohesion: 0, detail: { previousSize: old.members.size }, at: now });
        }
        for (const t of transitions) {
          await repo.insertHistory(tx, { clusterId: t.c.id, version: t.c.version, event: t.event, status: t.c.status, size: t.c.members.size, cohesion: round(cohesionOf(t.c)), detail: t.detail, at: now });
        }
      });
      for (const id of match.dropped) {
        tracer.decision('clustering.dissolve', {
          input: { clusterId: id, previousSize: previousState.get(id)?.members.size ?? 0 },
          output: { status: 'dissolved' },
          reason: `no group of the re-clustering overlaps it with Jaccard >= ${options.matchJaccard}`,
        });
      }
      for (const id of becameCandidate) await publishCandidate(clusters.get(id) as ClusterState);
      addsSinceRecluster = 0;
      const noise = result.labels.filter((l) => l < 0).length;
      const report: ReclusterReport = {
        documents: list.length,
        clusters: clusters.size,
        noise,
        leaders: result.leaderCount,
        created,
        dissolved: match.dropped,
        becameCandidate,
        ms: Math.round(performance.now() - started),
      };
      span.setOutput(report);
      span.setReason(`${clusters.size} clusters from ${result.leaderCount} leaders; ${noise} documents are noise`);
      return report;
    });
  }

  /** Stability and status after one update; returns history events to record. */
  function assessStability(c: ClusterState, snapshot: ReadonlySet<string>, now: Date, becameCandidate: string[], isNew: boolean) {
    const events: Array<{ c: ClusterState; event: string; detail: Record<string, unknown> }> = [];
    const jaccard = round(jaccardOf(snapshot, c.members));
    const cohesion = cohesionOf(c);
    const cohesionDelta = c.snapshotCohesion === null ? null : round(Math.abs(cohesion - c.snapshotCohesion));
    const stable = !isNew && snapshot.size > 0 && jaccard >= options.stabilityJaccard && cohesionDelta !== null && cohesionDelta <= options.cohesionTolerance;
    c.stableUpdates = stable ? c.stableUpdates + 1 : 0;
    const input = { clusterId: c.id, size: c.members.size, jaccard, cohesion: round(cohesion), cohesionDelta, stableUpdates: c.stableUpdates, previous: c.status };
    events.push({ c, event: isNew ? 'created' : 'updated', detail: input });
    const decide = (status: ClusterStatus, reason: string): void => {
      tracer.decision('clustering.status', { input, output: { status }, reason });
      events.push({ c, event: status, detail: { ...input, reason } });
      c.status = status;
    };
    if (c.status === 'forming' && c.members.size >= options.minSamples && c.stableUpdates >= options.stableUpdates) {
      decide(
        'candidate',
        `${c.members.size} members (>= ${options.minSamples}) and stable for ${c.stableUpdates} updates (>= ${options.stableUpdates}): membership Jaccard ${jaccard}, cohesion change ${cohesionDelta}`,
      );
      c.candidateAt = now;
      becameCandidate.push(c.id);
    } else if (c.status === 'candidate' && (!stable || c.members.size < options.minSamples)) {
      decide(
        'forming',
        c.members.size < options.minSamples
          ? `shrank to ${c.members.size} members (< ${options.minSamples})`
          : `membership Jaccard ${jaccard} or cohesion change ${cohesionDelta} is outside the stability bounds`,
      );
    }
    return events;
  }

  async function publishCandidate(c: ClusterState): Promise<void> {
    if (!streamReady) {
      await bus.ensureStream({ ...STREAMS.SCHEMA_PROPOSALS, subjects: [...STREAMS.SCHEMA_PROPOSALS.subjects] });
      streamReady = true;
    }
    const s = summary(c);
    await bus.publish(
      `proposals.cluster.${subjectToken(c.id)}`,
      {
        type: 'cluster.candidate',
        clusterId: c.id,
        version: c.version,
        suggestedName: s.suggestedName,
        size: s.size,
        sites: s.sites,
        cohesion: s.cohesion,
        topFields: s.topFields.map((f) => ({ name: f.name, type: f.type, coverage: f.coverage })),
        at: clock.now().toISOString(),
      },
      { msgId: `${c.id}:v${c.version}` },
    );
  }

  function matchesFilter(c: ClusterState, filter: ClusterFilter): boolean {
    if (filter.status && c.status !== filter.status) return false;
    if (filter.minSize !== undefined && c.members.size < filter.minSize) return false;
    if (filter.site && ![...c.members].some((k) => members.get(k)?.signature.site === filter.site)) return false;
    return true;
  }

  /**
   * Members of a cluster with an approved schema stay in it: a re-clustering that would move them elsewhere (or to
   * noise) is drift to report, not a reshuffle of the table's documents. Rewrites `groups` in place and returns,
   * per approved cluster, which members the clustering would have moved and where.
   */
  function pinApproved(groups: string[][]): { homes: Map<string, number>; moves: Array<{ clusterId: string; moved: string[]; to: Array<string | null> }> } {
    const approved = new Map<string, Set<string>>();
    for (const c of clusters.values()) if (c.status === 'has_schema' && c.members.size > 0) approved.set(c.id, c.members);
    const homes = new Map<string, number>();
    if (approved.size === 0) return { homes, moves: [] };
    const groupOf = new Map<string, number>();
    groups.forEach((keys, g) => keys.forEach((k) => groupOf.set(k, g)));
    const drift: Array<{ clusterId: string; moved: string[]; to: Array<string | null> }> = [];
    for (const [id, keys] of approved) {
      // The group holding most of the approved members is where the type is now; the others would move away.
      const counts = new Map<number, number>();
      for (const k of keys) {
        const g = groupOf.get(k);
        if (g !== undefined) counts.set(g, (counts.get(g) ?? 0) + 1);
      }
      // Two approved types the clustering would merge stay two: the second gets a group of its own.
      const best = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
      const home = best !== undefined && ![...homes.values()].includes(best) ? best : groups.push([]) - 1;
      homes.set(id, home);
      const moved: string[] = [];
      const to = new Set<string | null>();
      for (const k of keys) {
        const g = groupOf.get(k);
        if (g === home) continue;
        moved.push(k);
        to.add(g === undefined ? null : `a group of ${(groups[g] as string[]).length} documents`);
        if (g !== undefined) groups[g] = (groups[g] as string[]).filter((x) => x !== k);
        (groups[home] as string[]).push(k);
        groupOf.set(k, home);
      }
      if (moved.length > 0) drift.push({ clusterId: id, moved, to: [...to] });
    }
    return { homes, moves: drift };
  }

  /**
   * Documents added since the last re-clustering are re-clustered before anyone reads the clusters, so what a
   * reader sees never depends on when it asked (at once after a crawl, or after an explicit recluster).
   */
  async function settle(): Promise<void> {
    if (addsSinceRecluster > 0) await reclusterNow();
  }

  return {
    addExtraction: (extraction, parsed) => serial(() => addExtraction(extraction, parsed)),
    recluster: () => serial(reclusterNow),
    listClusters: (filter = {}) =>
      serial(async () => {
        await settle();
        return [...clusters.values()]
          .filter((c) => matchesFilter(c, filter))
          .sort((a, b) => b.members.size - a.members.size || (a.id < b.id ? -1 : 1))
          .map(summary);
      }),
    getCluster: (id) =>
      serial(async () => {
        await settle();
        const c = clusters.get(id);
        if (!c) return null;
        return {
          ...summary(c),
          representatives: representatives(c, 5),
          subTemplates: profileOf(c).subTemplates,
          createdAt: c.createdAt.toISOString(),
          updatedAt: c.updatedAt.toISOString(),
          candidateAt: c.candidateAt?.toISOString() ?? null,
          history: await repo.loadHistory(store, id),
        };
      }),
    membersOf: (id) =>
      serial(async () => {
        await settle();
        const c = clusters.get(id);
        if (!c) return null;
        return [...c.members]
          .map((k) => members.get(k) as Member)
          .sort((a, b) => a.seq - b.seq)
          .map((m) => toRepresentative(m, m.similarity));
      }),
    markHasSchema: (id, schemaId) =>
      serial(async () => {
        const c = clusters.get(id);
        if (!c) throw new Error(`unknown cluster ${id}; list clusters to see valid ids`);
        const previous = c.status;
        c.status = 'has_schema';
        c.schemaId = schemaId;
        c.updatedAt = clock.now();
        tracer.decision('clustering.status', {
          input: { clusterId: id, previous, schemaId },
          output: { status: 'has_schema' },
          reason: `schema ${schemaId} was approved for the cluster`,
        });
        await store.transaction(async (tx) => {
          await repo.upsertCluster(tx, clusterRow(c, false));
          await repo.insertHistory(tx, { clusterId: id, version: c.version, event: 'has_schema', status: 'has_schema', size: c.members.size, cohesion: round(cohesionOf(c)), detail: { schemaId, previous }, at: c.updatedAt });
        });
      }),
    stats: () =>
      serial(async () => {
        let noise = 0;
        for (const m of members.values()) if (m.clusterId === null) noise++;
        return { documents: members.size, noise, clusters: clusters.size };
      }),
  };
}

function toRepresentative(m: Member, similarity: number): Representative {
  return {
    documentKey: m.key,
    documentId: m.signature.documentId,
    url: m.signature.url,
    title: m.signature.title,
    site: m.signature.site,
    similarity: round(similarity),
  };
}

function addTo(sum: Float64Array, v: Float32Array, sign: 1 | -1): void {
  for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + sign * ((v[i] as number) ?? 0);
}


function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function dotSum(v: Float32Array, sum: Float64Array, to = v.length): number {
  let s = 0;
  for (let i = 0; i < to; i++) s += (v[i] as number) * (sum[i] as number);
  return s;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
