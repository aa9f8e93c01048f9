-- The feedback stage: which extraction was judged under which schema (a row validated, or kept out), so a
-- document that joins an approved type by any path (at once, or at a re-clustering) is loaded exactly once.
CREATE TABLE feedback_admissions (
  event_id      text PRIMARY KEY,
  schema_id     text NOT NULL,
  extraction_id text NOT NULL,
  document_id   text,
  status        text NOT NULL,
  admitted_at   timestamptz NOT NULL
);
