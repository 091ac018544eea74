// Turns the semantic detector's clusters into per-text verdicts: outlier flags, scores, and the
// explanation of each outlier (its distance, its rarity, the nearest normal texts).

import { PointKind } from '../cluster/dbscan.js';
import type { TextVerdicts } from '../rank/fuse-findings.js';
import { nearestNormal, type SemanticResult } from './semantic-outliers.js';

export function semanticVerdicts(
  texts: readonly string[],
  counts: ArrayLike<number>,
  result: SemanticResult,
  eps: number,
  minSamples: number,
): TextVerdicts {
  const n = texts.length;
  const flagged = new Uint8Array(n);
  const scores = new Float32Array(n);
  const { kinds, coreDistance, nearestCore } = result.clusters;
  for (let id = 0; id < n; id++) {
    if (kinds[id] !== PointKind.Noise) continue;
    flagged[id] = 1;
    scores[id] = coreDistance[id]! / eps;
  }
  return {
    texts,
    counts,
    flagged,
    scores,
    explain(id) {
      const normal = nearestNormal(result, id, 3).map(({ id: other, distance }) => ({ text: texts[other]!, distance: round(distance) }));
      const distance = coreDistance[id]!;
      const reasons = [
        nearestCore[id]! >= 0
          ? `semantic outlier: nearest normal request is ${distance.toFixed(2)} away (eps ${eps})`
          : `semantic outlier: no normal request among its nearest neighbours (all beyond ${distance.toFixed(2)}, eps ${eps})`,
        `sparse: occurs ${counts[id]} time(s), with fewer than min_samples ${minSamples} similar requests within eps`,
      ];
      return { reasons, nearestNormal: normal };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
