import { describe, expect, it } from 'vitest';
import { WatchInputWarnings } from '../../src/watch/watch-input-warnings.js';
import type { LogRecord } from '../../src/types.js';

function records(count: number, client: (k: number) => string, status: (k: number) => number | null = () => 200): LogRecord[] {
  return Array.from({ length: count }, (_, k) => ({
    file: 'f', line: k + 1, timeMs: k, clientIp: client(k), method: 'GET', path: '/', query: '', protocol: 'HTTP/1.1', status: status(k),
    bytes: 0, durationMs: null, userAgent: '', referer: '', cookie: '', host: '', user: '', extras: null,
  }));
}

describe('WatchInputWarnings', () => {
  it('says once, at the 1,000th record, that two addresses send everything and no request was answered 403 or 404', () => {
    const warnings = new WatchInputWarnings();
    expect(warnings.add(records(999, (k) => `10.0.0.${k % 2}`))).toEqual([]);
    const said = warnings.add(records(1, () => '10.0.0.1'));
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^2 addresses sent 100 % of the 1000 requests \(10\.0\.0\.0 50 %, 10\.0\.0\.1 50 %, all private addresses\): .*--trusted-proxy/);
    expect(said[1]).toMatch(/^none of the 1000 requests was answered 403 or 404/);
    expect(warnings.add(records(5000, () => '10.0.0.1'))).toEqual([]);
  });

  it('says once that trusted proxies read no client, at the 1,000th record', () => {
    const warnings = new WatchInputWarnings();
    const spread = (k: number) => `198.51.100.${k % 250}`;
    expect(warnings.add(records(999, spread, () => 404), 0)).toEqual([]);
    expect(warnings.add(records(1, spread, () => 404), 0)).toEqual([expect.stringMatching(/^--trusted-proxy was given, but no request's client was read through it/)]);
    expect(warnings.add(records(2000, spread, () => 404), 0)).toEqual([]);
    const used = new WatchInputWarnings();
    expect(used.add(records(1000, spread, () => 404), 1000)).toEqual([]);
  });

  it('says once that the log is an origin\'s behind CloudFront (its user agent on half the requests)', () => {
    const warnings = new WatchInputWarnings();
    const edges = (count: number) => records(count, (k) => `130.176.${k % 40}.1`, (k) => (k % 50 === 0 ? 404 : 200)).map((r) => ({ ...r, userAgent: 'Amazon CloudFront' }));
    expect(warnings.add(edges(999))).toEqual([]);
    expect(warnings.add(edges(1))).toEqual([expect.stringMatching(/^1000 of the 1000 requests \(100 %\) came with the user agent "Amazon CloudFront", from 40 addresses: /)]);
    expect(warnings.add(edges(2000))).toEqual([]);
  });

  it('is quiet for a log of many clients that answers some requests 404', () => {
    const warnings = new WatchInputWarnings();
    expect(warnings.add(records(3000, (k) => `198.51.100.${k % 250}`, (k) => (k % 50 === 0 ? 404 : 200)))).toEqual([]);
  });

  it('says at a followed file\'s first records that its format is not the baseline\'s, once per format', () => {
    const warnings = new WatchInputWarnings(['combined']);
    expect(warnings.addFormats([{ file: 'access.log', format: 'combined' }, { file: 'common.log', format: 'common' }])).toEqual([]);
    expect(warnings.addFormats([{ file: 'cf.log', format: 'cloudfront' }])).toEqual([expect.stringMatching(/^the baseline was trained on combined logs, and cf\.log is cloudfront: /)]);
    expect(warnings.addFormats([{ file: 'cf.log', format: 'cloudfront' }, { file: 'cf2.log', format: 'cloudfront' }])).toEqual([]);
    expect(warnings.addFormats([{ file: 'waf.jsonl', format: 'waf' }])).toEqual([expect.stringMatching(/and waf\.jsonl is waf: /)]);
    // Without a baseline, or with one trained before it recorded its formats: nothing to compare.
    expect(new WatchInputWarnings().addFormats([{ file: 'cf.log', format: 'cloudfront' }])).toEqual([]);
  });

  it('names a log without addresses as such, not as a proxy', () => {
    const warnings = new WatchInputWarnings();
    expect(warnings.add(records(1000, () => '-', () => null))).toEqual([expect.stringMatching(/^100 % of the 1000 requests carry no client address/)]);
  });

  it('counts addresses one by one up to 10,000: a proxy among them is found however late it gets busy, one past them is missed', () => {
    const proxies = (k: number) => `198.51.100.${k % 2}`;
    const single = (k: number) => `203.0.${k >> 8}.${k & 255}`;
    const early = new WatchInputWarnings();
    early.add(records(2, proxies));
    expect(early.add(records(9_998, single, () => 404))).toEqual([]);
    // 200,000 of 210,000 requests: 95 %.
    expect(early.add(records(200_000, proxies))).toEqual([expect.stringMatching(/^2 addresses sent 95 % of the 210000 requests \(198\.51\.100\.0 48 %, 198\.51\.100\.1 48 %\)/)]);
    const late = new WatchInputWarnings();
    expect(late.add(records(10_000, single, () => 404))).toEqual([]);
    expect(late.add(records(200_000, proxies))).toEqual([]);
  });
});
