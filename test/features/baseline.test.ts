import { describe, expect, it } from 'vitest';
import { learnFeatureBaseline, parseBaseline } from '../../src/features/baseline.js';
import { detectWindows } from '../../src/features/detect-windows.js';
import { IpAccumulator } from '../../src/features/ip-accumulator.js';
import { scoreIps } from '../../src/features/score-ips.js';
import { WindowAccumulator } from '../../src/features/window-accumulator.js';
import type { LogRecord } from '../../src/types.js';
import { record } from './record.js';

const T0 = Date.UTC(2024, 0, 1);

/** 60 visitors, each browsing 3 to 7 distinct pages over an hour. */
function humans(day: number): LogRecord[] {
  const records: LogRecord[] = [];
  for (let v = 0; v < 60; v++) {
    for (let p = 0; p < 3 + (v % 5); p++) records.push(record({ clientIp: `10.0.${v}.${day}`, timeMs: T0 + day * 86_400_000 + v * 60_000 + p * 7_000, path: `/page/${(v + p) % 40}`, status: 200 }));
  }
  return records;
}

/** 100 bot IPs, each hammering /login 80 times: more IPs than the humans. */
function botnet(day: number): LogRecord[] {
  const records: LogRecord[] = [];
  for (let b = 0; b < 100; b++) {
    for (let i = 0; i < 80; i++) records.push(record({ clientIp: `198.51.${b}.1`, timeMs: T0 + day * 86_400_000 + b * 30_000 + i * 200, path: '/login', status: 401 }));
  }
  return records;
}

function learn(records: readonly LogRecord[]) {
  const ips = new IpAccumulator();
  const windows = new WindowAccumulator();
  for (const r of records) {
    ips.add(r);
    windows.add(r);
  }
  return { rows: ips.snapshot(), windows: windows.windows() };
}

describe('learnFeatureBaseline', () => {
  const clean = learn(humans(0));
  const baseline = learnFeatureBaseline(clean.rows, clean.windows);

  it('survives a JSON round trip with its version', () => {
    const parsed = parseBaseline(JSON.parse(JSON.stringify(baseline)));
    expect(parsed).toEqual(baseline);
    expect(parsed.version).toBe(1);
    expect(parsed.features.features.request_count?.n).toBe(60);
  });

  it('rejects a baseline of another version or shape with an input error', () => {
    expect(() => parseBaseline({ version: 2 })).toThrow(/not a semlog baseline version 1/);
    expect(() => parseBaseline({ version: 1 })).toThrow(/lacks its "features" or "windows"/);
    expect(() => parseBaseline(null)).toThrow(expect.objectContaining({ code: 'SEMLOG_BAD_BASELINE', exitCode: 3 }));
  });

  it('makes a bot that dominates today stand out, which today alone cannot', () => {
    const today = learn([...humans(1), ...botnet(1)]);
    const isBot = (ip: string): boolean => ip.startsWith('198.51.');
    // Count bots on which a z-score fired (low_uri_variety is a rule and fires either way).
    const flaggedBots = (scores: ReturnType<typeof scoreIps>): number =>
      scores.filter((s) => isBot(s.ip) && s.fired.some((name) => name !== 'low_uri_variety')).length;
    const alone = scoreIps(today.rows);
    const against = scoreIps(today.rows, { baseline });
    expect(flaggedBots(alone)).toBe(0); // the bots are today's majority, hence "normal"
    expect(flaggedBots(against)).toBe(100);
    expect(against.find((s) => isBot(s.ip))!.fired).toContain('repetition_ratio');
    expect(against.slice(0, 100).every((s) => isBot(s.ip))).toBe(true);
    expect(against.filter((s) => s.flagged && !isBot(s.ip))).toEqual([]);
    // The whole StructuredBaseline and the seed method work too.
    expect(flaggedBots(scoreIps(today.rows, { baseline: baseline.features, method: 'seed' }))).toBe(100);
    expect(detectWindows(today.windows, { baseline }).length).toBeGreaterThan(0);
  });
});
