import { describe, expect, it } from 'vitest';
import { scoreIps } from '../../src/features/score-ips.js';
import { seedRawValue } from '../../src/features/seed-features.js';
import { featureRow } from './feature-row.js';

// With n values of which one differs, population z-scores are √(n−1) for it and −1/√(n−1) for the rest.
describe("scoreIps({ method: 'seed' })", () => {
  const base = { request_count: 10, unique_uris: 1, error_count: 0, repetition_ratio: 1, max_cookie_reuse: 1, low_uri_variety: 1 };

  it('reproduces the seed: plain z, |z| weights 1/3/2, +2 for low variety at any volume', () => {
    const rows = ['a', 'b', 'c'].map((ip) => featureRow(ip, base));
    rows.push(featureRow('d', { ...base, unique_uris: 5, repetition_ratio: 7, low_uri_variety: 0 }));
    const byIp = new Map(scoreIps(rows, { method: 'seed' }).map((s) => [s.ip, s]));
    const d = byIp.get('d')!;
    expect(d.z.unique_uris).toBeCloseTo(Math.sqrt(3), 12);
    expect(d.z.repetition_ratio).toBeCloseTo(Math.sqrt(3), 12);
    expect(d.score).toBeCloseTo(Math.sqrt(3) + 3 * Math.sqrt(3), 12);
    expect(d.flagged).toBe(false); // √3 < 3, and d has variety
    const a = byIp.get('a')!;
    expect(a.score).toBeCloseTo(1 / Math.sqrt(3) + 3 / Math.sqrt(3) + 2, 12);
    expect(a.fired).toEqual(['low_uri_variety']);
  });

  it('fires above z = 3 and counts the cookie column twice', () => {
    const rows = Array.from({ length: 10 }, (_, i) => featureRow(`n${i}`, { ...base, low_uri_variety: 0 }));
    rows.push(featureRow('x', { ...base, max_cookie_reuse: 9, low_uri_variety: 0 }));
    const [top] = scoreIps(rows, { method: 'seed' });
    expect(top!.ip).toBe('x');
    expect(top!.z.max_cookie_reuse).toBeCloseTo(Math.sqrt(10), 12);
    expect(top!.fired).toEqual(['max_cookie_reuse']);
    expect(top!.score).toBeCloseTo(2 * Math.sqrt(10), 12);
    expect(top!.reasons[0]).toMatch(/^max_cookie_reuse 9 is 3\.2σ above normal \(mean /);
  });

  it('uses the seed rate: requests per minute of the span, 0 for a span of 0', () => {
    expect(seedRawValue(featureRow('a', { request_count: 10 }, { requestCount: 10, spanMs: 0 }), 'request_rate')).toBe(0);
    expect(seedRawValue(featureRow('a', { request_count: 10 }, { requestCount: 10, spanMs: 30_000 }), 'request_rate')).toBe(20);
    expect(seedRawValue(featureRow('a', {}), 'avg_time_taken')).toBe(0);
  });
});
