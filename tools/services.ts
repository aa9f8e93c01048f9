import type { CrawlService } from '../pipeline/acquisition/service.js';
import type { Bus } from '../pipeline/bus/bus.js';
import type { Lakehouse } from '../pipeline/lakehouse/lakehouse.js';
import type { Feedback } from '../pipeline/feedback/feedback.js';
import type { SchemaService } from '../pipeline/schema/service.js';
import type { ClusterService } from '../pipeline/clustering/service.js';
import type { ExtractionService } from '../pipeline/extraction/service.js';
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
  /** Emergence: clusters of documents with the same structure (`createClusterService`). */
  clusters: ClusterService;
  /** Discovery: extract documents offline and with the LLM (`createExtractionService`). */
  extraction: ExtractionService;
  /** Acquisition: crawl jobs and the document store (`createCrawlService`). */
  crawl: CrawlService;
  /** Lakehouse: Iceberg tables and read-only queries (`createLakehouse`). */
  lakehouse: Lakehouse;
  /** Crystallization: the schema registry, proposals, approvals and alerts (`createSchemaService`). */
  schemas: SchemaService;
  /** Feedback: validation and loading of every document of an approved type (`createFeedback`). */
  feedback: Feedback;
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
