// `scan --config`: the settings semlog tune saved, under whatever the command line says explicitly.

import { checkModelFitsScan } from '../rank/check-saved-model.js';
import type { LearnedClientModel } from '../clients/learned-client-score.js';
import type { LearnedModel } from '../rank/learned-score.js';
import { readTuneConfig } from '../tune/tune-config.js';

interface DetectorArgs {
  config: string | undefined;
  baseline: string | undefined;
  eps: number | undefined;
  minSamples: number | undefined;
  minRarity: number | undefined;
  ipWeight: number | undefined;
  minScore: number | undefined;
}

/** The arguments with the config's settings filled in, and its learned line and client models when it has them. */
export function applyTuneConfig<T extends DetectorArgs>(args: T): T & { learned?: LearnedModel; learnedClients?: LearnedClientModel } {
  if (args.config === undefined) return args;
  const { settings, learned, learnedClients } = readTuneConfig(args.config);
  // Before an hour of embedding: a model tuned with a baseline means nothing without one (the embedding
  // model is checked once it is loaded).
  for (const model of [learned, learnedClients]) if (model) checkModelFitsScan(model, { baseline: args.baseline !== undefined }, args.config);
  return {
    ...(learned && { learned }),
    ...(learnedClients && { learnedClients }),
    ...args,
    eps: args.eps ?? settings.eps,
    minSamples: args.minSamples ?? settings.minSamples,
    minRarity: args.minRarity ?? settings.minRarity,
    ipWeight: args.ipWeight ?? settings.ipWeight,
    minScore: args.minScore ?? settings.minScore,
  };
}
