import type { DocStore } from '../pipeline/acquisition/docstore.js';
import type { DocumentSource, StoredDocumentRef } from '../pipeline/extraction/service.js';

/** Extraction reads stored documents through this narrow view of the acquisition layer's document store. */
export function documentSourceOf(docs: DocStore): DocumentSource {
  return {
    async getDocument(id): Promise<StoredDocumentRef | null> {
      const d = await docs.getDocument(id);
      return d ? { id: d.id, url: d.finalUrl, contentType: d.contentType } : null;
    },
    getDocumentBytes: (id) => docs.getDocumentBytes(id),
    async listDocuments(filter) {
      return (await docs.listDocuments({ limit: filter?.limit ?? 10_000 })).map((d) => ({ id: d.id, url: d.finalUrl }));
    },
  };
}
