import { STREAMS } from '../pipeline/bus/streams.js';
import { DEFAULT_CLUSTER_SERVICE_OPTIONS } from '../pipeline/clustering/service.js';
import type { Extraction } from '../pipeline/extraction/model.js';
import { latestExtraction } from '../pipeline/extraction/repository.js';
import type { ParsedDocument } from '../pipeline/parsing/document.js';
import type { Services } from '../tools/services.js';
import { startWorkers, type RunningWorkers, type WorkerSpec } from './workers.js';
import { parseStoredDocument, type DocumentSource } from '../pipeline/extraction/service.js';

/**
 * The self-driving part of Quarry: documents that land on the bus flow on without anyone calling a tool.
 *   RAW_DOCUMENTS → extract (offline, plus the LLM when configured) → EXTRACTED
 *   EXTRACTED     → join the nearest cluster; re-cluster once the queue is quiet, so candidates emerge; a member
 *                   of an approved type is validated (feedback) → VALIDATED or FAILED
 *   VALIDATED     → the lakehouse writer: the row into its table, once per document
 * Tools still work on their own (extract_document, list_clusters): the workers only save the caller the steps.
 */
export interface PipelineOptions {
  /** Re-cluster when documents were added and nothing new arrived for this long. */
  reclusterQuietMs?: number;
  /** How often members of approved types not loaded yet are looked for (default 5 s). */
  sweepMs?: number;
  documents: DocumentSource;
}

export interface RunningPipeline extends RunningWorkers {
  /** Re-clusterings run so far (for status and tests). */
  reclusterings(): number;
}

export async function startPipeline(
  services: Pick<Services, 'store' | 'bus' | 'tracer' | 'logger' | 'extraction' | 'clusters' | 'feedback'>,
  opts: PipelineOptions,
): Promise<RunningPipeline> {
  let added = 0;
  let lastAdd = 0;
  let reclusterings = 0;

  const parseFor = (documentId: string | null): Promise<ParsedDocument | null> => parseStoredDocument(opts.documents, documentId);


  const specs: WorkerSpec[] = [
    {
      name: 'extractor',
      stream: STREAMS.RAW_DOCUMENTS.name,
      async handle(msg, signal) {
        const { documentId } = msg.json<{ documentId?: string }>();
        if (!documentId) throw new Error(`message ${msg.subject} #${msg.seq} has no documentId`);
        // Already extracted (by extract_document, or a replayed message): nothing to do.
        if (await latestExtraction(services.store, documentId)) return;
        await services.extraction.extract({ documentId }, { signal });
      },
    },
    {
      name: 'clusterer',
      stream: STREAMS.EXTRACTED.name,
      async handle(msg) {
        const extraction = msg.json<Extraction & { extractionId: string }>();
        // Parsed once here: the clusterer reads its layout, the feedback stage grounds the row in it.
        const parsed = await parseFor(extraction.documentId);
        const { clusterId } = await services.clusters.addExtraction(extraction, parsed);
        added++;
        lastAdd = Date.now();
        // A document of an approved type goes on to validation, and from there to its table.
        if (clusterId) await services.feedback.admit({ extraction, clusterId, parsed });
      },
    },
    {
      name: 'lakehouse-writer',
      stream: STREAMS.VALIDATED.name,
      handle: (msg) => services.feedback.write(msg),
    },
  ];
  const workers = await startWorkers(specs, { bus: services.bus, tracer: services.tracer, logger: services.logger });

  const quietMs = opts.reclusterQuietMs ?? 3_000;
  let reclustering: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (reclustering || added === 0 || Date.now() - lastAdd < quietMs) return;
    added = 0;
    // With no new documents, repeating the update is how a cluster shows it is stable enough to be a candidate.
    const runs = DEFAULT_CLUSTER_SERVICE_OPTIONS.stableUpdates + 1;
    reclustering = (async () => {
      for (let i = 0; i < runs && added === 0; i++) {
        await services.clusters.recluster();
        reclusterings++;
      }
      // Documents the re-clustering placed in an approved type go on to validation and their table.
      await services.feedback.sweep();
    })()
      .catch((err: unknown) => services.logger.warn('re-clustering failed', { error: String(err) }))
      .finally(() => (reclustering = null));
  }, Math.min(1_000, quietMs));

  // Approved types also gain members at re-clusterings run by a read or a tool: a periodic sweep finds them.
  let sweeping: Promise<unknown> | null = null;
  const sweeper = setInterval(() => {
    if (sweeping || reclustering) return;
    sweeping = services.feedback
      .sweep()
      .catch((err: unknown) => services.logger.warn('feedback sweep failed', { error: String(err) }))
      .finally(() => (sweeping = null));
  }, opts.sweepMs ?? 5_000);

  return {
    counters: workers.counters,
    reclusterings: () => reclusterings,
    async stop() {
      clearInterval(timer);
      clearInterval(sweeper);
      await sweeping;
      await workers.stop();
      await reclustering;
    },
  };
}
