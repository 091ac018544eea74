// The settings file `semlog tune --save` writes and `semlog scan --config` reads: the chosen settings,
// what they were tuned on, and how well they did (in-sample, held out, and the defaults for contrast).

import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { checkNumber } from '../options/check-number.js';
import { OPTION_RULES, type NumberRule } from '../options/option-rules.js';
import { checkLearnedClientModel, type LearnedClientModel } from '../clients/learned-client-score.js';
import { checkLearnedModel, type LearnedModel } from '../rank/learned-score.js';
import type { ClientScores, LearnClientsResult } from './learn-clients.js';
import type { LearnResult } from './learn-weights.js';
import { describeObjective, type LineScores } from './objective.js';
import type { TunedSetting, TuneResult } from './tune-settings.js';

export const CONFIG_VERSION = 1;

export interface TuneConfig {
  semlogConfig: typeof CONFIG_VERSION;
  settings: TunedSetting;
  /** A line model from `tune --learn`, saved when it beat the sweep's choice held out (rank/learned-score.ts). */
  learned?: LearnedModel;
  /** A client model from `tune --learn` (clients/learned-client-score.ts), saved when it beat the default client ranking held out. */
  learnedClients?: LearnedClientModel;
  tunedOn: {
    inputs: string[];
    labels: string;
    lines: number;
    anomalies: number;
    baseline: string | null;
    model: string;
    objective: string;
    date: string;
  };
  scores: {
    /** On all labelled lines; optimistic, since they chose the settings. */
    tuned: LineScores;
    /** Cross-validated estimate for lines the choice did not see. */
    heldOut: LineScores & { folds: number };
    defaults: LineScores;
    /** The learned model's scores (`tune --learn`), kept or not. */
    learned?: { tuned: LineScores; heldOut: LineScores & { folds: number; defaulted: number }; kept: boolean };
    /** The client model's ranking of the attacker clients (average precision), beside the default client score's. */
    clients?: { attackers: number; clients: number; defaults: ClientScores; tuned: ClientScores; heldOut: ClientScores & { folds: number }; kept: boolean };
  };
}

export interface ConfigContents {
  settings: Partial<TunedSetting>;
  learned?: LearnedModel;
  learnedClients?: LearnedClientModel;
}

/**
 * Reads the settings of a config and checks them; a scan must not run on a typo. A hand-written
 * config may name only some settings: the others keep their defaults.
 */
export function readTuneConfig(file: string): ConfigContents {
  let config: TuneConfig;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as TuneConfig;
  } catch (cause) {
    const reason = cause instanceof SyntaxError ? cause.message : ((cause as NodeJS.ErrnoException).code ?? String(cause));
    throw new UsageError(`cannot read config ${file}: ${reason}`, { hint: 'write one with: semlog tune LOGS… --labels LABELS.csv --save CONFIG', cause });
  }
  if (config?.semlogConfig !== CONFIG_VERSION || typeof config.settings !== 'object' || config.settings === null) {
    throw new UsageError(`${file} is not a semlog config (version ${CONFIG_VERSION})`, { hint: 'write one with: semlog tune … --save CONFIG' });
  }
  for (const [key, value] of Object.entries(config.settings)) {
    const rule = SETTING_RULES[key as keyof TunedSetting];
    if (!rule) throw new UsageError(`${file}: unknown setting ${JSON.stringify(key)}`, { hint: `known settings: ${Object.keys(SETTING_RULES).join(', ')}` });
    checkNumber(`${file}: setting ${key}`, value, rule);
  }
  return {
    settings: config.settings,
    ...(config.learned !== undefined && { learned: checkLearnedModel(config.learned, file) }),
    ...(config.learnedClients !== undefined && { learnedClients: checkLearnedClientModel(config.learnedClients, file) }),
  };
}

/** The settings a config may hold, with the same rules as the command line's flags. */
const SETTING_RULES: Readonly<Record<keyof TunedSetting, NumberRule>> = Object.freeze({
  eps: OPTION_RULES.eps,
  minSamples: OPTION_RULES.minSamples,
  minRarity: OPTION_RULES.minRarity,
  ipWeight: OPTION_RULES.ipWeight,
  minScore: OPTION_RULES.minScore,
});

/**
 * The config to save. A learned model that beat the sweep held out is saved with the default
 * settings, the ones its signals were computed with; otherwise the sweep's choice is saved, and the
 * learned model's scores are kept for the record.
 */
export function buildTuneConfig(
  result: TuneResult,
  tunedOn: Omit<TuneConfig['tunedOn'], 'objective' | 'date' | 'anomalies' | 'lines'>,
  now = new Date(),
  learned?: LearnResult,
  learnedClients?: LearnClientsResult,
): TuneConfig {
  const kept = learned?.beats === true;
  return {
    semlogConfig: CONFIG_VERSION,
    settings: kept ? result.defaults.setting : result.chosen.setting,
    ...(kept && { learned: learned.model }),
    ...(learnedClients?.beats && { learnedClients: learnedClients.model }),
    tunedOn: {
      ...tunedOn,
      lines: result.chosen.scores.positives + result.chosen.scores.negatives,
      anomalies: result.chosen.scores.positives,
      objective: describeObjective(result.objective),
      date: now.toISOString(),
    },
    scores: {
      tuned: result.chosen.scores,
      heldOut: result.heldOut,
      defaults: result.defaults.scores,
      ...(learned && { learned: { tuned: learned.scores, heldOut: learned.heldOut, kept } }),
      ...(learnedClients && {
        clients: { attackers: learnedClients.attackers, clients: learnedClients.clients, defaults: learnedClients.defaults, tuned: learnedClients.scores, heldOut: learnedClients.heldOut, kept: learnedClients.beats },
      }),
    },
  };
}
