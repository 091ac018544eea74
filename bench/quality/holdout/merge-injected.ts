// Merges injected lines into their background: each goes right after the background line it was placed at.

import type { Background } from './backgrounds.js';
import { type CombinedLine, formatCombined, msToClfTime } from './combined-line.js';

export interface Injected {
  /** Index of the background line it follows. */
  after: number;
  /** Its time, written in the background's zone. */
  ms: number;
  line: CombinedLine;
  label: string;
}

/** Each injected line follows its background line (in time order among lines placed there), so the log stays in time order. */
export function mergeInjected(bg: Background, injected: Injected[]): { lines: string[]; anomalies: Map<number, string> } {
  const ordered = injected.map((item, order) => ({ item, order })).sort((a, b) => a.item.after - b.item.after || a.item.ms - b.item.ms || a.order - b.order);
  const lines: string[] = [];
  const anomalies = new Map<number, string>();
  let next = 0;
  bg.lines.forEach((text, i) => {
    lines.push(text);
    for (; next < ordered.length && ordered[next]!.item.after === i; next++) {
      const { line, label, ms } = ordered[next]!.item;
      lines.push(formatCombined({ ...line, time: msToClfTime(ms, bg.zone) }));
      anomalies.set(lines.length, label);
    }
  });
  return { lines, anomalies };
}

/** Index of the last time ≤ ms in a non-decreasing list (ms is never before the first). */
export function lastAtOrBefore(timesMs: readonly number[], ms: number): number {
  let low = 0;
  let high = timesMs.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (timesMs[mid]! <= ms) low = mid;
    else high = mid - 1;
  }
  return low;
}
