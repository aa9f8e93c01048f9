import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { Kvm, type KV as NatsKv } from '@nats-io/kv';
import { Objm, type ObjectStore as NatsObjectStore } from '@nats-io/obj';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  BusError,
  checkObjectName,
  encodePayload,
  type Bus,
  type BusMessage,
  type Consumer,
  type ConsumerConfig,
  type KV,
  type KvEntry,
  type ObjectInfo,
  type ObjectStore,
  type PubAck,
} from './bus.js';

/**
 * The bus on NATS JetStream (`NATS_URL`): the same interface and the same contract suite as the in-process bus.
 * Streams, durable pull consumers with explicit ack, KV buckets and object stores are JetStream's own.
 */
const NANOS_PER_MS = 1_000_000;
/** JetStream pull requests shorter than this are refused by the client library. */
const MIN_EXPIRES_MS = 1_000;
const decoder = new TextDecoder();

export async function createNatsBus(opts: { url: string; name?: string }): Promise<Bus> {
  const url = new URL(opts.url);
  const nc: NatsConnection = await connect({
    servers: `${url.hostname}:${url.port || '4222'}`,
    name: opts.name ?? 'quarry',
    ...(url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : {}),
  }).catch((err: unknown) => {
    throw new BusError('closed', `cannot connect to NATS at ${url.hostname}:${url.port || '4222'}: ${(err as Error).message}`);
  });
  const js: JetStreamClient = jetstream(nc);
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const kvm = new Kvm(js);
  const objm = new Objm(js);

  const bus: Bus = {
    kind: 'nats',

    async ensureStream(config) {
      const wanted = {
        name: config.name,
        subjects: config.subjects,
        duplicate_window: (config.duplicateWindowMs ?? 120_000) * NANOS_PER_MS,
      };
      try {
        const info = await jsm.streams.info(config.name);
        await jsm.streams.update(config.name, { ...info.config, subjects: wanted.subjects, duplicate_window: wanted.duplicate_window });
      } catch (err) {
        if (!(err instanceof JetStreamApiError) || err.code !== 10059) throw mapError(err, `stream ${config.name}`);
        await jsm.streams.add(wanted).catch((e: unknown) => {
          throw mapError(e, `stream ${config.name}`);
        });
      }
    },

    async streamInfo(name) {
      const info = await jsm.streams.info(name).catch((err: unknown) => {
        throw mapError(err, `stream ${name}`);
      });
      return { name, subjects: info.config.subjects ?? [], messages: info.state.messages, lastSeq: info.state.last_seq };
    },

    async publish(subject, payload, popts = {}): Promise<PubAck> {
      const h = natsHeaders();
      for (const [k, v] of Object.entries(popts.headers ?? {})) h.set(k, v);
      try {
        const ack = await js.publish(subject, encodePayload(payload), {
          ...(popts.msgId ? { msgID: popts.msgId } : {}),
          ...(popts.headers ? { headers: h } : {}),
        });
        return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
      } catch (err) {
        if (/no responders|503|jetstream is not enabled/i.test(String(err))) throw new BusError('no_stream', `no stream captures subject ${subject}`);
        throw mapError(err, `publish to ${subject}`);
      }
    },

    async consumer(stream, config) {
      const wanted = {
        durable_name: config.durableName,
        ack_policy: AckPolicy.Explicit,
        ack_wait: (config.ackWaitMs ?? 30_000) * NANOS_PER_MS,
        max_deliver: config.maxDeliver ?? -1,
        deliver_policy: config.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
        ...(config.filterSubject ? { filter_subject: config.filterSubject } : {}),
      };
      try {
        await jsm.consumers.info(stream, config.durableName);
        await jsm.consumers.update(stream, config.durableName, {
          ack_wait: wanted.ack_wait,
          max_deliver: wanted.max_deliver,
          ...(config.filterSubject ? { filter_subject: config.filterSubject } : {}),
        });
      } catch (err) {
        if (!(err instanceof JetStreamApiError) || (err.code !== 10014 && err.code !== 10059)) throw mapError(err, `consumer ${config.durableName}`);
        if (err.code === 10059) throw new BusError('no_stream', `stream ${stream} does not exist`);
        await jsm.consumers.add(stream, wanted).catch((e: unknown) => {
          throw mapError(e, `consumer ${config.durableName}`);
        });
      }
      return natsConsumer(js, jsm, stream, config);
    },

    async kv(bucket) {
      return natsKv(await kvm.create(bucket).catch((err: unknown) => Promise.reject(mapError(err, `KV bucket ${bucket}`))), bucket);
    },

    async objectStore(bucket) {
      return natsObjectStore(await objm.create(bucket).catch((err: unknown) => Promise.reject(mapError(err, `object store ${bucket}`))), bucket);
    },

    async close() {
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
    },
  };
  return bus;
}

function mapError(err: unknown, what: string): Error {
  if (err instanceof BusError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof JetStreamApiError) {
    if (err.code === 10059) return new BusError('no_stream', `${what}: stream not found`);
    if (err.code === 10014) return new BusError('no_consumer', `${what}: consumer not found`);
    if (err.code === 10071 || err.code === 10164) return new BusError('wrong_revision', `${what}: ${message}`);
    return new BusError('invalid', `${what}: ${message}`);
  }
  if (/closed/i.test(message)) return new BusError('closed', `${what}: the NATS connection is closed`);
  if (/invalid|illegal|must be/i.test(message)) return new BusError('invalid', `${what}: ${message}`);
  return err instanceof Error ? err : new Error(message);
}

function natsConsumer(js: JetStreamClient, jsm: JetStreamManager, stream: string, config: ConsumerConfig): Consumer {
  const name = config.durableName;
  const toMessage = (m: JsMsg): BusMessage => {
    const headers: Record<string, string> = {};
    if (m.headers) for (const [k, v] of m.headers) if (v[0] !== undefined) headers[k] = v[0];
    const data = m.data;
    let settled = false;
    const once = async (fn: () => Promise<unknown> | void): Promise<void> => {
      if (settled) return;
      settled = true;
      await fn();
    };
    return {
      subject: m.subject,
      seq: m.seq,
      data,
      headers,
      deliveryCount: m.info.deliveryCount,
      redelivered: m.redelivered,
      json: <T>() => JSON.parse(decoder.decode(data)) as T,
      string: () => decoder.decode(data),
      ack: () => once(() => m.ackAck()),
      nak: (delayMs = 0) => once(() => m.nak(delayMs > 0 ? delayMs : undefined)),
      term: () => once(() => m.term()),
      working: async () => {
        if (!settled) m.working();
      },
    };
  };

  const consumer: Consumer = {
    stream,
    name,
    async fetch(fopts = {}) {
      const c = await js.consumers.get(stream, name).catch((err: unknown) => Promise.reject(mapError(err, `consumer ${name}`)));
      const iter = await c.fetch({ max_messages: Math.max(1, fopts.max ?? 1), expires: Math.max(MIN_EXPIRES_MS, fopts.expiresMs ?? 0) });
      const out: BusMessage[] = [];
      for await (const m of iter) out.push(toMessage(m));
      return out;
    },
    async consume(handler, copts) {
      while (!copts.signal.aborted) {
        const messages = await consumer.fetch({ max: copts.batch ?? 1, expiresMs: 1_000 });
        for (const msg of messages) {
          if (copts.signal.aborted) break;
          try {
            await handler(msg);
            await msg.ack();
          } catch {
            await msg.nak(copts.retryDelayMs ?? 1_000);
          }
        }
      }
    },
    async info() {
      const info = await jsm.consumers.info(stream, name).catch((err: unknown) => Promise.reject(mapError(err, `consumer ${name}`)));
      return { stream, name, numPending: info.num_pending, numAckPending: info.num_ack_pending };
    },
  };
  return consumer;
}

function natsKv(kv: NatsKv, bucket: string): KV {
  const entry = (key: string, value: Uint8Array, revision: number): KvEntry => ({
    key,
    value,
    revision,
    json: <T>() => JSON.parse(decoder.decode(value)) as T,
    string: () => decoder.decode(value),
  });
  const guard = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    if (!/^[-/_=.a-zA-Z0-9]+$/.test(key) || key.startsWith('.') || key.endsWith('.')) {
      throw new BusError('invalid', `KV key ${JSON.stringify(key)} may hold only letters, digits and - / _ = . (not at the ends)`);
    }
    return fn().catch((err: unknown) => {
      const message = String(err);
      if (/wrong last sequence/i.test(message)) {
        throw /: 0\b|exists/i.test(message) ? new BusError('exists', `key ${key} already exists in bucket ${bucket}`) : new BusError('wrong_revision', `key ${key} in bucket ${bucket}: ${message}`);
      }
      throw mapError(err, `KV ${bucket}/${key}`);
    });
  };
  return {
    bucket,
    get: (key) =>
      guard(key, async () => {
        const e = await kv.get(key);
        return e && e.operation === 'PUT' ? entry(key, e.value, e.revision) : null;
      }),
    put: (key, value) => guard(key, () => kv.put(key, encodePayload(value))),
    create: (key, value) =>
      guard(key, async () => {
        try {
          return await kv.create(key, encodePayload(value));
        } catch (err) {
          if (/wrong last sequence|exists/i.test(String(err))) throw new BusError('exists', `key ${key} already exists in bucket ${bucket}`);
          throw err;
        }
      }),
    update: (key, value, revision) => guard(key, () => kv.update(key, encodePayload(value), revision)),
    delete: (key) => guard(key, () => kv.delete(key)),
    async keys(prefix = '') {
      const out: string[] = [];
      for await (const k of await kv.keys()) if (k.startsWith(prefix)) out.push(k);
      return out.sort();
    },
  };
}

/**
 * The NATS client base64-encodes object names with `btoa`, which takes only Latin-1, so a name travels as its UTF-8
 * bytes, one Latin-1 character per byte. ASCII names, all Quarry itself uses, are stored unchanged.
 */
function toNatsName(name: string): string {
  checkObjectName(name);
  return Buffer.from(name, 'utf8').toString('latin1');
}

function fromNatsName(stored: string): string {
  return Buffer.from(stored, 'latin1').toString('utf8');
}

function natsObjectStore(os: NatsObjectStore, bucket: string): ObjectStore {
  const toInfo = (info: { name: string; size: number; digest: string; headers?: unknown; mtime: string }): ObjectInfo => {
    const headers: Record<string, string> = {};
    const raw = info.headers;
    const pairs: Iterable<[string, unknown]> =
      raw && typeof raw === 'object' ? (Symbol.iterator in raw ? (raw as Iterable<[string, unknown]>) : Object.entries(raw)) : [];
    for (const [k, v] of pairs) {
      const first = Array.isArray(v) ? (v[0] as unknown) : v;
      if (typeof first === 'string') headers[k] = first;
    }
    return { bucket, name: fromNatsName(info.name), size: info.size, digest: info.digest, headers, mtime: new Date(info.mtime) };
  };
  return {
    bucket,
    async put(meta, data) {
      const h = natsHeaders();
      for (const [k, v] of Object.entries(meta.headers ?? {})) h.set(k, v);
      return toInfo(await os.putBlob({ name: toNatsName(meta.name), ...(meta.headers ? { headers: h } : {}) }, data));
    },
    get: (name) => os.getBlob(toNatsName(name)),
    async info(name) {
      const info = await os.info(toNatsName(name));
      return info && !info.deleted ? toInfo(info) : null;
    },
    async delete(name) {
      const info = await os.info(toNatsName(name));
      if (!info || info.deleted) return false;
      await os.delete(toNatsName(name));
      return true;
    },
    async list() {
      return (await os.list()).filter((i) => !i.deleted).map(toInfo).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
