import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { TEST_DATABASE_URL, dropSchema, probePostgres, uniqueSchema } from '../store/testing.js';
import type { Bus } from './bus.js';
import { describeBusContract } from './contract.js';
import { createLocalBus } from './local.js';

const postgres = await probePostgres();

function harness(openBackingStore: () => Promise<Store>, cleanup: () => Promise<void>, objectsDir?: string) {
  const stores = new Map<Bus, Store>();
  const open = async (): Promise<Bus> => {
    const store = await openBackingStore();
    const bus = await createLocalBus({ store, pollMs: 50, objectsDir });
    stores.set(bus, store);
    return bus;
  };
  return {
    open,
    async reopen(previous: Bus) {
      await previous.close();
      await stores.get(previous)?.close();
      stores.delete(previous);
      return open();
    },
    async cleanup() {
      for (const store of stores.values()) await store.close();
      stores.clear();
      await cleanup();
    },
  };
}

describeBusContract('local bus on PGlite (data dir, objects as files as in `quarry serve`)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quarry-bus-'));
  return harness(
    () => openStore({ dataDir: dir }),
    async () => rmSync(dir, { recursive: true, force: true }),
    join(dir, 'objects'),
  );
});

describe.skipIf(!postgres.ok)('on PostgreSQL', () => {
  describeBusContract('local bus on PostgreSQL', () => {
    const schema = uniqueSchema('quarry_bus');
    return harness(
      () => openStore({ databaseUrl: TEST_DATABASE_URL, schema }),
      () => dropSchema(schema),
    );
  });
});
