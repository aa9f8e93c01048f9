import type { z } from 'zod';
import type { Services } from './services.js';

/** MCP tool annotations: hints a client uses to decide how carefully to call a tool. */
export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ElicitResult {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

/** A flat form the client shows the user (MCP elicitation allows only primitive properties). */
export interface ElicitForm {
  message: string;
  requestedSchema: {
    type: 'object';
    properties: Record<string, { type: 'string' | 'number' | 'integer' | 'boolean'; title?: string; description?: string; enum?: string[] }>;
    required?: string[];
  };
}

export interface ToolContext<D = Services> {
  deps: D;
  /** Aborted when the client cancels the call or the session ends. */
  signal: AbortSignal;
  /** Sends a progress notification when the client asked for them; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** Present only when the client supports elicitation (asking its user a question). */
  elicit?: (form: ElicitForm) => Promise<ElicitResult>;
  sessionId?: string;
}

/**
 * A tool is data: the server registers it, the README's tool table is generated from it, tests call it.
 * The dispatcher validates input against `inputSchema` before `handler` runs and output against `outputSchema` after.
 */
export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject, D = Services> {
  name: string;
  title: string;
  /** Written for a model: when to use the tool, what it returns, what to do next. */
  description: string;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotations;
  handler(input: z.output<I>, ctx: ToolContext<D>): Promise<z.input<O>>;
  /** A short text a model can read next to the structured result. */
  summarize?(output: z.output<O>): string;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject, D = Services>(
  tool: ToolDefinition<I, O, D>,
): ToolDefinition<I, O, D> {
  return tool;
}

/**
 * A failure the caller can act on. Its message goes back to the model as an `isError` result, so it says what
 * went wrong and what to do instead (valid ids, the limit that was hit, the argument to change).
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

export interface ResourceContent {
  uri: string;
  mimeType: string;
  text: string;
}

/** A fixed resource (`uri`) or a family of them (`template`, RFC 6570, with `list` to enumerate). */
export interface ResourceDefinition<D = Services> {
  name: string;
  title: string;
  description: string;
  mimeType: string;
  uri?: string;
  template?: string;
  list?(deps: D): Promise<Array<{ uri: string; name: string; title?: string; description?: string }>>;
  read(uri: URL, variables: Record<string, string>, deps: D): Promise<ResourceContent[]>;
}

export function defineResource<D = Services>(resource: ResourceDefinition<D>): ResourceDefinition<D> {
  return resource;
}

export interface PromptMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface PromptDefinition<A extends z.ZodRawShape = z.ZodRawShape, D = Services> {
  name: string;
  title: string;
  description: string;
  /** Prompt arguments are strings (MCP); the shape documents and validates them. */
  argsSchema: A;
  build(args: z.output<z.ZodObject<A>>, deps: D): Promise<PromptMessage[]>;
}

export function definePrompt<A extends z.ZodRawShape, D = Services>(prompt: PromptDefinition<A, D>): PromptDefinition<A, D> {
  return prompt;
}
