// The scored form of an IP, shared by both scoring methods.
import type { IpVerdict } from '../types.js';
import type { IpFeatureRow } from './ip-feature-row.js';

/** The structured verdict (types.ts) plus when the client was active. */
export interface IpScore extends IpVerdict {
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
