import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data directory holds PGlite's files, the warehouse and the HTTP token. PGlite is single-process, so a lock
 * file keeps a second Quarry from opening the same directory (a stale lock from a dead process is taken over).
 */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

export function lockDataDir(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'quarry.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DataDirLockedError(
          `another Quarry process (pid ${pid}) is using ${dataDir}; stop it, or point QUARRY_DATA_DIR elsewhere, or set DATABASE_URL to share a PostgreSQL`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The bearer token for HTTP: the configured one, else the one stored in the data dir, else a new one written
 * there (mode 0600). `created` tells the caller to print it once.
 */
export function resolveToken(dataDir: string, configured: string | undefined): { token: string; created: boolean; file: string | null } {
  if (configured) return { token: configured, created: false, file: null };
  const file = join(dataDir, 'token');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return { token: stored, created: false, file };
  } catch {
    // No token yet.
  }
  mkdirSync(dataDir, { recursive: true });
  const token = `qry_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, created: true, file };
}
