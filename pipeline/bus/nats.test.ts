import { describe } from 'vitest';
import type { Bus } from './bus.js';
import { describeBusContract } from './contract.js';
import { createNatsBus } from './nats.js';
import { deleteStreams, probeNats, TEST_NATS_URL } from './testing.js';

const nats = await probeNats();

/** Records what a test created on the shared server so cleanup removes exactly that. */
function recording(bus: Bus, created: Set<string>): Bus {
  return {
    ...bus,
    kind: bus.kind,
    ensureStream: async (config) => {
      created.add(config.name);
      return bus.ensureStream(config);
    },
    kv: async (bucket) => {
      created.add(`KV_${bucket}`);
      return bus.kv(bucket);
    },
    objectStore: async (bucket) => {
      created.add(`OBJ_${bucket}`);
      return bus.objectStore(bucket);
    },
  };
}

describe.skipIf(!nats.ok)('on NATS JetStream', () => {
  describeBusContract('NATS JetStream bus', () => {
    const created = new Set<string>();
    const open = async (): Promise<Bus> => recording(await createNatsBus({ url: TEST_NATS_URL, name: 'quarry-test' }), created);
    return {
      open,
      async reopen(previous: Bus) {
        await previous.close();
        return open();
      },
      cleanup: () => deleteStreams(created),
    };
  });
});
