import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'server/bin/quarry.js');
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'quarry-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Env without the host's Quarry settings, so the test sees the defaults. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('QUARRY_') && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, ...extra };
}

describe('the quarry command', () => {
  it('serves MCP over stdio exactly as the Claude Desktop entry in mcp.json launches it', async () => {
    const entry = (JSON.parse(readFileSync(join(ROOT, 'mcp.json'), 'utf8')) as {
      claudeDesktop: { mcpServers: { quarry: { command: string; args: string[]; env: Record<string, string> } } };
    }).claudeDesktop.mcpServers.quarry;
    const data = tempDir();
    const transport = new StdioClientTransport({
      command: entry.command === 'node' ? process.execPath : entry.command,
      args: entry.args.map((a) => a.replace('/path/to/quarry', ROOT)),
      env: cleanEnv({ ...entry.env, QUARRY_DATA_DIR: data }),
      cwd: data,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'cli-test', version: '0.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('status');
    const status = await client.callTool({ name: 'status', arguments: {} });
    expect((status.structuredContent as { dataDir: string }).dataDir).toBe(data);
    await client.close();
  });

  it('serves MCP over HTTP with a generated token printed once', async () => {
    const data = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: cleanEnv({ QUARRY_DATA_DIR: data }), cwd: data });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await new Promise<void>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${stderr}`)), 60_000);
        child.stderr.on('data', () => {
          if (/serving MCP at/.test(stderr) && /qry_/.test(stderr)) {
            clearTimeout(timer);
            resolvePromise();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
      });
      const url = /serving MCP at (http:\/\/\S+\/mcp)/.exec(stderr)?.[1] ?? '';
      const token = /\n\s+(qry_\S+)\n/.exec(stderr)?.[1] ?? '';
      expect(readFileSync(join(data, 'token'), 'utf8').trim()).toBe(token);
      expect((await fetch(url, { method: 'POST' })).status).toBe(401);
      const client = new Client({ name: 'cli-http', version: '0.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('status');
      await client.close();
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(stderr).toContain('stopping');
  });

  it('prints the resolved configuration with secrets redacted', async () => {
    const out = await run(['config'], { ANTHROPIC_API_KEY: 'sk-ant-do-not-print', QUARRY_PORT: '7444' });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ port: 7444, anthropicApiKey: '***' });
    expect(out.stdout).not.toContain('sk-ant-do-not-print');
  });

  it('refuses a bad setting at start with one line naming it', async () => {
    const out = await run(['serve'], { QUARRY_PORT: 'seventy' });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/quarry: invalid configuration:\n\s+- QUARRY_PORT/);
    expect(out.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const data = tempDir();
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv({ QUARRY_DATA_DIR: data, ...env }), cwd: data });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
