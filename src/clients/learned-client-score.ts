// A client model learned by `semlog tune --learn` from client labels and saved with `--save`: the
// check a scan runs before trusting it, and how it turns a client's signals into a score and reasons.
//
//   probability = σ(bias + Σ weight · (signal − mean) / scale)
//   client score = 100 · probability
//
// The model re-ranks and re-scores the clients; which clients are reported stays the default
// ranking's decision (client-rank.ts), since client labels say who attacked, not which client a
// report must list.

import { checkSavedModel, type SavedModel } from '../rank/check-saved-model.js';
import { contributions, predictLogistic } from '../tune/logistic-regression.js';
import { CLIENT_SIGNAL_DESCRIPTIONS, CLIENT_SIGNALS } from './client-signals.js';

export const LEARNED_CLIENT_KIND = 'client-logistic-regression';

export interface LearnedClientModel extends SavedModel {
  kind: typeof LEARNED_CLIENT_KIND;
}

/** A learned client score is the probability in percent: comparable with --fail-on like other scores. */
export const CLIENT_PROBABILITY_SCALE = 100;

/** Contributions to the log-odds below this are not worth naming. */
const MIN_NAMED_CONTRIBUTION = 0.1;
const NAMED_SIGNALS = 3;

export interface LearnedClients {
  probability: Float64Array;
  /** The signals that pushed the client's probability up most, as a reason. */
  explain(ipId: number): string;
}

export function scoreLearnedClients(model: LearnedClientModel, rows: Float64Array, clients: number): LearnedClients {
  const probability = new Float64Array(clients);
  for (let ipId = 0; ipId < clients; ipId++) probability[ipId] = predictLogistic(model, rows, ipId);
  return {
    probability,
    explain(ipId) {
      const named = contributions(model, rows, ipId)
        .map((value, j) => ({ value, name: CLIENT_SIGNALS[j]! }))
        .filter((c) => c.value >= MIN_NAMED_CONTRIBUTION)
        .sort((a, b) => b.value - a.value)
        .slice(0, NAMED_SIGNALS)
        .map((c) => `${CLIENT_SIGNAL_DESCRIPTIONS[c.name]} (+${c.value.toFixed(2)})`);
      return `learned client model: probability ${probability[ipId]!.toFixed(3)}${named.length > 0 ? `; most weight: ${named.join(', ')}` : ''}`;
    },
  };
}

/** Throws a UsageError (exit 2) unless `model` is a client model this build can apply (check-saved-model.ts). */
export function checkLearnedClientModel(model: unknown, where: string): LearnedClientModel {
  const { fields } = checkSavedModel(model, where, LEARNED_CLIENT_KIND, CLIENT_SIGNALS);
  return { kind: LEARNED_CLIENT_KIND, ...fields };
}
