import type { CrawlService } from '../../pipeline/acquisition/service.js';
import { walkFields } from '../../pipeline/extraction/model.js';
import { latestExtraction } from '../../pipeline/extraction/repository.js';
import type { Store } from '../../pipeline/store/store.js';
import { defineResource, ToolError } from '../tool.js';

/** Field names listed per document, so a page with thousands of table cells stays a readable resource. */
export const MAX_LISTED_FIELDS = 50;

export interface DocumentResourceDeps {
  crawl: Pick<CrawlService, 'docs'>;
  store: Pick<Store, 'query'>;
}

export const documentResource = defineResource<DocumentResourceDeps>({
  name: 'document',
  title: 'Stored document',
  description:
    'One stored raw document: URLs that served it, final URL, HTTP status, content type, content hash, size, title, crawl job, referrer, whether it parsed (and why not), and a summary of its latest extraction (extractor, confidence, records, field names).',
  mimeType: 'application/json',
  template: 'quarry://documents/{id}',
  async list(deps) {
    const documents = await deps.crawl.docs.listDocuments({ limit: 100 });
    return documents.map((d) => ({ uri: `quarry://documents/${d.id}`, name: d.id, title: d.title ? `${d.title} (${d.finalUrl})` : d.finalUrl }));
  },
  async read(uri, variables, deps) {
    const id = variables['id'] ?? '';
    const document = await deps.crawl.docs.getDocument(id);
    if (!document) {
      throw new ToolError(`no stored document ${JSON.stringify(id)}; crawl_status lists the document ids a crawl stored`);
    }
    const body = { ...document, extraction: await extractionSummary(deps.store, id) };
    return [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(body, null, 2) }];
  },
});

async function extractionSummary(store: Pick<Store, 'query'>, documentId: string) {
  const latest = await latestExtraction(store, documentId);
  if (!latest) return null;
  const [count] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM extractions WHERE document_id = $1', [documentId]);
  const names = [...new Set([...walkFields(latest.records)].map((f) => f.name))];
  return {
    extractionId: latest.id,
    extractor: latest.extractor,
    extractedAt: latest.extractedAt,
    multiplicity: latest.multiplicity,
    confidence: latest.confidence,
    records: latest.records.length,
    fieldNames: names.slice(0, MAX_LISTED_FIELDS),
    fieldNamesTruncated: names.length > MAX_LISTED_FIELDS,
    warnings: latest.warnings,
    extractions: count?.n ?? 1,
  };
}
