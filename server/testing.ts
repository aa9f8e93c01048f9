import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { silentLogger } from '../pipeline/shared/logger.js';
import type { SpanRecord, TraceSink } from '../pipeline/tracing/tracer.js';
import { loadConfig, type Config } from './config.js';
import type { ServerDeps } from './create-server.js';
import { connectInProcess } from './in-process.js';
import { openServices, type OpenServicesOptions, type RunningServices } from './services.js';

/**
 * Test support: real services (PGlite in memory, or a data dir, or PostgreSQL in its own schema) and a real MCP
 * `Client` connected through the SDK's in-memory transport.
 */
export interface TestServices extends RunningServices {
  spans: SpanRecord[];
  /** Removes the temporary data dir (after close). */
  dispose(): Promise<void>;
}

export async function openTestServices(
  opts: { env?: Record<string, string>; flags?: Record<string, unknown>; persistent?: boolean; dataDir?: string } & Omit<OpenServicesOptions, 'traceSinks'> = {},
): Promise<TestServices> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'quarry-test-'));
  const config: Config = loadConfig({ env: { QUARRY_DATA_DIR: dataDir, ...opts.env }, flags: opts.flags, cwd: dataDir });
  const spans: SpanRecord[] = [];
  const collector: TraceSink = { name: 'test', onEnd: (s) => void spans.push(s), flush: async () => undefined, shutdown: async () => undefined };
  const services = await openServices(config, {
    inMemory: !opts.persistent,
    logger: opts.logger ?? silentLogger,
    traceSinks: [collector],
    ...(opts.schema ? { schema: opts.schema } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  return Object.assign(services, {
    spans,
    async dispose() {
      await services.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A real MCP client talking to `createServer(deps)` in memory. */
export function connectClient(deps: ServerDeps, capabilities: ConstructorParameters<typeof Client>[1] = {}): Promise<{ client: Client; close(): Promise<void> }> {
  return connectInProcess(deps, { name: 'quarry-test', capabilities });
}
