import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../pipeline/shared/logger.js';
import { openTestServices, type TestServices } from './testing.js';
import { startWorkers } from './workers.js';

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('pipeline workers', () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(async () => services.dispose());

  it('hand every message on a stream to their stage once and pick up where they stopped', async () => {
    const seen: string[] = [];
    const spec = { name: 'test_extractor', stream: 'RAW_DOCUMENTS', filterSubject: 'raw.workers_a', handle: async (m: { json<T>(): T }) => void seen.push(m.json<string>()) };
    const opts = { bus: services.bus, tracer: services.tracer, logger: silentLogger };
    const first = await startWorkers([spec], opts);
    await services.bus.publish('raw.workers_a', 'doc-1');
    await services.bus.publish('raw.workers_a', 'doc-2');
    await until(() => seen.length === 2);
    await first.stop();
    await services.bus.publish('raw.workers_a', 'doc-3');
    const second = await startWorkers([spec], opts);
    await until(() => seen.length === 3);
    await second.stop();
    expect(seen).toEqual(['doc-1', 'doc-2', 'doc-3']);
    expect(second.counters().test_extractor).toEqual({ done: 1, failed: 0, gaveUp: 0 });
  });

  it('retry a failing message and give up after max deliveries, tracing why, without blocking the next', async () => {
    const seen: string[] = [];
    const workers = await startWorkers(
      [
        {
          name: 'test_flaky',
          stream: 'RAW_DOCUMENTS',
          filterSubject: 'raw.workers_b',
          handle: async (m) => {
            const v = m.json<string>();
            seen.push(v);
            if (v === 'poison') throw new Error('cannot parse poison');
          },
        },
      ],
      { bus: services.bus, tracer: services.tracer, logger: silentLogger, maxDeliver: 2, retryDelayMs: 0 },
    );
    await services.bus.publish('raw.workers_b', 'poison');
    await services.bus.publish('raw.workers_b', 'fine');
    await until(() => workers.counters().test_flaky?.gaveUp === 1 && seen.includes('fine'));
    await workers.stop();
    expect(seen.filter((v) => v === 'poison')).toHaveLength(2);
    expect(workers.counters().test_flaky).toEqual({ done: 1, failed: 1, gaveUp: 1 });
    const decision = services.spans.find((s) => s.name === 'worker.test_flaky.give_up');
    expect(decision?.reason).toBe('cannot parse poison');
  });
});
