import { parseArgs } from 'node:util';
import { runEvalCommand } from '../server/commands/eval.js';
import { parseGeneratedSelection } from './generator/seeds.js';

/**
 * `npm run eval -- [--dataset DIR]… [--no-golden] [--no-external] [--generated held-out|none|1,2] [--update-baseline]
 * [--write-readme README.md] [--report FILE]`
 */
const USAGE = `usage: npm run eval -- [--dataset DIR]... [--no-golden] [--no-external] [--generated held-out|none|1,2,3]
                       [--update-baseline] [--baseline FILE] [--write-readme README.md] [--report FILE]`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  dataset: { type: 'string', multiple: true },
  'no-golden': { type: 'boolean' },
  'no-external': { type: 'boolean' },
  'update-baseline': { type: 'boolean' },
  'write-readme': { type: 'string' },
  report: { type: 'string' },
  baseline: { type: 'string' },
  generated: { type: 'string' },
} as const;

function parse(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>> {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const { values } = parse();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const { exitCode } = await runEvalCommand({
  datasets: values.dataset,
  noGolden: values['no-golden'],
  noExternal: values['no-external'],
  updateBaseline: values['update-baseline'],
  writeReadme: values['write-readme'],
  reportPath: values.report,
  baselinePath: values.baseline,
  generated: values.generated === undefined ? undefined : parseGeneratedSelection(values.generated),
  out: process.stdout,
});
process.exitCode = exitCode;
