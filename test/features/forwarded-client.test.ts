import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { clientBehind, createForwardedClient, forwardedFor, MAX_HOPS, unusedProxiesWarning } from '../../src/features/forwarded-client.js';
import { createScope } from '../../src/features/scope.js';
import type { LogRecord } from '../../src/types.js';
import { collect, SHARED_DATA } from '../parse/helpers.js';

function record(clientIp: string, extras: Record<string, string> | null): LogRecord {
  return {
    file: 'f', line: 1, timeMs: 0, clientIp, method: 'GET', path: '/', query: '', protocol: 'HTTP/1.1', status: 200, bytes: 0,
    durationMs: null, userAgent: '', referer: '', cookie: '', host: '', user: '', extras,
  };
}

const inTen = (address: string) => address.startsWith('10.');

describe('clientBehind', () => {
  it('reads from the right: the first hop that is no trusted proxy, or the leftmost when all are', () => {
    expect(clientBehind('203.0.113.9', inTen)).toBe('203.0.113.9');
    expect(clientBehind('203.0.113.9, 10.0.0.2', inTen)).toBe('203.0.113.9');
    // The leftmost entry is whatever the client sent: a forged one is passed over.
    expect(clientBehind('1.1.1.1, 203.0.113.9, 10.0.0.2', inTen)).toBe('203.0.113.9');
    expect(clientBehind('10.1.1.1,10.0.0.2', inTen)).toBe('10.1.1.1');
    expect(clientBehind(' 2001:db8::7 , 10.0.0.2', inTen)).toBe('2001:db8::7');
  });

  it('drops ports, and gives up on a hop that is no address', () => {
    expect(clientBehind('203.0.113.9:51234', inTen)).toBe('203.0.113.9');
    expect(clientBehind('[2001:db8::7]:443, 10.0.0.2', inTen)).toBe('2001:db8::7');
    // "unknown" stands between the proxy and the client: the chain cannot be followed past it.
    expect(clientBehind('203.0.113.9, unknown, 10.0.0.2', inTen)).toBeNull();
    // An untrusted hop ends the walk before a bad one further left matters.
    expect(clientBehind('garbage, 203.0.113.9', inTen)).toBe('203.0.113.9');
    expect(clientBehind('', inTen)).toBeNull();
    expect(clientBehind('-', inTen)).toBeNull();
  });
});

describe('a header the client wrote at length', () => {
  it('reads at most MAX_HOPS hops from the right, and tells an address list by its characters and last hop', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, k) => `10.0.${k >> 8}.${k & 255}`).join(', ');
    expect(clientBehind(`203.0.113.9, ${chain(MAX_HOPS - 1)}`, inTen)).toBe('203.0.113.9');
    expect(clientBehind(`203.0.113.9, ${chain(MAX_HOPS)}`, inTen)).toBeNull();
    // 60 KB of forged entries left of the real client: one hop read.
    const forged = `${Array.from({ length: 5000 }, () => '1.1.1.1').join(', ')}, 203.0.113.9`;
    expect(clientBehind(`${forged}, 10.0.0.2`, inTen)).toBe('203.0.113.9');
    expect(forwardedFor(record('10.0.0.1', { trailing: `"${forged}"` }))).toBe(forged);
    expect(forwardedFor(record('10.0.0.1', { trailing: '"cafe, beef"' }))).toBeUndefined();
  });
});

describe('forwardedFor', () => {
  it("finds the header in a LogFormat's extras (any case), CloudFront's column, or a combined line's one trailing address field", () => {
    expect(forwardedFor(record('10.0.0.1', { 'X-Forwarded-For': '203.0.113.9' }))).toBe('203.0.113.9');
    expect(forwardedFor(record('10.0.0.1', { 'x-forwarded-for': '203.0.113.9, 10.0.0.3' }))).toBe('203.0.113.9, 10.0.0.3');
    expect(forwardedFor(record('10.0.0.1', { forwardedFor: '203.0.113.9' }))).toBe('203.0.113.9');
    expect(forwardedFor(record('10.0.0.1', { trailing: '"203.0.113.9, 10.0.0.3"' }))).toBe('203.0.113.9, 10.0.0.3');
    expect(forwardedFor(record('10.0.0.1', { trailing: '203.0.113.9' }))).toBe('203.0.113.9');
  });

  it('does not take a trailing field that is not one list of addresses', () => {
    expect(forwardedFor(record('10.0.0.1', { trailing: '"www.example.com"' }))).toBeUndefined();
    expect(forwardedFor(record('10.0.0.1', { trailing: '"203.0.113.9" "www.example.com"' }))).toBeUndefined();
    expect(forwardedFor(record('10.0.0.1', { trailing: '0.002 "203.0.113.9"' }))).toBeUndefined();
    expect(forwardedFor(record('10.0.0.1', null))).toBeUndefined();
  });
});

describe('createForwardedClient', () => {
  it('re-addresses only records logged with a trusted proxy as their client, and names its rule', () => {
    const resolve = createForwardedClient(['10.0.0.0/8', '192.0.2.1']);
    const behind = record('10.0.0.1', { trailing: '"203.0.113.9, 192.0.2.1"' });
    expect(resolve(behind)).toBe('10.0.0.0/8');
    expect(behind.clientIp).toBe('203.0.113.9');
    // A client that is no proxy keeps its address, whatever it sends in the header.
    const direct = record('198.51.100.4', { 'X-Forwarded-For': '203.0.113.9' });
    expect(resolve(direct)).toBeNull();
    expect(direct.clientIp).toBe('198.51.100.4');
    // A proxy's own request (a health check) without the header stays the proxy's.
    const own = record('192.0.2.1', null);
    expect(resolve(own)).toBeNull();
    expect(own.clientIp).toBe('192.0.2.1');
  });

  it('refuses what cannot be meant', () => {
    expect(() => createForwardedClient(['10.0.0.0/33'])).toThrow(UsageError);
    expect(() => createForwardedClient(['load-balancer'])).toThrow(UsageError);
    expect(() => createForwardedClient('10.0.0.0/8' as unknown as string[])).toThrow(/must be a list/);
    expect(() => createScope({ trustedProxies: 8 as unknown as string[] })).toThrow(/must be a list/);
    // An empty list reads nobody through a proxy, and counts nothing.
    expect(createScope({ trustedProxies: [] }).counts).toEqual({ excluded: {}, allowlisted: {} });
  });

  it('runs before the scope rules, which then see the client, and is counted per rule', () => {
    const scope = createScope({ trustedProxies: ['10.0.0.0/8'], exclude: ['203.0.113.0/24'] });
    expect(scope(record('10.0.0.1', { trailing: '"203.0.113.9"' }))).toBe('excluded');
    expect(scope(record('10.0.0.1', { trailing: '"198.51.100.4"' }))).toBeNull();
    expect(scope.counts).toEqual({ excluded: { '203.0.113.0/24': 1 }, allowlisted: {}, forwarded: { '10.0.0.0/8': 2 } });
    expect(createScope({}).counts).toEqual({ excluded: {}, allowlisted: {} });
  });
});

describe('unusedProxiesWarning', () => {
  it('warns when trusted proxies read no client at all, and only then', () => {
    expect(unusedProxiesWarning(0, 1200)).toMatch(/^--trusted-proxy was given, but no request's client was read through it/);
    expect(unusedProxiesWarning(1, 1200)).toBeUndefined();
    expect(unusedProxiesWarning(undefined, 1200)).toBeUndefined();
    expect(unusedProxiesWarning(0, 0)).toBeUndefined();
  });
});

describe('the header as each parser keeps it, on real lines', () => {
  it("reads nginx's main format, a LogFormat's %{X-Forwarded-For}i and CloudFront's x-forwarded-for", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-forwarded-'));
    // elastic-apache-logs' first line, as nginx's main format writes it behind a proxy.
    const elastic = readFileSync(join(SHARED_DATA, 'elastic-apache-logs/apache_logs.log'), 'latin1').split('\n')[0]!;
    const [client, rest] = [elastic.slice(0, elastic.indexOf(' ')), elastic.slice(elastic.indexOf(' '))];
    writeFileSync(join(dir, 'nginx.log'), `10.0.0.5${rest} "${client}, 10.0.0.7"\n`);
    writeFileSync(join(dir, 'custom.log'), `10.0.0.5 ${client} [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12\n`);
    // The first record of a real CloudFront sample, with its x-forwarded-for column (the 20th) filled in.
    const cloudfront = readFileSync(join(SHARED_DATA, 'aws-format-samples/cloudfront/aws-log-parser_cloudfront-multiple.log'), 'utf8').split('\n');
    const first = cloudfront.findIndex((line) => !line.startsWith('#'));
    const fields = cloudfront[first]!.split('\t');
    fields[19] = '203.0.113.9';
    writeFileSync(join(dir, 'cloudfront.log'), `${[...cloudfront.slice(0, first), fields.join('\t')].join('\n')}\n`);

    const scope = createScope({ trustedProxies: ['10.0.0.0/8', fields[4]!] });
    const nginx = (await collect([join(dir, 'nginx.log')])).records[0]!;
    const custom = (await collect([join(dir, 'custom.log')], { logFormat: '%h %{X-Forwarded-For}i %t "%r" %>s %b' })).records[0]!;
    const edge = (await collect([join(dir, 'cloudfront.log')])).records[0]!;
    for (const parsed of [nginx, custom, edge]) expect(scope(parsed)).toBeNull();
    expect([nginx.clientIp, custom.clientIp, edge.clientIp]).toEqual([client, client, '203.0.113.9']);
    expect(scope.counts.forwarded).toEqual({ '10.0.0.0/8': 2, [fields[4]!]: 1 });
  });

  it("reads AWS WAF's X-Forwarded-For request header: a WAF on an ALB behind CloudFront logs the edge as clientIp", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-forwarded-waf-'));
    // The first entry of a real WAF log (its address anonymised as X.X.X.X), as an ALB's WAF behind CloudFront logs it.
    const waf = JSON.parse(readFileSync(join(SHARED_DATA, 'aws-format-samples/waf/aws-waf-security-automations_test_waf_log.jsonl'), 'utf8').split('\n')[0]!);
    waf.httpRequest.clientIp = '130.176.12.5';
    waf.httpRequest.headers.push({ name: 'X-Forwarded-For', value: '203.0.113.9' }, { name: 'x-forwarded-for', value: '130.176.12.5' });
    writeFileSync(join(dir, 'waf.jsonl'), `${JSON.stringify(waf)}\n`);
    const record = (await collect([join(dir, 'waf.jsonl')])).records[0]!;
    expect(record.extras?.['forwardedFor']).toBe('203.0.113.9, 130.176.12.5');
    const scope = createScope({ trustedProxies: ['130.176.0.0/16'] });
    expect(scope(record)).toBeNull();
    expect(record.clientIp).toBe('203.0.113.9');
    expect(scope.counts.forwarded).toEqual({ '130.176.0.0/16': 1 });
  });
});
