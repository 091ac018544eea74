// The scored form of an IP, shared by both scoring methods.
import type { IpFeatureRow } from './ip-feature-row.js';

export interface IpScore {
  ip: string;
  /** Weighted sum of z-scores (see docs/structured-detector.md); comparable within one call. */
  score: number;
  /** True when at least one feature fired. */
  flagged: boolean;
  features: Record<string, number>;
  /** z-score per scored feature (0 when not scored for this IP); low_uri_variety is 0 or 1. */
  z: Record<string, number>;
  /** Features that fired, in FEATURE_NAMES order. */
  fired: string[];
  reasons: string[];
  tags: Record<string, number>;
  topUris: Array<[string, number]>;
  topUserAgents: Array<[string, number]>;
  requestCount: number;
  firstMs: number | null;
  lastMs: number | null;
}

/** Best first; ties by volume, then IP, so the order never depends on input order. */
export function compareScores(a: IpScore, b: IpScore): number {
  return b.score - a.score || b.requestCount - a.requestCount || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
}

export function scoreShell(row: IpFeatureRow): Omit<IpScore, 'score' | 'flagged' | 'z' | 'fired' | 'reasons'> {
  return {
    ip: row.ip,
    features: row.features,
    tags: row.tags,
    topUris: row.topUris,
    topUserAgents: row.topUserAgents,
    requestCount: row.requestCount,
    firstMs: row.firstMs,
    lastMs: row.lastMs,
  };
}
