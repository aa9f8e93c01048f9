-- Schema versions per document type (cluster): proposed, approved, rejected or superseded, with who decided and why.
CREATE TABLE schema_versions (
  id             text PRIMARY KEY,
  cluster_id     text NOT NULL,
  version        integer NOT NULL,
  status         text NOT NULL,
  def            jsonb NOT NULL,
  parent_id      text,
  open_questions jsonb NOT NULL,
  edits          jsonb,
  load_report    jsonb,
  created_at     timestamptz NOT NULL,
  decided_at     timestamptz,
  decided_by     text,
  reason         text,
  UNIQUE (cluster_id, version)
);

-- What needs a person: rows that failed validation, drift in an approved type.
CREATE TABLE alerts (
  id          text PRIMARY KEY,
  kind        text NOT NULL,
  message     text NOT NULL,
  details     jsonb NOT NULL,
  schema_id   text,
  document_id text,
  created_at  timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE INDEX alerts_open_idx ON alerts (created_at DESC) WHERE resolved_at IS NULL;
