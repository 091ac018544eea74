// Turns the semantic detector's clusters into per-text verdicts: outlier flags, scores, and the
// explanation of each outlier (its distance, its density, its unusual characters, the nearest
// normal texts).

import { PointKind } from '../cluster/dbscan.js';
import type { FieldNovelty } from '../params/field-novelty.js';
import type { TextVerdicts } from '../rank/fuse-findings.js';
import type { Novelty } from './baseline-novelty.js';
import { nearestNormal, type SemanticOptions, type SemanticResult } from './semantic-outliers.js';

/** Distance between the embeddings of one text, rounding aside (the index's answer may be another copy). */
const SAME_TEXT = 1e-4;

/** Rarity adds to the ranking score at this rate: 16 bits of rare characters weigh one eps of distance. */
const RARITY_BITS_PER_POINT = 16;

export function semanticVerdicts(
  texts: readonly string[],
  counts: ArrayLike<number>,
  characters: FieldNovelty,
  result: SemanticResult,
  options: SemanticOptions,
  novelty?: Novelty,
): TextVerdicts {
  const { eps, minSamples, minRarity, farOutlier } = options;
  const n = texts.length;
  const flagged = new Uint8Array(n);
  const scores = new Float32Array(n);
  const { kinds, coreDistance, nearestCore } = result.clusters;
  for (let id = 0; id < n; id++) {
    const rarity = characters.bits[id]!;
    if (novelty) {
      // Against a clean period the fields decide: a request is a finding when its characters, its
      // path or its parameters are new for their fields (params/field-novelty.ts, learned from the
      // baseline). Distance alone flagged 29 % of CSIC 2010's normal requests (new names and
      // addresses are novel texts, not attacks); requiring distance as well cut recall from 0.95 to
      // 0.73 (docs/detection.md). The distance still ranks: farther is worse.
      // A request the baseline has (at distance 0: the same text) was declared normal, however rare.
      if (rarity < minRarity || novelty.distance[id]! <= SAME_TEXT || novelty.texts[novelty.nearest[id]!] === texts[id]) continue;
      flagged[id] = 1;
      scores[id] = Math.max(1, novelty.distance[id]! / eps) + rarity / RARITY_BITS_PER_POINT;
      continue;
    }
    if (kinds[id] !== PointKind.Noise) continue;
    const distance = coreDistance[id]! / eps;
    if (rarity < minRarity && distance < farOutlier) continue;
    flagged[id] = 1;
    scores[id] = distance + rarity / RARITY_BITS_PER_POINT;
  }
  return {
    texts,
    counts,
    flagged,
    scores,
    clusters: result.clusters.labels,
    explain(id) {
      if (novelty) {
        const why = explainNovelty(id, counts, novelty, eps, kinds[id] === PointKind.Noise);
        const unusual = characters.explain(id);
        return unusual === undefined ? why : { ...why, reasons: [...why.reasons, unusual] };
      }
      const normal = nearestNormal(result, id, 3).map(({ id: other, distance }) => ({ text: texts[other]!, distance: round(distance) }));
      const distance = coreDistance[id]!;
      const reasons = [
        nearestCore[id]! >= 0
          ? `semantic outlier: nearest normal request is ${distance.toFixed(2)} away (eps ${eps})`
          : `semantic outlier: no normal request among its nearest neighbours (all beyond ${distance.toFixed(2)}, eps ${eps})`,
        `sparse: occurs ${counts[id]} time(s), with fewer than min_samples ${minSamples} similar requests within eps`,
      ];
      if (characters.bits[id]! >= minRarity) {
        const unusual = characters.explain(id);
        if (unusual !== undefined) reasons.push(unusual);
      }
      return { reasons, nearestNormal: normal };
    },
  };
}

function explainNovelty(id: number, counts: ArrayLike<number>, novelty: Novelty, eps: number, inFileOutlier: boolean) {
  const nearest = novelty.nearest[id]!;
  const distance = novelty.distance[id]!;
  return {
    reasons: [
      nearest < 0
        ? 'novel: the baseline is empty'
        : distance > eps
          ? `novel: the nearest request of the baseline is ${distance.toFixed(2)} away (eps ${eps})`
          : `close to a request of the baseline (${distance.toFixed(2)} away, eps ${eps}), but not in its fields`,
      inFileOutlier
        ? `occurs ${counts[id]} time(s) in this scan, and is an outlier within it too`
        : `occurs ${counts[id]} time(s) in this scan, in a cluster of similar new requests (a campaign, or a new feature)`,
    ],
    nearestNormal: nearest >= 0 ? [{ text: novelty.texts[nearest]!, distance: round(distance) }] : [],
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
