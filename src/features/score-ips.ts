// Scores every IP's features against "normal" (today's population or a clean baseline) and
// explains which features fired. The default method is robust; `method: 'seed'` is the reference.
import { UsageError } from '../errors.js';
import { FEATURES, LOW_URI_VARIETY, LOW_URI_VARIETY_WEIGHT, transformValue, untransformValue } from './feature-catalog.js';
import { DEFAULT_MIN_REQUESTS, learnFeatureStats, type FeatureStats } from './feature-stats.js';
import { featureReason, lowVarietyReason, tagsReason } from './format-reason.js';
import type { IpFeatureRow } from './ip-feature-row.js';
import { compareScores, ipScore, type IpScore } from './ip-score.js';
import { zScore } from './robust-stats.js';
import { seedScoreIps, type SeedStats } from './seed-score.js';

/** What learnFeatureBaseline() stores about the per-IP features. */
export interface FeatureBaseline {
  minRequests: number;
  features: Record<string, FeatureStats>;
  seed: Record<string, SeedStats>;
}

export type ScoreMethod = 'robust' | 'mean' | 'seed';

export interface ScoreIpsOptions {
  /** Score against a clean period instead of today's population (a StructuredBaseline works too). */
  baseline?: FeatureBaseline | { version: number; features: FeatureBaseline };
  /** robust: median/MAD (default); mean: mean/σ with our features; seed: the seed write-up exactly. */
  method?: ScoreMethod;
  /** A feature fires above this z (default 3). */
  zThreshold?: number;
  /** Per-feature weight overrides (robust and mean only; the seed's weights are fixed). */
  weights?: Partial<Record<string, number>>;
  /** Volume below which ratio features and low_uri_variety are not scored (default 6). */
  minRequests?: number;
  /** Cap on each feature's z in the score, so one extreme feature cannot hide all others (default 6). */
  zCap?: number;
}

const METHODS: readonly ScoreMethod[] = ['robust', 'mean', 'seed'];

export function scoreIps(rows: readonly IpFeatureRow[], options: ScoreIpsOptions = {}): IpScore[] {
  const method = options.method ?? 'robust';
  if (!METHODS.includes(method)) {
    throw new UsageError(`unknown scoring method "${String(method)}"`, { hint: `use one of: ${METHODS.join(', ')}` });
  }
  const zThreshold = positive('zThreshold', options.zThreshold ?? 3);
  const baseline = options.baseline === undefined ? undefined : 'version' in options.baseline ? options.baseline.features : options.baseline;
  if (method === 'seed') return seedScoreIps(rows, zThreshold, baseline?.seed);
  const minRequests = positive('minRequests', options.minRequests ?? baseline?.minRequests ?? DEFAULT_MIN_REQUESTS);
  const zCap = positive('zCap', options.zCap ?? 6);
  const stats = baseline?.features ?? learnFeatureStats(rows, minRequests);
  const scored = rows.map((row): IpScore => {
    const z: Record<string, number> = {};
    const fired: string[] = [];
    const reasons: string[] = [];
    // The largest weighted z of each group, in the order the groups first scored (the order the sum
    // adds them in); a pair of short arrays, not a Map per client: tens of thousands of clients.
    const groups: string[] = [];
    const groupScores: number[] = [];
    for (const spec of FEATURES) {
      const value = row.features[spec.name];
      const featureStats = stats[spec.name];
      if (value === undefined || featureStats === undefined) continue;
      if (spec.needsVolume && row.requestCount < minRequests) {
        z[spec.name] = 0;
        continue;
      }
      const center = method === 'mean' ? featureStats.mean : featureStats.median;
      const scale = method === 'mean' ? Math.max(featureStats.std, spec.minScale) : featureStats.scale;
      const featureZ = zScore(transformValue(spec.transform, value), center, scale);
      z[spec.name] = featureZ;
      const weighted = (options.weights?.[spec.name] ?? spec.weight) * Math.min(Math.max(featureZ, 0), zCap);
      const g = groups.indexOf(spec.group);
      if (g < 0) {
        groups.push(spec.group);
        groupScores.push(Math.max(0, weighted));
      } else groupScores[g] = Math.max(groupScores[g]!, weighted);
      if (featureZ > zThreshold) {
        fired.push(spec.name);
        const normal = untransformValue(spec.transform, center);
        reasons.push(featureReason(spec.name, spec.unit, value, featureZ, normal, method === 'mean' ? 'mean' : 'median', row.estimated?.includes(spec.name) === true));
      }
    }
    let score = groupScores.reduce((a, b) => a + b, 0);
    const lowVariety = row.features[LOW_URI_VARIETY] === 1 && row.requestCount >= minRequests ? 1 : 0;
    z[LOW_URI_VARIETY] = lowVariety;
    if (lowVariety === 1) {
      fired.push(LOW_URI_VARIETY);
      score += options.weights?.[LOW_URI_VARIETY] ?? LOW_URI_VARIETY_WEIGHT;
      reasons.push(lowVarietyReason(row.requestCount, row.features.unique_uris ?? 0));
    }
    const tags = tagsReason(row.tags);
    if (tags !== undefined) reasons.push(tags);
    return ipScore(row, { score, flagged: fired.length > 0, z, fired, reasons });
  });
  return scored.sort(compareScores);
}

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new UsageError(`${name} must be a positive number, got ${String(value)}`, { hint: `pass a number such as 3` });
  }
  return value;
}
