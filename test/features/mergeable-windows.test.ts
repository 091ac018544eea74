// Window statistics of parts of a log merge, window by window, into those of one pass (docs/scale-out.md, step 1).
import { describe, expect, it } from 'vitest';
import { WindowAccumulator } from '../../src/features/window-accumulator.js';
import type { LogRecord } from '../../src/types.js';
import { collect, SHARED_DATA } from '../parse/helpers.js';

function windowsOf(records: readonly LogRecord[], options = {}): WindowAccumulator {
  const accumulator = new WindowAccumulator(300_000, options);
  for (const record of records) accumulator.add(record);
  return accumulator;
}

describe('WindowAccumulator.merge', () => {
  it('adds up a window both parts saw (hand-computed)', () => {
    const at = (ms: number, ip: string, status: number): LogRecord =>
      ({ file: 'x.log', line: 1, timeMs: ms, clientIp: ip, method: 'GET', path: '/', query: '', protocol: '', status, bytes: 100, durationMs: null, userAgent: '', referer: '', cookie: '', host: '', user: '', extras: null });
    const merged = windowsOf([at(0, 'a', 200), at(1_000, 'b', 404)]);
    merged.merge(windowsOf([at(2_000, 'a', 500), at(600_000, 'c', 200), { ...at(0, 'd', 200), timeMs: null }]));
    const [first, quiet, last] = merged.windows();
    expect(first).toMatchObject({ requests: 3, uniqueClients: 2, errors: 2, serverErrors: 1, bytes: 300 });
    expect(quiet).toMatchObject({ requests: 0, uniqueClients: 0 });
    expect(last).toMatchObject({ startMs: 600_000, requests: 1, uniqueClients: 1 });
    expect(merged.untimedRecords).toBe(1);
  });

  it('elastic cut in three, merged in reverse, gives every window of one pass', async () => {
    const { records } = await collect([`${SHARED_DATA}elastic-apache-logs/apache_logs.log`]);
    // A small client cap makes the busiest windows estimate their clients: the merge must match that too.
    const options = { maxClientsPerWindow: 16 };
    const parts = [records.slice(0, 3_000), records.slice(3_000, 7_777), records.slice(7_777)].map((part) => windowsOf(part, options)).reverse();
    const merged = parts[0]!;
    for (const part of parts.slice(1)) merged.merge(part);
    const single = windowsOf(records, options).windows();
    expect(merged.windows()).toEqual(single);
    expect(single.some((window) => window.uniqueClients > 16)).toBe(true);
  });

  it('refuses windows of another length', () => {
    expect(() => new WindowAccumulator(300_000).merge(new WindowAccumulator(60_000))).toThrow(RangeError);
  });
});

describe('WindowAccumulator state as JSON', () => {
  it('parts shipped as JSON merge into every window of one pass, and bad states are refused', async () => {
    const { records } = await collect([`${SHARED_DATA}elastic-apache-logs/apache_logs.log`]);
    const options = { maxClientsPerWindow: 16 };
    const [first, ...rest] = [records.slice(0, 4_000), records.slice(4_000)].map((part) => WindowAccumulator.fromState(JSON.parse(JSON.stringify(windowsOf(part, options).state()))));
    for (const part of rest) first!.merge(part);
    expect(first!.windows()).toEqual(windowsOf(records, options).windows());
    const state = windowsOf(records.slice(0, 10), options).state();
    expect(() => WindowAccumulator.fromState({ ...state, untimedRecords: -1 })).toThrow(RangeError);
    expect(() => WindowAccumulator.fromState({ ...state, windows: [...state.windows, state.windows[0]!] })).toThrow(RangeError);
    expect(() => WindowAccumulator.fromState({ ...state, windows: state.windows.map(([index, window]) => [index, { ...window, errors: window.withStatus + 1 }]) })).toThrow(RangeError);
    expect(() => WindowAccumulator.fromState({ ...state, maxClientsPerWindow: 17 })).toThrow(RangeError);
  });
});
