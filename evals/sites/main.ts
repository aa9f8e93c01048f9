import { serveDemoSites } from './server.js';

/** Browse the demo sites: `npx tsx evals/sites/main.ts [port]` (default 8800; sites on the following ports). */
const port = Number(process.argv[2] ?? process.env['DEMO_SITES_PORT'] ?? 8800);
const demo = await serveDemoSites({ port });
console.log(`Quarry demo sites: ${demo.baseUrl}`);
for (const site of demo.sites) console.log(`  ${site.id.padEnd(18)} ${site.url}/  (${site.kind}, ${site.lang})`);
console.log('Ctrl-C to stop.');
const stop = () => {
  void demo.close().then(() => {
    process.exitCode = 0;
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
