// The seed write-up's per-IP method, feature by feature: which columns it z-scores, which it
// log1p-transforms, and its fixed weights. Kept apart so `method: 'seed'` stays a faithful
// reference to benchmark against while the default method evolves.
import type { IpFeatureRow } from './ip-feature-row.js';

export interface SeedColumn {
  readonly name: string;
  readonly log1p: boolean;
  readonly weight: number;
}

export const SEED_COLUMNS: readonly SeedColumn[] = Object.freeze([
  { name: 'request_count', log1p: true, weight: 1 },
  { name: 'unique_uris', log1p: false, weight: 1 },
  { name: 'error_count', log1p: false, weight: 1 },
  { name: 'avg_time_taken', log1p: false, weight: 1 },
  { name: 'request_rate', log1p: true, weight: 1 },
  { name: 'repetition_ratio', log1p: true, weight: 3 },
  { name: 'max_cookie_reuse', log1p: true, weight: 2 },
]);

/** The seed adds this to the score of every IP with fewer than 3 distinct paths, whatever its volume. */
export const SEED_LOW_VARIETY_WEIGHT = 2;

/**
 * The seed's raw value: missing inputs count as 0 (its `fillna(0)`), and the request rate is
 * requests per minute of the IP's span, 0 when the span is 0 (not our 1-minute minimum).
 */
export function seedRawValue(row: IpFeatureRow, name: string): number {
  if (name === 'request_rate') {
    return row.spanMs !== null && row.spanMs > 0 ? row.requestCount / (row.spanMs / 60_000) : 0;
  }
  return row.features[name] ?? 0;
}

export function seedValue(row: IpFeatureRow, column: SeedColumn): number {
  const raw = seedRawValue(row, column.name);
  return column.log1p ? Math.log1p(raw) : raw;
}
