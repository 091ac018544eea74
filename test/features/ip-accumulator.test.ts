import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IpAccumulator } from '../../src/features/ip-accumulator.js';
import type { LogRecord } from '../../src/types.js';
import { record } from './record.js';

const T0 = Date.UTC(2024, 0, 1);

function snapshot(records: readonly LogRecord[], options = {}): Map<string, ReturnType<IpAccumulator['snapshot']>[number]> {
  const accumulator = new IpAccumulator(options);
  for (const r of records) accumulator.add(r);
  return new Map(accumulator.snapshot().map((row) => [row.ip, row]));
}

describe('IpAccumulator', () => {
  const traffic = [
    record({ clientIp: 'A', timeMs: T0, path: '/login', status: 200, durationMs: 10, cookie: 's=1' }),
    record({ clientIp: 'A', timeMs: T0 + 120_000, path: '/login', query: 'next=/a', status: 401, durationMs: 30, cookie: 's=1' }),
    record({ clientIp: 'A', timeMs: T0 + 240_000, path: '/login', status: 500, durationMs: 20, cookie: 's=1', userAgent: '' }),
    record({ clientIp: 'A', timeMs: T0 + 240_000, path: '/app.css', status: 200, durationMs: 20, cookie: 's=1' }),
    record({ clientIp: 'B', timeMs: T0 + 5_000, path: '/', status: 200, durationMs: 5, cookie: 's=1', userAgent: 'curl/8' }),
    record({ clientIp: 'C', timeMs: T0, path: '/x', status: 404, durationMs: 7, cookie: 's=2' }),
  ];

  it('computes features by hand', () => {
    const a = snapshot(traffic).get('A')!;
    expect(a.features).toEqual({
      request_count: 4,
      unique_uris: 2, // /login, /app.css
      error_count: 2,
      error_ratio: 0.5,
      avg_time_taken: 20,
      request_rate: 4 / 4, // 4 requests over a 4-minute span
      repetition_ratio: 4 / 3, // /login, /login?next=/a, /app.css
      max_cookie_reuse: 2, // s=1 was also sent by B
      distinct_user_agents: 2,
      empty_ua_ratio: 0.25,
      non_static_ratio: 0.75,
      low_uri_variety: 1,
    });
    expect(a.topUris[0]).toEqual(['/login', 2]);
    expect(a.firstMs).toBe(T0);
    expect(a.spanMs).toBe(240_000);
  });

  it('uses a 1-minute minimum span for request_rate', () => {
    const rows = snapshot(traffic);
    expect(rows.get('B')!.features.request_rate).toBe(1);
    expect(rows.get('C')!.features.max_cookie_reuse).toBe(1);
  });

  it('propagates cookie reuse to IPs that sent the cookie before the others did', () => {
    const replay = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => record({ clientIp: ip, cookie: 'sid=stolen' }));
    const rows = snapshot(replay);
    expect([...rows.values()].map((row) => row.features.max_cookie_reuse)).toEqual([4, 4, 4, 4]);
    // Saturates at maxIpsPerCookie.
    expect(snapshot(replay, { maxIpsPerCookie: 2 }).get('10.0.0.4')!.features.max_cookie_reuse).toBe(2);
  });

  it('skips features whose inputs the format does not log', () => {
    const row = snapshot([record({ clientIp: 'A', userAgent: '', status: null })]).get('A')!;
    expect(Object.keys(row.features).sort()).toEqual(['low_uri_variety', 'non_static_ratio', 'repetition_ratio', 'request_count', 'unique_uris']);
  });

  it('collects attack tags per IP with counts', () => {
    const rows = snapshot([
      record({ clientIp: 'A', path: '/.env' }),
      record({ clientIp: 'A', path: '/.git/config' }),
      record({ clientIp: 'A', query: 'id=1%27%20union%20select%20null--' }),
    ]);
    expect(rows.get('A')!.tags).toEqual({ sensitive_file_probe: 2, sql_injection: 1 });
  });

  it('gives the same features whatever the record order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(traffic, { minLength: traffic.length, maxLength: traffic.length }), (shuffled) => {
        const expected = snapshot(traffic);
        for (const [ip, row] of snapshot(shuffled)) expect(row.features).toEqual(expected.get(ip)!.features);
      }),
      { numRuns: 50 },
    );
  });

  it('estimates distinct URIs beyond the per-IP cap instead of saturating', () => {
    const scan = Array.from({ length: 5000 }, (_, i) => record({ clientIp: 'S', path: `/probe/${i}` }));
    const row = snapshot(scan, { maxUrisPerIp: 256 }).get('S')!;
    expect(row.exactCounts).toBe(false);
    // One user agent: only the URI counts are estimates.
    expect(row.estimated).toEqual(['unique_uris', 'repetition_ratio']);
    expect(snapshot(scan.slice(0, 200), { maxUrisPerIp: 256 }).get('S')!.estimated).toBeUndefined();
    expect(row.features.unique_uris).toBeGreaterThan(3500);
    expect(row.features.unique_uris).toBeLessThan(7000);
  });
});
