import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BusError, type Bus } from './bus.js';

/**
 * The behaviour every Bus implementation must have. The local bus runs it against PGlite and PostgreSQL; the NATS
 * bus runs it against the JetStream server. `open` returns a fresh, isolated bus (unique stream and bucket
 * names are still used so a shared server never mixes runs); `reopen` simulates a restart on the same backing state.
 */
export interface BusHarness {
  open(): Promise<Bus>;
  reopen(previous: Bus): Promise<Bus>;
  cleanup?(): Promise<void>;
}

/** Long enough that an immediate second fetch (NATS clients wait at least a second) ends before redelivery. */
const ACK_WAIT = 1_500;

export function describeBusContract(name: string, harness: () => BusHarness): void {
  describe(`bus contract: ${name}`, () => {
    let h: BusHarness;
    let bus: Bus;
    let stream: string;
    let prefix: string;

    beforeEach(async () => {
      h = harness();
      bus = await h.open();
      const tag = Math.random().toString(36).slice(2, 8);
      stream = `T_${tag}`;
      prefix = `t${tag}`;
      await bus.ensureStream({ name: stream, subjects: [`${prefix}.>`], duplicateWindowMs: 60_000 });
    });

    afterEach(async () => {
      await bus.close();
      await h.cleanup?.();
    });

    it('stores published messages in the stream whose subjects capture them, in sequence', async () => {
      const a = await bus.publish(`${prefix}.a`, { n: 1 });
      const b = await bus.publish(`${prefix}.b.c`, 'two');
      expect(b.seq).toBe(a.seq + 1);
      expect(a.stream).toBe(stream);
      const info = await bus.streamInfo(stream);
      expect(info.messages).toBe(2);
      expect(info.lastSeq).toBe(b.seq);
    });

    it('refuses to publish to a subject no stream captures', async () => {
      await expect(bus.publish('nobody.listens', 1)).rejects.toBeInstanceOf(BusError);
    });

    it('stores a message once when the same message id is published twice inside the window', async () => {
      const first = await bus.publish(`${prefix}.doc`, { v: 1 }, { msgId: 'doc-1' });
      const again = await bus.publish(`${prefix}.doc`, { v: 1 }, { msgId: 'doc-1' });
      const other = await bus.publish(`${prefix}.doc`, { v: 2 }, { msgId: 'doc-2' });
      expect(again).toEqual({ stream, seq: first.seq, duplicate: true });
      expect(other.duplicate).toBe(false);
      expect((await bus.streamInfo(stream)).messages).toBe(2);
    });

    it('stores a message once when publishers race with the same message id', async () => {
      const acks = await Promise.all(Array.from({ length: 6 }, (_, i) => bus.publish(`${prefix}.doc`, { v: i }, { msgId: 'racing' })));
      expect(acks.filter((a) => !a.duplicate)).toHaveLength(1);
      expect(new Set(acks.map((a) => a.seq)).size).toBe(1);
      expect((await bus.streamInfo(stream)).messages).toBe(1);
    });

    it('delivers every message to a durable consumer once, with payload and headers intact', async () => {
      await bus.publish(`${prefix}.x`, { hello: 'wörld' }, { headers: { 'Quarry-Source': 'test' } });
      await bus.publish(`${prefix}.x`, new Uint8Array([0, 1, 255]));
      const c = await bus.consumer(stream, { durableName: 'reader', ackWaitMs: 10_000 });
      const batch = await c.fetch({ max: 10, expiresMs: 1_000 });
      expect(batch).toHaveLength(2);
      expect(batch[0]?.json()).toEqual({ hello: 'wörld' });
      expect(batch[0]?.headers['Quarry-Source']).toBe('test');
      expect([...(batch[1]?.data ?? [])]).toEqual([0, 1, 255]);
      expect(batch[0]?.deliveryCount).toBe(1);
      for (const m of batch) await m.ack();
      expect(await c.fetch({ max: 10, expiresMs: 200 })).toHaveLength(0);
    });

    it('only delivers subjects matching the consumer filter', async () => {
      await bus.publish(`${prefix}.keep.1`, 1);
      await bus.publish(`${prefix}.drop.1`, 2);
      await bus.publish(`${prefix}.keep.2`, 3);
      const c = await bus.consumer(stream, { durableName: 'filtered', filterSubject: `${prefix}.keep.*` });
      const got = await c.fetch({ max: 10, expiresMs: 1_000 });
      expect(got.map((m) => m.json())).toEqual([1, 3]);
    });

    it('redelivers a message that was not acknowledged within the ack wait', async () => {
      await bus.publish(`${prefix}.job`, 'work');
      const c = await bus.consumer(stream, { durableName: 'worker', ackWaitMs: ACK_WAIT });
      const [first] = await c.fetch({ max: 1, expiresMs: 1_000 });
      expect(first?.deliveryCount).toBe(1);
      expect(await c.fetch({ max: 1, expiresMs: 50 })).toHaveLength(0);
      await sleep(ACK_WAIT + 300);
      const [again] = await c.fetch({ max: 1, expiresMs: 2_000 });
      expect(again?.seq).toBe(first?.seq);
      expect(again?.redelivered).toBe(true);
      expect(again?.deliveryCount).toBe(2);
      await again?.ack();
    });

    it('redelivers a nak at once and never redelivers a terminated message', async () => {
      await bus.publish(`${prefix}.job`, 'a');
      await bus.publish(`${prefix}.job`, 'b');
      const c = await bus.consumer(stream, { durableName: 'naker', ackWaitMs: 10_000 });
      const [a, b] = await c.fetch({ max: 2, expiresMs: 1_000 });
      await a?.nak();
      await b?.term();
      const again = await c.fetch({ max: 2, expiresMs: 1_000 });
      expect(again.map((m) => m.string())).toEqual(['"a"']);
      await again[0]?.ack();
    });

    it('stops delivering a message after max deliveries', async () => {
      await bus.publish(`${prefix}.poison`, 'bad');
      const c = await bus.consumer(stream, { durableName: 'capped', ackWaitMs: 10_000, maxDeliver: 2 });
      for (let i = 0; i < 2; i++) {
        const [m] = await c.fetch({ max: 1, expiresMs: 1_000 });
        expect(m?.deliveryCount).toBe(i + 1);
        await m?.nak();
      }
      expect(await c.fetch({ max: 1, expiresMs: 300 })).toHaveLength(0);
    });

    it('shares one durable position between two handles and across a restart', async () => {
      for (let i = 0; i < 4; i++) await bus.publish(`${prefix}.n`, i);
      const one = await bus.consumer(stream, { durableName: 'shared', ackWaitMs: 10_000 });
      const two = await bus.consumer(stream, { durableName: 'shared', ackWaitMs: 10_000 });
      const a = await one.fetch({ max: 2, expiresMs: 1_000 });
      const b = await two.fetch({ max: 2, expiresMs: 1_000 });
      expect([...a, ...b].map((m) => m.json<number>()).sort()).toEqual([0, 1, 2, 3]);
      for (const m of [...a, ...b]) await m.ack();
      await bus.publish(`${prefix}.n`, 4);

      bus = await h.reopen(bus);
      const after = await bus.consumer(stream, { durableName: 'shared', ackWaitMs: 10_000 });
      const rest = await after.fetch({ max: 10, expiresMs: 1_000 });
      expect(rest.map((m) => m.json())).toEqual([4]);
    });

    it('wakes a waiting fetch when a message arrives', async () => {
      const c = await bus.consumer(stream, { durableName: 'waiter' });
      const pending = c.fetch({ max: 1, expiresMs: 5_000 });
      await sleep(100);
      await bus.publish(`${prefix}.late`, 'here');
      const got = await pending;
      expect(got.map((m) => m.json())).toEqual(['here']);
    });

    it('starts a deliver-new consumer after the messages already stored', async () => {
      await bus.publish(`${prefix}.old`, 'old');
      const c = await bus.consumer(stream, { durableName: 'fresh', deliverPolicy: 'new' });
      await bus.publish(`${prefix}.new`, 'new');
      const got = await c.fetch({ max: 5, expiresMs: 1_000 });
      expect(got.map((m) => m.json())).toEqual(['new']);
    });

    it('consume acks what the handler finished and retries what it threw on', async () => {
      await bus.publish(`${prefix}.c`, 'ok');
      await bus.publish(`${prefix}.c`, 'flaky');
      const c = await bus.consumer(stream, { durableName: 'consumer', ackWaitMs: 10_000 });
      const seen: string[] = [];
      let failedOnce = false;
      const stop = new AbortController();
      await c.consume(
        async (m) => {
          const v = m.json<string>();
          seen.push(v);
          if (v === 'flaky' && !failedOnce) {
            failedOnce = true;
            throw new Error('try again');
          }
          if (seen.length >= 3) stop.abort();
        },
        { signal: stop.signal, retryDelayMs: 0 },
      );
      expect(seen).toEqual(['ok', 'flaky', 'flaky']);
      const info = await c.info();
      expect(info.numPending).toBe(0);
      expect(info.numAckPending).toBe(0);
    });

    it('keeps KV values with revisions and compare-and-set', async () => {
      const kv = await bus.kv(`kv_${prefix}`);
      expect(await kv.get('schema.production')).toBeNull();
      const r1 = await kv.create('schema.production', { version: 1 });
      await expect(kv.create('schema.production', { version: 9 })).rejects.toMatchObject({ code: 'exists' });
      const r2 = await kv.update('schema.production', { version: 2 }, r1);
      expect(r2).toBeGreaterThan(r1);
      await expect(kv.update('schema.production', { version: 3 }, r1)).rejects.toMatchObject({ code: 'wrong_revision' });
      const entry = await kv.get('schema.production');
      expect(entry?.json()).toEqual({ version: 2 });
      expect(entry?.revision).toBe(r2);
      await kv.put('schema.notice', 'x');
      expect(await kv.keys('schema.')).toEqual(['schema.notice', 'schema.production']);
      await kv.delete('schema.notice');
      expect(await kv.get('schema.notice')).toBeNull();
      expect(await kv.keys()).toEqual(['schema.production']);
      await kv.create('schema.notice', 'again');
      expect((await kv.get('schema.notice'))?.json()).toBe('again');
    });

    it('refuses KV keys that JetStream would refuse', async () => {
      const kv = await bus.kv(`kv_${prefix}`);
      await expect(kv.put('has space', 1)).rejects.toMatchObject({ code: 'invalid' });
      await expect(kv.put('.leading', 1)).rejects.toMatchObject({ code: 'invalid' });
    });

    it('stores objects with their digest and gives back the same bytes', async () => {
      const os = await bus.objectStore(`obj_${prefix}`);
      const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
      const info = await os.put({ name: 'sha256/abc', headers: { 'Content-Type': 'application/pdf' } }, bytes);
      expect(info.size).toBe(300_000);
      expect(info.digest).toMatch(/^SHA-256=[A-Za-z0-9_-]{43}=?$/);
      const back = await os.get('sha256/abc');
      expect(back && Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
      expect((await os.info('sha256/abc'))?.headers['Content-Type']).toBe('application/pdf');
      expect((await os.list()).map((o) => o.name)).toEqual(['sha256/abc']);
      expect(await os.delete('sha256/abc')).toBe(true);
      expect(await os.get('sha256/abc')).toBeNull();
      expect(await os.get('never-stored')).toBeNull();
    });

    it('keeps objects across a restart, the last put of a name winning', async () => {
      const os = await bus.objectStore(`obj_${prefix}`);
      const name = 'sha256/dir/with spaces/größe ✓';
      await os.put({ name, headers: { 'Content-Type': 'text/plain' } }, new TextEncoder().encode('first\nversion'));
      await os.put({ name }, new TextEncoder().encode('second\nversion'));
      bus = await h.reopen(bus);
      const again = await bus.objectStore(`obj_${prefix}`);
      expect(new TextDecoder().decode((await again.get(name)) ?? new Uint8Array())).toBe('second\nversion');
      expect((await again.info(name))?.size).toBe(14);
      expect((await again.list()).map((o) => o.name)).toContain(name);
      await expect(again.put({ name: 'x'.repeat(1025) }, new Uint8Array(1))).rejects.toMatchObject({ code: 'invalid' });
    });

    it('stores an empty object', async () => {
      const os = await bus.objectStore(`obj_${prefix}`);
      const info = await os.put({ name: 'empty' }, new Uint8Array());
      expect(info.size).toBe(0);
      expect((await os.get('empty'))?.byteLength).toBe(0);
    });
  });
}
