// The per-IP features: one frozen registry with how each is transformed, weighted and explained.

/** How a feature's raw value is mapped before its z-score: counts and rates are heavy-tailed. */
export type FeatureTransform = 'log1p' | 'none';

/** How a raw value is printed in reasons. */
export type FeatureUnit = 'count' | 'ratio' | 'perMinute' | 'ms';

export interface FeatureSpec {
  readonly name: string;
  readonly transform: FeatureTransform;
  /** Weight of the (positive, capped) z-score in the default score. */
  readonly weight: number;
  /**
   * Smallest scale (in transformed units) the statistics may use. Without it, a feature where
   * nearly every IP has the same value (cookie reuse 1, error ratio 0) gets a scale near zero and
   * one ordinary deviation (a phone that changed networks) becomes 50σ.
   */
  readonly minScale: number;
  /** Only scored for IPs with at least `minRequests` requests: a ratio over 2 requests is noise. */
  readonly needsVolume: boolean;
  readonly unit: FeatureUnit;
  /**
   * Features measuring the same behaviour (request_count and request_rate both say "a lot")
   * share a group, and a group adds only its largest weighted z to the score: otherwise every
   * high-volume IP would be paid four times for being big, drowning one-signal attacks such as a
   * replayed cookie.
   */
  readonly group: string;
}

const spec = (name: string, group: string, transform: FeatureTransform, weight: number, unit: FeatureUnit, needsVolume = false): FeatureSpec =>
  Object.freeze({ name, group, transform, weight, unit, needsVolume, minScale: transform === 'log1p' ? 0.25 : 0.05 });

/**
 * Every feature is oriented so that "higher" is the suspicious direction, which lets the score
 * count only positive deviations: an IP with fewer requests than usual is not an attacker.
 */
export const FEATURES: readonly FeatureSpec[] = Object.freeze([
  spec('request_count', 'volume', 'log1p', 0.5, 'count'),
  spec('unique_uris', 'breadth', 'log1p', 1, 'count'),
  spec('error_count', 'errors', 'log1p', 0.5, 'count'),
  spec('error_ratio', 'errors', 'none', 1, 'ratio', true),
  spec('avg_time_taken', 'latency', 'log1p', 0.5, 'ms'),
  spec('request_rate', 'volume', 'log1p', 1, 'perMinute'),
  spec('repetition_ratio', 'repetition', 'log1p', 2, 'count'),
  spec('max_cookie_reuse', 'cookie', 'log1p', 4, 'count'),
  spec('distinct_user_agents', 'agents', 'log1p', 1, 'count'),
  spec('non_static_ratio', 'static', 'none', 0.5, 'ratio', true),
  spec('empty_ua_ratio', 'agents', 'none', 1, 'ratio', true),
]);

/** `low_uri_variety` is a 0/1 rule, not a z-score; it adds this weight when it counts. */
export const LOW_URI_VARIETY = 'low_uri_variety';
export const LOW_URI_VARIETY_WEIGHT = 2;
/** Fewer distinct paths than this is "low variety" (as in the seed method). */
export const LOW_VARIETY_PATHS = 3;

export const FEATURE_NAMES: readonly string[] = Object.freeze([...FEATURES.map((f) => f.name), LOW_URI_VARIETY]);

export function transformValue(transform: FeatureTransform, value: number): number {
  return transform === 'log1p' ? Math.log1p(Math.max(0, value)) : value;
}

export function untransformValue(transform: FeatureTransform, value: number): number {
  return transform === 'log1p' ? Math.expm1(value) : value;
}
