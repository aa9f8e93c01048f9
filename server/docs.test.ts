import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALL_TOOLS } from '../tools/index.js';
import { defineTool } from '../tools/tool.js';
import { extractBlock, renderToolTable, replaceBlock, TOOLS_BEGIN, TOOLS_END } from './docs.js';

describe('the README tool table', () => {
  it('matches the registry (run `npm run docs` when this fails)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(extractBlock(readme, TOOLS_BEGIN, TOOLS_END)).toBe(renderToolTable(ALL_TOOLS));
  });

  it('lists a tool with its first sentence, inputs and hints, escaping pipes', () => {
    const tool = defineTool({
      name: 'demo',
      title: 'Demo',
      description: 'Does a | b. Then more.',
      inputSchema: z.object({ url: z.string(), depth: z.number() }),
      outputSchema: z.object({}),
      annotations: { readOnlyHint: true, openWorldHint: true },
      handler: async () => ({}),
    });
    expect(renderToolTable([tool]).split('\n')[2]).toBe('| `demo` | Demo | Does a \\| b. | `url`, `depth` | read-only, open-world |');
  });

  it('is replaced between its markers and nowhere else', () => {
    const doc = `intro\n${TOOLS_BEGIN}\nold\n${TOOLS_END}\noutro`;
    expect(replaceBlock(doc, TOOLS_BEGIN, TOOLS_END, 'new')).toBe(`intro\n${TOOLS_BEGIN}\nnew\n${TOOLS_END}\noutro`);
    expect(() => replaceBlock('no markers', TOOLS_BEGIN, TOOLS_END, 'x')).toThrow(/markers/);
  });
});
