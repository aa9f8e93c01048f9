import { readFileSync, writeFileSync } from 'node:fs';
import { ALL_TOOLS } from '../../tools/index.js';
import { renderToolTable, replaceBlock, TOOLS_BEGIN, TOOLS_END } from '../docs.js';

/** Rewrites the generated blocks of README.md; returns whether anything changed. */
export function writeDocs(readmePath: string): boolean {
  const before = readFileSync(readmePath, 'utf8');
  const after = replaceBlock(before, TOOLS_BEGIN, TOOLS_END, renderToolTable(ALL_TOOLS));
  if (after !== before) writeFileSync(readmePath, after);
  return after !== before;
}
