-- Discovery: every extraction of a stored document (offline, LLM or merged), with what produced it and what it cost.
CREATE TABLE extractions (
  id             text PRIMARY KEY,
  document_id    text,
  url            text NOT NULL,
  extractor      text NOT NULL,
  model          text,
  prompt_version text,
  multiplicity   text NOT NULL,
  confidence     double precision NOT NULL,
  records        jsonb NOT NULL,
  warnings       jsonb NOT NULL DEFAULT '[]',
  raw_response   text,
  usage          jsonb,
  created_at     timestamptz NOT NULL
);
CREATE INDEX extractions_document_idx ON extractions (document_id, created_at DESC);
