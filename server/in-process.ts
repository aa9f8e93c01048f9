import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createServer, type ServerDeps } from './create-server.js';

/** A real MCP client wired to Quarry's server in the same process (agents, scripted runs, tests). */
export async function connectInProcess(
  deps: ServerDeps,
  opts: { name?: string; capabilities?: ConstructorParameters<typeof Client>[1] } = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const server = createServer(deps);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: opts.name ?? 'quarry-in-process', version: '0.0.0' }, opts.capabilities ?? {});
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
