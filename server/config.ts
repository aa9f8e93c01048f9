import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Quarry's configuration, resolved once at start in layers: defaults → `quarry.config.json` (optional) →
 * environment → command-line flags. A bad value stops the start with a message that names the setting and
 * where it came from.
 */
const port = z.coerce.number().int().min(0).max(65_535);
const url = (protocols: string[]) =>
  z
    .string()
    .refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);

export const ConfigSchema = z.object({
  dataDir: z.string().min(1).describe('Where PGlite, the warehouse and the token live (QUARRY_DATA_DIR)'),
  host: z.string().min(1).describe('Interface the HTTP server binds (QUARRY_HOST)'),
  port: port.describe('HTTP port (QUARRY_PORT)'),
  token: z.string().min(16, 'must be at least 16 characters').optional().describe('Bearer token for /mcp (QUARRY_TOKEN)'),
  allowedOrigins: z.array(z.string()).describe('Browser origins allowed to call the HTTP server besides its own'),
  maxBodyBytes: z.coerce.number().int().positive().describe('Largest request body accepted over HTTP'),
  maxSessions: z.coerce.number().int().positive().describe('Most MCP sessions open at once over HTTP (QUARRY_MAX_SESSIONS)'),
  sessionIdleMs: z.coerce.number().int().positive().describe('An MCP session without requests for this long is closed (QUARRY_SESSION_IDLE_MS)'),
  databaseUrl: url(['postgres:', 'postgresql:']).optional().describe('PostgreSQL instead of PGlite (DATABASE_URL)'),
  natsUrl: url(['nats:', 'tls:', 'ws:', 'wss:']).optional().describe('NATS JetStream instead of the in-process bus (NATS_URL)'),
  anthropicApiKey: z.string().min(1).optional().describe('Enables the LLM paths (ANTHROPIC_API_KEY)'),
  anthropicBaseUrl: url(['http:', 'https:']).optional().describe('Anthropic API base URL (ANTHROPIC_BASE_URL)'),
  model: z.string().min(1).describe('Anthropic model for extraction and schema generation (QUARRY_MODEL)'),
  langfuse: z
    .object({
      publicKey: z.string().min(1),
      secretKey: z.string().min(1),
      baseUrl: url(['http:', 'https:']),
    })
    .optional()
    .describe('Langfuse export (LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY, LANGFUSE_BASE_URL)'),
  crawl: z.object({
    userAgent: z.string().min(1).describe('User agent with a contact (QUARRY_USER_AGENT)'),
    allowHosts: z.array(z.string().min(1)).describe('Hosts admitted despite private addresses (QUARRY_ALLOW_HOSTS, comma-separated)'),
    respectRobots: bool.describe('Honour robots.txt'),
    fetchDeadlineMs: z.coerce.number().int().positive().describe('Longest fetch of a page in all, redirects included (QUARRY_FETCH_DEADLINE_MS)'),
    chromiumPath: z.string().min(1).optional().describe('Chromium executable for rendering (QUARRY_CHROMIUM)'),
  }),
  autoPipeline: bool.describe('Run the pipeline workers: extract new documents, cluster new extractions and load new documents of approved types by themselves (QUARRY_AUTO_PIPELINE)'),
  allowedDirs: z.array(z.string().min(1)).describe('Directories extract_document may read files from (QUARRY_ALLOWED_DIRS, comma-separated)'),
  fastembedCache: z.string().min(1).optional().describe('Model cache that enables the fastembed embedder (FASTEMBED_CACHE)'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).describe('QUARRY_LOG_LEVEL'),
});
export type Config = z.infer<typeof ConfigSchema>;

export const DEFAULTS = {
  dataDir: './data',
  host: '127.0.0.1',
  port: 7340,
  allowedOrigins: [],
  allowedDirs: [],
  autoPipeline: true,
  maxBodyBytes: 4 * 1024 * 1024,
  maxSessions: 500,
  sessionIdleMs: 30 * 60_000,
  model: 'claude-sonnet-4-5',
  crawl: {
    userAgent: 'QuarryBot/0.1 (+https://github.com/quarry-data/quarry; set QUARRY_USER_AGENT to your contact)',
    allowHosts: [],
    respectRobots: true,
    fetchDeadlineMs: 60_000,
  },
  logLevel: 'info',
} as const;

/** Environment variable → config path. One table, so the README and `quarry config` agree with the code. */
export const ENV_VARS: ReadonlyArray<{ name: string; path: string[]; list?: boolean; secret?: boolean }> = [
  { name: 'QUARRY_DATA_DIR', path: ['dataDir'] },
  { name: 'QUARRY_HOST', path: ['host'] },
  { name: 'QUARRY_PORT', path: ['port'] },
  { name: 'QUARRY_TOKEN', path: ['token'], secret: true },
  { name: 'QUARRY_ALLOWED_ORIGINS', path: ['allowedOrigins'], list: true },
  { name: 'QUARRY_MAX_BODY_BYTES', path: ['maxBodyBytes'] },
  { name: 'QUARRY_MAX_SESSIONS', path: ['maxSessions'] },
  { name: 'QUARRY_SESSION_IDLE_MS', path: ['sessionIdleMs'] },
  { name: 'DATABASE_URL', path: ['databaseUrl'], secret: true },
  { name: 'NATS_URL', path: ['natsUrl'], secret: true },
  { name: 'ANTHROPIC_API_KEY', path: ['anthropicApiKey'], secret: true },
  { name: 'ANTHROPIC_BASE_URL', path: ['anthropicBaseUrl'] },
  { name: 'QUARRY_MODEL', path: ['model'] },
  { name: 'LANGFUSE_PUBLIC_KEY', path: ['langfuse', 'publicKey'] },
  { name: 'LANGFUSE_SECRET_KEY', path: ['langfuse', 'secretKey'], secret: true },
  { name: 'LANGFUSE_BASE_URL', path: ['langfuse', 'baseUrl'] },
  { name: 'QUARRY_USER_AGENT', path: ['crawl', 'userAgent'] },
  { name: 'QUARRY_ALLOW_HOSTS', path: ['crawl', 'allowHosts'], list: true },
  { name: 'QUARRY_RESPECT_ROBOTS', path: ['crawl', 'respectRobots'] },
  { name: 'QUARRY_FETCH_DEADLINE_MS', path: ['crawl', 'fetchDeadlineMs'] },
  { name: 'QUARRY_CHROMIUM', path: ['crawl', 'chromiumPath'] },
  { name: 'QUARRY_AUTO_PIPELINE', path: ['autoPipeline'] },
  { name: 'QUARRY_ALLOWED_DIRS', path: ['allowedDirs'], list: true },
  { name: 'FASTEMBED_CACHE', path: ['fastembedCache'] },
  { name: 'QUARRY_LOG_LEVEL', path: ['logLevel'] },
];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Layer = { source: string; values: Record<string, unknown> };

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Already-parsed flags, shaped like the config (`{ port: 8080, dataDir: '…' }`). */
  flags?: Record<string, unknown>;
  /** Directory searched for `quarry.config.json`; defaults to the working directory. */
  cwd?: string;
  /** An explicit config file (`--config`). */
  configFile?: string | undefined;
}

export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const layers: Layer[] = [{ source: 'defaults', values: structuredClone(DEFAULTS) as Record<string, unknown> }];

  const file = opts.configFile ? resolve(cwd, opts.configFile) : resolve(cwd, 'quarry.config.json');
  if (opts.configFile && !existsSync(file)) throw new ConfigError(`config file ${file} does not exist`);
  if (existsSync(file)) layers.push({ source: file, values: readConfigFile(file) });

  const fromEnv: Record<string, unknown> = {};
  for (const v of ENV_VARS) {
    const raw = env[v.name];
    if (raw === undefined || raw === '') continue;
    setPath(fromEnv, v.path, v.list ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw);
  }
  layers.push({ source: 'environment', values: fromEnv });
  if (opts.flags) layers.push({ source: 'command-line flags', values: stripUndefined(opts.flags) });

  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => deepMerge(acc, layer.values), {});
  const langfuse = merged.langfuse as Record<string, unknown> | undefined;
  if (langfuse && !langfuse.baseUrl && (langfuse.publicKey || langfuse.secretKey)) langfuse.baseUrl = 'https://cloud.langfuse.com';
  if (langfuse && !langfuse.publicKey && !langfuse.secretKey && Object.keys(langfuse).every((k) => k === 'baseUrl')) delete merged.langfuse;

  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const envVar = ENV_VARS.find((v) => v.path.join('.') === path.join('.'));
      const source = [...layers].reverse().find((l) => getPath(l.values, path) !== undefined)?.source ?? 'defaults';
      const name = envVar && source === 'environment' ? envVar.name : path.join('.');
      const missing = issue.code === 'invalid_type' && getPath(merged, path) === undefined;
      return `${name}${missing ? ' is required' : ` ${issue.message}`} (from ${source})`;
    });
    throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return { ...parsed.data, dataDir: resolve(cwd, parsed.data.dataDir), allowedDirs: parsed.data.allowedDirs.map((d) => resolve(cwd, d)) };
}

function readConfigFile(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The configuration as `quarry config` prints it: secrets replaced by `***`. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const v of ENV_VARS) {
    if (!v.secret) continue;
    const value = getPath(copy, v.path);
    if (typeof value !== 'string') continue;
    setPath(copy, v.path, v.name === 'DATABASE_URL' || v.name === 'NATS_URL' ? redactUrl(value) : '***');
  }
  return copy;
}

/** Every secret value in the config, for the log and trace redactor. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const v of ENV_VARS) {
    const value = getPath(config as unknown as Record<string, unknown>, v.path);
    if (!v.secret || typeof value !== 'string') continue;
    if (v.name === 'DATABASE_URL' || v.name === 'NATS_URL') {
      const password = URL.canParse(value) ? new URL(value).password : '';
      if (password) values.push(decodeURIComponent(password));
    } else values.push(value);
  }
  return values;
}

function redactUrl(value: string): string {
  if (!URL.canParse(value)) return '***';
  const u = new URL(value);
  if (u.password) u.password = '***';
  return u.toString();
}

function getPath(obj: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  path.forEach((key, i) => {
    if (i === path.length - 1) cur[key] = value;
    else {
      if (typeof cur[key] !== 'object' || cur[key] === null) cur[key] = {};
      cur = cur[key] as Record<string, unknown>;
    }
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

function stripUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(v) ? stripUndefined(v) : v;
  }
  return out;
}
