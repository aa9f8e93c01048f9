import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { z } from 'zod';
import { ALL_PROMPTS, ALL_RESOURCES, ALL_TOOLS, type AnyPrompt, type AnyResource, type AnyTool } from '../tools/index.js';
import type { Services } from '../tools/services.js';
import { ToolError, type ElicitForm, type ElicitResult, type ToolContext } from '../tools/tool.js';
import { QUARRY_VERSION } from './version.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ServerDeps {
  services: Services;
  /** Defaults to every tool, resource and prompt in `tools/index.ts`. */
  tools?: readonly AnyTool[];
  resources?: readonly AnyResource[];
  prompts?: readonly AnyPrompt[];
}

const INSTRUCTIONS = `Quarry turns websites and documents into typed tables. Typical flow: crawl_site (fetch pages) →
extract_document (find every value, no schema needed) → list_clusters (document types that emerged) → propose_schema →
approve_schema (a human confirms; creates an Iceberg table and loads the rows) → query_lakehouse (read-only SQL).
Call status first to see what is already there.`;

/** Builds the MCP server with every tool, resource and prompt; the caller connects a transport. */
export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: 'quarry', title: 'Quarry', version: QUARRY_VERSION },
    { capabilities: { logging: {} }, instructions: INSTRUCTIONS },
  );
  for (const tool of deps.tools ?? ALL_TOOLS) registerTool(server, tool, deps.services);
  for (const resource of deps.resources ?? ALL_RESOURCES) registerResource(server, resource, deps.services);
  for (const prompt of deps.prompts ?? ALL_PROMPTS) registerPrompt(server, prompt, deps.services);
  return server;
}

function registerTool(server: McpServer, tool: AnyTool, services: Services): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: { title: tool.title, ...tool.annotations },
    },
    (async (input: unknown, extra: Extra): Promise<CallToolResult> => runTool(server, tool, services, input, extra)) as never,
  );
}

/** Runs one tool call: context with progress, cancellation and elicitation; output checked; errors as answers. */
export async function runTool(server: McpServer, tool: AnyTool, services: Services, input: unknown, extra: Extra): Promise<CallToolResult> {
  const ctx: ToolContext<Services> = {
    deps: services,
    signal: extra.signal,
    sessionId: extra.sessionId,
    progress: async (progress, total, message) => {
      const progressToken = extra._meta?.progressToken;
      if (progressToken === undefined || extra.signal.aborted) return;
      await extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken, progress, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) },
        })
        .catch(() => undefined);
    },
    ...(server.server.getClientCapabilities()?.elicitation
      ? {
          elicit: async (form: ElicitForm): Promise<ElicitResult> => {
            const result = await server.server.elicitInput(
              { mode: 'form', message: form.message, requestedSchema: form.requestedSchema as never },
              { relatedRequestId: extra.requestId, signal: extra.signal },
            );
            return { action: result.action, ...(result.content ? { content: result.content as ElicitResult['content'] } : {}) };
          },
        }
      : {}),
  };
  return services.tracer.span(`tool.${tool.name}`, { kind: 'tool', input, metadata: { sessionId: extra.sessionId ?? null } }, async (span) => {
    try {
      const parsedInput = (tool.inputSchema as z.ZodObject).parse(input);
      const raw = await tool.handler(parsedInput, ctx);
      const output = (tool.outputSchema as z.ZodObject).parse(raw) as Record<string, unknown>;
      const summary = tool.summarize ? tool.summarize(output) : null;
      span.setOutput(summary ?? output);
      return { content: [{ type: 'text', text: resultText(summary, output) }], structuredContent: output };
    } catch (err) {
      if (err instanceof ToolError) {
        span.setReason(`refused: ${err.message}`);
        return { isError: true, content: [{ type: 'text', text: err.message }] };
      }
      if (extra.signal.aborted) {
        return { isError: true, content: [{ type: 'text', text: `${tool.name} was cancelled; nothing after the cancellation was done.` }] };
      }
      services.logger.error(`tool ${tool.name} failed`, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      span.setReason('internal error');
      span.addMetadata({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
      return {
        isError: true,
        content: [
          {
            type: 'text',
            text: `${tool.name} failed with an internal error (trace ${services.tracer.currentTraceId() ?? 'n/a'}). It was not caused by your arguments; retrying later or calling status may help.`,
          },
        ],
      };
    }
  });
}

const MAX_JSON_TEXT = 20_000;

/** The text part of a result: the summary for a model to read, plus the JSON when it is small enough to be useful. */
function resultText(summary: string | null, output: Record<string, unknown>): string {
  const json = JSON.stringify(output, null, 2);
  if (summary === null) return json.length <= MAX_JSON_TEXT ? json : `${json.slice(0, MAX_JSON_TEXT)}\n… (truncated; the full result is in structuredContent)`;
  return json.length <= MAX_JSON_TEXT ? `${summary}\n\n${json}` : summary;
}

function registerResource(server: McpServer, resource: AnyResource, services: Services): void {
  const metadata = { title: resource.title, description: resource.description, mimeType: resource.mimeType };
  if (resource.uri) {
    server.registerResource(resource.name, resource.uri, metadata, async (uri) => ({
      contents: await resource.read(uri, {}, services),
    }));
    return;
  }
  if (!resource.template) throw new Error(`resource ${resource.name} needs a uri or a template`);
  const list = resource.list;
  const template = new ResourceTemplate(resource.template, {
    list: list ? async () => ({ resources: (await list(services)).map((r) => ({ ...r, mimeType: resource.mimeType })) }) : undefined,
  });
  server.registerResource(resource.name, template, metadata, async (uri, variables) => {
    const flat = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
    return { contents: await resource.read(uri, flat, services) };
  });
}

function registerPrompt(server: McpServer, prompt: AnyPrompt, services: Services): void {
  server.registerPrompt(prompt.name, { title: prompt.title, description: prompt.description, argsSchema: prompt.argsSchema }, (async (
    args: Record<string, string>,
  ) => ({
    messages: (await prompt.build(args, services)).map((m) => ({ role: m.role, content: { type: 'text' as const, text: m.text } })),
  })) as never);
}
