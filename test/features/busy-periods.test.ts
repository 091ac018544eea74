import { describe, expect, it } from 'vitest';
import { BUSY_PERIOD_MIN_MS, busyPeriods, busyPeriodZ, learnBusyPeriodStats } from '../../src/features/busy-periods.js';
import type { WindowStats } from '../../src/features/window-accumulator.js';

const MIN5 = 300_000;
const window = (k: number, requests: number, uniqueClients = 2): WindowStats => ({
  startMs: k * MIN5, endMs: (k + 1) * MIN5, requests, uniqueClients, requestsPerClient: requests / uniqueClients,
  errors: 0, serverErrors: 0, errorRate: 0, serverErrorRate: 0, meanLatencyMs: null, bytes: 100 * requests,
});

describe('busyPeriods', () => {
  // 48 windows with traffic: 12 (an hour) busy ones are exactly the quarter.
  const day = (busy: ReadonlySet<number>): WindowStats[] => Array.from({ length: 48 }, (_, k) => window(k, busy.has(k) ? 200 : 10));
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

  it('finds a run of an hour that holds a quarter of the windows with traffic', () => {
    expect(BUSY_PERIOD_MIN_MS).toBe(12 * MIN5);
    const windows = day(new Set(range(20, 32)));
    expect(busyPeriods(windows, (k) => windows[k]!.requests > 100, 6)).toEqual(range(20, 32));
  });

  it('counts every run of an hour towards the share, and no shorter run (a burst)', () => {
    // Two runs of an hour (12 windows) are busy periods; the 3-window burst between them is not.
    const windows = Array.from({ length: 96 }, (_, k) => window(k, 10));
    for (const k of [...range(10, 22), ...range(60, 72), 40, 41, 42]) windows[k] = window(k, 200);
    expect(busyPeriods(windows, (k) => windows[k]!.requests > 100, 6)).toEqual([...range(10, 22), ...range(60, 72)]);
    // 24 of 96: exactly the quarter. One quiet window more (97) and it is less.
    const longer = [...windows, window(96, 10)];
    expect(busyPeriods(longer, (k) => longer[k]!.requests > 100, 6)).toEqual([]);
  });

  it('breaks a run at a window that is not busy, or at a gap in time', () => {
    const windows = day(new Set(range(20, 32)));
    windows[26] = window(26, 10);
    expect(busyPeriods(windows, (k) => windows[k]!.requests > 100, 6)).toEqual([]);
    const gap = day(new Set(range(20, 32))).map((w, k) => (k >= 26 ? { ...w, startMs: w.startMs + MIN5, endMs: w.endMs + MIN5 } : w));
    expect(busyPeriods(gap, (k) => gap[k]!.requests > 100, 6)).toEqual([]);
  });

  it('needs minWindows busy windows to learn from', () => {
    const windows = day(new Set(range(20, 32)));
    expect(busyPeriods(windows, (k) => windows[k]!.requests > 100, 13)).toEqual([]);
  });
});

describe('busyPeriodZ', () => {
  it('judges the work metrics by their logarithm and the rates as they are', () => {
    // Requests 200, 240, 280 in turn: the log median is ln 240, its MAD ln(280/240).
    const busy = Array.from({ length: 30 }, (_, k) => window(k, [200, 240, 280][k % 3]!));
    const stats = learnBusyPeriodStats(busy);
    expect(stats.linear.metrics.requests!.center).toBe(240);
    expect(stats.log.requests!.center).toBeCloseTo(Math.log(240), 12);
    expect(stats.log.requests!.scale).toBeCloseTo(1.4826 * Math.log(280 / 240), 12);
    const z = busyPeriodZ({ ...window(99, 2240, 3), errors: 112, errorRate: 0.05 }, stats);
    expect(z.requests).toBeCloseTo(Math.log(2240 / 240) / (1.4826 * Math.log(280 / 240)), 12);
    // Two clients in every busy window: no spread, so the floor, √2 / 2 as a share of the median.
    expect(z.uniqueClients).toBeCloseTo(Math.log(3 / 2) / (Math.SQRT2 / 2), 12);
    // The error rate, 0 % in the period, on its linear scale and floor (2 points).
    expect(z.errorRate).toBeCloseTo(0.05 / 0.02, 12);
  });
});
