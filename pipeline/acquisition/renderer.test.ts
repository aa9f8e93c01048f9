import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer } from './renderer.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the Chromium renderer', () => {
  const privateHits: string[] = [];
  let privateHost = '';
  let siteHost = '';
  const servers: Server[] = [];

  beforeAll(async () => {
    // Stands for an internal service: not allow-listed, so a rendered page must not reach it.
    const internal = createServer((req, res) => {
      privateHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('internal secret');
    });
    servers.push(internal);
    privateHost = await listen(internal);
    const site = createServer((req, res) => {
      if (req.url === '/app') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>App</title></head><body><div id="root"></div>
<img src="http://${privateHost}/pixel.png">
<script>
  document.getElementById('root').innerHTML = '<table><tr><th>Premiere</th><td>12.03.2027</td></tr></table>';
  fetch('http://${privateHost}/steal').then((r) => r.text()).then((t) => { document.body.dataset.leak = t; }).catch(() => { document.body.dataset.blocked = 'yes'; });
</script></body></html>`);
        return;
      }
      if (req.url === '/hop') return void res.writeHead(302, { location: `http://${privateHost}/via-redirect` }).end();
      if (req.url === '/embeds-hop') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>x</p><img src="/hop"><iframe src="/hop"></iframe></body></html>');
        return;
      }
      res.writeHead(404).end();
    });
    servers.push(site);
    siteHost = await listen(site);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  it('renders a JavaScript-only page, blocks its requests to addresses that are not allowed, and leaves nothing open', async () => {
    const renderer = createRenderer({ chromiumPath: '/usr/bin/chromium', allowHosts: [siteHost], userAgent: 'QuarryTest/1', timeoutMs: 15_000 });
    try {
      const first = await renderer.render(`http://${siteHost}/app`);
      const second = await renderer.render(`http://${siteHost}/app`);
      for (const page of [first, second]) {
        expect(page.html).toContain('<td>12.03.2027</td>');
        expect(page.html).toContain('data-blocked="yes"');
        expect(page.html).not.toContain('internal secret');
      }
      expect(privateHits).toEqual([]);
      expect(renderer.openContexts()).toBe(0);
      expect(renderer.running()).toBe(true);
    } finally {
      await renderer.close();
    }
    expect(renderer.running()).toBe(false);
  });

  it('does not follow a redirect from an allowed page to an address that is not allowed', async () => {
    const renderer = createRenderer({ chromiumPath: '/usr/bin/chromium', allowHosts: [siteHost], userAgent: 'QuarryTest/1', timeoutMs: 10_000 });
    try {
      await renderer.render(`http://${siteHost}/embeds-hop`);
      await renderer.render(`http://${siteHost}/hop`).catch(() => null);
      expect(privateHits).toEqual([]);
    } finally {
      await renderer.close();
    }
  });

  it('refuses to render a private address itself', async () => {
    const renderer = createRenderer({ chromiumPath: '/usr/bin/chromium', allowHosts: [], userAgent: 'QuarryTest/1', timeoutMs: 10_000 });
    try {
      await expect(renderer.render(`http://${privateHost}/`)).rejects.toThrow();
      expect(privateHits).toEqual([]);
      expect(renderer.openContexts()).toBe(0);
    } finally {
      await renderer.close();
    }
  });

  it('says where to get Chromium when the configured path does not exist', async () => {
    const renderer = createRenderer({ chromiumPath: '/nonexistent/chromium', allowHosts: [], userAgent: 'x' });
    await expect(renderer.render('http://example.org/')).rejects.toThrow(/Chromium not found at \/nonexistent\/chromium/);
    await renderer.close();
  });
});
