import type { ParsedDocument, ParsedHtml } from '../parsing/document.js';

/**
 * The document as an LLM reads it: readable text with tables kept as pipe tables, structured data kept compact,
 * boilerplate already gone (the parser marks it). When it is longer than the budget, blocks are ranked by content
 * density (how much of a block is values: numbers, dates, labels, names) and whole blocks are kept, densest first,
 * until the budget is spent; the kept blocks stay in document order and a note says what was cut.
 */
export interface RenderedDocument {
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** Estimated tokens of the full rendering before the cut. */
  fullTokens: number;
  blocksKept: number;
  blocksCut: number;
  /** Human-readable note on the cut, or null when everything fit. */
  cutNote: string | null;
}

interface Block {
  text: string;
  order: number;
  density: number;
  tokens: number;
}

/** ~3.5 characters per token for mixed European text and markup-free content. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

export function renderForLlm(doc: ParsedDocument, maxTokens = 12_000): RenderedDocument {
  const blocks = toBlocks(doc);
  const fullTokens = blocks.reduce((n, b) => n + b.tokens, 0);
  if (fullTokens <= maxTokens) return finish(blocks, fullTokens, 0, null);
  const ranked = [...blocks].sort((a, b) => b.density - a.density || a.order - b.order);
  const kept: Block[] = [];
  let used = 0;
  for (const block of ranked) {
    if (used + block.tokens > maxTokens) continue;
    kept.push(block);
    used += block.tokens;
  }
  kept.sort((a, b) => a.order - b.order);
  const cut = blocks.length - kept.length;
  const note = `[${cut} of ${blocks.length} blocks (~${(fullTokens - used).toLocaleString('en')} tokens) of lower content density were left out to fit ${maxTokens.toLocaleString('en')} tokens]`;
  return finish(kept, fullTokens, cut, note);
}

function finish(blocks: Block[], fullTokens: number, cut: number, note: string | null): RenderedDocument {
  const text = [...blocks.map((b) => b.text), ...(note ? [note] : [])].join('\n');
  return { text, tokens: estimateTokens(text), fullTokens, blocksKept: blocks.length, blocksCut: cut, cutNote: note };
}

function toBlocks(doc: ParsedDocument): Block[] {
  const texts: string[] = [];
  if (doc.title) texts.push(`# ${doc.title}`);
  switch (doc.kind) {
    case 'html':
      texts.push(...htmlBlocks(doc));
      break;
    case 'pdf':
      for (const page of doc.pages) {
        texts.push(`[page ${page.page}]`);
        texts.push(...page.lines.map((l) => l.text));
      }
      break;
    case 'text':
      texts.push(...doc.lines);
      break;
    case 'json':
    case 'xml':
      texts.push(...doc.text.split('\n'));
      break;
  }
  return texts
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((text, order) => ({ text, order, density: density(text), tokens: estimateTokens(text) + 1 }));
}

function htmlBlocks(doc: ParsedHtml): string[] {
  const out: string[] = [];
  const description = doc.meta.find((m) => m.key === 'description' || m.key === 'og:description')?.content;
  if (description) out.push(`Description: ${description}`);
  for (const block of doc.jsonLd) {
    const json = JSON.stringify(block);
    if (json && json.length > 2) out.push(`Structured data (JSON-LD): ${json.length > 20_000 ? json.slice(0, 20_000) + '…' : json}`);
  }
  // Table rows already appear in the text as space-joined lines; render them once, as tables.
  const tableLines = new Set<string>();
  const tables: string[] = [];
  for (const table of doc.tables) {
    if (table.boilerplate) continue;
    if (table.caption) tableLines.add(squash(table.caption));
    const rows = table.headers.length > 0 ? [table.headers, ...table.rows] : table.rows;
    for (const row of rows) tableLines.add(squash(row.join(' ')));
    const pipe = rows.map((row) => `| ${row.map((c) => squash(c).replace(/\|/g, '/')).join(' | ')} |`);
    if (table.headers.length > 0) pipe.splice(1, 0, `|${table.headers.map(() => ' --- ').join('|')}|`);
    tables.push([table.caption ? `Table: ${table.caption}` : 'Table:', ...pipe].join('\n'));
  }
  let tableIndex = 0;
  for (const line of doc.text.split('\n')) {
    const key = squash(line);
    if (tableLines.has(key)) {
      // The first line of a table's text marks where the table goes.
      if (tableIndex < tables.length && (tables[tableIndex] as string).includes(key.split(' ')[0] ?? '')) out.push(tables[tableIndex++] as string);
      continue;
    }
    out.push(line);
  }
  while (tableIndex < tables.length) out.push(tables[tableIndex++] as string);
  return out;
}

/** Share of a block's words that carry values: digits, currency, @, a label colon, capitalized names. */
export function density(text: string): number {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  let signals = 0;
  for (const w of words) {
    if (/\d/.test(w) || /[€$£@]/.test(w) || /:$/.test(w) || /^\p{Lu}/u.test(w) || w === '|') signals++;
  }
  const labelBonus = /^[^:]{1,40}:\s/.test(text) ? 0.3 : 0;
  // Long prose is the first thing to go; short lines with values the last.
  const lengthPenalty = words.length > 60 ? 0.2 : 0;
  return signals / words.length + labelBonus - lengthPenalty;
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
