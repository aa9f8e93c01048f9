/**
 * A small structured logger that writes one line per event to stderr (stdout belongs to the MCP stdio transport).
 * Everything passes through the redactor first.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(opts: {
  level?: LogLevel;
  format?: 'pretty' | 'json';
  redact?: (value: unknown) => unknown;
  write?: (line: string) => void;
  bindings?: Record<string, unknown>;
}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const redact = opts.redact ?? ((v: unknown) => v);
  const write = opts.write ?? ((line: string) => void process.stderr.write(line + '\n'));
  const bindings = opts.bindings ?? {};
  const log = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return;
    const fields = redact({ ...bindings, ...(data ?? {}) }) as Record<string, unknown>;
    const text = redact(message) as string;
    if (opts.format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level, message: text, ...fields }));
      return;
    }
    const extras = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    write(`${level.padEnd(5)} ${text}${extras ? `  ${extras}` : ''}`);
  };
  return {
    debug: (m, d) => log('debug', m, d),
    info: (m, d) => log('info', m, d),
    warn: (m, d) => log('warn', m, d),
    error: (m, d) => log('error', m, d),
    child: (more) => createLogger({ ...opts, bindings: { ...bindings, ...more } }),
  };
}

/** For tests and library use where nothing should be printed. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
