import { STREAMS } from '../pipeline/bus/streams.js';
import { DEFAULT_CLUSTER_SERVICE_OPTIONS } from '../pipeline/clustering/service.js';
import type { Extraction } from '../pipeline/extraction/model.js';
import { parseDocument } from '../pipeline/parsing/index.js';
import { latestExtraction } from '../pipeline/extraction/repository.js';
import type { ParsedDocument } from '../pipeline/parsing/document.js';
import type { Services } from '../tools/services.js';
import { startWorkers, type RunningWorkers, type WorkerSpec } from './workers.js';
import type { DocumentSource } from '../pipeline/extraction/service.js';

/**
 * The self-driving part of Quarry: documents that land on the bus flow on without anyone calling a tool.
 *   RAW_DOCUMENTS → extract (offline, plus the LLM when configured) → EXTRACTED
 *   EXTRACTED     → join the nearest cluster; re-cluster once the queue is quiet, so candidates emerge
 * Tools still work on their own (extract_document, list_clusters): the workers only save the caller the steps.
 */
export interface PipelineOptions {
  /** Re-cluster when documents were added and nothing new arrived for this long. */
  reclusterQuietMs?: number;
  documents: DocumentSource;
}

export interface RunningPipeline extends RunningWorkers {
  /** Re-clusterings run so far (for status and tests). */
  reclusterings(): number;
}

export async function startPipeline(
  services: Pick<Services, 'store' | 'bus' | 'tracer' | 'logger' | 'extraction' | 'clusters'>,
  opts: PipelineOptions,
): Promise<RunningPipeline> {
  let added = 0;
  let lastAdd = 0;
  let reclusterings = 0;

  const parseFor = async (documentId: string | null): Promise<ParsedDocument | null> => {
    if (!documentId) return null;
    const [meta, bytes] = await Promise.all([opts.documents.getDocument(documentId), opts.documents.getDocumentBytes(documentId)]);
    if (!meta || !bytes) return null;
    const parsed = await parseDocument({ bytes, contentType: meta.contentType, url: meta.url });
    return parsed.ok ? parsed.document : null;
  };

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
        await services.clusters.addExtraction(extraction, await parseFor(extraction.documentId));
        added++;
        lastAdd = Date.now();
      },
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
    })()
      .catch((err: unknown) => services.logger.warn('re-clustering failed', { error: String(err) }))
      .finally(() => (reclustering = null));
  }, Math.min(1_000, quietMs));

  return {
    counters: workers.counters,
    reclusterings: () => reclusterings,
    async stop() {
      clearInterval(timer);
      await workers.stop();
      await reclustering;
    },
  };
}
