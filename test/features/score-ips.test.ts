import { describe, expect, it } from 'vitest';
import { IpAccumulator } from '../../src/features/ip-accumulator.js';
import { scoreIps } from '../../src/features/score-ips.js';
import type { LogRecord } from '../../src/types.js';
import { featureRow } from './feature-row.js';
import { record } from './record.js';

describe('scoreIps (robust)', () => {
  it('computes median/MAD z-scores by hand', () => {
    // log1p(request_count) = 1, 2, 3, 4, 10 → median 3, |deviations| 2,1,0,1,7 → MAD 1 → σ̂ = 1.4826.
    const rows = [1, 2, 3, 4, 10].map((t, i) => featureRow(`10.0.0.${i}`, { request_count: Math.expm1(t) }));
    const byIp = new Map(scoreIps(rows).map((s) => [s.ip, s]));
    const top = byIp.get('10.0.0.4')!;
    expect(top.z.request_count).toBeCloseTo(7 / 1.4826, 10);
    expect(top.fired).toEqual(['request_count']);
    expect(top.flagged).toBe(true);
    // Weight 0.5 on the positive z; the bottom IP's negative z adds nothing.
    expect(top.score).toBeCloseTo(0.5 * (7 / 1.4826), 10);
    expect(byIp.get('10.0.0.0')!.z.request_count).toBeCloseTo(-2 / 1.4826, 10);
    expect(byIp.get('10.0.0.0')!.score).toBe(0);
    expect(top.reasons[0]).toBe(`request_count ${Math.round(Math.expm1(10))} is 4.7σ above normal (median ${Number(Math.expm1(3).toFixed(1))})`);
  });

  it('says "about" for a feature whose value is an estimate (a distinct count past its cap)', () => {
    // log1p(unique_uris) = 1, 2, 3, 4, 10 as above; the top client's count is estimated.
    const rows = [1, 2, 3, 4, 10].map((t, i) => featureRow(`10.0.0.${i}`, { unique_uris: Math.expm1(t) }, i === 4 ? { exactCounts: false, estimated: ['unique_uris', 'repetition_ratio'] } : {}));
    const top = scoreIps(rows).find((s) => s.ip === '10.0.0.4')!;
    expect(top.reasons[0]).toBe(`unique_uris about ${Math.round(Math.expm1(10))} is 4.7σ above normal (median ${Number(Math.expm1(3).toFixed(1))})`);
    // The same value counted exactly reads without it.
    const exact = scoreIps(rows.map((row) => ({ ...row, exactCounts: true, estimated: undefined }))).find((s) => s.ip === '10.0.0.4')!;
    expect(exact.reasons[0]).toBe(`unique_uris ${Math.round(Math.expm1(10))} is 4.7σ above normal (median ${Number(Math.expm1(3).toFixed(1))})`);
  });

  it('falls back to the mean absolute deviation when the MAD is 0', () => {
    // 1,1,1,1,2: MAD 0; mean |deviation| 0.2 → σ̂ = 1.2533 × 0.2 (above the 0.25 floor).
    const rows = [1, 1, 1, 1, 2].map((t, i) => featureRow(`10.0.0.${i}`, { request_count: Math.expm1(t) }));
    const scores = scoreIps(rows);
    expect(scores[0]!.ip).toBe('10.0.0.4');
    expect(scores[0]!.z.request_count).toBeCloseTo(1 / (1.2533 * 0.2), 10);
  });

  it('gives z = 0, not NaN, when every IP has the same value (σ = 0)', () => {
    const rows = ['a', 'b', 'c'].map((ip) => featureRow(ip, { request_count: 5, unique_uris: 5, repetition_ratio: 1 }));
    for (const score of scoreIps(rows)) {
      expect(Object.values(score.z).every((z) => z === 0)).toBe(true);
      expect(score.score).toBe(0);
      expect(score.flagged).toBe(false);
    }
  });

  it('scores a single IP without NaN or Infinity', () => {
    const [only] = scoreIps([featureRow('a', { request_count: 900, unique_uris: 1, repetition_ratio: 900 })]);
    expect(only!.score).toBe(0);
    expect(Object.values(only!.z).every(Number.isFinite)).toBe(true);
    expect(scoreIps([], {})).toEqual([]);
  });

  it('counts low_uri_variety only from minRequests requests on', () => {
    const rows = [featureRow('one', { request_count: 1, low_uri_variety: 1 }), featureRow('many', { request_count: 40, low_uri_variety: 1 })];
    const byIp = new Map(scoreIps(rows).map((s) => [s.ip, s]));
    expect(byIp.get('one')!.fired).not.toContain('low_uri_variety');
    expect(byIp.get('many')!.fired).toContain('low_uri_variety');
    expect(byIp.get('many')!.reasons).toContain('low_uri_variety: 40 requests to only 0 distinct paths');
    expect(scoreIps(rows, { minRequests: 100 }).some((s) => s.fired.includes('low_uri_variety'))).toBe(false);
  });

  it('leaves out features the format does not log', () => {
    const rows = ['a', 'b'].map((ip) => featureRow(ip, { request_count: 3 }));
    const [score] = scoreIps(rows);
    expect(Object.keys(score!.z).sort()).toEqual(['low_uri_variety', 'request_count']);
  });

  it('keeps the z of ratio features when all traffic is duplicated', () => {
    const traffic: LogRecord[] = [];
    for (let ip = 0; ip < 12; ip++) {
      for (let i = 0; i < 10 + ip; i++) {
        traffic.push(record({ clientIp: `10.1.0.${ip}`, path: i % 3 === 0 ? `/img/${i}.png` : `/p/${i % (ip + 2)}`, status: i % (ip + 2) === 0 ? 404 : 200, userAgent: i % 4 === 0 && ip > 8 ? '' : 'UA' }));
      }
    }
    const z = (records: LogRecord[]): Map<string, Record<string, number>> => {
      const accumulator = new IpAccumulator();
      for (const r of records) accumulator.add(r);
      return new Map(scoreIps(accumulator.snapshot()).map((s) => [s.ip, s.z]));
    };
    const once = z(traffic);
    const twice = z([...traffic, ...traffic]);
    for (const [ip, values] of once) {
      for (const name of ['error_ratio', 'non_static_ratio', 'empty_ua_ratio']) {
        expect(twice.get(ip)![name]).toBeCloseTo(values[name]!, 12);
      }
    }
    expect([...once.values()].some((values) => values.error_ratio !== 0)).toBe(true);
  });

  it('rejects an unknown method and a non-positive threshold with UsageError', () => {
    expect(() => scoreIps([], { method: 'zscore' as never })).toThrow(/unknown scoring method/);
    expect(() => scoreIps([], { zThreshold: 0 })).toThrow(/zThreshold must be a positive number/);
  });

  it('sorts best first, ties broken by volume then IP', () => {
    const rows = ['b', 'a', 'c'].map((ip) => featureRow(ip, { request_count: 5 }));
    expect(scoreIps(rows).map((s) => s.ip)).toEqual(['a', 'b', 'c']);
  });
});
