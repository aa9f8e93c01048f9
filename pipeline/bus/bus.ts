/**
 * The event backbone, shaped after NATS JetStream so the in-process implementation and the NATS one are
 * interchangeable: streams that capture subjects, durable pull consumers with explicit ack and redelivery after
 * an ack timeout, publish de-duplication by message id, KV buckets with compare-and-set, and an object store.
 */

/** Payloads: bytes are sent as they are; any other value is sent as JSON. */
export type Payload = Uint8Array | string | number | boolean | null | readonly unknown[] | { readonly [k: string]: unknown };

export interface StreamConfig {
  name: string;
  /** Subjects captured by the stream; `*` matches one token, `>` the rest (JetStream syntax). */
  subjects: string[];
  /** Messages with the same `msgId` inside this window are stored once. JetStream's default is 2 minutes. */
  duplicateWindowMs?: number;
}

export interface PublishOptions {
  /** De-duplication key (JetStream `Nats-Msg-Id`). */
  msgId?: string;
  headers?: Record<string, string>;
}

export interface PubAck {
  stream: string;
  seq: number;
  /** True when a message with the same `msgId` was already stored inside the window; `seq` is the original's. */
  duplicate: boolean;
}

export interface ConsumerConfig {
  /** Durable name: the consumer's position survives restarts and is shared by everyone who opens it. */
  durableName: string;
  filterSubject?: string;
  /** After this long without ack, a delivered message is delivered again. */
  ackWaitMs?: number;
  /** A message delivered this many times without ack is not delivered again. */
  maxDeliver?: number;
  /** `all` (default) starts at the first stored message, `new` only sees messages published after creation. */
  deliverPolicy?: 'all' | 'new';
}

export interface BusMessage {
  readonly subject: string;
  readonly seq: number;
  readonly data: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  readonly redelivered: boolean;
  json<T = unknown>(): T;
  string(): string;
  ack(): Promise<void>;
  /** Ask for redelivery, after `delayMs` (default: at once). */
  nak(delayMs?: number): Promise<void>;
  /** Never deliver this message to this consumer again. */
  term(): Promise<void>;
  /** Still working: push the ack deadline out by another ack wait. */
  working(): Promise<void>;
}

export interface ConsumerInfo {
  stream: string;
  name: string;
  /** Messages waiting for a first or new delivery. */
  numPending: number;
  /** Delivered, not yet acknowledged. */
  numAckPending: number;
}

export interface Consumer {
  readonly stream: string;
  readonly name: string;
  /** Up to `max` messages; waits up to `expiresMs` for the first one when none is ready. */
  fetch(opts?: { max?: number; expiresMs?: number }): Promise<BusMessage[]>;
  /**
   * Delivers messages to `handler` until `signal` aborts. A handler that resolves acks the message (unless it
   * already did); one that throws naks it with `retryDelayMs`.
   */
  consume(
    handler: (msg: BusMessage) => Promise<void>,
    opts: { signal: AbortSignal; batch?: number; retryDelayMs?: number },
  ): Promise<void>;
  info(): Promise<ConsumerInfo>;
}

export interface StreamInfo {
  name: string;
  subjects: string[];
  messages: number;
  lastSeq: number;
}

export interface KvEntry {
  readonly key: string;
  readonly value: Uint8Array;
  readonly revision: number;
  json<T = unknown>(): T;
  string(): string;
}

export interface KV {
  readonly bucket: string;
  get(key: string): Promise<KvEntry | null>;
  /** Unconditional write; returns the new revision. */
  put(key: string, value: Payload): Promise<number>;
  /** Writes only if the key does not exist; otherwise throws `BusError` with code `exists`. */
  create(key: string, value: Payload): Promise<number>;
  /** Writes only if the key is at `revision`; otherwise throws `BusError` with code `wrong_revision`. */
  update(key: string, value: Payload, revision: number): Promise<number>;
  delete(key: string): Promise<void>;
  keys(prefix?: string): Promise<string[]>;
}

export interface ObjectInfo {
  bucket: string;
  name: string;
  size: number;
  /** `SHA-256=<base64url>`, as NATS object stores write it. */
  digest: string;
  headers: Record<string, string>;
  mtime: Date;
}

export interface ObjectStore {
  readonly bucket: string;
  put(meta: { name: string; headers?: Record<string, string> }, data: Uint8Array): Promise<ObjectInfo>;
  get(name: string): Promise<Uint8Array | null>;
  info(name: string): Promise<ObjectInfo | null>;
  delete(name: string): Promise<boolean>;
  list(): Promise<ObjectInfo[]>;
}

export interface Bus {
  readonly kind: 'local' | 'nats';
  /** Creates the stream or updates its subjects; idempotent. */
  ensureStream(config: StreamConfig): Promise<void>;
  streamInfo(name: string): Promise<StreamInfo>;
  publish(subject: string, payload: Payload, opts?: PublishOptions): Promise<PubAck>;
  /** Creates the durable consumer if needed and binds to it. */
  consumer(stream: string, config: ConsumerConfig): Promise<Consumer>;
  kv(bucket: string): Promise<KV>;
  objectStore(bucket: string): Promise<ObjectStore>;
  close(): Promise<void>;
}

export type BusErrorCode = 'no_stream' | 'no_consumer' | 'exists' | 'wrong_revision' | 'invalid' | 'closed';

export class BusError extends Error {
  override readonly name = 'BusError';
  constructor(
    readonly code: BusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Object names are 1 to 1024 characters of any kind, on every implementation. */
export function checkObjectName(name: string): void {
  if (name.length === 0 || name.length > 1024) throw new BusError('invalid', 'object names must be 1 to 1024 characters');
}

export function encodePayload(payload: Payload): Uint8Array {
  return payload instanceof Uint8Array ? payload : new TextEncoder().encode(JSON.stringify(payload));
}

/** JetStream subject matching: tokens split on `.`, `*` matches one token, a final `>` matches one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const token = p[i];
    if (token === '>') return s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return p.length === s.length;
}
