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

/** How one scorer judged an IP; ipScore() joins it with the IP's row. */
export type IpJudgement = Pick<IpScore, 'score' | 'flagged' | 'z' | 'fired' | 'reasons'>;

/**
 * One literal with every field in a fixed order: all scores share one object shape, which keeps
 * sorting tens of thousands of them fast (objects built by spreading and extending sorted several times slower).
 */
export function ipScore(row: IpFeatureRow, judgement: IpJudgement): IpScore {
  return {
    ip: row.ip,
    score: judgement.score,
    flagged: judgement.flagged,
    features: row.features,
    z: judgement.z,
    fired: judgement.fired,
    reasons: judgement.reasons,
    tags: row.tags,
    topUris: row.topUris,
    topUserAgents: row.topUserAgents,
    requestCount: row.requestCount,
    busiestMinute: row.busiestMinute,
    formPosts: row.formPosts,
    firstMs: row.firstMs,
    lastMs: row.lastMs,
  };
}
