-- Raw documents are stored once by content hash; every URL that served the same bytes points at the one document.
CREATE TABLE documents (
  id            text PRIMARY KEY,
  url           text NOT NULL,
  final_url     text NOT NULL,
  status        integer NOT NULL,
  headers       jsonb NOT NULL,
  content_type  text,
  hash          text NOT NULL UNIQUE,
  size          bigint NOT NULL,
  title         text,
  fetched_at    timestamptz NOT NULL,
  crawl_job_id  text,
  referrer      text,
  parse_status  text NOT NULL,
  parse_error   text
);
CREATE INDEX documents_fetched_idx ON documents (fetched_at DESC);

CREATE TABLE document_urls (
  url           text PRIMARY KEY,
  document_id   text NOT NULL REFERENCES documents (id),
  final_url     text NOT NULL,
  etag          text,
  last_modified text,
  fetched_at    timestamptz NOT NULL,
  crawl_job_id  text,
  referrer      text
);
CREATE INDEX document_urls_document_idx ON document_urls (document_id);

CREATE TABLE crawl_jobs (
  id          text PRIMARY KEY,
  status      text NOT NULL,
  options     jsonb NOT NULL,
  counters    jsonb NOT NULL,
  error       text,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  finished_at timestamptz
);

-- The frontier and its outcomes: a job resumes from the rows still queued.
CREATE TABLE crawl_urls (
  job_id      text NOT NULL REFERENCES crawl_jobs (id) ON DELETE CASCADE,
  url         text NOT NULL,
  depth       integer NOT NULL,
  status      text NOT NULL,
  reason      text,
  document_id text,
  referrer    text,
  seq         bigserial,
  PRIMARY KEY (job_id, url)
);
CREATE INDEX crawl_urls_queue_idx ON crawl_urls (job_id, status, seq);
