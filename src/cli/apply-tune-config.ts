// `scan --config`: the settings semlog tune saved, under whatever the command line says explicitly.

import { readTuneSettings } from '../tune/tune-config.js';

interface DetectorArgs {
  config: string | undefined;
  eps: number | undefined;
  minSamples: number | undefined;
  minRarity: number | undefined;
  ipWeight: number | undefined;
  minScore: number | undefined;
}

export function applyTuneConfig<T extends DetectorArgs>(args: T): T {
  if (args.config === undefined) return args;
  const settings = readTuneSettings(args.config);
  return {
    ...args,
    eps: args.eps ?? settings.eps,
    minSamples: args.minSamples ?? settings.minSamples,
    minRarity: args.minRarity ?? settings.minRarity,
    ipWeight: args.ipWeight ?? settings.ipWeight,
    minScore: args.minScore ?? settings.minScore,
  };
}
