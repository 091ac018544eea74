// What issue #21 asks of detection, measured on one labelled mix: line precision/recall/F1, recall
// per attack class (payload, scanner), the ranking of attacker clients (average precision), and
// where the behavioural attackers (a client hammering a page) rank.

import type { Analysis } from '../../src/types.js';

export type AttackClass = 'payload' | 'scanner' | 'behavioural';

export interface LabelledMix {
  /** 1-based line → attack label. */
  anomalies: ReadonlyMap<number, string>;
  attackerIps: readonly string[];
  /** Class of every attack label; labels of class `behavioural` are judged per client only. */
  attackClass: Readonly<Record<string, AttackClass>>;
  /** Clients whose attack is behavioural (judged by their rank among clients). */
  behaviouralIps: readonly string[];
}

export interface DetectionMetrics {
  flagged: number;
  precision: number;
  recall: number;
  f1: number;
  payloadRecall: number;
  scannerRecall: number;
  recallByAttack: Record<string, number>;
  /** Average precision of the attacker IPs in the reported client ranking (1 = all of them on top). */
  clientAp: number;
  /** 1-based rank of each behavioural attacker's client (Infinity when not reported). */
  behaviouralRanks: number[];
}

export function detectionMetrics(analysis: Analysis, mix: LabelledMix): DetectionMetrics {
  const classOf = (attack: string): AttackClass => mix.attackClass[attack] ?? 'payload';
  const flagged = new Set(analysis.lines.map((l) => l.line));
  let truePositives = 0;
  let positives = 0;
  let falsePositives = 0;
  const found: Record<string, number> = {};
  const total: Record<string, number> = {};
  const byClass = { payload: [0, 0], scanner: [0, 0] } as Record<'payload' | 'scanner', [number, number]>;
  for (const [line, attack] of mix.anomalies) {
    const cls = classOf(attack);
    if (cls === 'behavioural') continue;
    positives++;
    total[attack] = (total[attack] ?? 0) + 1;
    byClass[cls][1]++;
    if (flagged.has(line)) {
      truePositives++;
      byClass[cls][0]++;
      found[attack] = (found[attack] ?? 0) + 1;
    }
  }
  for (const line of flagged) if (!mix.anomalies.has(line)) falsePositives++;
  const judged = truePositives + falsePositives;
  const precision = judged === 0 ? 0 : truePositives / judged;
  const recall = positives === 0 ? 0 : truePositives / positives;
  const ranked = analysis.ips.map((ip) => ip.ip);
  return {
    flagged: judged,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    payloadRecall: ratio(byClass.payload),
    scannerRecall: ratio(byClass.scanner),
    recallByAttack: Object.fromEntries(Object.keys(total).map((k) => [k, (found[k] ?? 0) / total[k]!])),
    clientAp: averagePrecision(ranked, new Set(mix.attackerIps)),
    behaviouralRanks: mix.behaviouralIps.map((ip) => {
      const at = ranked.indexOf(ip);
      return at < 0 ? Infinity : at + 1;
    }),
  };
}

/** Mean over relevant items of the precision at each one's rank; unranked items count 0. */
export function averagePrecision(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 1;
  let hits = 0;
  let sum = 0;
  ranked.forEach((item, i) => {
    if (!relevant.has(item)) return;
    hits++;
    sum += hits / (i + 1);
  });
  return sum / relevant.size;
}

function ratio([hit, all]: [number, number]): number {
  return all === 0 ? NaN : hit / all;
}
