import { describe, expect, it } from 'vitest';
import { detectWindows } from '../../src/features/detect-windows.js';
import { WindowAccumulator, type WindowStats } from '../../src/features/window-accumulator.js';
import type { LogRecord } from '../../src/types.js';
import { record } from './record.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

/** 2 hours of flat traffic: each minute, 10 requests from 5 clients, 1 error, 50 ms. */
function flatTraffic(): LogRecord[] {
  const records: LogRecord[] = [];
  for (let minute = 0; minute < 120; minute++) {
    for (let i = 0; i < 10; i++) {
      records.push(record({ timeMs: T0 + minute * MIN + i * 1000, clientIp: `10.0.0.${i % 5}`, status: i === 0 ? 404 : 200, durationMs: 50, bytes: 1000 }));
    }
  }
  return records;
}

/**
 * A day of 5-minute windows from two clients: 16 quiet hours (11, 12, 13 requests in turn) and a
 * working day of 8 hours in the middle (200, 240, 280 requests in turn).
 */
function diurnal(): WindowStats[] {
  return Array.from({ length: 288 }, (_, k) => diurnalWindow(k, k >= 96 && k < 192 ? [200, 240, 280][k % 3]! : [11, 12, 13][k % 3]!, 2));
}

function diurnalWindow(k: number, requests: number, uniqueClients: number): WindowStats {
  return {
    startMs: T0 + k * 5 * MIN, endMs: T0 + (k + 1) * 5 * MIN, requests, uniqueClients, requestsPerClient: requests / uniqueClients,
    errors: 0, serverErrors: 0, errorRate: 0, serverErrorRate: 0, meanLatencyMs: 50, bytes: 1000 * requests,
  };
}

function windowsOf(records: readonly LogRecord[]): ReturnType<WindowAccumulator['windows']> {
  const accumulator = new WindowAccumulator();
  for (const r of records) accumulator.add(r);
  return accumulator.windows();
}

describe('WindowAccumulator', () => {
  it('aggregates 5-minute windows by hand and fills quiet gaps', () => {
    const windows = windowsOf([
      record({ timeMs: T0, clientIp: 'a', status: 200, durationMs: 10, bytes: 5 }),
      record({ timeMs: T0 + 1000, clientIp: 'b', status: 503, durationMs: 30, bytes: 7 }),
      record({ timeMs: T0 + 11 * MIN, clientIp: 'a', status: 404 }),
    ]);
    expect(windows).toHaveLength(3);
    expect(windows[0]).toEqual({
      startMs: T0, endMs: T0 + 5 * MIN, requests: 2, uniqueClients: 2, requestsPerClient: 1, errors: 1, serverErrors: 1,
      errorRate: 0.5, serverErrorRate: 0.5, meanLatencyMs: 20, bytes: 12,
    });
    expect(windows[1]!.requests).toBe(0);
    expect(windows[2]!.meanLatencyMs).toBeNull();
  });

  it('counts records without time instead of placing them', () => {
    const accumulator = new WindowAccumulator();
    accumulator.add(record({ timeMs: null }));
    expect(accumulator.windows()).toEqual([]);
    expect(accumulator.untimedRecords).toBe(1);
    expect(detectWindows(accumulator.windows())).toEqual([]);
  });

  it('forgets the windows that start before a time, and keeps the rest as they were', () => {
    const acc = new WindowAccumulator(5 * MIN);
    for (const minutes of [0, 6, 11, 12]) acc.add(record({ timeMs: T0 + minutes * MIN }));
    acc.forgetBefore(T0 + 7 * MIN); // inside the second window: it stays
    expect(acc.windows().map((w) => [w.startMs, w.requests])).toEqual([[T0 + 5 * MIN, 1], [T0 + 10 * MIN, 2]]);
  });

  it('rejects a window shorter than a second', () => {
    expect(() => new WindowAccumulator(10)).toThrow(/windowMs/);
  });
});

describe('detectWindows', () => {
  it('finds nothing in flat traffic', () => {
    expect(detectWindows(windowsOf(flatTraffic()))).toEqual([]);
  });

  it('finds a bot injected into flat traffic: volume up, clients not', () => {
    const bot = Array.from({ length: 400 }, (_, i) => record({ timeMs: T0 + 60 * MIN + i * 500, clientIp: '203.0.113.9', status: 200, durationMs: 50 }));
    const findings = detectWindows(windowsOf([...flatTraffic(), ...bot]));
    expect(findings.map((f) => [f.type, f.startMs])).toEqual([['bot_traffic', T0 + 60 * MIN]]);
    expect(findings[0]!.reasons[0]).toMatch(/^requests 450 is [\d.]+σ above normal \(median 50\)$/);
    // Rounded as every other score in the reports, not a full double.
    expect(findings[0]!.score).toBe(Math.round(findings[0]!.score * 1000) / 1000);
    expect(findings[0]!.score).toBe(Math.round(Math.max(findings[0]!.z.requests!, findings[0]!.z.requestsPerClient!) * 1000) / 1000);
  });

  it('calls a spike from many new clients a traffic spike', () => {
    const crowd = Array.from({ length: 400 }, (_, i) => record({ timeMs: T0 + 30 * MIN + i * 500, clientIp: `198.51.${i >> 8}.${i & 255}`, status: 200, durationMs: 50 }));
    expect(detectWindows(windowsOf([...flatTraffic(), ...crowd])).map((f) => f.type)).toEqual(['traffic_spike']);
  });

  it('finds error spikes and latency degradation', () => {
    const records = flatTraffic().map((r) => {
      const minute = Math.floor(((r.timeMs ?? 0) - T0) / MIN);
      if (minute >= 20 && minute < 25) return { ...r, status: 502 };
      if (minute >= 90 && minute < 95) return { ...r, durationMs: 900 };
      return r;
    });
    const findings = detectWindows(windowsOf(records));
    expect(findings.map((f) => [f.type, f.startMs])).toEqual([
      ['error_spike', T0 + 20 * MIN],
      ['latency_degradation', T0 + 90 * MIN],
    ]);
  });

  it('finds nothing in a day of busy working hours and quiet nights', () => {
    // By hand, against the scan: requests median 13, MAD 2 → σ = max(1.4826 · 2, √13) = 3.606, and
    // the working day is (200 − 13) / 3.606 = 52σ and more above it. Its 96 windows are a third of
    // the 288 with traffic: a busy period, judged against itself on a log scale (median 240,
    // σ = 1.4826 · ln(280 / 240) = 0.229), where 280 is 0.67σ above.
    expect(detectWindows(diurnal())).toEqual([]);
  });

  it('still finds a bot hammering for 10 minutes on top of the working day, and one at night', () => {
    const windows = diurnal();
    // A third client sends 2,000 requests in each of two windows at noon: 2,240 requests,
    // ln(2240 / 240) / 0.229 = 9.8σ above the busy period (whose median and MAD it leaves as they were).
    for (const k of [144, 145]) windows[k] = diurnalWindow(k, 2240, 3);
    // …and 388 more in a night window: (400 − 13) / √13 = 107σ above the scan, as before.
    windows[30] = diurnalWindow(30, 400, 3);
    const findings = detectWindows(windows);
    expect(findings.map((f) => [f.type, f.startMs, f.windows])).toEqual([
      ['bot_traffic', T0 + 30 * 5 * MIN, 1],
      ['bot_traffic', T0 + 144 * 5 * MIN, 2],
    ]);
    expect(findings[0]!.score).toBe(Math.round(((400 - 13) / Math.sqrt(13)) * 1000) / 1000);
    expect(findings[1]!.score).toBe(Math.round((Math.log(2240 / 240) / (1.4826 * Math.log(280 / 240))) * 1000) / 1000);
    expect(findings[1]!.reasons[1]).toBe('requests 2240 is 9.8σ above normal for the busy period (median 240)');
  });

  it('needs enough history without a baseline', () => {
    expect(detectWindows(windowsOf(flatTraffic().slice(0, 200)))).toEqual([]);
  });
});
