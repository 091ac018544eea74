// The categorical detector (seed 003's detectors, done properly): per field, per client and per
// window, each finding with its reasons, best first. See docs/output.md for the thresholds.
import type { CategoryFinding } from '../types.js';
import type { CategoryBaseline } from './category-baseline.js';
import type { CategoryCounts } from './category-counts.js';
import { CATEGORY_DEFAULTS, type CategoryOptions } from './category-options.js';
import { clientMixFindings } from './client-mix.js';
import { shareShiftFindings } from './share-shift.js';
import { valueFindings } from './value-findings.js';

export function detectCategories(
  counts: CategoryCounts,
  ips: readonly string[],
  options: Partial<CategoryOptions> = {},
  baseline?: CategoryBaseline,
): CategoryFinding[] {
  const settings = { ...CATEGORY_DEFAULTS, ...options };
  return [
    ...valueFindings(counts, settings, baseline),
    ...clientMixFindings(counts, ips, settings, baseline),
    ...shareShiftFindings(counts, settings, baseline),
  ].sort((a, b) => b.score - a.score);
}
