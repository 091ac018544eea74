// scan's `share_shift` categorical findings (categories/share-shift.ts) on live traffic, against a
// baseline: in a time window, a notable value whose share of the window's records jumped above its
// share in the baseline (the BLOCK rate triples, CloudFront starts answering LimitExceeded, a flood
// of 503s). The windows are those of live-windows.ts, judged when it judges them; one finding per
// window, as in scan. Only fields the baseline carried are judged (without a baseline scan takes the
// usual share from the median of the whole scan's windows, which a watcher does not have).
//
// Bounded: only the windows not judged yet are kept, each with the values of its records.

import type { CategoryBaseline, FieldBaseline } from '../categories/category-baseline.js';
import { OTHER_VALUE } from '../categories/category-counts.js';
import { CATEGORY_FIELDS, fieldValues, isNotable } from '../categories/category-fields.js';
import { CATEGORY_DEFAULTS, MIN_SHIFT_CLIENTS } from '../categories/category-options.js';
import { categoryValue, inFieldOrder, percent, showValue, surpriseBits } from '../categories/category-reason.js';
import type { CategoryFinding, CategoryValue, LogRecord } from '../types.js';

/** One window's records per field, and per value its records and first MIN_SHIFT_CLIENTS clients. */
interface WindowValues {
  fieldTotals: number[];
  values: Map<string, { field: number; value: string; count: number; clients: string[] }>;
}

export class LiveShareShifts {
  /** By field index: the baseline's counts, or undefined for a field it did not carry. */
  readonly #known: Array<FieldBaseline | undefined>;
  readonly #windowMs: number;
  /** By window start. */
  readonly #windows = new Map<number, WindowValues>();

  constructor(baseline: CategoryBaseline, windowMs: number) {
    this.#known = CATEGORY_FIELDS.map((field) => {
      const known = baseline.fields[field.name];
      return known !== undefined && known.total > 0 ? known : undefined;
    });
    this.#windowMs = windowMs;
  }

  /** Counts a record in its window (the caller leaves out records whose window was judged: live-windows.ts). */
  add(record: LogRecord): void {
    if (record.timeMs === null || !Number.isFinite(record.timeMs)) return;
    const startMs = Math.floor(record.timeMs / this.#windowMs) * this.#windowMs;
    let window = this.#windows.get(startMs);
    for (const [f, field] of CATEGORY_FIELDS.entries()) {
      if (this.#known[f] === undefined) continue;
      const values = fieldValues(field, record);
      if (values === undefined) continue;
      if (window === undefined) {
        window = { fieldTotals: CATEGORY_FIELDS.map(() => 0), values: new Map() };
        this.#windows.set(startMs, window);
      }
      window.fieldTotals[f]!++;
      for (const value of values) {
        if (!isNotable(field, value)) continue;
        const key = `${f}\t${value}`;
        let stats = window.values.get(key);
        if (stats === undefined) window.values.set(key, (stats = { field: f, value, count: 0, clients: [] }));
        stats.count++;
        if (stats.clients.length < MIN_SHIFT_CLIENTS && !stats.clients.includes(record.clientIp)) stats.clients.push(record.clientIp);
      }
    }
  }

  /** The finding of the window that starts at `startMs`, if its shares shifted; forgets the window. */
  judge(startMs: number): CategoryFinding | undefined {
    const window = this.#windows.get(startMs);
    this.#windows.delete(startMs);
    if (window === undefined) return undefined;
    const { minCount, minRequests, shareRatio, minShareRise } = CATEGORY_DEFAULTS;
    const shifts: Array<{ field: number; value: CategoryValue; reason: string; score: number }> = [];
    for (const stats of window.values.values()) {
      const known = this.#known[stats.field]!;
      const total = window.fieldTotals[stats.field]!;
      if (stats.count < minCount || stats.value === OTHER_VALUE || stats.clients.length < MIN_SHIFT_CLIENTS || total < minRequests) continue;
      const expected = (known.values[stats.value] ?? 0) / known.total;
      const share = stats.count / total;
      if (share < shareRatio * expected || share - expected < minShareRise) continue;
      const name = CATEGORY_FIELDS[stats.field]!.name;
      shifts.push({
        field: stats.field,
        value: categoryValue(name, stats.value, stats.count, total, expected),
        reason: `${showValue(name, stats.value)}: ${percent(share)} of the window's ${total} requests (${stats.count}), usually ${percent(expected)} (baseline)`,
        score: surpriseBits(share, expected, known.total),
      });
    }
    if (shifts.length === 0) return undefined;
    const score = Math.max(...shifts.map((shift) => shift.score));
    return { type: 'share_shift', score, ip: null, startMs, endMs: startMs + this.#windowMs, clients: [], first: null, ...inFieldOrder(shifts) };
  }

  /** Forgets the windows that start before `startMs` without judging them (they were judged, or held no record). */
  forgetBefore(startMs: number): void {
    for (const start of this.#windows.keys()) if (start < startMs) this.#windows.delete(start);
  }
}
