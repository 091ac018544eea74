// `semlog tune --learn` with client labels: fits an L2-regularised logistic regression on the client
// signals (clients/client-signals.ts, computed at the default settings) and judges it by the average
// precision of the attacker clients in its ranking. The same guard as the line model: each of the
// client folds is ranked by a model fitted without its clients; the model is only worth saving when
// those pooled held-out probabilities rank the attackers better than the default client score does.

import { throwIfAborted } from '../errors.js';
import type { Baseline } from '../pipeline/baseline-store.js';
import type { PreparedScan } from '../pipeline/prepare-scan.js';
import { CLIENT_SIGNALS, clientSignalRows } from '../clients/client-signals.js';
import { rankingKey } from '../clients/client-rank.js';
import { LEARNED_CLIENT_KIND, type LearnedClientModel } from '../clients/learned-client-score.js';
import { SAVED_MODEL_FORMAT } from '../rank/check-saved-model.js';
import { rankClients, rankedFindingsPerClient } from '../rank/fuse-findings.js';
import { averagePrecision } from './average-precision.js';
import { defaultJudgement } from './default-judgement.js';
import { clientFold } from './line-subsets.js';
import { FIT_DEFAULTS, fitLogistic, predictLogistic } from './logistic-regression.js';
import { TUNE_DEFAULTS } from './tune-settings.js';

export interface LearnClientsOptions {
  baseline?: Baseline;
  folds?: number;
  zThreshold?: number;
  l2?: number;
  signal?: AbortSignal;
}

export interface ClientScores {
  /** Average precision of the attacker clients in the ranking. */
  averagePrecision: number;
  /** Attackers among the top `attackers` clients of the ranking (R-precision, as a count). */
  attackersAtTop: number;
}

export interface LearnClientsResult {
  model: LearnedClientModel;
  clients: number;
  attackers: number;
  /** The default client score's ranking of all clients (it was fitted on nothing). */
  defaults: ClientScores;
  /** The model fitted on all clients, on all clients: optimistic. */
  scores: ClientScores;
  /** Each fold's clients ranked by a model fitted without them, pooled. */
  heldOut: ClientScores & { folds: number };
  /** Whether the held-out average precision beats the defaults': only then is the model saved. */
  beats: boolean;
}

/** `attackers[ipId]` is 1 for a client labelled an attacker (label-clients.ts). */
export function learnClients(prepared: PreparedScan, attackers: Uint8Array, options: LearnClientsOptions = {}): LearnClientsResult {
  const { rows, defaultScore } = defaultClientRows(prepared, options);
  const clients = attackers.length;
  const fit = { ...FIT_DEFAULTS, ...(options.l2 !== undefined && { l2: options.l2 }) };
  const dim = CLIENT_SIGNALS.length;
  const folds = options.folds ?? TUNE_DEFAULTS.folds;
  const heldOutProbability = new Float64Array(clients);
  for (let fold = 0; fold < folds; fold++) {
    throwIfAborted(options.signal);
    const model = fitLogistic(rows, dim, attackers, (ipId) => clientFold(ipId, folds) !== fold, fit);
    for (let ipId = 0; ipId < clients; ipId++) if (clientFold(ipId, folds) === fold) heldOutProbability[ipId] = predictLogistic(model, rows, ipId);
  }
  const logistic = fitLogistic(rows, dim, attackers, () => true, fit);
  const probability = Float64Array.from({ length: clients }, (_, ipId) => predictLogistic(logistic, rows, ipId));
  const defaults = clientScores(defaultScore, attackers);
  const heldOut = { ...clientScores(heldOutProbability, attackers), folds };
  return {
    model: {
      kind: LEARNED_CLIENT_KIND,
      format: SAVED_MODEL_FORMAT,
      signals: [...CLIENT_SIGNALS],
      embeddingModel: prepared.modelId,
      baseline: options.baseline !== undefined,
      ...logistic,
    },
    clients,
    attackers: attackers.reduce((sum, a) => sum + a, 0),
    defaults,
    scores: clientScores(probability, attackers),
    heldOut,
    beats: heldOut.averagePrecision > defaults.averagePrecision,
  };
}

/** The client signals and the default client score as a default scan computes them. */
export function defaultClientRows(prepared: PreparedScan, options: LearnClientsOptions): { rows: Float64Array; defaultScore: Float64Array } {
  const { site, verdicts, evidence } = defaultJudgement(prepared, options);
  const { occurrences, ips } = prepared.state;
  const flaggedLines = rankedFindingsPerClient(verdicts, site, occurrences, ips.length);
  const ranks = rankClients({ ips, ipEvidence: evidence, context: site.context }, flaggedLines);
  return {
    rows: clientSignalRows({ ips, ipEvidence: evidence, ranks, flaggedLines }),
    // Judged in the order a default scan reports clients: attack behaviour first (client-rank.ts).
    defaultScore: Float64Array.from(ranks, rankingKey),
  };
}

export function clientScores(scores: ArrayLike<number>, attackers: Uint8Array): ClientScores {
  const count = attackers.reduce((sum, a) => sum + a, 0);
  const top = Array.from({ length: attackers.length }, (_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, count);
  return { averagePrecision: averagePrecision(scores, attackers), attackersAtTop: top.reduce((sum, i) => sum + attackers[i]!, 0) };
}
