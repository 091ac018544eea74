// `semlog train CLEAN_LOGS… -o BASELINE`: learn normal traffic for `scan --baseline`.

import type { Argv, CommandModule } from 'yargs';
import { throwIfAborted, UsageError } from '../errors.js';
import { signalsDelivered } from './interrupt-signal.js';
import { runWithContext } from './run-with-context.js';
import { inputOptions, modelOptions, pipelineOptions, pipelineSettings, type InputArgs, type ModelArgs, type PipelineArgs } from './shared-options.js';

export interface TrainArgs extends InputArgs, ModelArgs, PipelineArgs {
  out: string;
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train <paths..>',
  describe: 'Learn a baseline of normal traffic from known-clean logs',
  builder: (yargs: Argv) =>
    pipelineOptions(modelOptions(inputOptions(yargs)))
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Baseline folder to write: a new or empty folder, or an earlier baseline (replaced atomically)' })
      .options(Object.fromEntries(SCAN_ONLY.map((flag) => [flag, { hidden: true }])))
      .example('$0 train clean/2024-05-*.log -o baseline/', 'Learn from a week without incidents')
      .example('$0 scan today.log --baseline baseline/', 'Then judge new logs against it') as unknown as Argv<TrainArgs>,
  handler: async (args) => {
    rejectScanOnly(args);
    // Loaded when the command runs: the other commands' start-up does not pay for them.
    const [{ checkBaselineTarget, writeBaseline }, { trainBaseline }] = await Promise.all([import('../pipeline/baseline-store.js'), import('../pipeline/train-baseline.js')]);
    return runWithContext(args, async ({ endProgress, ...context }) => {
      // Before the training, which may take an hour; writeBaseline checks again.
      checkBaselineTarget(args.out);
      const baseline = await trainBaseline({ ...pipelineSettings(args), ...context });
      endProgress();
      // An interrupt after training and before the write leaves the old baseline in place.
      await signalsDelivered();
      throwIfAborted(context.signal);
      writeBaseline(args.out, baseline);
      if (!args.quiet) process.stderr.write(`semlog: baseline ${args.out}: ${baseline.meta.records} records, ${baseline.meta.uniqueTexts} distinct requests\n`);
    });
  },
};

/**
 * The semantic detector's settings: training clusters nothing (every clean text is normal), so they
 * would mean nothing here; a scan against the baseline takes them. Once stored and never used, they
 * are now a usage error with a pointer to where they belong.
 */
const SCAN_ONLY = ['eps', 'min-samples', 'min-rarity'];

function rejectScanOnly(args: object): void {
  const given = SCAN_ONLY.find((flag) => (args as Record<string, unknown>)[flag] !== undefined);
  if (given === undefined) return;
  throw new UsageError(`--${given}: semlog train clusters nothing, so the detector's settings mean nothing here`, {
    hint: `pass --${given} to the scan that uses the baseline: semlog scan LOGS… --baseline DIR --${given} …`,
  });
}
