import { join } from 'node:path';
import type { Bus } from '../pipeline/bus/bus.js';
import { createLocalBus } from '../pipeline/bus/local.js';
import { createNatsBus } from '../pipeline/bus/nats.js';
import { ensurePipelineStreams } from '../pipeline/bus/streams.js';
import { selectEmbedder } from '../pipeline/clustering/embedder.js';
import { createClusterService } from '../pipeline/clustering/service.js';
import { createExtractionService, ExtractionError, type DocumentSource } from '../pipeline/extraction/service.js';
import { createLakehouse } from '../pipeline/lakehouse/lakehouse.js';
import { createLlmClient } from '../pipeline/llm/client.js';
import { createFeedback } from '../pipeline/feedback/feedback.js';
import { createSchemaService } from '../pipeline/schema/service.js';
import { createCrawlService } from '../pipeline/acquisition/service.js';
import { documentSourceOf } from './documents.js';
import { systemClock, type Clock } from '../pipeline/shared/clock.js';
import { createLogger, type Logger } from '../pipeline/shared/logger.js';
import { openStore } from '../pipeline/store/open.js';
import type { Store } from '../pipeline/store/store.js';
import { createLangfuseSink } from '../pipeline/tracing/langfuse-sink.js';
import { createLocalTraceSink } from '../pipeline/tracing/local-sink.js';
import { createRedactor } from '../pipeline/tracing/redact.js';
import { createTracer, type TraceSink } from '../pipeline/tracing/tracer.js';
import type { Services } from '../tools/services.js';
import { secretValues, type Config } from './config.js';
import { lockDataDir } from './data-dir.js';
import { QUARRY_VERSION } from './version.js';

export interface RunningServices extends Services {
  config: Config;
  /** Where extraction reads stored documents from (the document store). */
  documents: DocumentSource;
  /** Flushes traces, closes the bus and the store, releases the data dir. */
  close(): Promise<void>;
}

export interface OpenServicesOptions {
  /** Keep PGlite in memory instead of the data dir (tests). */
  inMemory?: boolean;
  /** Isolate in this PostgreSQL schema (tests). */
  schema?: string;
  clock?: Clock;
  logger?: Logger;
  /** Extra trace sinks (tests collect spans). */
  traceSinks?: TraceSink[];
  /** Warehouse elsewhere than `<dataDir>/warehouse` (tests). */
  warehouseDir?: string;
}

/** Builds every service from the resolved config: the state store, the bus, the tracer. */
export async function openServices(config: Config, opts: OpenServicesOptions = {}): Promise<RunningServices> {
  const { redact, redactText } = createRedactor(secretValues(config));
  const logger = opts.logger ?? createLogger({ level: config.logLevel, redact });
  const clock = opts.clock ?? systemClock;
  const usesDataDirForState = !config.databaseUrl && !opts.inMemory;
  const lock = usesDataDirForState ? lockDataDir(config.dataDir) : null;
  const cleanups: Array<() => Promise<void> | void> = [() => lock?.release()];
  const closeAll = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        logger.warn('error while closing', { error: redactText(String(err)) });
      }
    }
  };
  try {
    const store: Store = await openStore({
      databaseUrl: config.databaseUrl,
      dataDir: usesDataDirForState ? config.dataDir : undefined,
      schema: opts.schema,
    });
    cleanups.push(() => store.close());

    // Objects (page bytes) go to files only where this process alone owns the state: PGlite in the data dir.
    const objectsDir = usesDataDirForState ? join(config.dataDir, 'objects') : undefined;
    const bus: Bus = config.natsUrl ? await createNatsBus({ url: config.natsUrl }) : await createLocalBus({ store, clock, objectsDir });
    cleanups.push(() => bus.close());
    await ensurePipelineStreams(bus);

    const sinks: TraceSink[] = [
      createLocalTraceSink({ db: store, onError: (err) => logger.warn('could not record trace spans', { error: String(err) }) }),
      ...(opts.traceSinks ?? []),
    ];
    if (config.langfuse) sinks.push(createLangfuseSink({ ...config.langfuse, redact, release: QUARRY_VERSION }));
    const tracer = createTracer({ sinks, redact, now: () => clock.now() });
    cleanups.push(() => tracer.shutdown());

    const llm = config.anthropicApiKey
      ? createLlmClient({ apiKey: config.anthropicApiKey, model: config.model, baseURL: config.anthropicBaseUrl, tracer, logger })
      : null;
    const crawl = createCrawlService({
      store,
      bus,
      tracer,
      clock,
      logger,
      userAgent: config.crawl.userAgent,
      allowHosts: config.crawl.allowHosts,
      respectRobots: config.crawl.respectRobots,
      fetchDeadlineMs: config.crawl.fetchDeadlineMs,
      chromiumPath: config.crawl.chromiumPath,
    });
    cleanups.push(() => crawl.close());
    const documents = documentSourceOf(crawl.docs);
    // Extracting by URL goes through the crawler's guards: one page, no links followed, stored like any other.
    const acquireUrl = async (url: string, signal?: AbortSignal): Promise<{ documentId: string }> => {
      const jobId = await crawl.create({ urls: [url], maxDepth: 0, maxPages: 1, sitemaps: false });
      await crawl.run(jobId, signal ? { signal } : {});
      const view = await crawl.status(jobId);
      const documentId = view?.documentIds[0];
      if (documentId) return { documentId };
      // Not an internal fault: the page could not be had, and the caller is told why in the crawler's words.
      const c = view?.counters;
      const why =
        view?.errors[0]?.reason ??
        (c?.skippedByRobots ? 'robots.txt does not allow it (or the site did not answer for robots.txt)' : c?.outOfScope ? 'it is out of scope' : 'nothing was stored');
      throw new ExtractionError(`Could not fetch ${url}: ${why}. Crawl job ${jobId} has the details (crawl_status).`);
    };
    const extraction = createExtractionService({ store, bus, tracer, clock, logger, documents, llm, acquireUrl, allowedDirs: config.allowedDirs });

    const lakehouse = await createLakehouse({ store, warehouseDir: opts.warehouseDir ?? warehouseDir(config), clock, tracer });
    cleanups.push(() => lakehouse.close());

    const embedder = await selectEmbedder({ FASTEMBED_CACHE: config.fastembedCache }, logger);
    const clusters = createClusterService({ store, bus, tracer, clock, embedder });

    const feedback = createFeedback({ store, bus, tracer, clock, lakehouse, clusters, documents });
    const schemas = createSchemaService({ store, bus, tracer, clock, logger, clusters, lakehouse, llm, loader: feedback });

    return {
      config,
      schemas,
      feedback,
      clusters,
      extraction,
      crawl,
      lakehouse,
      documents,
      store,
      bus,
      tracer,
      clock,
      logger,
      instance: {
        version: QUARRY_VERSION,
        dataDir: config.dataDir,
        startedAt: clock.now(),
        langfuseEnabled: config.langfuse !== undefined,
        llmEnabled: config.anthropicApiKey !== undefined,
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

export function warehouseDir(config: Config): string {
  return join(config.dataDir, 'warehouse');
}
