// Per time window: values whose share of the window's records jumped (the BLOCK rate triples, a new
// country arrives at volume, CloudFront starts answering LimitExceeded). The usual share is the
// baseline's, or without one the median over this scan's windows; one finding per window.
import type { CategoryFinding, CategoryValue } from '../types.js';
import type { CategoryBaseline } from './category-baseline.js';
import { CATEGORY_FIELDS, isNotable } from './category-fields.js';
import { OTHER_VALUE, type CategoryCounts, type WindowCounts } from './category-counts.js';
import { MIN_SHIFT_CLIENTS, MIN_WINDOWS, type CategoryOptions } from './category-options.js';
import { categoryValue, inFieldOrder, percent, showValue, surpriseBits } from './category-reason.js';

interface Usual {
  field: number;
  share: number;
  records: number;
  of: string;
  /** Windows the median is over; null for a baseline's share. */
  windows: number | null;
}

/** See volatileFields(). */
const VOLATILE_SHARE = 0.1;

interface Shift {
  field: number;
  value: CategoryValue;
  reason: string;
  score: number;
}

export function shareShiftFindings(counts: CategoryCounts, options: CategoryOptions, baseline?: CategoryBaseline): CategoryFinding[] {
  const windows = counts.windows();
  const usual = usualShares(counts, windows, options.minRequests, baseline);
  const shifts = windows.map((window) => windowShifts(counts, window, usual, options));
  const volatile = volatileFields(shifts, usual);
  const findings: CategoryFinding[] = [];
  windows.forEach((window, w) => {
    const kept = shifts[w]!.filter((shift) => !volatile.has(shift.field));
    if (kept.length === 0) return;
    const score = Math.max(...kept.map((shift) => shift.score));
    findings.push({ type: 'share_shift', score, ip: null, startMs: window.startMs, endMs: window.endMs, clients: [], first: null, ...inFieldOrder(kept) });
  });
  return findings;
}

function windowShifts(counts: CategoryCounts, window: WindowCounts, usual: ReadonlyMap<number, Usual>, options: CategoryOptions): Shift[] {
  const shifts: Shift[] = [];
  for (const [id, count] of window.values) {
    const stats = counts.values[id]!;
    const expected = usual.get(id);
    if (expected === undefined || count < options.minCount || stats.value === OTHER_VALUE) continue;
    if ((window.clients.get(id)?.length ?? 0) < MIN_SHIFT_CLIENTS) continue;
    const total = window.fieldTotals[stats.field]!;
    if (total < options.minRequests) continue;
    const share = count / total;
    if (share < options.shareRatio * expected.share || share - expected.share < options.minShareRise) continue;
    const name = CATEGORY_FIELDS[stats.field]!.name;
    shifts.push({
      field: stats.field,
      value: categoryValue(name, stats.value, count, total, expected.share),
      reason: `${showValue(name, stats.value)}: ${percent(share)} of the window's ${total} requests (${count}), usually ${percent(expected.share)} (${expected.of})`,
      score: surpriseBits(share, expected.share, expected.records),
    });
  }
  return shifts;
}

/**
 * Fields judged against this scan's own windows that shift in more than VOLATILE_SHARE of them (and
 * more than twice): there a shift is the usual (on a quiet blog every visitor's page load is most of
 * its window's country), so none of it is reported. Against a baseline every shift counts: a whole
 * scan unlike the clean period is the finding.
 */
function volatileFields(shifts: readonly Shift[][], usual: ReadonlyMap<number, Usual>): Set<number> {
  const shifting = new Map<number, number>();
  for (const window of shifts) for (const field of new Set(window.map((shift) => shift.field))) shifting.set(field, (shifting.get(field) ?? 0) + 1);
  const judged = new Map<number, number>();
  for (const u of usual.values()) if (u.windows !== null) judged.set(u.field, u.windows);
  const volatile = new Set<number>();
  for (const [field, count] of shifting) {
    const windows = judged.get(field);
    if (windows !== undefined && count > Math.max(2, VOLATILE_SHARE * windows)) volatile.add(field);
  }
  return volatile;
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
      usual.set(id, { field: stats.field, share: (known.values[stats.value] ?? 0) / known.total, records: known.total, of: 'baseline', windows: null });
      return;
    }
    // Windows of a few requests have shares of 0 or 100 %; only windows big enough to have a share count.
    const carrying = windows.filter((w) => w.fieldTotals[stats.field]! >= minRequests);
    if (carrying.length < MIN_WINDOWS) return;
    const shares = carrying.map((w) => (w.values.get(id) ?? 0) / w.fieldTotals[stats.field]!).sort((a, b) => a - b);
    usual.set(id, { field: stats.field, share: median(shares), records: counts.fieldTotals[stats.field]!, of: `median of ${carrying.length} windows`, windows: carrying.length });
  });
  return usual;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
