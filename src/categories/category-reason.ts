// How categorical findings name a value, a share and their surprise, the same way in every reason.
import type { CategoryValue } from '../types.js';
import { round3 } from '../round3.js';

/** Values whose meaning is not obvious from the value itself. */
const MEANINGS: Readonly<Record<string, string>> = Object.freeze({
  'targetStatus\t-': 'no response from the target: the load balancer answered itself',
});

export function showValue(field: string, value: string): string {
  const meaning = MEANINGS[`${field}\t${value}`];
  return `${field} ${value}${meaning === undefined ? '' : ` (${meaning})`}`;
}

export function percent(share: number): string {
  const digits = share > 0 && share < 0.001 ? 3 : 1;
  return `${Number((share * 100).toFixed(digits))}%`;
}

/** log2 of how many times more frequent than expected; an expected 0 counts as one record in `referenceRecords` + 1. */
export function surpriseBits(share: number, expected: number, referenceRecords: number): number {
  const floor = 1 / (referenceRecords + 1);
  return round3(Math.max(0, Math.log2(share / Math.max(expected, floor))));
}


/** A finding's values and their reasons in field order (as CATEGORY_FIELDS lists them), then most records first. */
export function inFieldOrder(entries: Array<{ field: number; value: CategoryValue; reason: string }>): { values: CategoryValue[]; reasons: string[] } {
  const sorted = [...entries].sort((a, b) => a.field - b.field || b.value.count - a.value.count || (a.value.value < b.value.value ? -1 : 1));
  return { values: sorted.map((e) => e.value), reasons: sorted.map((e) => e.reason) };
}

/** A value as findings report it; shares to six decimals. */
export function categoryValue(field: string, value: string, count: number, total: number, expected: number | null): CategoryValue {
  return { field, value, count, total, share: round6(total === 0 ? 0 : count / total), expected: expected === null ? null : round6(expected) };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
