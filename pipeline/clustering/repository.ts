import type { Queryable } from '../store/store.js';
import type { ClusterProfile } from './profile.js';
import type { Signature } from './signature.js';

/** Rows of the clustering tables (migration 0400) and the SQL that reads and writes them. */
export type ClusterStatus = 'forming' | 'candidate' | 'has_schema';

export interface ClusterRow {
  id: string;
  status: ClusterStatus | 'dissolved';
  version: number;
  size: number;
  cohesion: number;
  snapshot_cohesion: number | null;
  stable_updates: number;
  schema_id: string | null;
  profile: ClusterProfile;
  created_at: Date | string;
  updated_at: Date | string;
  candidate_at: Date | string | null;
}

export interface MemberRow {
  doc_key: string;
  document_id: string | null;
  url: string;
  site: string;
  title: string | null;
  cluster_id: string | null;
  snapshot_cluster_id: string | null;
  similarity: number;
  embedder_id: string;
  vector: Uint8Array | null;
  signature: Signature;
  added_at: Date | string;
  seq: number | string;
}

export async function loadClusters(db: Queryable): Promise<ClusterRow[]> {
  return db.query<ClusterRow & Record<string, unknown>>(`SELECT * FROM clusters WHERE status <> 'dissolved'`);
}

export async function loadMembers(db: Queryable): Promise<MemberRow[]> {
  return db.query<MemberRow & Record<string, unknown>>('SELECT * FROM cluster_members ORDER BY seq');
}

export async function upsertMember(db: Queryable, m: Omit<MemberRow, 'snapshot_cluster_id'>): Promise<void> {
  await db.query(
    `INSERT INTO cluster_members (doc_key, document_id, url, site, title, cluster_id, similarity, embedder_id, vector, signature, added_at, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (doc_key) DO UPDATE SET document_id = EXCLUDED.document_id, url = EXCLUDED.url, site = EXCLUDED.site,
       title = EXCLUDED.title, cluster_id = EXCLUDED.cluster_id, similarity = EXCLUDED.similarity,
       embedder_id = EXCLUDED.embedder_id, vector = EXCLUDED.vector, signature = EXCLUDED.signature`,
    [m.doc_key, m.document_id, m.url, m.site, m.title, m.cluster_id, m.similarity, m.embedder_id, m.vector, JSON.stringify(m.signature), toIso(m.added_at), m.seq],
  );
}

/** After a re-cluster every member's cluster and snapshot are rewritten, in chunks of parallel arrays. */
export async function updateAssignments(
  db: Queryable,
  rows: ReadonlyArray<{ key: string; clusterId: string | null; similarity: number }>,
): Promise<void> {
  const chunk = 2000;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await db.query(
      `UPDATE cluster_members AS m SET cluster_id = v.cluster_id, snapshot_cluster_id = v.cluster_id, similarity = v.similarity
       FROM (SELECT unnest($1::text[]) AS doc_key, unnest($2::text[]) AS cluster_id, unnest($3::float8[]) AS similarity) AS v
       WHERE m.doc_key = v.doc_key`,
      [part.map((r) => r.key), part.map((r) => r.clusterId), part.map((r) => r.similarity)],
    );
  }
}

export async function upsertCluster(db: Queryable, c: Omit<ClusterRow, 'profile'> & { profile: ClusterProfile | null }): Promise<void> {
  await db.query(
    `INSERT INTO clusters (id, status, version, size, cohesion, snapshot_cohesion, stable_updates, schema_id, profile, created_at, updated_at, candidate_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::jsonb, '{}'::jsonb), $10, $11, $12)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, size = EXCLUDED.size,
       cohesion = EXCLUDED.cohesion, snapshot_cohesion = EXCLUDED.snapshot_cohesion, stable_updates = EXCLUDED.stable_updates,
       schema_id = EXCLUDED.schema_id, profile = COALESCE($9::jsonb, clusters.profile), updated_at = EXCLUDED.updated_at,
       candidate_at = EXCLUDED.candidate_at`,
    [
      c.id,
      c.status,
      c.version,
      c.size,
      c.cohesion,
      c.snapshot_cohesion,
      c.stable_updates,
      c.schema_id,
      c.profile === null ? null : JSON.stringify(c.profile),
      toIso(c.created_at),
      toIso(c.updated_at),
      c.candidate_at === null ? null : toIso(c.candidate_at),
    ],
  );
}

export async function insertHistory(
  db: Queryable,
  h: { clusterId: string; version: number; event: string; status: string; size: number; cohesion: number; detail: Record<string, unknown>; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO cluster_history (cluster_id, version, event, status, size, cohesion, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [h.clusterId, h.version, h.event, h.status, h.size, h.cohesion, JSON.stringify(h.detail), h.at.toISOString()],
  );
}

export async function loadHistory(db: Queryable, clusterId: string): Promise<Array<{ version: number; event: string; status: string; size: number; cohesion: number; detail: Record<string, unknown>; at: string }>> {
  const rows = await db.query<{ version: number; event: string; status: string; size: number; cohesion: number; detail: Record<string, unknown>; at: Date | string } & Record<string, unknown>>(
    'SELECT version, event, status, size, cohesion, detail, at FROM cluster_history WHERE cluster_id = $1 ORDER BY id',
    [clusterId],
  );
  return rows.map((r) => ({ ...r, at: toIso(r.at) }));
}

export function vectorToBytes(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

function toIso(d: Date | string): string {
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}
