import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './corpus.js';
import { bytesAt, serveCorpus } from './serve.js';
import type { Corpus } from './types.js';

/**
 * Look at a generated corpus:
 *
 *   npx tsx evals/generator/main.ts --seed 1                      # summary of the sites and pages
 *   npx tsx evals/generator/main.ts --seed 1 --serve [8900]       # index on 8900, the sites on the next ports
 *   npx tsx evals/generator/main.ts --seed 1 --out /tmp/corpus-1  # files + corpus.json (golden records) in a folder
 *   … [--sites-per-kind 3] [--items 5]
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string' },
    serve: { type: 'boolean' },
    out: { type: 'string' },
    'sites-per-kind': { type: 'string' },
    items: { type: 'string' },
  },
});

const seed = Number(values.seed ?? '1');
const corpus = await generateCorpus(seed, {
  sitesPerKind: values['sites-per-kind'] ? Number(values['sites-per-kind']) : undefined,
  itemsPerSite: values.items ? Number(values.items) : undefined,
});

console.log(`seed ${seed}: ${corpus.sites.length} sites, ${corpus.sites.reduce((n, s) => n + s.pages.length, 0)} documents`);
for (const s of corpus.sites) console.log(`  ${s.id.padEnd(28)} ${s.host.padEnd(42)} ${String(s.pages.length).padStart(3)} pages  ${s.template.classes}/${s.template.wrapper}`);

if (values.out) writeCorpus(corpus, resolve(values.out));

if (values.serve) {
  const port = Number(positionals[0] ?? process.env['GENERATED_SITES_PORT'] ?? 8900);
  const served = await serveCorpus(corpus, { indexPort: port, ports: { base: port } });
  console.log(`index: ${served.baseUrl}`);
  for (const s of served.sites) console.log(`  ${s.id.padEnd(28)} ${s.url}/`);
  console.log('Ctrl-C to stop.');
  const stop = () => void served.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function fileName(path: string, contentType: string): string {
  const safe = path.replace(/^\//, '').replace(/[^\w.-]+/g, '_') || 'index';
  return contentType.startsWith('text/html') && !safe.endsWith('.html') ? `${safe}.html` : safe;
}

function writeCorpus(c: Corpus, dir: string): void {
  const index = c.sites.map((site) => {
    const origin = `https://${site.host}`;
    mkdirSync(join(dir, site.id), { recursive: true });
    const pages = site.pages.map((page) => {
      const file = join(site.id, fileName(page.path, page.contentType));
      writeFileSync(join(dir, file), bytesAt(page.bytes, origin));
      return { path: page.path, file, contentType: page.contentType, documentType: page.documentType, language: page.language, layouts: page.layouts, records: page.records };
    });
    return { id: site.id, host: site.host, name: site.name, kind: site.kind, language: site.language, template: site.template, pages };
  });
  writeFileSync(join(dir, 'corpus.json'), JSON.stringify({ seed: c.seed, options: c.options, schemas: c.schemas, sites: index }, null, 2));
  console.log(`written to ${dir}`);
}
