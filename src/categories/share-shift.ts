// Per time window: values whose share of the window's records jumped (the BLOCK rate triples, a new
// country arrives at volume, CloudFront starts answering LimitExceeded). The usual share is the
// baseline's, or without one the median over this scan's windows; one finding per window.
import type { CategoryFinding, CategoryValue } from '../types.js';
import type { CategoryBaseline } from './category-baseline.js';
import { CATEGORY_FIELDS, isNotable } from './category-fields.js';
import { OTHER_VALUE, type CategoryCounts, type WindowCounts } from './category-counts.js';
import { MIN_WINDOWS, type CategoryOptions } from './category-options.js';
import { categoryValue, inFieldOrder, percent, showValue, surpriseBits } from './category-reason.js';

interface Usual {
  share: number;
  records: number;
  of: string;
}

export function shareShiftFindings(counts: CategoryCounts, options: CategoryOptions, baseline?: CategoryBaseline): CategoryFinding[] {
  const windows = counts.windows();
  const usual = usualShares(counts, windows, options.minRequests, baseline);
  const findings: CategoryFinding[] = [];
  for (const window of windows) {
    const entries: Array<{ field: number; value: CategoryValue; reason: string }> = [];
    let score = 0;
    for (const [id, count] of window.values) {
      const stats = counts.values[id]!;
      const expected = usual.get(id);
      if (expected === undefined || count < options.minCount || stats.value === OTHER_VALUE) continue;
      const total = window.fieldTotals[stats.field]!;
      if (total < options.minRequests) continue;
      const share = count / total;
      if (share < options.shareRatio * expected.share || share - expected.share < options.minShareRise) continue;
      const name = CATEGORY_FIELDS[stats.field]!.name;
      entries.push({
        field: stats.field,
        value: categoryValue(name, stats.value, count, total, expected.share),
        reason: `${showValue(name, stats.value)}: ${percent(share)} of the window's ${total} requests (${count}), usually ${percent(expected.share)} (${expected.of})`,
      });
      score = Math.max(score, surpriseBits(share, expected.share, expected.records));
    }
    if (entries.length > 0) {
      findings.push({ type: 'share_shift', score, ip: null, startMs: window.startMs, endMs: window.endMs, clients: [], first: null, ...inFieldOrder(entries) });
    }
  }
  return findings;
}

/**
 * The usual share of every notable value id: the baseline's for a field it knows; else the median
 * share over the windows with at least minRequests records of the field (a window without the value
 * counts as 0), given MIN_WINDOWS of them.
 */
function usualShares(counts: CategoryCounts, windows: readonly WindowCounts[], minRequests: number, baseline?: CategoryBaseline): Map<number, Usual> {
  const usual = new Map<number, Usual>();
  counts.values.forEach((stats, id) => {
    const field = CATEGORY_FIELDS[stats.field]!;
    if (!isNotable(field, stats.value)) return;
    const name = field.name;
    const known = baseline?.fields[name];
    if (known !== undefined && known.total > 0) {
      usual.set(id, { share: (known.values[stats.value] ?? 0) / known.total, records: known.total, of: 'baseline' });
      return;
    }
    // Windows of a few requests have shares of 0 or 100 %; only windows big enough to have a share count.
    const carrying = windows.filter((w) => w.fieldTotals[stats.field]! >= minRequests);
    if (carrying.length < MIN_WINDOWS) return;
    const shares = carrying.map((w) => (w.values.get(id) ?? 0) / w.fieldTotals[stats.field]!).sort((a, b) => a - b);
    usual.set(id, { share: median(shares), records: counts.fieldTotals[stats.field]!, of: `median of ${carrying.length} windows` });
  });
  return usual;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
