import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

/**
 * The open MCP sessions of the HTTP server, bounded and expiring: each one holds a transport and a whole MCP server,
 * so clients that never say goodbye would otherwise pile up for the life of the process. A session is busy while a
 * request served through `serve` is in flight, response stream included (a long tool call is not idleness); it expires after
 * `idleMs` without requests, and when `maxSessions` are open a new one takes the place of the one idle the longest.
 * When every session is busy there is no place, and the caller refuses the new one.
 */
export interface McpSession {
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
}

export interface SessionLimits {
  maxSessions: number;
  idleMs: number;
}

export interface McpSessions {
  get(id: string): McpSession | undefined;
  /**
   * Runs `open` (which creates a session and `add`s it) with a place held for it, evicting the longest idle session
   * if all are taken; null without running it when every session is busy.
   */
  admit<T>(open: () => Promise<T>): Promise<T | null>;
  add(id: string, session: McpSession): void;
  remove(id: string): void;
  /** Serves one request of a session, busy until its response body has been read or cancelled. */
  serve(id: string, handle: () => Promise<Response>): Promise<Response>;
  size(): number;
  close(): Promise<void>;
}

interface Entry {
  session: McpSession;
  lastUsed: number;
  inFlight: number;
}

export function createMcpSessions(limits: SessionLimits, now: () => number = Date.now): McpSessions {
  const entries = new Map<string, Entry>();
  /** Places held by sessions being opened; counted until `open` returns, so briefly twice once it has added one. */
  let opening = 0;
  const isIdle = (entry: Entry): boolean => entry.inFlight === 0;

  const end = async (id: string): Promise<void> => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    await entry.session.transport.close().catch(() => undefined);
    await entry.session.server.close().catch(() => undefined);
  };
  const expire = async (): Promise<void> => {
    const cutoff = now() - limits.idleMs;
    const expired = [...entries].filter(([, e]) => isIdle(e) && e.lastUsed <= cutoff).map(([id]) => id);
    await Promise.all(expired.map(end));
  };
  const sweeper = setInterval(() => void expire(), Math.max(10, Math.min(limits.idleMs, 60_000)));
  sweeper.unref();

  return {
    get: (id) => entries.get(id)?.session,
    async admit(open) {
      await expire();
      let evicted: Promise<void> | null = null;
      if (entries.size + opening >= limits.maxSessions) {
        // Map order is insertion order, not use order: the longest idle is the one used least recently.
        let oldest: [string, Entry] | null = null;
        for (const pair of entries) if (isIdle(pair[1]) && (!oldest || pair[1].lastUsed < oldest[1].lastUsed)) oldest = pair;
        if (!oldest) return null;
        evicted = end(oldest[0]);
      }
      // Held from here, before any await, so sessions opening at the same time cannot take more places than there are.
      opening++;
      try {
        await evicted;
        return await open();
      } finally {
        opening--;
      }
    },
    add(id, session) {
      entries.set(id, { session, lastUsed: now(), inFlight: 0 });
    },
    remove(id) {
      entries.delete(id);
    },
    async serve(id, handle) {
      const entry = entries.get(id);
      if (!entry) return handle();
      entry.inFlight++;
      entry.lastUsed = now();
      let finished = false;
      const done = (): void => {
        if (finished) return;
        finished = true;
        entry.inFlight--;
        entry.lastUsed = now();
      };
      try {
        const response = await handle();
        if (!response.body) {
          done();
          return response;
        }
        return new Response(whenConsumed(response.body, done), response);
      } catch (err) {
        done();
        throw err;
      }
    },
    size: () => entries.size,
    async close() {
      clearInterval(sweeper);
      await Promise.all([...entries.keys()].map(end));
    },
  };
}

/** The same bytes, calling `done` once when the reader has them all, the stream fails, or the reader goes away. */
function whenConsumed(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          done();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch (err) {
        done();
        controller.error(err);
      }
    },
    async cancel(reason) {
      done();
      await reader.cancel(reason);
    },
  });
}
