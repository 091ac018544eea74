// `method: 'seed'`: the seed's plain population z-scores, two-sided score and fixed weights,
// reproduced exactly (up to floating-point summation order) as a benchmark reference.
import { featureReason, lowVarietyReason, tagsReason } from './format-reason.js';
import { LOW_URI_VARIETY } from './feature-catalog.js';
import type { IpFeatureRow } from './ip-feature-row.js';
import { compareScores, ipScore, type IpScore } from './ip-score.js';
import { meanStd, zScore } from './robust-stats.js';
import { SEED_COLUMNS, SEED_LOW_VARIETY_WEIGHT, seedRawValue, seedValue } from './seed-features.js';

export interface SeedStats {
  n: number;
  mean: number;
  std: number;
}

export function learnSeedStats(rows: readonly IpFeatureRow[]): Record<string, SeedStats> {
  const stats: Record<string, SeedStats> = {};
  for (const column of SEED_COLUMNS) {
    stats[column.name] = { n: rows.length, ...meanStd(rows.map((row) => seedValue(row, column))) };
  }
  return stats;
}

export function seedScoreIps(rows: readonly IpFeatureRow[], zThreshold: number, baseline?: Record<string, SeedStats>): IpScore[] {
  const stats = baseline ?? learnSeedStats(rows);
  const scores = rows.map((row): IpScore => {
    const z: Record<string, number> = {};
    const fired: string[] = [];
    const reasons: string[] = [];
    let score = 0;
    for (const column of SEED_COLUMNS) {
      const columnStats = stats[column.name];
      const value = zScore(seedValue(row, column), columnStats?.mean ?? NaN, columnStats?.std ?? 0);
      z[column.name] = value;
      score += column.weight * Math.abs(value);
      if (value > zThreshold && columnStats !== undefined) {
        fired.push(column.name);
        const normal = column.log1p ? Math.expm1(columnStats.mean) : columnStats.mean;
        const unit = column.name === 'request_rate' ? 'perMinute' : column.name === 'avg_time_taken' ? 'ms' : 'count';
        reasons.push(featureReason(column.name, unit, seedRawValue(row, column.name), value, normal, 'mean', row.estimated?.includes(column.name) === true));
      }
    }
    const low = row.features[LOW_URI_VARIETY] ?? 0;
    z[LOW_URI_VARIETY] = low;
    if (low === 1) {
      fired.push(LOW_URI_VARIETY);
      score += SEED_LOW_VARIETY_WEIGHT;
      reasons.push(lowVarietyReason(row.requestCount, row.features.unique_uris ?? 0));
    }
    const tags = tagsReason(row.tags);
    if (tags !== undefined) reasons.push(tags);
    return ipScore(row, { score, flagged: fired.length > 0, z, fired, reasons });
  });
  return scores.sort(compareScores);
}
