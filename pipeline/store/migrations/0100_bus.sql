-- The in-process bus keeps its streams, consumer positions, KV buckets and objects in the state store,
-- so queued work survives a restart exactly as it would on JetStream.
CREATE TABLE bus_streams (
  name                text PRIMARY KEY,
  subjects            jsonb NOT NULL,
  duplicate_window_ms integer NOT NULL,
  last_seq            bigint NOT NULL DEFAULT 0
);

CREATE TABLE bus_messages (
  stream       text NOT NULL REFERENCES bus_streams (name) ON DELETE CASCADE,
  seq          bigint NOT NULL,
  subject      text NOT NULL,
  data         bytea NOT NULL,
  headers      jsonb NOT NULL,
  msg_id       text,
  published_at timestamptz NOT NULL,
  PRIMARY KEY (stream, seq)
);
CREATE INDEX bus_messages_msg_id_idx ON bus_messages (stream, msg_id) WHERE msg_id IS NOT NULL;

CREATE TABLE bus_consumers (
  stream         text NOT NULL REFERENCES bus_streams (name) ON DELETE CASCADE,
  name           text NOT NULL,
  filter_subject text,
  ack_wait_ms    integer NOT NULL,
  max_deliver    integer NOT NULL,
  -- Every message up to this sequence has been considered: delivered (and maybe pending) or filtered out.
  cursor_seq     bigint NOT NULL,
  PRIMARY KEY (stream, name)
);

-- Delivered and not yet acknowledged.
CREATE TABLE bus_pending (
  stream     text NOT NULL,
  consumer   text NOT NULL,
  seq        bigint NOT NULL,
  deliveries integer NOT NULL,
  visible_at timestamptz NOT NULL,
  PRIMARY KEY (stream, consumer, seq),
  FOREIGN KEY (stream, consumer) REFERENCES bus_consumers (stream, name) ON DELETE CASCADE
);
CREATE INDEX bus_pending_visible_idx ON bus_pending (stream, consumer, visible_at);

CREATE SEQUENCE bus_kv_revision;
CREATE TABLE bus_kv (
  bucket   text NOT NULL,
  key      text NOT NULL,
  value    bytea NOT NULL,
  revision bigint NOT NULL,
  deleted  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (bucket, key)
);

CREATE TABLE bus_objects (
  bucket  text NOT NULL,
  name    text NOT NULL,
  size    bigint NOT NULL,
  digest  text NOT NULL,
  headers jsonb NOT NULL,
  mtime   timestamptz NOT NULL,
  data    bytea NOT NULL,
  PRIMARY KEY (bucket, name)
);
