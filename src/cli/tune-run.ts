// What `semlog tune` does (its options are in tune-command.ts): embed once, sweep the settings
// against the labels, print the trade-offs and save the choice for `semlog scan --config`.

import { InputError, UsageError } from '../errors.js';
import { checkIsBaseline, readBaseline } from '../pipeline/baseline-store.js';
import { prepareScan } from '../pipeline/prepare-scan.js';
import { renderSuggestions, renderTuneReport } from '../report/tune-report.js';
import { labelScan } from '../tune/label-clients.js';
import { learnClients } from '../tune/learn-clients.js';
import { learnWeights } from '../tune/learn-weights.js';
import { parseObjective } from '../tune/objective.js';
import { readLabels } from '../tune/read-labels.js';
import { suggestionsCsv, suggestLabels } from '../tune/suggest-labels.js';
import { buildTuneConfig } from '../tune/tune-config.js';
import { tuneSettings } from '../tune/tune-settings.js';
import { checkNotInput, checkOutputs, checkWritable } from './output-paths.js';
import { runWithContext } from './run-with-context.js';
import { pipelineSettings } from './shared-options.js';
import type { TuneArgs } from './tune-command.js';
import { writeReport } from './write-report.js';

/** Reads the labels, prepares the scan once, sweeps (and with --learn, fits) and writes the report and config. */
export function runTune(args: TuneArgs): Promise<void> {
  return runWithContext(args, async ({ endProgress, ...context }) => {
    const objective = parseObjective(args.objective);
    if (args.suggestCsv !== undefined && args.suggest === undefined) {
      throw new UsageError('--suggest-csv needs --suggest N', { hint: 'e.g. --suggest 50 --suggest-csv more-labels.csv' });
    }
    // Check the outputs and read the labels before an hour of embedding, so that a typo fails at once.
    const outputs = [
      ...(args.save !== undefined ? [{ option: '--save', path: args.save, example: 'tuned.json' }] : []),
      ...(args.suggestCsv !== undefined ? [{ option: '--suggest-csv', path: args.suggestCsv, example: 'more-labels.csv' }] : []),
    ];
    await checkOutputs(outputs, args.paths);
    await checkNotInput(outputs, { option: '--labels', path: args.labels });
    for (const output of outputs) await checkWritable(output, output.example);
    if (args.baseline !== undefined) checkIsBaseline(args.baseline);
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
  });
}
