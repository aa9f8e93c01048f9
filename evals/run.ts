import { parseArgs } from 'node:util';
import { runEvalCommand } from '../server/commands/eval.js';

/** `npm run eval -- [--dataset DIR]… [--no-golden] [--no-external] [--update-baseline] [--write-readme README.md] [--report FILE]` */
const { values } = parseArgs({
  options: {
    dataset: { type: 'string', multiple: true },
    'no-golden': { type: 'boolean' },
    'no-external': { type: 'boolean' },
    'update-baseline': { type: 'boolean' },
    'write-readme': { type: 'string' },
    report: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const { exitCode } = await runEvalCommand({
  datasets: values.dataset,
  noGolden: values['no-golden'],
  noExternal: values['no-external'],
  updateBaseline: values['update-baseline'],
  writeReadme: values['write-readme'],
  reportPath: values.report,
  baselinePath: values.baseline,
  out: process.stdout,
});
process.exitCode = exitCode;
