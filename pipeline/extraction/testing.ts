import type { DocumentSource, StoredDocumentRef } from './service.js';

/** An in-memory document source for tests and benches: the acquisition layer's store, minus the crawling. */
export function memoryDocuments(): DocumentSource & { add(doc: StoredDocumentRef, bytes: Uint8Array | string): void } {
  const docs = new Map<string, { ref: StoredDocumentRef; bytes: Uint8Array }>();
  return {
    add(ref, bytes) {
      docs.set(ref.id, { ref, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes });
    },
    getDocument: async (id) => docs.get(id)?.ref ?? null,
    getDocumentBytes: async (id) => docs.get(id)?.bytes ?? null,
    listDocuments: async (filter) => [...docs.values()].slice(0, filter?.limit ?? Infinity).map((d) => ({ id: d.ref.id, url: d.ref.url })),
  };
}
