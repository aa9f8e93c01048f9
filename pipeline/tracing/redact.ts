/**
 * Masks secrets before anything is logged, traced or exported. Two nets: the exact secret values Quarry knows
 * (tokens and API keys from the configuration) and the shapes secrets usually have (bearer headers, key prefixes,
 * passwords in URLs, fields named like credentials).
 */
export type Redactor = (value: unknown) => unknown;

export const REDACTED = '[REDACTED]';
const MAX_STRING = 8_000;
const MAX_DEPTH = 12;
const MAX_ITEMS = 200;

const SECRET_KEY_NAME = /(?:^|[_-])(?:token|secret|password|passwd|api[_-]?key|authorization|cookie|credentials?)$/i;
const SECRET_SHAPES: RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-lf-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bBasic\s+[A-Za-z0-9+/=]{12,}/g,
];
/** `password=…`, `api_key: …` and the like inside free text (error messages, connection strings). */
const KEY_VALUE = /\b((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)/gi;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)@/gi;

export function createRedactor(knownSecrets: Iterable<string | undefined>): { redact: Redactor; redactText: (s: string) => string } {
  const secrets = [...knownSecrets].filter((s): s is string => typeof s === 'string' && s.length >= 6);
  secrets.sort((a, b) => b.length - a.length);

  const redactText = (text: string): string => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
    out = out.replace(URL_PASSWORD, `$1${REDACTED}@`);
    out = out.replace(KEY_VALUE, `$1${REDACTED}`);
    if (out.length > MAX_STRING) out = `${out.slice(0, MAX_STRING)}…[${out.length - MAX_STRING} more characters]`;
    return out;
  };

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' ? value.toString() : value;
    }
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
    if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
    if (seen.has(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[nested too deep]';
    seen.add(value);
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((v) => walk(v, depth + 1, seen));
      if (value.length > MAX_ITEMS) items.push(`…[${value.length - MAX_ITEMS} more items]`);
      return items;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY_NAME.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : walk(v, depth + 1, seen);
    }
    return out;
  };

  return { redact: (value) => walk(value, 0, new WeakSet()), redactText };
}
