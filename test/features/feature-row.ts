// Test helper: an IpFeatureRow with only the given features, for hand-computed scoring cases.
import type { IpFeatureRow } from '../../src/features/ip-feature-row.js';

export function featureRow(ip: string, features: Record<string, number>, extra: Partial<IpFeatureRow> = {}): IpFeatureRow {
  return {
    ip,
    requestCount: features.request_count ?? 1,
    features,
    topUris: [],
    topUserAgents: [],
    tags: {},
    firstMs: null,
    lastMs: null,
    spanMs: null,
    exactCounts: true,
    ...extra,
  };
}
