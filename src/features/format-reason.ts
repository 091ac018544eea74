// Human-readable reasons: what fired, by how much, against what normal value.
import type { FeatureUnit } from './feature-catalog.js';

/**
 * `request_rate 412/min is 5.3σ above normal (median 2/min)`; `unique_uris about 3710 is …` when the
 * value is an estimate (a distinct count past its cap), so that it is not read as an exact count.
 */
export function featureReason(
  name: string, unit: FeatureUnit, value: number, z: number, normal: number, normalLabel: 'median' | 'mean', estimate = false,
): string {
  return `${name} ${estimate ? 'about ' : ''}${formatValue(unit, value)} is ${z.toFixed(1)}σ above normal (${normalLabel} ${formatValue(unit, normal)})`;
}

export function lowVarietyReason(requests: number, paths: number): string {
  return `low_uri_variety: ${requests} requests to only ${paths} distinct path${paths === 1 ? '' : 's'}`;
}

/** `tags: sql_injection ×12, xss ×3` (most frequent first). */
export function tagsReason(tags: Record<string, number>): string | undefined {
  const entries = Object.entries(tags).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return undefined;
  return `tags: ${entries.map(([tag, count]) => `${tag} ×${count}`).join(', ')}`;
}

export function formatValue(unit: FeatureUnit, value: number): string {
  switch (unit) {
    case 'ratio':
      return `${round(value * 100)}%`;
    case 'perMinute':
      return `${round(value)}/min`;
    case 'ms':
      return `${round(value)}ms`;
    case 'count':
      return round(value);
  }
}

/** Three significant digits at most, no exponent, no trailing zeros. */
function round(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}
