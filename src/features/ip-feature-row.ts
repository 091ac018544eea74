// Turns one IP's running totals into its feature values: the contract between the accumulator
// and the scorers (and the shape the baseline is learned from).
import { LOW_URI_VARIETY, LOW_VARIETY_PATHS } from './feature-catalog.js';
import type { FormPostCounts } from '../types.js';
import type { IpState } from './ip-state.js';

/** One client IP over the scanned period. Features a format cannot supply are left out. */
export interface IpFeatureRow {
  ip: string;
  requestCount: number;
  /** Raw feature values by name (see FEATURE_NAMES); absent when the format does not log the input. */
  features: Record<string, number>;
  /** Most requested URIs (path + query) with counts, heaviest first. */
  topUris: Array<[string, number]>;
  topUserAgents: Array<[string, number]>;
  /** Attack tags of this IP's lines with how many lines carried each. */
  tags: Record<string, number>;
  firstMs: number | null;
  lastMs: number | null;
  /** `lastMs - firstMs`; null without times. The seed method derives its own rate from it. */
  spanMs: number | null;
  /** False when a per-IP set hit its cap and unique_uris/repetition_ratio are estimates. */
  exactCounts: boolean;
  /** The features whose values are estimates (a distinct count past its cap), for reasons to say "about"; absent when none is. */
  estimated?: string[];
  /** Its largest run of requests for one URI within a minute, as [URI, requests]; absent without times. */
  busiestMinute?: [string, number];
  /** Its POSTs, those sent within a second of the GET of their page, and the first such URI; absent without POSTs. */
  formPosts?: FormPostCounts;
}

/** Which inputs the scanned records had at all; a feature built on a missing input is skipped. */
export interface LoggedFields {
  status: boolean;
  times: boolean;
  durations: boolean;
  cookies: boolean;
  userAgents: boolean;
}

/**
 * request_rate divides by the active span but never by less than this: an IP seen once (span 0)
 * or twice within a second would otherwise have an infinite or absurd rate.
 */
export const MIN_RATE_SPAN_MS = 60_000;

export function toFeatureRow(ip: string, state: IpState, fields: LoggedFields, topUris: number, topUserAgents: number): IpFeatureRow {
  const n = state.requests;
  const features: Record<string, number> = {
    request_count: n,
    unique_uris: state.paths.count,
  };
  if (fields.status && state.withStatus > 0) {
    features.error_count = state.errors;
    features.error_ratio = state.errors / state.withStatus;
  }
  if (fields.durations && state.durationCount > 0) features.avg_time_taken = state.durationSum / state.durationCount;
  const spanMs = state.firstMs === null || state.lastMs === null ? null : state.lastMs - state.firstMs;
  if (fields.times && spanMs !== null) features.request_rate = n / (Math.max(spanMs, MIN_RATE_SPAN_MS) / 60_000);
  features.repetition_ratio = n / Math.max(1, state.uris.count);
  if (fields.cookies) features.max_cookie_reuse = state.cookieReuse;
  if (fields.userAgents) {
    features.distinct_user_agents = state.userAgents.count;
    features.empty_ua_ratio = state.emptyUserAgents / n;
  }
  features.non_static_ratio = 1 - state.staticRequests / n;
  features[LOW_URI_VARIETY] = state.paths.count < LOW_VARIETY_PATHS ? 1 : 0;
  const estimated = estimatedFeatures(state, fields);
  return {
    ip,
    requestCount: n,
    features,
    topUris: state.topUris.top(topUris),
    topUserAgents: state.topUserAgents.top(topUserAgents),
    tags: Object.fromEntries(state.tags),
    firstMs: state.firstMs,
    lastMs: state.lastMs,
    spanMs,
    exactCounts: state.paths.exact && state.uris.exact,
    ...(estimated !== undefined && { estimated }),
    busiestMinute: state.burst.peakCount > 0 ? [state.burst.peakUri, state.burst.peakCount] : undefined,
    formPosts: state.forms.posts > 0 ? { posts: state.forms.posts, instant: state.forms.instant, uri: state.forms.firstInstantUri } : undefined,
  };
}

/**
 * The features of a row that rest on a distinct count past its cap (features/distinct-counter.ts);
 * undefined when none does, as for nearly every client (no array made for them).
 */
function estimatedFeatures(state: IpState, fields: LoggedFields): string[] | undefined {
  const agentsEstimated = fields.userAgents && !state.userAgents.exact;
  if (state.paths.exact && state.uris.exact && !agentsEstimated) return undefined;
  const estimated: string[] = [];
  if (!state.paths.exact) estimated.push('unique_uris');
  if (!state.uris.exact) estimated.push('repetition_ratio');
  if (agentsEstimated) estimated.push('distinct_user_agents');
  return estimated;
}
