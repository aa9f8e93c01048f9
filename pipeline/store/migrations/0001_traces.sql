-- Every decision Quarry takes is a span: what went in, what came out, and why.
CREATE TABLE trace_spans (
  span_id     text PRIMARY KEY,
  trace_id    text NOT NULL,
  parent_id   text,
  name        text NOT NULL,
  kind        text NOT NULL,
  status      text NOT NULL,
  started_at  timestamptz NOT NULL,
  ended_at    timestamptz NOT NULL,
  duration_ms double precision NOT NULL,
  input       jsonb,
  output      jsonb,
  reason      text,
  metadata    jsonb,
  usage       jsonb,
  error       text
);
CREATE INDEX trace_spans_trace_idx ON trace_spans (trace_id);
CREATE INDEX trace_spans_started_idx ON trace_spans (started_at DESC);
CREATE INDEX trace_spans_name_idx ON trace_spans (name);
