import { createHash } from 'node:crypto';
import type { Bus } from '../bus/bus.js';
import { BUCKETS, subjectToken } from '../bus/streams.js';
import { parseDocument } from '../parsing/index.js';
import type { ParsedDocument } from '../parsing/document.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Store } from '../store/store.js';
import type { FetchResult } from './fetcher.js';
import { siteOf } from './url.js';

/**
 * The document store: raw bytes once per content hash in the bus object store, a `documents` row with what the fetch
 * said, every URL that served those bytes in `document_urls`, and an event on RAW_DOCUMENTS for each new document.
 * Parsing happens here once, so a document that cannot be parsed is marked failed with the reason at once.
 */
export interface DocStoreDeps {
  store: Store;
  bus: Pick<Bus, 'publish' | 'objectStore'>;
  clock: Clock;
}

export interface StoredDocument {
  id: string;
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  hash: string;
  size: number;
  title: string | null;
  fetchedAt: string;
  crawlJobId: string | null;
  referrer: string | null;
  parseStatus: 'ok' | 'failed';
  parseError: string | null;
  urls: string[];
}

export interface StoreOutcome {
  documentId: string;
  /** The same bytes were already stored (from this or another URL). */
  duplicate: boolean;
  parsed: ParsedDocument | null;
  parseError: string | null;
}

interface DocumentRow {
  id: string;
  url: string;
  final_url: string;
  status: number;
  content_type: string | null;
  hash: string;
  size: number;
  title: string | null;
  fetched_at: string | Date;
  crawl_job_id: string | null;
  referrer: string | null;
  parse_status: 'ok' | 'failed';
  parse_error: string | null;
}

export function createDocStore(deps: DocStoreDeps) {
  const objects = deps.bus.objectStore(BUCKETS.rawDocuments);

  const toDocument = (row: DocumentRow, urls: string[]): StoredDocument => ({
    id: row.id,
    url: row.url,
    finalUrl: row.final_url,
    status: row.status,
    contentType: row.content_type,
    hash: row.hash,
    size: Number(row.size),
    title: row.title,
    fetchedAt: new Date(row.fetched_at).toISOString(),
    crawlJobId: row.crawl_job_id,
    referrer: row.referrer,
    parseStatus: row.parse_status,
    parseError: row.parse_error,
    urls,
  });

  return {
    /** Stores a fetched document (or notes one more URL for bytes already stored) and publishes new ones. */
    async save(input: { url: string; result: FetchResult; crawlJobId?: string | null; referrer?: string | null; bytes?: Uint8Array }): Promise<StoreOutcome> {
      const bytes = input.bytes ?? input.result.bytes;
      const hash = createHash('sha256').update(bytes).digest('hex');
      const now = deps.clock.now().toISOString();
      const parsed = await parseDocument({ bytes, contentType: input.result.contentType, url: input.result.finalUrl });
      // The bytes go in first, under their hash (storing the same bytes again is harmless); then one statement finds
      // or adds the document and records the URL, so a page costs two round trips to the store, not four.
      await (await objects).put({ name: `sha256/${hash}`, headers: { 'Content-Type': input.result.contentType ?? 'application/octet-stream' } }, bytes);
      const [row] = await deps.store.query<{ id: string; duplicate: boolean }>(
        `WITH existing AS (SELECT id FROM documents WHERE hash = $7),
         added AS (
           INSERT INTO documents (id, url, final_url, status, headers, content_type, hash, size, title, fetched_at, crawl_job_id, referrer, parse_status, parse_error)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 WHERE NOT EXISTS (SELECT 1 FROM existing)
           ON CONFLICT (hash) DO NOTHING RETURNING id),
         doc AS (SELECT id, false AS duplicate FROM added UNION ALL SELECT id, true AS duplicate FROM existing),
         noted AS (
           INSERT INTO document_urls (url, document_id, final_url, etag, last_modified, fetched_at, crawl_job_id, referrer)
           SELECT $2, id, $3, $15, $16, $10, $11, $12 FROM doc
           ON CONFLICT (url) DO UPDATE SET document_id = EXCLUDED.document_id, final_url = EXCLUDED.final_url, etag = EXCLUDED.etag,
             last_modified = EXCLUDED.last_modified, fetched_at = EXCLUDED.fetched_at, crawl_job_id = EXCLUDED.crawl_job_id)
         SELECT id, duplicate FROM doc`,
        [
          newId('doc', deps.clock.now().getTime()),
          input.url,
          input.result.finalUrl,
          input.result.status,
          JSON.stringify(input.result.headers),
          input.result.contentType,
          hash,
          bytes.byteLength,
          parsed.ok ? parsed.document.title : null,
          now,
          input.crawlJobId ?? null,
          input.referrer ?? null,
          parsed.ok ? 'ok' : 'failed',
          parsed.ok ? null : parsed.reason,
          input.result.headers.etag ?? null,
          input.result.headers['last-modified'] ?? null,
        ],
      );
      // Another writer added the same bytes between our look and our insert: look again.
      if (!row) return this.save(input);
      const documentId = row.id;
      const existing = row.duplicate;
      if (!existing) {
        await deps.bus.publish(
          `raw.${subjectToken(siteOf(input.url))}`,
          { documentId, url: input.url, finalUrl: input.result.finalUrl, contentType: input.result.contentType, hash, crawlJobId: input.crawlJobId ?? null },
          { msgId: `${hash}:${input.url}` },
        );
      }
      return { documentId, duplicate: Boolean(existing), parsed: parsed.ok ? parsed.document : null, parseError: parsed.ok ? null : parsed.reason };
    },

    /** Notes that a URL was confirmed unchanged now (a 304), so its cache age starts again. */
    async touch(url: string): Promise<void> {
      await deps.store.query('UPDATE document_urls SET fetched_at = $2 WHERE url = $1', [url, deps.clock.now().toISOString()]);
    },

    /** The stored document parsed again, for the links of a page that has not changed. */
    async parseStored(id: string): Promise<ParsedDocument | null> {
      const [row] = await deps.store.query<{ hash: string; content_type: string | null; final_url: string }>('SELECT hash, content_type, final_url FROM documents WHERE id = $1', [id]);
      if (!row) return null;
      const bytes = await (await objects).get(`sha256/${row.hash}`);
      if (!bytes) return null;
      const parsed = await parseDocument({ bytes, contentType: row.content_type, url: row.final_url });
      return parsed.ok ? parsed.document : null;
    },

    async getDocument(id: string): Promise<StoredDocument | null> {
      const [row] = await deps.store.query<DocumentRow>('SELECT * FROM documents WHERE id = $1', [id]);
      if (!row) return null;
      const urls = await deps.store.query<{ url: string }>('SELECT url FROM document_urls WHERE document_id = $1 ORDER BY fetched_at', [id]);
      return toDocument(row, urls.map((u) => u.url));
    },

    async getDocumentBytes(id: string): Promise<Uint8Array | null> {
      const [row] = await deps.store.query<{ hash: string }>('SELECT hash FROM documents WHERE id = $1', [id]);
      return row ? (await objects).get(`sha256/${row.hash}`) : null;
    },

    async listDocuments(filter: { limit?: number; crawlJobId?: string } = {}): Promise<StoredDocument[]> {
      const rows = await deps.store.query<DocumentRow>(
        `SELECT * FROM documents WHERE ($1::text IS NULL OR crawl_job_id = $1) ORDER BY fetched_at DESC, id LIMIT $2`,
        [filter.crawlJobId ?? null, filter.limit ?? 10_000],
      );
      return rows.map((r) => toDocument(r, []));
    },
  };
}

export type DocStore = ReturnType<typeof createDocStore>;
