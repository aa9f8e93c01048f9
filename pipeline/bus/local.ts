import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Queryable, Store } from '../store/store.js';
import {
  BusError,
  checkObjectName,
  encodePayload,
  subjectMatches,
  type Bus,
  type BusMessage,
  type Consumer,
  type ConsumerConfig,
  type ConsumerInfo,
  type KV,
  type KvEntry,
  type ObjectInfo,
  type ObjectStore,
  type Payload,
  type PubAck,
  type PublishOptions,
  type StreamConfig,
  type StreamInfo,
} from './bus.js';
import { createFileObjectStore, moveObjectsToFiles, sha256Digest } from './objects-fs.js';

/**
 * The in-process bus: the same semantics as the NATS implementation, persisted in the state store so that a
 * published message, a consumer's position and unacknowledged deliveries all survive a restart. Several
 * processes sharing one PostgreSQL database see one bus (row locks with SKIP LOCKED hand each message to one
 * fetcher); within a process, publishers wake waiting fetchers at once instead of waiting for the next poll.
 */
export interface LocalBusOptions {
  store: Store;
  clock?: Clock;
  /** How often a waiting `fetch` looks for messages published by other processes. */
  pollMs?: number;
  /**
   * Keep objects as files in this directory instead of in the state store: for a store only this process opens
   * (PGlite in a data dir). Objects an earlier run left in the state store are moved here on open.
   */
  objectsDir?: string | undefined;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
const DEFAULT_ACK_WAIT_MS = 30_000;
const SCAN_BATCH = 256;

interface StreamRow {
  name: string;
  subjects: string[];
  duplicate_window_ms: number;
  last_seq: number;
}

interface ConsumerRow {
  stream: string;
  name: string;
  filter_subject: string | null;
  ack_wait_ms: number;
  max_deliver: number;
  cursor_seq: number;
}

interface MessageRow {
  seq: number;
  subject: string;
  data: Uint8Array;
  headers: Record<string, string>;
}

const decoder = new TextDecoder();
const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const iso = (d: Date): string => d.toISOString();
const later = (clock: Clock, ms: number): string => new Date(clock.now().getTime() + ms).toISOString();

function parseJson<T>(data: Uint8Array): T {
  return JSON.parse(decoder.decode(data)) as T;
}

export async function createLocalBus(opts: LocalBusOptions): Promise<Bus> {
  const { store, objectsDir } = opts;
  const clock = opts.clock ?? systemClock;
  if (objectsDir) await moveObjectsToFiles(store, objectsDir, clock);
  const pollMs = opts.pollMs ?? 250;
  const published = new EventEmitter();
  published.setMaxListeners(0);
  const closing = new AbortController();
  let streams = new Map<string, StreamRow>();

  const assertOpen = (): void => {
    if (closing.signal.aborted) throw new BusError('closed', 'the bus is closed');
  };

  const loadStreams = async (): Promise<void> => {
    const rows = await store.query<StreamRow>('SELECT name, subjects, duplicate_window_ms, last_seq FROM bus_streams');
    streams = new Map(rows.map((r) => [r.name, r]));
  };

  const streamFor = (subject: string): StreamRow | undefined => {
    for (const s of streams.values()) if (s.subjects.some((p) => subjectMatches(p, subject))) return s;
    return undefined;
  };

  const requireStream = async (name: string): Promise<StreamRow> => {
    if (!streams.has(name)) await loadStreams();
    const stream = streams.get(name);
    if (!stream) throw new BusError('no_stream', `stream ${name} does not exist`);
    return stream;
  };

  /**
   * Publishing on PGlite: one statement. PGlite runs one statement at a time on its single connection, so the
   * duplicate check, the sequence and the insert cannot interleave with another publisher; PostgreSQL needs the
   * transaction with the stream row locked (below), since a statement's snapshot would miss a concurrent insert.
   */
  const publishOne = async (target: StreamRow, subject: string, data: Uint8Array, popts: PublishOptions): Promise<PubAck> => {
    const windowStart = iso(new Date(clock.now().getTime() - target.duplicate_window_ms));
    const [row] = await store.query<{ seq: number | null; dup: number | null; found: boolean }>(
      `WITH dup AS (
         SELECT seq FROM bus_messages WHERE stream = $1 AND $5::text IS NOT NULL AND msg_id = $5 AND published_at > $7 ORDER BY seq LIMIT 1),
       advanced AS (
         UPDATE bus_streams SET last_seq = last_seq + 1 WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM dup) RETURNING last_seq),
       added AS (
         INSERT INTO bus_messages (stream, seq, subject, data, headers, msg_id, published_at)
         SELECT $1, last_seq, $2, $3, $4, $5, $6 FROM advanced RETURNING seq)
       SELECT (SELECT seq FROM added) AS seq, (SELECT seq FROM dup) AS dup, EXISTS (SELECT 1 FROM bus_streams WHERE name = $1) AS found`,
      [target.name, subject, toBuffer(data), JSON.stringify(popts.headers ?? {}), popts.msgId ?? null, iso(clock.now()), windowStart],
    );
    if (!row?.found) throw new BusError('no_stream', `stream ${target.name} does not exist`);
    if (row.dup !== null) return { stream: target.name, seq: Number(row.dup), duplicate: true };
    return { stream: target.name, seq: Number(row.seq), duplicate: false };
  };

  /** Waits until something is published to `stream` here, the poll interval passes, or `deadline`. */
  const waitForPublish = async (stream: string, deadline: number): Promise<void> => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return;
    const wake = new AbortController();
    const onPublish = (name: string): void => {
      if (name === stream) wake.abort();
    };
    published.on('publish', onPublish);
    try {
      await sleep(Math.min(remaining, pollMs), undefined, { signal: AbortSignal.any([wake.signal, closing.signal]) });
    } catch {
      // Woken by a publish or by close: either way, look again.
    } finally {
      published.off('publish', onPublish);
    }
  };

  const bus: Bus = {
    kind: 'local',

    async ensureStream(config: StreamConfig) {
      assertOpen();
      if (!/^[A-Za-z0-9_-]+$/.test(config.name)) {
        throw new BusError('invalid', `stream name ${JSON.stringify(config.name)} may hold only letters, digits, - and _`);
      }
      if (config.subjects.length === 0) throw new BusError('invalid', `stream ${config.name} needs at least one subject`);
      await loadStreams();
      for (const other of streams.values()) {
        if (other.name === config.name) continue;
        const overlap = config.subjects.find((s) => other.subjects.some((o) => subjectMatches(o, s) || subjectMatches(s, o)));
        if (overlap) {
          throw new BusError('invalid', `subject ${overlap} of stream ${config.name} overlaps stream ${other.name}`);
        }
      }
      await store.query(
        `INSERT INTO bus_streams (name, subjects, duplicate_window_ms) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET subjects = EXCLUDED.subjects, duplicate_window_ms = EXCLUDED.duplicate_window_ms`,
        [config.name, JSON.stringify(config.subjects), config.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS],
      );
      await loadStreams();
    },

    async streamInfo(name) {
      assertOpen();
      await requireStream(name);
      const [row] = await store.query<{ last_seq: number; subjects: string[]; messages: number }>(
        `SELECT s.last_seq, s.subjects, (SELECT count(*) FROM bus_messages m WHERE m.stream = s.name) AS messages
         FROM bus_streams s WHERE s.name = $1`,
        [name],
      );
      if (!row) throw new BusError('no_stream', `stream ${name} does not exist`);
      return { name, subjects: row.subjects, messages: Number(row.messages), lastSeq: row.last_seq } satisfies StreamInfo;
    },

    async publish(subject: string, payload: Payload, popts: PublishOptions = {}): Promise<PubAck> {
      assertOpen();
      if (!/^[^\s.*>]+(\.[^\s.*>]+)*$/.test(subject)) {
        throw new BusError('invalid', `cannot publish to ${JSON.stringify(subject)}: subjects are dot-separated tokens without spaces or wildcards`);
      }
      let stream = streamFor(subject);
      if (!stream) {
        await loadStreams();
        stream = streamFor(subject);
      }
      if (!stream) throw new BusError('no_stream', `no stream captures subject ${subject}`);
      const target = stream;
      const data = encodePayload(payload);
      const ack = store.kind === 'pglite' ? await publishOne(target, subject, data, popts) : await store.transaction(async (tx) => {
        // The row lock serializes publishers on one stream, so the duplicate check and the sequence agree.
        const [locked] = await tx.query<{ last_seq: number }>('SELECT last_seq FROM bus_streams WHERE name = $1 FOR UPDATE', [target.name]);
        if (!locked) throw new BusError('no_stream', `stream ${target.name} does not exist`);
        if (popts.msgId) {
          const windowStart = new Date(clock.now().getTime() - target.duplicate_window_ms);
          const [dup] = await tx.query<{ seq: number }>(
            `SELECT seq FROM bus_messages WHERE stream = $1 AND msg_id = $2 AND published_at > $3 ORDER BY seq LIMIT 1`,
            [target.name, popts.msgId, iso(windowStart)],
          );
          if (dup) return { stream: target.name, seq: dup.seq, duplicate: true };
        }
        const seqRow = { last_seq: locked.last_seq + 1 };
        // The row is locked: advancing the sequence and storing the message go in one statement.
        await tx.query(
          `WITH advanced AS (UPDATE bus_streams SET last_seq = $2 WHERE name = $1)
           INSERT INTO bus_messages (stream, seq, subject, data, headers, msg_id, published_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [target.name, seqRow.last_seq, subject, toBuffer(data), JSON.stringify(popts.headers ?? {}), popts.msgId ?? null, iso(clock.now())],
        );
        return { stream: target.name, seq: seqRow.last_seq, duplicate: false };
      });
      if (!ack.duplicate) published.emit('publish', ack.stream);
      return ack;
    },

    async consumer(streamName, config) {
      assertOpen();
      const stream = await requireStream(streamName);
      if (!/^[A-Za-z0-9_-]+$/.test(config.durableName)) {
        throw new BusError('invalid', `consumer name ${JSON.stringify(config.durableName)} may hold only letters, digits, - and _`);
      }
      const [info] = await store.query<{ last_seq: number }>('SELECT last_seq FROM bus_streams WHERE name = $1', [stream.name]);
      const start = config.deliverPolicy === 'new' ? (info?.last_seq ?? 0) : 0;
      await store.query(
        `INSERT INTO bus_consumers (stream, name, filter_subject, ack_wait_ms, max_deliver, cursor_seq)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (stream, name) DO UPDATE SET filter_subject = EXCLUDED.filter_subject,
           ack_wait_ms = EXCLUDED.ack_wait_ms, max_deliver = EXCLUDED.max_deliver`,
        [stream.name, config.durableName, config.filterSubject ?? null, config.ackWaitMs ?? DEFAULT_ACK_WAIT_MS, config.maxDeliver ?? -1, start],
      );
      return createConsumer(stream.name, config);
    },

    async kv(bucket) {
      assertOpen();
      if (!/^[A-Za-z0-9_-]+$/.test(bucket)) throw new BusError('invalid', `bucket name ${JSON.stringify(bucket)} may hold only letters, digits, - and _`);
      return createKv(store, bucket);
    },

    async objectStore(bucket) {
      assertOpen();
      if (!/^[A-Za-z0-9_-]+$/.test(bucket)) throw new BusError('invalid', `bucket name ${JSON.stringify(bucket)} may hold only letters, digits, - and _`);
      return objectsDir ? createFileObjectStore(objectsDir, bucket, clock) : createObjectStore(store, bucket, clock);
    },

    async close() {
      closing.abort();
      published.removeAllListeners();
    },
  };

  function createConsumer(streamName: string, config: ConsumerConfig): Consumer {
    const name = config.durableName;

    const loadConsumer = async (tx: Queryable, lock: boolean): Promise<ConsumerRow> => {
      const [row] = await tx.query<ConsumerRow>(
        `SELECT stream, name, filter_subject, ack_wait_ms, max_deliver, cursor_seq FROM bus_consumers
         WHERE stream = $1 AND name = $2${lock ? ' FOR UPDATE' : ''}`,
        [streamName, name],
      );
      if (!row) throw new BusError('no_consumer', `consumer ${name} on stream ${streamName} does not exist`);
      return row;
    };

    const claim = (max: number): Promise<Array<MessageRow & { deliveries: number }>> =>
      store.transaction(async (tx) => {
        const consumer = await loadConsumer(tx, true);
        const nowIso = iso(clock.now());
        const visibleAt = later(clock, consumer.ack_wait_ms);
        const maxDeliver = consumer.max_deliver > 0 ? consumer.max_deliver : 2 ** 31 - 1;
        const out: Array<MessageRow & { deliveries: number }> = [];

        // Redeliveries first: delivered before, not acknowledged in time (or nak'ed), still under max_deliver.
        const due = await tx.query<{ seq: number; deliveries: number }>(
          `SELECT seq, deliveries FROM bus_pending
           WHERE stream = $1 AND consumer = $2 AND visible_at <= $3 AND deliveries < $4
           ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED`,
          [streamName, name, nowIso, maxDeliver, max],
        );
        for (const p of due) {
          await tx.query('UPDATE bus_pending SET deliveries = deliveries + 1, visible_at = $4 WHERE stream = $1 AND consumer = $2 AND seq = $3', [
            streamName,
            name,
            p.seq,
            visibleAt,
          ]);
          const [m] = await tx.query<MessageRow>('SELECT seq, subject, data, headers FROM bus_messages WHERE stream = $1 AND seq = $2', [
            streamName,
            p.seq,
          ]);
          if (m) out.push({ ...m, deliveries: p.deliveries + 1 });
        }

        // Then new messages past the cursor that match the filter.
        let cursor = consumer.cursor_seq;
        while (out.length < max) {
          const batch = await tx.query<MessageRow>(
            'SELECT seq, subject, data, headers FROM bus_messages WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
            [streamName, cursor, SCAN_BATCH],
          );
          if (batch.length === 0) break;
          for (const m of batch) {
            cursor = m.seq;
            if (consumer.filter_subject && !subjectMatches(consumer.filter_subject, m.subject)) continue;
            await tx.query(
              'INSERT INTO bus_pending (stream, consumer, seq, deliveries, visible_at) VALUES ($1, $2, $3, 1, $4) ON CONFLICT DO NOTHING',
              [streamName, name, m.seq, visibleAt],
            );
            out.push({ ...m, deliveries: 1 });
            if (out.length >= max) break;
          }
        }
        if (cursor !== consumer.cursor_seq) {
          await tx.query('UPDATE bus_consumers SET cursor_seq = $3 WHERE stream = $1 AND name = $2', [streamName, name, cursor]);
        }
        return out;
      });

    const settle = async (seq: number, sql: string, params: unknown[] = []): Promise<void> => {
      await store.query(sql, [streamName, name, seq, ...params]);
    };

    const toMessage = (row: MessageRow & { deliveries: number }): BusMessage => {
      let settled = false;
      const once = async (fn: () => Promise<void>): Promise<void> => {
        if (settled) return;
        settled = true;
        await fn();
      };
      const data = new Uint8Array(row.data);
      return {
        subject: row.subject,
        seq: row.seq,
        data,
        headers: row.headers,
        deliveryCount: row.deliveries,
        redelivered: row.deliveries > 1,
        json: <T>() => parseJson<T>(data),
        string: () => decoder.decode(data),
        ack: () => once(() => settle(row.seq, 'DELETE FROM bus_pending WHERE stream = $1 AND consumer = $2 AND seq = $3')),
        term: () => once(() => settle(row.seq, 'DELETE FROM bus_pending WHERE stream = $1 AND consumer = $2 AND seq = $3')),
        nak: (delayMs = 0) =>
          once(() =>
            settle(row.seq, 'UPDATE bus_pending SET visible_at = $4 WHERE stream = $1 AND consumer = $2 AND seq = $3', [
              later(clock, delayMs),
            ]),
          ),
        working: async () => {
          if (settled) return;
          const [c] = await store.query<{ ack_wait_ms: number }>('SELECT ack_wait_ms FROM bus_consumers WHERE stream = $1 AND name = $2', [
            streamName,
            name,
          ]);
          await settle(row.seq, 'UPDATE bus_pending SET visible_at = $4 WHERE stream = $1 AND consumer = $2 AND seq = $3', [
            later(clock, c?.ack_wait_ms ?? DEFAULT_ACK_WAIT_MS),
          ]);
        },
      };
    };

    const consumer: Consumer = {
      stream: streamName,
      name,

      async fetch(fopts = {}) {
        assertOpen();
        const max = Math.max(1, fopts.max ?? 1);
        const deadline = Date.now() + (fopts.expiresMs ?? 0);
        for (;;) {
          const rows = await claim(max);
          if (rows.length > 0 || Date.now() >= deadline || closing.signal.aborted) return rows.map(toMessage);
          await waitForPublish(streamName, deadline);
        }
      },

      async consume(handler, copts) {
        const signal = AbortSignal.any([copts.signal, closing.signal]);
        while (!signal.aborted) {
          const messages = await consumer.fetch({ max: copts.batch ?? 1, expiresMs: 1_000 }).catch((err: unknown) => {
            if (err instanceof BusError && err.code === 'closed') return [];
            throw err;
          });
          for (const msg of messages) {
            if (signal.aborted) break;
            try {
              await handler(msg);
              await msg.ack();
            } catch {
              await msg.nak(copts.retryDelayMs ?? 1_000);
            }
          }
        }
      },

      async info(): Promise<ConsumerInfo> {
        const c = await loadConsumer(store, false);
        const subjects = await store.query<{ subject: string }>('SELECT subject FROM bus_messages WHERE stream = $1 AND seq > $2', [
          streamName,
          c.cursor_seq,
        ]);
        const numPending = c.filter_subject ? subjects.filter((s) => subjectMatches(c.filter_subject ?? '>', s.subject)).length : subjects.length;
        const [pending] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM bus_pending WHERE stream = $1 AND consumer = $2', [
          streamName,
          name,
        ]);
        return { stream: streamName, name, numPending, numAckPending: pending?.n ?? 0 };
      },
    };
    return consumer;
  }

  await loadStreams();
  return bus;
}

function kvEntry(key: string, value: Uint8Array, revision: number): KvEntry {
  const bytes = new Uint8Array(value);
  return { key, value: bytes, revision, json: <T>() => parseJson<T>(bytes), string: () => decoder.decode(bytes) };
}

function checkKey(key: string): void {
  if (!/^[-/_=.a-zA-Z0-9]+$/.test(key) || key.startsWith('.') || key.endsWith('.')) {
    throw new BusError('invalid', `KV key ${JSON.stringify(key)} may hold only letters, digits and - / _ = . (not at the ends)`);
  }
}

function createKv(store: Store, bucket: string): KV {
  const nextRevision = `nextval('bus_kv_revision')`;
  return {
    bucket,
    async get(key) {
      checkKey(key);
      const [row] = await store.query<{ value: Uint8Array; revision: number }>(
        'SELECT value, revision FROM bus_kv WHERE bucket = $1 AND key = $2 AND NOT deleted',
        [bucket, key],
      );
      return row ? kvEntry(key, row.value, row.revision) : null;
    },
    async put(key, value) {
      checkKey(key);
      const [row] = await store.query<{ revision: number }>(
        `INSERT INTO bus_kv (bucket, key, value, revision) VALUES ($1, $2, $3, ${nextRevision})
         ON CONFLICT (bucket, key) DO UPDATE SET value = EXCLUDED.value, revision = EXCLUDED.revision, deleted = false
         RETURNING revision`,
        [bucket, key, toBuffer(encodePayload(value))],
      );
      return row?.revision ?? 0;
    },
    async create(key, value) {
      checkKey(key);
      const [row] = await store.query<{ revision: number }>(
        `INSERT INTO bus_kv (bucket, key, value, revision) VALUES ($1, $2, $3, ${nextRevision})
         ON CONFLICT (bucket, key) DO UPDATE SET value = EXCLUDED.value, revision = EXCLUDED.revision, deleted = false
           WHERE bus_kv.deleted
         RETURNING revision`,
        [bucket, key, toBuffer(encodePayload(value))],
      );
      if (!row) throw new BusError('exists', `key ${key} already exists in bucket ${bucket}`);
      return row.revision;
    },
    async update(key, value, revision) {
      checkKey(key);
      const [row] = await store.query<{ revision: number }>(
        `UPDATE bus_kv SET value = $3, revision = ${nextRevision}
         WHERE bucket = $1 AND key = $2 AND revision = $4 AND NOT deleted RETURNING revision`,
        [bucket, key, toBuffer(encodePayload(value)), revision],
      );
      if (!row) throw new BusError('wrong_revision', `key ${key} in bucket ${bucket} is not at revision ${revision}`);
      return row.revision;
    },
    async delete(key) {
      checkKey(key);
      await store.query(`UPDATE bus_kv SET deleted = true, revision = ${nextRevision} WHERE bucket = $1 AND key = $2`, [bucket, key]);
    },
    async keys(prefix = '') {
      const rows = await store.query<{ key: string }>('SELECT key FROM bus_kv WHERE bucket = $1 AND NOT deleted ORDER BY key', [bucket]);
      return rows.map((r) => r.key).filter((k) => k.startsWith(prefix));
    },
  };
}

function createObjectStore(store: Store, bucket: string, clock: Clock): ObjectStore {
  const toInfo = (r: { name: string; size: number; digest: string; headers: Record<string, string>; mtime: string | Date }): ObjectInfo => ({
    bucket,
    name: r.name,
    size: Number(r.size),
    digest: r.digest,
    headers: r.headers,
    mtime: new Date(r.mtime),
  });
  return {
    bucket,
    async put(meta, data) {
      checkObjectName(meta.name);
      const info = { name: meta.name, size: data.byteLength, digest: sha256Digest(data), headers: meta.headers ?? {}, mtime: clock.now() };
      await store.query(
        `INSERT INTO bus_objects (bucket, name, size, digest, headers, mtime, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (bucket, name) DO UPDATE SET size = EXCLUDED.size, digest = EXCLUDED.digest, headers = EXCLUDED.headers,
           mtime = EXCLUDED.mtime, data = EXCLUDED.data`,
        [bucket, info.name, info.size, info.digest, JSON.stringify(info.headers), iso(info.mtime), toBuffer(data)],
      );
      return toInfo(info);
    },
    async get(name) {
      checkObjectName(name);
      const [row] = await store.query<{ data: Uint8Array }>('SELECT data FROM bus_objects WHERE bucket = $1 AND name = $2', [bucket, name]);
      return row ? new Uint8Array(row.data) : null;
    },
    async info(name) {
      checkObjectName(name);
      const [row] = await store.query<{ name: string; size: number; digest: string; headers: Record<string, string>; mtime: string }>(
        'SELECT name, size, digest, headers, mtime FROM bus_objects WHERE bucket = $1 AND name = $2',
        [bucket, name],
      );
      return row ? toInfo(row) : null;
    },
    async delete(name) {
      checkObjectName(name);
      const rows = await store.query('DELETE FROM bus_objects WHERE bucket = $1 AND name = $2 RETURNING name', [bucket, name]);
      return rows.length > 0;
    },
    async list() {
      const rows = await store.query<{ name: string; size: number; digest: string; headers: Record<string, string>; mtime: string }>(
        'SELECT name, size, digest, headers, mtime FROM bus_objects WHERE bucket = $1 ORDER BY name',
        [bucket],
      );
      return rows.map(toInfo);
    },
  };
}
