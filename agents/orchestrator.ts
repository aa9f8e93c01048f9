import type Anthropic from '@anthropic-ai/sdk';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { buildOrchestratorSystemPrompt, ORCHESTRATOR_PROMPT_VERSION } from '../prompts/orchestrator.js';

/**
 * The orchestrator agent: a Claude tool-use loop over Quarry's own MCP tools, reached through a real MCP client.
 * Destructive tools run only after `confirm` says yes (a human); tool results go back as tool results, never as
 * instructions; the loop stops at `maxTurns`, on cancellation, or when the model is done.
 */
type MessagesApi = Pick<Anthropic['messages'], 'create'>;
type MessageParam = Anthropic.MessageParam;
type ToolResultBlockParam = Anthropic.ToolResultBlockParam;

export interface AgentStep {
  turn: number;
  tool: string;
  input: unknown;
  outcome: 'ok' | 'error' | 'declined';
  /** The result text as the model saw it (truncated). */
  result: string;
}

export interface OrchestratorOptions {
  client: Client;
  messages: MessagesApi;
  model: string;
  goal: string;
  /** Asked before any tool whose annotations say destructive; `false` declines the call. */
  confirm(tool: string, input: unknown): Promise<boolean>;
  maxTurns?: number;
  /** Longest tool result handed back to the model. */
  maxResultChars?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onStep?(step: AgentStep): void;
}

export interface OrchestratorResult {
  text: string;
  steps: AgentStep[];
  stoppedBecause: 'done' | 'max_turns' | 'refusal' | 'max_tokens' | 'cancelled';
  usage: { inputTokens: number; outputTokens: number };
  promptVersion: string;
}

export async function runOrchestrator(opts: OrchestratorOptions): Promise<OrchestratorResult> {
  const { tools } = await opts.client.listTools();
  const destructive = new Set(tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name));
  const known = new Set(tools.map((t) => t.name));
  const anthropicTools: Anthropic.Tool[] = tools.map((t, i) => ({
    name: t.name,
    description: t.description ?? t.title ?? t.name,
    input_schema: t.inputSchema as Anthropic.Tool.InputSchema,
    // The tool list and the system prompt are the stable prefix: cache them once.
    ...(i === tools.length - 1 ? { cache_control: { type: 'ephemeral' as const } } : {}),
  }));
  const system: Anthropic.TextBlockParam[] = [
    { type: 'text', text: buildOrchestratorSystemPrompt({ toolNames: [...known] }), cache_control: { type: 'ephemeral' } },
  ];
  const conversation: MessageParam[] = [{ role: 'user', content: opts.goal }];
  const steps: AgentStep[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  const maxTurns = opts.maxTurns ?? 20;
  const maxChars = opts.maxResultChars ?? 12_000;
  let lastText = '';

  for (let turn = 1; turn <= maxTurns; turn++) {
    if (opts.signal?.aborted) return finish('cancelled');
    const reply = await opts.messages.create(
      { model: opts.model, max_tokens: opts.maxTokens ?? 4_096, system, tools: anthropicTools, messages: conversation },
      opts.signal ? { signal: opts.signal } : undefined,
    );
    usage.inputTokens += reply.usage.input_tokens;
    usage.outputTokens += reply.usage.output_tokens;
    lastText = reply.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n').trim();
    conversation.push({ role: 'assistant', content: reply.content });
    if (reply.stop_reason === 'refusal') return finish('refusal');
    if (reply.stop_reason === 'max_tokens') return finish('max_tokens');
    const calls = reply.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    if (calls.length === 0) return finish('done');

    const results: ToolResultBlockParam[] = [];
    for (const call of calls) {
      const step = await runCall(turn, call);
      steps.push(step);
      opts.onStep?.(step);
      results.push({ type: 'tool_result', tool_use_id: call.id, content: step.result, ...(step.outcome === 'ok' ? {} : { is_error: true }) });
    }
    conversation.push({ role: 'user', content: results });
  }
  return finish('max_turns');

  function finish(stoppedBecause: OrchestratorResult['stoppedBecause']): OrchestratorResult {
    return { text: lastText, steps, stoppedBecause, usage, promptVersion: ORCHESTRATOR_PROMPT_VERSION };
  }

  async function runCall(turn: number, call: Anthropic.ToolUseBlock): Promise<AgentStep> {
    const base = { turn, tool: call.name, input: call.input };
    if (!known.has(call.name)) {
      return { ...base, outcome: 'error', result: `There is no tool named ${call.name}; the tools are: ${[...known].join(', ')}.` };
    }
    if (destructive.has(call.name) && !(await opts.confirm(call.name, call.input))) {
      return { ...base, outcome: 'declined', result: `The human declined ${call.name}; it was not run. Do not retry it; explain what you would have done.` };
    }
    try {
      const result = await opts.client.callTool({ name: call.name, arguments: call.input as Record<string, unknown> }, undefined, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        timeout: 600_000,
      });
      const text = (result.content as Array<{ type: string; text?: string }>)
        .flatMap((c) => (c.type === 'text' && c.text ? [c.text] : []))
        .join('\n');
      const clipped = text.length > maxChars ? `${text.slice(0, maxChars)}\n… [${text.length - maxChars} more characters cut]` : text;
      return { ...base, outcome: result.isError ? 'error' : 'ok', result: clipped };
    } catch (err) {
      return { ...base, outcome: 'error', result: `The call failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
}
