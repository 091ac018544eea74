// `semlog train CLEAN_LOGS… -o BASELINE`: learn normal traffic for `scan --baseline`.

import type { Argv, CommandModule } from 'yargs';
import { checkBaselineTarget, writeBaseline } from '../pipeline/baseline-store.js';
import { trainBaseline } from '../pipeline/train-baseline.js';
import { runWithContext } from './run-with-context.js';
import {
  inputOptions, modelOptions, pipelineOptions, pipelineSettings, semanticOptions, type InputArgs, type ModelArgs, type PipelineArgs, type SemanticArgs,
} from './shared-options.js';

export interface TrainArgs extends InputArgs, ModelArgs, PipelineArgs, SemanticArgs {
  out: string;
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train <paths..>',
  describe: 'Learn a baseline of normal traffic from known-clean logs',
  builder: (yargs: Argv) =>
    semanticOptions(pipelineOptions(modelOptions(inputOptions(yargs))))
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Baseline folder to write: a new or empty folder, or an earlier baseline (replaced atomically)' })
      .example('$0 train clean/2024-05-*.log -o baseline/', 'Learn from a week without incidents')
      .example('$0 scan today.log --baseline baseline/', 'Then judge new logs against it') as unknown as Argv<TrainArgs>,
  handler: (args) =>
    runWithContext(args, async ({ endProgress, ...context }) => {
      // Before the training, which may take an hour; writeBaseline checks again.
      checkBaselineTarget(args.out);
      const baseline = await trainBaseline({ ...pipelineSettings(args), ...context });
      endProgress();
      writeBaseline(args.out, baseline);
      if (!args.quiet) process.stderr.write(`semlog: baseline ${args.out}: ${baseline.meta.records} records, ${baseline.meta.uniqueTexts} distinct requests\n`);
    }),
};
