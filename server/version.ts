import { readFileSync } from 'node:fs';

/** Quarry's version, from package.json (read once, at import, from a file that ships with the code). */
export const QUARRY_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
