import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedConfig, secretValues } from './config.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'quarry-config-'));

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const cwd = dir();
    const config = loadConfig({ env: {}, cwd });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 7340, dataDir: join(cwd, 'data'), logLevel: 'info' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.langfuse).toBeUndefined();
  });

  it('layers defaults, then quarry.config.json, then environment, then flags', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'quarry.config.json'), JSON.stringify({ port: 8001, host: '0.0.0.0', logLevel: 'debug', crawl: { allowHosts: ['a.test'] } }));
    const config = loadConfig({ env: { QUARRY_PORT: '8002', QUARRY_ALLOW_HOSTS: 'b.test, c.test' }, flags: { port: 8003 }, cwd });
    expect(config.port).toBe(8003);
    expect(config.host).toBe('0.0.0.0');
    expect(config.logLevel).toBe('debug');
    expect(config.crawl.allowHosts).toEqual(['b.test', 'c.test']);
    expect(config.crawl.userAgent).toContain('QuarryBot');
  });

  it('refuses a bad value, naming the variable and where it came from', () => {
    expect(() => loadConfig({ env: { QUARRY_PORT: '99999' }, cwd: dir() })).toThrow(/QUARRY_PORT .*\(from environment\)/);
    expect(() => loadConfig({ env: { DATABASE_URL: 'mysql://x' }, cwd: dir() })).toThrow(/DATABASE_URL must be a URL starting with postgres:/);
    expect(() => loadConfig({ env: { QUARRY_TOKEN: 'short' }, cwd: dir() })).toThrow(/QUARRY_TOKEN must be at least 16 characters/);
    expect(() => loadConfig({ env: { QUARRY_LOG_LEVEL: 'loud' }, cwd: dir() })).toThrow(ConfigError);
  });

  it('names the file when quarry.config.json is broken or holds a bad value', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'quarry.config.json'), '{ "port": ');
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/quarry\.config\.json is not valid JSON/);
    writeFileSync(join(cwd, 'quarry.config.json'), '[1,2]');
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/must hold a JSON object/);
    writeFileSync(join(cwd, 'quarry.config.json'), JSON.stringify({ port: 'eighty' }));
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/port .*quarry\.config\.json/);
    expect(() => loadConfig({ env: {}, cwd, configFile: 'missing.json' })).toThrow(/does not exist/);
  });

  it('ignores prototype-polluting keys in the config file', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'quarry.config.json'), '{"__proto__": {"polluted": true}, "port": 8100}');
    const config = loadConfig({ env: {}, cwd });
    expect(config.port).toBe(8100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('enables Langfuse only with both keys, defaulting the base URL', () => {
    const cwd = dir();
    expect(loadConfig({ env: { LANGFUSE_PUBLIC_KEY: 'pk-lf-1', LANGFUSE_SECRET_KEY: 'sk-lf-2' }, cwd }).langfuse).toEqual({
      publicKey: 'pk-lf-1',
      secretKey: 'sk-lf-2',
      baseUrl: 'https://cloud.langfuse.com',
    });
    expect(() => loadConfig({ env: { LANGFUSE_PUBLIC_KEY: 'pk-lf-1' }, cwd })).toThrow(/langfuse\.secretKey is required/);
  });

  it('redacts every secret when printed and hands them to the redactor', () => {
    const config = loadConfig({
      env: {
        QUARRY_TOKEN: 'tok-0123456789abcdef',
        ANTHROPIC_API_KEY: 'sk-ant-secret',
        LANGFUSE_PUBLIC_KEY: 'pk-lf-1',
        LANGFUSE_SECRET_KEY: 'sk-lf-secret',
        DATABASE_URL: 'postgres://quarry:p%40ss@db.internal:5432/quarry',
      },
      cwd: dir(),
    });
    const printed = JSON.stringify(redactedConfig(config));
    for (const secret of ['tok-0123456789abcdef', 'sk-ant-secret', 'sk-lf-secret', 'p%40ss']) expect(printed).not.toContain(secret);
    expect(printed).toContain('postgres://quarry:***@db.internal:5432/quarry');
    expect(printed).toContain('pk-lf-1');
    expect(secretValues(config).sort()).toEqual(['p@ss', 'sk-ant-secret', 'sk-lf-secret', 'tok-0123456789abcdef']);
  });
});
