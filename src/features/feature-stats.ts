// Per-feature location and scale over a population of IPs, in transformed units: what "normal"
// means for the robust and mean scorers, whether learned today or from a clean baseline.
import { FEATURES, transformValue } from './feature-catalog.js';
import type { IpFeatureRow } from './ip-feature-row.js';
import { meanStd, robustLocationScale } from './robust-stats.js';

export interface FeatureStats {
  /** IPs that contributed (those with the feature and, for volume-gated features, enough requests). */
  n: number;
  median: number;
  /** Robust σ (see robustLocationScale), already floored at the feature's minScale. */
  scale: number;
  mean: number;
  /** Population σ, not floored. */
  std: number;
}

/** Fewer requests than this and the ratio features and low_uri_variety are not scored. */
export const DEFAULT_MIN_REQUESTS = 10;

export function learnFeatureStats(rows: readonly IpFeatureRow[], minRequests = DEFAULT_MIN_REQUESTS): Record<string, FeatureStats> {
  const stats: Record<string, FeatureStats> = {};
  for (const spec of FEATURES) {
    const values: number[] = [];
    for (const row of rows) {
      const value = row.features[spec.name];
      if (value === undefined || !Number.isFinite(value)) continue;
      if (spec.needsVolume && row.requestCount < minRequests) continue;
      values.push(transformValue(spec.transform, value));
    }
    if (values.length === 0) continue;
    const { center, scale } = robustLocationScale(values, spec.minScale);
    const { mean, std } = meanStd(values);
    stats[spec.name] = { n: values.length, median: center, scale, mean, std };
  }
  return stats;
}
