-- Emergence: every extracted document's structural signature and vector, the clusters they form, and what happened
-- to each cluster over time. Documents without a cluster (cluster_id NULL) are noise waiting for the next re-cluster.
CREATE TABLE clusters (
  id             text PRIMARY KEY,
  status         text NOT NULL,
  version        integer NOT NULL,
  size           integer NOT NULL,
  cohesion       double precision NOT NULL,
  -- Cohesion at the last update, to measure how stable it is.
  snapshot_cohesion double precision,
  stable_updates integer NOT NULL DEFAULT 0,
  schema_id      text,
  profile        jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  candidate_at   timestamptz
);
CREATE INDEX clusters_status_idx ON clusters (status);

CREATE TABLE cluster_members (
  doc_key             text PRIMARY KEY,
  document_id         text,
  url                 text NOT NULL,
  site                text NOT NULL,
  title               text,
  cluster_id          text,
  -- The cluster this document was in at the last update, to measure how stable a cluster's membership is.
  snapshot_cluster_id text,
  similarity          double precision NOT NULL,
  embedder_id         text NOT NULL,
  -- Stored only for text embedders (expensive to recompute); feature vectors are rebuilt from the signature.
  vector              bytea,
  signature           jsonb NOT NULL,
  added_at            timestamptz NOT NULL,
  seq                 bigint NOT NULL
);
CREATE INDEX cluster_members_cluster_idx ON cluster_members (cluster_id);

CREATE TABLE cluster_history (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id text NOT NULL,
  version    integer NOT NULL,
  event      text NOT NULL,
  status     text NOT NULL,
  size       integer NOT NULL,
  cohesion   double precision NOT NULL,
  detail     jsonb NOT NULL,
  at         timestamptz NOT NULL
);
CREATE INDEX cluster_history_cluster_idx ON cluster_history (cluster_id, id);
