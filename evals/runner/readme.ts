/**
 * The README figures live between `<!-- eval:begin … -->` and `<!-- eval:end -->` (the begin marker may carry a note
 * after `eval:begin`). Everything outside the markers is left exactly as it was.
 */
export const EVAL_BEGIN = '<!-- eval:begin (written by `npm run eval -- --write-readme README.md`) -->';
export const EVAL_END = '<!-- eval:end -->';

export function replaceEvalBlock(markdown: string, content: string, fileName = 'the markdown file'): string {
  const begin = /<!--\s*eval:begin\b[^>]*?-->/.exec(markdown);
  const end = begin ? markdown.indexOf(EVAL_END, begin.index + begin[0].length) : -1;
  if (!begin || end < 0) throw new Error(`${fileName} has no eval block: add the lines "<!-- eval:begin -->" and "${EVAL_END}" where the figures go`);
  return `${markdown.slice(0, begin.index + begin[0].length)}\n${content.trim()}\n${markdown.slice(end)}`;
}
