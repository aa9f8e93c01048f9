import { Command, InvalidArgumentError } from 'commander';
import { parseGeneratedSelection, type GeneratedSelection } from '../evals/generator/seeds.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { serveDemoSites } from '../evals/sites/server.js';
import { runClustersCommand } from './commands/clusters.js';
import { runExtractCommand } from './commands/extract.js';
import { ExtractionError } from '../pipeline/extraction/service.js';
import { ConfigError, loadConfig, redactedConfig, type Config } from './config.js';
import { createServer } from './create-server.js';
import { DataDirLockedError, resolveToken } from './data-dir.js';
import { startHttpServer } from './http.js';
import { connectInProcess } from './in-process.js';
import { startPipeline } from './pipeline.js';
import { openServices, type RunningServices } from './services.js';
import { QUARRY_VERSION } from './version.js';
import { mountWebPages } from './web/index.js';

/**
 * The `quarry` command. Each subcommand resolves the configuration once (defaults → quarry.config.json →
 * environment → flags), opens the services it needs and closes them on the way out.
 */
/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface GlobalFlags {
  config?: string;
  dataDir?: string;
}

const toPort = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
};

const generatedOption = (value: string): GeneratedSelection => {
  try {
    return parseGeneratedSelection(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

export function buildProgram(io: { out: (s: string) => void; err: (s: string) => void }): Command {
  const program = new Command('quarry')
    .description('A self-organizing data pipeline served over MCP: crawl, discover, cluster, crystallize schemas, load Iceberg.')
    .version(QUARRY_VERSION)
    .option('-c, --config <file>', 'configuration file (default: ./quarry.config.json when present)')
    .option('-d, --data-dir <dir>', 'data directory (QUARRY_DATA_DIR, default ./data)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  const config = (extra: Record<string, unknown> = {}): Config => {
    const g = program.opts<GlobalFlags>();
    return loadConfig({ configFile: g.config, flags: { dataDir: g.dataDir, ...extra } });
  };

  program
    .command('serve')
    .description('serve MCP over Streamable HTTP at /mcp (and the web pages) until stopped')
    .option('-p, --port <port>', 'port (QUARRY_PORT, default 7340)', toPort)
    .option('-H, --host <host>', 'interface to bind (QUARRY_HOST, default 127.0.0.1)')
    .option('--demo-sites [port]', 'also serve the invented demo websites (opera houses, a procurement portal) from this port on, and allow crawling them', toPort)
    .action(async (flags: { port?: number; host?: string; demoSites?: number | true }) => {
      const cfg = config({ port: flags.port, host: flags.host });
      const demo = flags.demoSites === undefined ? null : await serveDemoSites({ port: flags.demoSites === true ? 7350 : flags.demoSites });
      if (demo) {
        cfg.crawl.allowHosts.push(...demo.sites.map((site) => new URL(site.url).host));
        io.err(`Demo sites (crawl them with crawl_site):\n${demo.sites.map((site) => `  ${site.url}  ${site.name}`).join('\n')}\n`);
      }
      const services = await openServices(cfg);
      const pipeline = cfg.autoPipeline ? await startPipeline(services, { documents: services.documents }) : null;
      const { token, created, file } = resolveToken(cfg.dataDir, cfg.token);
      const http = await startHttpServer({
        host: cfg.host,
        port: cfg.port,
        token,
        allowedOrigins: cfg.allowedOrigins,
        maxBodyBytes: cfg.maxBodyBytes,
        maxSessions: cfg.maxSessions,
        sessionIdleMs: cfg.sessionIdleMs,
        logger: services.logger,
        newMcpServer: () => createServer({ services }),
        mount: (app) => mountWebPages(app, services),
      });
      io.err(`Quarry ${QUARRY_VERSION} serving MCP at ${http.url}/mcp and the dashboard at ${http.url}/ (state: ${services.store.location})\n`);
      if (created) io.err(`New access token (shown once, stored in ${file}):\n\n  ${token}\n\nClients send it as: Authorization: Bearer <token>\n`);
      else io.err(`Clients authenticate with the token ${file ? `in ${file}` : 'from QUARRY_TOKEN'}.\n`);
      await untilSignal();
      io.err('stopping…\n');
      await http.close();
      await pipeline?.stop();
      await demo?.close();
      await services.close();
    });

  program
    .command('stdio')
    .description('serve MCP over stdin/stdout (for Claude Desktop and other clients that launch Quarry)')
    .action(async () => {
      const services = await openServices(config());
      const pipeline = services.config.autoPipeline ? await startPipeline(services, { documents: services.documents }) : null;
      const server = createServer({ services });
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        transport.onclose = resolve;
        process.stdin.once('end', resolve);
      });
      await server.connect(transport);
      services.logger.info(`Quarry ${QUARRY_VERSION} serving MCP on stdio`, { state: services.store.location });
      await Promise.race([closed, untilSignal()]);
      await server.close();
      await pipeline?.stop();
      await services.close();
    });

  program
    .command('config')
    .description('print the resolved configuration (secrets redacted) and exit')
    .action(() => {
      io.out(JSON.stringify(redactedConfig(config()), null, 2) + '\n');
    });

  /** Opens the services for one command and closes them afterwards, whatever happens. */
  const withServices = async <T>(fn: (services: RunningServices) => Promise<T>): Promise<T> => {
    const services = await openServices(config());
    try {
      return await fn(services);
    } finally {
      await services.close();
    }
  };

  program
    .command('crawl')
    .description('crawl websites politely into the document store, with a progress bar')
    .argument('[urls...]', 'start URLs')
    .option('--max-pages <n>', 'page budget', (v) => Number.parseInt(v, 10))
    .option('--max-depth <n>', 'link depth', (v) => Number.parseInt(v, 10))
    .option('--scope <scope>', 'host, prefix or patterns')
    .option('--render <mode>', 'auto, always or never')
    .option('--delay <ms>', 'minimum pause between requests to one host', (v) => Number.parseInt(v, 10))
    .option('--resume <jobId>', 'continue a crawl that stopped')
    .action(async (urls: string[], flags: { maxPages?: number; maxDepth?: number; scope?: string; render?: string; delay?: number; resume?: string }) => {
      if (urls.length === 0 && !flags.resume) throw new UsageError('give at least one URL, or --resume JOB_ID');
      if (flags.scope && !['host', 'prefix', 'patterns'].includes(flags.scope)) throw new UsageError(`--scope must be host, prefix or patterns, not ${flags.scope}`);
      if (flags.render && !['auto', 'always', 'never'].includes(flags.render)) throw new UsageError(`--render must be auto, always or never, not ${flags.render}`);
      const { runCrawlCommand } = await import('./commands/crawl.js');
      const { UrlRefusedError } = await import('../pipeline/acquisition/ssrf.js');
      const tty = process.stderr.isTTY;
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      try {
        const summary = await withServices((s) =>
          runCrawlCommand(
            s,
            {
              urls,
              ...(flags.maxPages !== undefined ? { maxPages: flags.maxPages } : {}),
              ...(flags.maxDepth !== undefined ? { maxDepth: flags.maxDepth } : {}),
              ...(flags.scope ? { scope: flags.scope as 'host' | 'prefix' | 'patterns' } : {}),
              ...(flags.render ? { render: flags.render as 'auto' | 'always' | 'never' } : {}),
              ...(flags.delay !== undefined ? { delayMs: flags.delay } : {}),
              ...(flags.resume ? { resume: flags.resume } : {}),
              signal: stop.signal,
            },
            { progress: (line) => io.err(tty ? `\r\x1b[2K${line.slice(0, (process.stderr.columns || 120) - 1)}` : `${line}\n`) },
          ).catch((err: unknown) => {
            if (err instanceof UrlRefusedError) throw new UsageError(err.message);
            throw err;
          }),
        );
        io.err(tty ? '\n' : '');
        io.out(summary + '\n');
      } finally {
        process.off('SIGINT', onSignal);
      }
    });

  program
    .command('extract')
    .description('extract every value from a stored document, a URL or a file (no schema needed)')
    .argument('[documentId]', 'id of a stored document')
    .option('--url <url>', 'fetch this URL through the crawler and its guards, then extract')
    .option('--file <path>', 'a file inside QUARRY_ALLOWED_DIRS')
    .option('--all-pending', 'every stored document not yet extracted')
    .option('--mode <mode>', 'auto, offline or llm', 'auto')
    .option('--json', 'print the extraction as JSON')
    .action(async (documentId: string | undefined, flags: { url?: string; file?: string; allPending?: boolean; mode: string; json?: boolean }) => {
      if (!['auto', 'offline', 'llm'].includes(flags.mode)) throw new UsageError(`--mode must be auto, offline or llm, not ${flags.mode}`);
      if (!documentId && !flags.url && !flags.file && !flags.allPending) throw new UsageError('give a document id, --url, --file or --all-pending');
      const text = await withServices((s) =>
        runExtractCommand(
          s,
          { documentId, url: flags.url, filePath: flags.file, allPending: flags.allPending, mode: flags.mode as 'auto' | 'offline' | 'llm', json: flags.json },
          (line) => io.err(line + '\n'),
        ),
      );
      io.out(text + '\n');
    });

  program
    .command('clusters')
    .description('list the document types that emerged (clusters), largest first')
    .option('--status <status>', 'forming, candidate or has_schema')
    .option('--site <host>', 'only clusters with documents from this host')
    .option('--min-size <n>', 'only clusters with at least n documents', (v) => Number.parseInt(v, 10))
    .option('--recluster', 're-cluster every document first')
    .action(async (flags: { status?: 'forming' | 'candidate' | 'has_schema'; site?: string; minSize?: number; recluster?: boolean }) => {
      if (flags.status && !['forming', 'candidate', 'has_schema'].includes(flags.status)) {
        throw new UsageError(`--status must be forming, candidate or has_schema, not ${flags.status}`);
      }
      const text = await withServices((s) => runClustersCommand(s, flags));
      io.out(text + '\n');
    });

  program
    .command('query')
    .description('run one read-only SQL SELECT over the lakehouse tables')
    .argument('<sql>', 'e.g. "SELECT * FROM opera.productions LIMIT 10"')
    .option('--max-rows <n>', 'row cap', (v) => Number.parseInt(v, 10), 100)
    .option('--json', 'print rows as JSON')
    .action(async (sql: string, flags: { maxRows: number; json?: boolean }) => {
      const { QueryRefusedError } = await import('../pipeline/lakehouse/lakehouse.js');
      await withServices(async (s) => {
        try {
          const result = await s.lakehouse.query(sql, { maxRows: flags.maxRows });
          io.out(flags.json ? JSON.stringify(result, null, 2) + '\n' : renderRows(result.columns.map((c) => c.name), result.rows, result.truncated));
        } catch (err) {
          if (err instanceof QueryRefusedError) throw new UsageError(err.message);
          throw err;
        }
      });
    });

  program
    .command('tables')
    .description('list the lakehouse tables with their columns, rows and snapshots; --orphans reports data files no snapshot references')
    .option('--orphans', 'report orphan data files left by interrupted writes')
    .action(async (flags: { orphans?: boolean }) => {
      await withServices(async (s) => {
        if (flags.orphans) {
          const orphans = await s.lakehouse.findOrphanFiles();
          io.out(orphans.length === 0 ? 'no orphan data files\n' : `${orphans.length} orphan data file(s), safe to delete:\n${orphans.map((o) => `  ${o}`).join('\n')}\n`);
          return;
        }
        const tables = await s.lakehouse.listTables();
        if (tables.length === 0) io.out('no tables yet: approve a schema to create one\n');
        for (const t of tables) io.out(`${t.namespace}.${t.name}  ${t.rows} rows, ${t.snapshots.length} snapshots\n  ${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')}\n`);
      });
    });

  program
    .command('demo')
    .description('the whole flow on the demo sites in one go: crawl, extract, cluster, propose, approve with a rename, query')
    .option('--keep-dir <dir>', 'keep the demo state in this directory (default: a fresh temporary one)')
    .action(async (flags: { keepDir?: string }) => {
      const { runDemo } = await import('./commands/demo.js');
      const result = await runDemo({ ...(flags.keepDir ? { dataDir: flags.keepDir } : {}), out: (line) => io.out(line + '\n'), env: process.env });
      io.out(`Done: ${result.rows} rows in ${result.table}. State kept in ${result.dataDir}; browse it with QUARRY_DATA_DIR=${result.dataDir} npm start\n`);
    });

  program
    .command('agent')
    .description('let Claude drive Quarry\'s tools toward a goal (needs ANTHROPIC_API_KEY); destructive steps ask you first')
    .argument('<goal...>', 'what to do, e.g. "crawl http://127.0.0.1:7351 and load its productions"')
    .option('--max-turns <n>', 'stop after this many model turns', (v) => Number.parseInt(v, 10), 20)
    .action(async (goalWords: string[], flags: { maxTurns: number }) => {
      const cfg = config();
      if (!cfg.anthropicApiKey) throw new UsageError('quarry agent needs ANTHROPIC_API_KEY; the rest of Quarry works offline without it');
      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      const { runOrchestrator } = await import('../agents/orchestrator.js');
      const anthropic = new Anthropic({ apiKey: cfg.anthropicApiKey, ...(cfg.anthropicBaseUrl ? { baseURL: cfg.anthropicBaseUrl } : {}) });
      await withServices(async (services) => {
        const { client, close } = await connectInProcess({ services }, { name: 'quarry-agent' });
        try {
          const result = await runOrchestrator({
            client,
            messages: anthropic.messages,
            model: cfg.model,
            goal: goalWords.join(' '),
            maxTurns: flags.maxTurns,
            confirm: (tool, input) => askYesNo(`Run ${tool} ${JSON.stringify(input)}? [y/N] `, io),
            onStep: (step) => io.err(`· ${step.tool} → ${step.outcome}\n`),
          });
          io.out(`${result.text}\n`);
          io.err(`(${result.stoppedBecause}; ${result.steps.length} tool calls; ${result.usage.inputTokens} input and ${result.usage.outputTokens} output tokens)\n`);
        } finally {
          await close();
        }
      });
    });

  program
    .command('eval')
    .description('score extraction, clustering and schemas on the golden fixtures and dataset folders; non-zero on a regression')
    .option('--dataset <dir...>', 'dataset folders (default: QUARRY_EVAL_DATASETS or ../shared/datasets)')
    .option('--no-golden', 'leave out the golden demo-site fixtures')
    .option('--update-baseline', 'write the current figures as the new baseline')
    .option('--write-readme <file>', 'write the figures table into the marked block of this markdown file')
    .option('--report <file>', 'JSON report path (default evals/reports/latest.json)')
    .option('--generated <which>', 'generated corpora: held-out (default without --dataset), none, or seeds such as 1,2', generatedOption)
    .action(async (flags: { dataset?: string[]; golden: boolean; updateBaseline?: boolean; writeReadme?: string; report?: string; generated?: GeneratedSelection }) => {
      const { runEvalCommand } = await import('./commands/eval.js');
      const { exitCode } = await runEvalCommand({
        generated: flags.generated,
        datasets: flags.dataset,
        noGolden: !flags.golden,
        updateBaseline: flags.updateBaseline,
        writeReadme: flags.writeReadme,
        reportPath: flags.report,
        out: io.out,
      });
      if (exitCode !== 0) process.exitCode = exitCode;
    });

  program
    .command('docs')
    .description('regenerate the generated parts of README.md (the tool table)')
    .action(async () => {
      const { writeDocs } = await import('./commands/docs.js');
      const changed = writeDocs('README.md');
      io.err(changed ? 'README.md updated\n' : 'README.md already up to date\n');
    });

  return program;
}

function renderRows(columns: string[], rows: Array<Record<string, unknown>>, truncated: boolean): string {
  const cells = rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c]))));
  const widths = columns.map((c, i) => Math.min(40, Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length))));
  const line = (values: string[]): string => values.map((v, i) => (v.length > (widths[i] ?? 0) ? `${v.slice(0, (widths[i] ?? 1) - 1)}…` : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? ', truncated' : ''})`].join('\n') + '\n';
}

/** Asks on the terminal; without one (CI, pipes) the answer is no. */
async function askYesNo(question: string, io: { err: (s: string) => void }): Promise<boolean> {
  if (!process.stdin.isTTY) {
    io.err(`${question}no (no terminal to ask on)\n`);
    return false;
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** Runs the CLI; resolves to the exit code. Known failures print one clear line, not a stack. */
export async function main(argv: string[]): Promise<number> {
  const io = { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) };
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 1;
    if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof UsageError || err instanceof ExtractionError) {
      io.err(`quarry: ${err.message}\n`);
      return 2;
    }
    io.err(`quarry: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

export type { RunningServices };
