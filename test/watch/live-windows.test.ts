// scan's time windows on live traffic: each window judged once, when the log's clock has passed its
// end, against the windows before it (or the baseline's statistics), hand-computed; and end to end,
// `semlog watch -` writes scan's `window` objects.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/types.js';
import { CLOSE_AFTER_MS, HISTORY_WINDOWS, LiveWindows, LIVE_WINDOW_MS } from '../../src/watch/live-windows.js';
import { runCli } from '../cli/run-cli.js';
import { record } from '../features/record.js';

const W = LIVE_WINDOW_MS;
const T0 = Date.UTC(2026, 11, 5, 8);

/** Ten requests from five readers, answered 200, spread over window `k`. */
function quiet(k: number): LogRecord[] {
  return Array.from({ length: 10 }, (_, i) => record({ clientIp: `198.51.100.${i % 5}`, timeMs: T0 + k * W + i * 20_000, status: 200 }));
}

/** Forty server errors (503) to everyone in window `k`, besides its usual traffic. */
function outage(k: number): LogRecord[] {
  return [...quiet(k), ...Array.from({ length: 40 }, (_, i) => record({ clientIp: `198.51.100.${i % 5}`, timeMs: T0 + k * W + 5_000 + i * 5_000, status: 503 }))];
}

/** Three requests at `ms`: enough to move the log's clock (the median of its last five times) there. */
function tick(ms: number): LogRecord[] {
  return [0, 1, 2].map((i) => record({ clientIp: '198.51.100.9', timeMs: ms + i, status: 200 }));
}

function feed(windows: LiveWindows, records: readonly LogRecord[]) {
  for (const r of records) windows.add(r);
  return windows.close().windows;
}

describe('LiveWindows', () => {
  it('judges each window once, after the log clock is past its end, against the windows before it', () => {
    const live = new LiveWindows();
    // Eight quiet windows: too little history before the sixth, and nothing unusual after it.
    for (let k = 0; k < 8; k++) expect(feed(live, quiet(k))).toEqual([]);
    // The outage in window 8: not judged while the clock is inside it or less than a minute past it.
    expect(feed(live, outage(8))).toEqual([]);
    expect(feed(live, [record({ timeMs: T0 + 9 * W + CLOSE_AFTER_MS - 1000, status: 200 })])).toEqual([]);
    const found = feed(live, quiet(9).filter((r) => r.timeMs! >= T0 + 9 * W + CLOSE_AFTER_MS));
    expect(found.map((f) => [f.type, f.startMs, f.endMs, f.windows])).toEqual([
      // The same five clients sent five times their usual requests: bot traffic, by scan's rule.
      ['bot_traffic', T0 + 8 * W, T0 + 9 * W, 1],
      ['error_spike', T0 + 8 * W, T0 + 9 * W, 1],
    ]);
    expect(found[1]!.metrics['serverErrorRate']).toBe(0.8);
    expect(found[1]!.reasons[0]).toMatch(/^errorRate 80% is .*σ above normal \(median 0%\)$/);
    // Judged once: the next windows do not say it again, and a line of it that comes late is counted, not added.
    live.add(record({ timeMs: T0 + 8 * W + 1000, status: 503 }));
    expect(live.outside).toBe(1);
    expect(feed(live, [...quiet(10), ...tick(T0 + 11 * W + CLOSE_AFTER_MS)])).toEqual([]);
  });

  it('writes a spike that goes on again at each window, with its span so far', () => {
    // Twenty quiet windows: against eight, a third window of outage would be a fifth of the history and
    // no longer stand out (the robust spread grows with it), in scan as here.
    const live = new LiveWindows();
    for (let k = 0; k < 20; k++) feed(live, quiet(k));
    feed(live, [...outage(20), ...outage(21), ...tick(T0 + 22 * W + CLOSE_AFTER_MS)]);
    const next = feed(live, [...outage(22), ...tick(T0 + 23 * W + CLOSE_AFTER_MS)]);
    expect(next.filter((f) => f.type === 'error_spike').map((f) => [f.startMs, f.endMs, f.windows])).toEqual([[T0 + 20 * W, T0 + 23 * W, 3]]);
  });

  it("judges against the baseline's window statistics, in the baseline's window length, from the first window", () => {
    const live = new LiveWindows({ windowMs: 60_000, n: 100, metrics: { errorRate: { center: 0, scale: 0.05 }, requests: { center: 10, scale: 3 } } });
    expect(live.windowMs).toBe(60_000);
    const found = feed(live, [
      ...Array.from({ length: 10 }, (_, i) => record({ timeMs: T0 + i * 5_000, status: 500 })),
      ...tick(T0 + 60_000 + CLOSE_AFTER_MS),
    ]);
    expect(found.map((f) => [f.type, f.startMs, f.endMs])).toEqual([['error_spike', T0, T0 + 60_000]]);
  });

  it('leaves a line with a wild time (a year ahead) out of the windows, and judges on', () => {
    const live = new LiveWindows();
    for (let k = 0; k < 8; k++) feed(live, quiet(k));
    live.add(record({ timeMs: T0 + 365 * 24 * 60 * W / 5, status: 200 }));
    expect(live.outside).toBe(1);
    // Quiet windows 8 and 9 have no line: still filled in as zeros and judged, and the outage after them found.
    const found = feed(live, [...outage(10), ...tick(T0 + 11 * W + CLOSE_AFTER_MS)]);
    expect(found.map((f) => [f.type, f.startMs])).toEqual([['bot_traffic', T0 + 10 * W], ['error_spike', T0 + 10 * W]]);
  });

  it("judges each closed window's shares against the baseline's (share_shift), one finding a window", () => {
    // The baseline: 1% of requests answered 503.
    const categories = { version: 1 as const, fields: { status: { total: 1000, values: { '200': 990, '503': 10 } } } };
    const live = new LiveWindows(undefined, categories);
    const closed = (records: LogRecord[]) => {
      for (const r of records) live.add(r);
      return live.close().shifts;
    };
    // A quiet window: 10 requests, under the 20 a window needs to have shares.
    expect(closed([...quiet(0), ...tick(T0 + W + CLOSE_AFTER_MS)])).toEqual([]);
    // The outage window: 40 of its 50 requests (80%) answered 503, from 5 clients.
    const [shift, ...rest] = closed([...outage(2), ...tick(T0 + 3 * W + CLOSE_AFTER_MS)]);
    expect(rest).toEqual([]);
    expect([shift!.type, shift!.startMs, shift!.endMs]).toEqual(['share_shift', T0 + 2 * W, T0 + 3 * W]);
    expect(shift!.values).toEqual([{ field: 'status', value: '503', count: 40, total: 50, share: 0.8, expected: 0.01 }]);
    expect(shift!.reasons).toEqual(['status 503: 80% of the window\'s 50 requests (40), usually 1% (baseline)']);
    // log2(0.8 / 0.01) = 6.322
    expect(shift!.score).toBe(6.322);
    // Without a categorical baseline, no share is judged.
    const plain = new LiveWindows();
    for (const r of [...outage(2), ...tick(T0 + 3 * W + CLOSE_AFTER_MS)]) plain.add(r);
    expect(plain.close().shifts).toEqual([]);
  });

  it(`keeps ${HISTORY_WINDOWS} windows of history, not the whole run`, () => {
    const live = new LiveWindows();
    // A week of quiet 5-minute windows, then an outage: judged against the last day only, still found.
    const records: LogRecord[] = [];
    for (let k = 0; k < 7 * HISTORY_WINDOWS; k++) records.push(record({ clientIp: '198.51.100.1', timeMs: T0 + k * W, status: 200 }), record({ clientIp: '198.51.100.2', timeMs: T0 + k * W + 1000, status: 200 }));
    expect(feed(live, records)).toEqual([]);
    const k = 7 * HISTORY_WINDOWS;
    const found = feed(live, [...Array.from({ length: 30 }, (_, i) => record({ timeMs: T0 + k * W + i * 1000, status: 503 })), ...tick(T0 + (k + 1) * W + CLOSE_AFTER_MS)]);
    expect(found.map((f) => f.type)).toContain('error_spike');
  });
});

it('semlog watch writes scan\'s window objects as windows close', async () => {
  const lines: string[] = [];
  const at = (ms: number) => new Date(ms).toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  const line = (ip: string, ms: number, status: number) => `${ip} - - [${at(ms)}] "GET /page HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"`;
  for (let k = 0; k < 8; k++) for (let i = 0; i < 10; i++) lines.push(line(`198.51.100.${i % 5}`, T0 + k * W + i * 20_000, 200));
  for (let i = 0; i < 40; i++) lines.push(line(`198.51.100.${i % 5}`, T0 + 8 * W + i * 5_000, 503));
  // No line closes the outage's window: the end of stdin does.
  const run = await runCli(['watch', '-'], { input: `${lines.join('\n')}\n` });
  expect(run.code, run.stderr).toBe(0);
  const windows = run.stdout.split('\n').filter((l) => l.includes('"type":"window"')).map((l) => JSON.parse(l) as { window: string; startMs: number; windows: number });
  expect(windows.map((w) => [w.window, w.startMs, w.windows])).toEqual([['bot_traffic', T0 + 8 * W, 1], ['error_spike', T0 + 8 * W, 1]]);
});
