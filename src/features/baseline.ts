// A baseline learned from known-clean logs, saved as JSON, so that today's traffic is judged
// against a normal period rather than against itself (a bot that is half of today's traffic
// moves today's median; it does not move last week's).
import { InputError } from '../errors.js';
import { DEFAULT_MIN_REQUESTS, learnFeatureStats } from './feature-stats.js';
import type { IpFeatureRow } from './ip-feature-row.js';
import type { FeatureBaseline } from './score-ips.js';
import { learnSeedStats } from './seed-score.js';
import type { WindowStats } from './window-accumulator.js';
import { learnWindowStats, type WindowBaseline } from './window-stats.js';

export const BASELINE_VERSION = 1;

export interface StructuredBaseline {
  version: typeof BASELINE_VERSION;
  /** Per-IP feature statistics; pass the whole object or `.features` to scoreIps(). */
  features: FeatureBaseline;
  /** Window metric statistics; pass the whole object or `.windows` to detectWindows(). */
  windows: WindowBaseline;
}

export function learnFeatureBaseline(rows: readonly IpFeatureRow[], windows: readonly WindowStats[], options: { minRequests?: number } = {}): StructuredBaseline {
  const minRequests = options.minRequests ?? DEFAULT_MIN_REQUESTS;
  return {
    version: BASELINE_VERSION,
    features: { minRequests, features: learnFeatureStats(rows, minRequests), seed: learnSeedStats(rows) },
    windows: learnWindowStats(windows),
  };
}

/** Checks a parsed JSON baseline; a wrong or missing version is an input error with a fix. */
export function parseBaseline(json: unknown, source = 'baseline'): StructuredBaseline {
  const candidate = json as Partial<StructuredBaseline> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.version !== BASELINE_VERSION) {
    const found = typeof candidate === 'object' && candidate !== null ? String(candidate.version) : typeof candidate;
    throw new InputError('SEMLOG_BAD_BASELINE', `${source} is not a semlog baseline version ${BASELINE_VERSION} (found version ${found})`, {
      hint: 'learn it again from clean logs with this version of semlog',
    });
  }
  if (typeof candidate.features?.features !== 'object' || typeof candidate.windows?.metrics !== 'object') {
    throw new InputError('SEMLOG_BAD_BASELINE', `${source} lacks its "features" or "windows" statistics`, {
      hint: 'learn it again from clean logs; do not edit the file by hand',
    });
  }
  return candidate as StructuredBaseline;
}
