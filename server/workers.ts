import type { Bus, BusMessage } from '../pipeline/bus/bus.js';
import type { Logger } from '../pipeline/shared/logger.js';
import type { Tracer } from '../pipeline/tracing/tracer.js';

/**
 * Workers drive the pipeline from the bus, so a document crawled by any client flows on by itself:
 * RAW_DOCUMENTS → extract, EXTRACTED → cluster (and load when its type has a schema). Each worker is a durable
 * consumer: work survives a restart, a failed message is retried after a delay and, after `maxDeliver`
 * attempts, left alone (and traced) instead of blocking the stream.
 */
export interface WorkerSpec {
  /** Durable consumer name, stable across restarts. */
  name: string;
  stream: string;
  filterSubject?: string;
  handle(msg: BusMessage, signal: AbortSignal): Promise<void>;
}

export interface RunningWorkers {
  /** Stops taking new messages and waits for the ones in hand. */
  stop(): Promise<void>;
  /** Messages each worker finished, failed (will retry) and gave up on. */
  counters(): Record<string, { done: number; failed: number; gaveUp: number }>;
}

export interface WorkerOptions {
  bus: Bus;
  tracer: Tracer;
  logger: Logger;
  ackWaitMs?: number;
  maxDeliver?: number;
  retryDelayMs?: number;
}

export async function startWorkers(specs: readonly WorkerSpec[], opts: WorkerOptions): Promise<RunningWorkers> {
  const stop = new AbortController();
  const maxDeliver = opts.maxDeliver ?? 5;
  const counters: Record<string, { done: number; failed: number; gaveUp: number }> = {};
  const loops = await Promise.all(
    specs.map(async (spec) => {
      const count = (counters[spec.name] = { done: 0, failed: 0, gaveUp: 0 });
      const consumer = await opts.bus.consumer(spec.stream, {
        durableName: spec.name,
        ackWaitMs: opts.ackWaitMs ?? 120_000,
        maxDeliver,
        ...(spec.filterSubject ? { filterSubject: spec.filterSubject } : {}),
      });
      // Wrapped in an object: returning the bare promise from this async function would make start wait for it.
      const loop = (async () => {
        while (!stop.signal.aborted) {
          let batch: BusMessage[];
          try {
            batch = await consumer.fetch({ max: 1, expiresMs: 1_000 });
          } catch (err) {
            if (stop.signal.aborted) break;
            opts.logger.warn(`worker ${spec.name} could not fetch`, { error: String(err) });
            await new Promise((r) => setTimeout(r, 1_000));
            continue;
          }
          for (const msg of batch) {
            try {
              await opts.tracer.span(`worker.${spec.name}`, { input: { subject: msg.subject, seq: msg.seq, delivery: msg.deliveryCount } }, () =>
                spec.handle(msg, stop.signal),
              );
              await msg.ack();
              count.done++;
            } catch (err) {
              const last = msg.deliveryCount >= maxDeliver;
              if (last) count.gaveUp++;
              else count.failed++;
              opts.tracer.decision(`worker.${spec.name}.${last ? 'give_up' : 'retry'}`, {
                input: { subject: msg.subject, seq: msg.seq, delivery: msg.deliveryCount },
                output: last ? 'left for review' : 'retry later',
                reason: err instanceof Error ? err.message : String(err),
              });
              opts.logger.warn(`worker ${spec.name} failed on ${msg.subject} #${msg.seq}`, { error: String(err), delivery: msg.deliveryCount });
              if (last) await msg.term();
              else await msg.nak(opts.retryDelayMs ?? 5_000);
            }
          }
        }
      })();
      return { loop };
    }),
  );
  return {
    async stop() {
      stop.abort();
      await Promise.all(loops.map((l) => l.loop));
    },
    counters: () => structuredClone(counters),
  };
}
