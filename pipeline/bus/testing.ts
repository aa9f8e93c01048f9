import { connect as netConnect } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** Test support for the real NATS JetStream: required in CI, skipped with a message elsewhere. */
export const TEST_NATS_URL = process.env.QUARRY_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export async function probeNats(url = TEST_NATS_URL): Promise<{ ok: boolean; reason: string }> {
  const u = new URL(url);
  const ok = await new Promise<boolean>((resolve) => {
    const socket = netConnect({ host: u.hostname, port: Number(u.port || 4222) });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
  if (ok) return { ok, reason: '' };
  const reason = `NATS is not reachable at ${u.host}`;
  if (process.env.CI) throw new Error(`${reason} (CI must run these tests against the real NATS JetStream)`);
  console.warn(`skipping NATS tests: ${reason}`);
  return { ok, reason };
}

/** Deletes JetStream streams (including the KV_ and OBJ_ streams behind buckets) by name. */
export async function deleteStreams(names: Iterable<string>, url = TEST_NATS_URL): Promise<void> {
  const u = new URL(url);
  const nc = await connect({ servers: `${u.hostname}:${u.port || '4222'}` });
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of names) await jsm.streams.delete(name).catch(() => false);
  } finally {
    await nc.close();
  }
}
