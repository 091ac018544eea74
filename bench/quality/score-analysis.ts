// Precision/recall/F1 of flagged lines against a mix's labels, and recall of attacker IPs in the top 2N.

import type { Analysis } from '../../src/types.js';
import type { Mix } from './build-mix.js';

export interface Quality {
  flagged: number;
  precision: number;
  recall: number;
  f1: number;
  /** Attacker IPs among the top 2×(number of attackers) IPs. */
  ipRecall: number;
  /** Recall per attack kind. */
  recallByAttack: Record<string, number>;
}

/**
 * Attacks that are ordinary requests repeated (one client hammering a page) are behavioural: no
 * line-level detector can tell one such line from a normal one, so they are judged by attacker-IP
 * recall and left out of the line metrics (neither positives nor false positives).
 */
export const BEHAVIOURAL_ATTACKS: ReadonlySet<string> = new Set(['hammer']);

export function scoreAnalysis(analysis: Analysis, mix: Mix): Quality {
  return scoreFlagged(new Set(analysis.lines.map((l) => l.line)), analysis.ips.map((ip) => ip.ip), mix);
}

/** Scores any method's flagged line numbers and IP ranking (semlog or a baseline). */
export function scoreFlagged(flagged: ReadonlySet<number>, rankedIps: readonly string[], mix: Mix): Quality {
  const flaggedLines = new Set([...flagged].filter((line) => !BEHAVIOURAL_ATTACKS.has(mix.anomalies.get(line) ?? '')));
  let truePositives = 0;
  let positives = 0;
  const found: Record<string, number> = {};
  const total: Record<string, number> = {};
  for (const [line, attack] of mix.anomalies) {
    if (!BEHAVIOURAL_ATTACKS.has(attack)) positives++;
    total[attack] = (total[attack] ?? 0) + 1;
    if (flaggedLines.has(line)) {
      truePositives++;
      found[attack] = (found[attack] ?? 0) + 1;
    }
  }
  const precision = flaggedLines.size === 0 ? 0 : truePositives / flaggedLines.size;
  const recall = truePositives / positives;
  const attackers = new Set(mix.attackerIps);
  const top = rankedIps.slice(0, 2 * attackers.size).filter((ip) => attackers.has(ip)).length;
  return {
    flagged: flaggedLines.size,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    ipRecall: top / attackers.size,
    recallByAttack: Object.fromEntries(Object.keys(total).map((k) => [k, (found[k] ?? 0) / total[k]!])),
  };
}
