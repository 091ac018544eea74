// `scan --config`: the settings semlog tune saved, under whatever the command line says explicitly.

import type { LearnedModel } from '../rank/learned-score.js';
import { readTuneConfig } from '../tune/tune-config.js';

interface DetectorArgs {
  config: string | undefined;
  eps: number | undefined;
  minSamples: number | undefined;
  minRarity: number | undefined;
  ipWeight: number | undefined;
  minScore: number | undefined;
}

/** The arguments with the config's settings filled in, and its learned line model when it has one. */
export function applyTuneConfig<T extends DetectorArgs>(args: T): T & { learned?: LearnedModel } {
  if (args.config === undefined) return args;
  const { settings, learned } = readTuneConfig(args.config);
  return {
    ...(learned && { learned }),
    ...args,
    eps: args.eps ?? settings.eps,
    minSamples: args.minSamples ?? settings.minSamples,
    minRarity: args.minRarity ?? settings.minRarity,
    ipWeight: args.ipWeight ?? settings.ipWeight,
    minScore: args.minScore ?? settings.minScore,
  };
}
