import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser, Route } from 'playwright-core';
import { FetchError, fetchUrl } from './fetcher.js';
import { checkUrl } from './ssrf.js';

/**
 * Renders pages that only fill themselves in with JavaScript, in the system's Chromium (never a downloaded
 * browser). One browser is pooled and launched on first use; each page gets a fresh context that is closed after
 * the render, and every request the page makes passes the same private-address guard as the crawler.
 */
export interface RendererOptions {
  chromiumPath?: string | undefined;
  allowHosts: readonly string[];
  userAgent: string;
  timeoutMs?: number;
}

/** What the caller already knows of the page, so rendering it costs the site no more than the page's own assets. */
export interface RenderHints {
  /** The page as just fetched: the browser is handed these bytes instead of asking the site again. */
  document?: { url: string; status: number; headers: Record<string, string>; bytes: Uint8Array };
  /** Runs before every request the browser makes (the crawler's per-host delay). */
  beforeRequest?: (url: string) => Promise<void>;
}

export interface Renderer {
  render(url: string, hints?: RenderHints): Promise<{ html: string; finalUrl: string }>;
  /** Open browser contexts (0 between renders). */
  openContexts(): number;
  /** True while the pooled browser process is up. */
  running(): boolean;
  close(): Promise<void>;
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function findChromium(configured?: string): string {
  if (configured) {
    if (!existsSync(configured)) throw new Error(`Chromium not found at ${configured} (QUARRY_CHROMIUM)`);
    return configured;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error('no Chromium on the PATH: install Debian\'s chromium package or set QUARRY_CHROMIUM; Quarry never downloads a browser');
}

export function createRenderer(opts: RendererOptions): Renderer {
  let browser: Promise<Browser> | null = null;
  let launched: Browser | null = null;
  let contexts = 0;
  const launch = (): Promise<Browser> =>
    // playwright-core is loaded with the first page that needs a browser: a crawl that renders nothing stays ~60 MB smaller.
    (browser ??= import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath: findChromium(opts.chromiumPath), args: FLAGS, headless: true }))
      .then((b) => (launched = b)));

  return {
    async render(url, hints = {}) {
      const b = await launch();
      const context = await b.newContext({ userAgent: opts.userAgent, javaScriptEnabled: true, serviceWorkers: 'block' });
      contexts++;
      try {
        await context.route('**/*', (route) => guardedRoute(route, opts, hints));
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'networkidle', timeout: opts.timeoutMs ?? 20_000 });
        return { html: await page.content(), finalUrl: page.url() };
      } finally {
        await context.close();
        contexts--;
      }
    },
    openContexts: () => contexts,
    running: () => launched?.isConnected() ?? false,
    async close() {
      if (!browser) return;
      const b = await browser.catch(() => null);
      browser = null;
      await b?.close();
      launched = null;
    },
  };
}

/** Response headers that describe the wire form; the fetcher hands over decoded, complete bodies. */
const WIRE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

const wireless = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !WIRE_HEADERS.has(name.toLowerCase())));

/** Chromium normalizes what it requests (a bare origin gains its `/`), so URLs are compared parsed. */
function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/**
 * Every request a rendered page makes. GETs are fetched by Quarry's own fetcher, so they get the same guard as the
 * crawler: the checked address is the one connected to, every redirect hop is checked (Chromium would otherwise
 * follow a redirect to an internal address without asking the route again), and bodies are capped. Other methods
 * are checked and passed on without following redirects; a redirect whose target is refused is blocked.
 */
async function guardedRoute(route: Route, opts: RendererOptions, hints: RenderHints): Promise<void> {
  const request = route.request();
  const target = request.url();
  if (target.startsWith('data:') || target.startsWith('blob:')) return route.continue();
  const known = hints.document;
  if (known && request.method() === 'GET' && request.isNavigationRequest() && request.frame().parentFrame() === null && sameUrl(target, known.url)) {
    return route.fulfill({ status: known.status, headers: wireless(known.headers), body: Buffer.from(known.bytes) });
  }
  try {
    await hints.beforeRequest?.(target);
    if (request.method() === 'GET') {
      const result = await fetchUrl(target, { userAgent: opts.userAgent, allowHosts: opts.allowHosts, timeoutMs: opts.timeoutMs ?? 20_000 });
      return await route.fulfill({ status: result.status, headers: wireless(result.headers), body: Buffer.from(result.bytes) });
    }
    await checkUrl(target, opts.allowHosts);
    const response = await route.fetch({ maxRedirects: 0 });
    const location = response.headers()['location'];
    if (response.status() >= 300 && response.status() < 400 && location) await checkUrl(new URL(location, target), opts.allowHosts);
    return await route.fulfill({ response });
  } catch (err) {
    if (err instanceof FetchError && err.reason === 'aborted') return;
    await route.abort('blockedbyclient').catch(() => undefined);
  }
}
