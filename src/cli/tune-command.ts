// `semlog tune PATH… --labels LABELS.csv [--save CONFIG]`: its options. What it does (embed once,
// sweep the settings against the labels, print the trade-offs and save the choice for
// `semlog scan --config`) is in tune-run.ts, loaded only when the command runs.

import type { Argv, CommandModule } from 'yargs';
import { TUNE_DEFAULTS } from '../tune/tune-defaults.js';
import { numberOption } from './number-args.js';
import { inputOptions, modelOptions, pipelineOptions, type InputArgs, type ModelArgs, type PipelineArgs } from './shared-options.js';

export interface TuneArgs extends InputArgs, ModelArgs, PipelineArgs {
  labels: string;
  objective: string;
  save: string | undefined;
  learn: boolean;
  baseline: string | undefined;
  folds: number;
  top: number;
  suggest: number | undefined;
  suggestCsv: string | undefined;
  output: 'table' | 'json';
}

export const tuneCommand: CommandModule<object, TuneArgs> = {
  command: 'tune <paths..>',
  describe: 'Choose eps, min_samples, the rarity gate, the fusion weight and --min-score from labelled lines',
  builder: (yargs: Argv) =>
    pipelineOptions(modelOptions(inputOptions(yargs)))
      .option('labels', { type: 'string', demandOption: true, describe: 'CSV with a header and columns file,line,label (labelled lines) or ip,label (labelled clients); label is anomaly or normal, unlisted ones are normal' })
      .option('objective', { type: 'string', default: 'f1', describe: 'f1, precision@N (at most N flagged lines) or recall@FPR (e.g. recall@0.01)' })
      .option('save', { type: 'string', describe: 'Write the chosen settings to CONFIG (JSON) for semlog scan --config' })
      .option('learn', { type: 'boolean', default: false, describe: 'Also learn the weights of the line signals and of the client signals (logistic regressions); each is saved when it beats the sweep / the default client ranking held out' })
      .option('baseline', { type: 'string', describe: 'Tune the scan against this baseline (semlog train)' })
      .option('folds', numberOption('folds', 'Cross-validation folds for the held-out estimate', TUNE_DEFAULTS.folds))
      .option('top', numberOption('top', 'Settings shown in the table', 10))
      .option('suggest', numberOption('suggest', 'List the N unlabelled lines whose labels would help most (closest to the line model\'s threshold, spread over clients and routes)'))
      .option('suggest-csv', { type: 'string', describe: 'With --suggest: also write them to FILE as a labels file with an empty label column, to fill in and pass with --labels' })
      .option('output', { alias: 'o', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'Report format' })
      .example('$0 tune incident-day.log --labels incident.csv --save tuned.json', 'Choose settings from a labelled day')
      .example('$0 tune day.log --labels day.csv --objective precision@50', 'At most 50 flagged lines, as many real ones as possible')
      .example('$0 tune day.log --labels day.csv --suggest 50 --suggest-csv more.csv', 'Which 50 lines to label next') as unknown as Argv<TuneArgs>,
  handler: async (args) => (await import('./tune-run.js')).runTune(args),
};
