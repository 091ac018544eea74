// `semlog tune PATH… --labels LABELS.csv [--save CONFIG]`: embed once, sweep the settings against the
// labels, print the trade-offs and save the choice for `semlog scan --config`.

import type { Argv, CommandModule } from 'yargs';
import { InputError, UsageError } from '../errors.js';
import { readBaseline } from '../pipeline/baseline-store.js';
import { prepareScan } from '../pipeline/prepare-scan.js';
import { renderSuggestions, renderTuneReport } from '../report/tune-report.js';
import { labelScan } from '../tune/label-clients.js';
import { learnClients } from '../tune/learn-clients.js';
import { learnWeights } from '../tune/learn-weights.js';
import { parseObjective } from '../tune/objective.js';
import { readLabels } from '../tune/read-labels.js';
import { suggestionsCsv, suggestLabels } from '../tune/suggest-labels.js';
import { buildTuneConfig } from '../tune/tune-config.js';
import { TUNE_DEFAULTS, tuneSettings } from '../tune/tune-settings.js';
import { runWithContext } from './run-with-context.js';
import { numberOption } from './number-args.js';
import { inputOptions, modelOptions, pipelineOptions, pipelineSettings, type InputArgs, type ModelArgs, type PipelineArgs } from './shared-options.js';
import { writeReport } from './write-report.js';

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
  handler: (args) =>
    runWithContext(args, async ({ endProgress, ...context }) => {
      const objective = parseObjective(args.objective);
      if (args.suggestCsv !== undefined && args.suggest === undefined) {
        throw new UsageError('--suggest-csv needs --suggest N', { hint: 'e.g. --suggest 50 --suggest-csv more-labels.csv' });
      }
      // Read the labels before an hour of embedding, so that a typo fails at once.
      const file = readLabels(args.labels);
      const prepared = await prepareScan({ ...pipelineSettings(args), ...context });
      const { lines: labelled, attackers } = labelScan(file, prepared, args.labels);
      if (labelled.anomalies === 0) {
        throw new InputError('SEMLOG_BAD_LABELS', `${args.labels} labels no scanned line as an anomaly: there is nothing to tune for`, {
          hint: 'label at least a few known attack lines with label=anomaly',
        });
      }
      const baseline = args.baseline === undefined ? undefined : readBaseline(args.baseline, prepared);
      const result = tuneSettings(prepared, labelled, { objective, folds: args.folds, ...(baseline && { baseline }), ...context });
      // --suggest asks the line model which lines it is least sure of: it is fitted even without --learn.
      const learned = args.learn || args.suggest !== undefined
        ? learnWeights(prepared, labelled, { objective, folds: args.folds, against: [result.heldOut, result.defaults.scores], ...(baseline && { baseline }), signal: context.signal })
        : undefined;
      const learnedClients = args.learn ? learnClients(prepared, attackers, { folds: args.folds, ...(baseline && { baseline }), signal: context.signal }) : undefined;
      const suggestions =
        args.suggest === undefined || learned === undefined
          ? undefined
          : suggestLabels(prepared, learned.model, { count: args.suggest, labelled: (i) => labelled.listed[i] === 1, ...(baseline && { baseline }) });
      endProgress();
      const report =
        args.output === 'json'
          ? `${JSON.stringify({ ...result, ...(learned && args.learn && { learned }), ...(learnedClients && { learnedClients }), ...(suggestions && { suggestions }) }, null, 2)}\n`
          : renderTuneReport(result, {
              lines: labelled.labels.length,
              anomalies: labelled.anomalies,
              notScored: labelled.notScored.length,
              baseline: baseline !== undefined,
              top: args.top,
              labelKind: file.kind,
              ...(learned && args.learn && { learned }),
              ...(learnedClients && { learnedClients }),
            }) + (suggestions ? renderSuggestions(suggestions) : '');
      await writeReport([report], undefined, context.signal);
      if (suggestions && args.suggestCsv !== undefined) await writeReport([suggestionsCsv(suggestions)], args.suggestCsv, context.signal);
      if (args.save !== undefined) {
        const config = buildTuneConfig(result, {
          inputs: [...args.paths],
          labels: args.labels,
          baseline: args.baseline ?? null,
          model: prepared.modelId,
        }, new Date(), args.learn ? learned : undefined, learnedClients);
        await writeReport([`${JSON.stringify(config, null, 2)}\n`], args.save, context.signal);
        const what = [learned?.beats ? 'learned line model' : 'settings', ...(learnedClients?.beats ? ['learned client model'] : [])].join(' and ');
        if (!args.quiet) process.stderr.write(`semlog: ${what} saved to ${args.save}; use them with: semlog scan LOGS… --config ${args.save}\n`);
      }
    }),
};
