import type { Bus } from '../pipeline/bus/bus.js';
import type { Clock } from '../pipeline/shared/clock.js';
import type { Logger } from '../pipeline/shared/logger.js';
import type { Store } from '../pipeline/store/store.js';
import type { Tracer } from '../pipeline/tracing/tracer.js';

/**
 * Everything a tool may use, built once by the server (`server/services.ts`) and passed in.
 * A tool declares the narrower slice it needs (`ToolDefinition<I, O, Pick<Services, 'store'>>`).
 */
export interface Services {
  store: Store;
  bus: Bus;
  tracer: Tracer;
  clock: Clock;
  logger: Logger;
  /** Facts about this running instance for `status` (no secrets). */
  instance: InstanceInfo;
}

export interface InstanceInfo {
  version: string;
  dataDir: string;
  startedAt: Date;
  langfuseEnabled: boolean;
  llmEnabled: boolean;
}
