import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { compileLogFormat, customApacheFormat } from '../../../src/parse/formats/custom-apache.js';
import type { LogRecord } from '../../../src/types.js';
import { FIXTURES, NETNEA_FORMAT } from '../helpers.js';

function record(format: string, line: string): LogRecord {
  const result = compileLogFormat(format)(line, 'f.log', 1);
  if (typeof result === 'string') throw new Error(`expected a record, got ${result}`);
  return result;
}

describe('custom-apache', () => {
  test('netnea extended format, pasted with the config file escapes: every field lands', () => {
    const parse = compileLogFormat(NETNEA_FORMAT);
    const lines = readFileSync(FIXTURES + 'custom/netnea-tutorial-5.log', 'utf8').trimEnd().split('\n');
    const records = lines.map((line, i) => parse(line, 'n.log', i + 1));
    expect(records.filter((r) => typeof r === 'string')).toEqual([]);
    expect(records[0]).toMatchObject({
      timeMs: Date.UTC(2019, 0, 21, 23, 51, 44, 365), clientIp: '192.31.242.0', method: 'GET',
      path: '/cds/2016/10/16/using-ansible-to-fetch-information-from-ios-devices/', protocol: 'HTTP/1.1', status: 200, bytes: 10273,
      referer: 'https://www.google.com/', host: 'www.example.com', durationMs: 360.398, user: '',
      extras: { GEOIP_COUNTRY_CODE: 'US', remotePort: '13258', serverIp: '192.168.3.7', serverPort: '443', SSL_PROTOCOL: 'TLSv1.2', bytesIn: '776', bytesOut: '14527', ModSecAnomalyScoreIn: '0' },
    });
  });

  test('tutorial-8: ModSecurity scores in extras', () => {
    const parse = compileLogFormat(NETNEA_FORMAT);
    const lines = readFileSync(FIXTURES + 'custom/netnea-tutorial-8.log', 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(typeof parse(line, 'f', 1)).toBe('object');
  });

  test('the standard combined string uses the fast CLF parser and gives the same record', () => {
    const line = '1.2.3.4 - bob [10/Oct/2000:13:55:36 -0700] "GET /a?b HTTP/1.0" 200 2326 "http://r/" "UA/1"';
    const viaCustom = record('%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"', line);
    expect(viaCustom).toMatchObject({ user: 'bob', query: 'b', referer: 'http://r/', userAgent: 'UA/1', timeMs: Date.UTC(2000, 9, 10, 20, 55, 36) });
  });

  test('%t through the generic engine: the space inside the brackets is not a field separator', () => {
    const r = record('%t %h %>s', '[10/Oct/2000:13:55:36 -0700] 1.2.3.4 404');
    expect([r.timeMs, r.clientIp, r.status]).toEqual([Date.UTC(2000, 9, 10, 20, 55, 36), '1.2.3.4', 404]);
  });

  test('units: %D is microseconds, %T seconds, %{ms}T milliseconds; %a wins over %h; %{Host}i over %v', () => {
    const r = record('%h %a %v %{Host}i %D %T %{ms}T %B %O', 'proxy.example 203.0.113.7 vhost host.example 1500 2 7 10 99');
    expect([r.clientIp, r.host, r.durationMs, r.bytes, r.extras]).toEqual([
      '203.0.113.7', 'host.example', 1.5, 10,
      { remoteHost: 'proxy.example', serverName: 'vhost', durationS: '2', durationMs: '7', bytesOut: '99' },
    ]);
  });

  test('%m %U%q %H without %r; epoch and msec_frac time pieces; %{X-Forwarded-For}i in extras', () => {
    const r = record('%{sec}t.%{msec_frac}t %m %U%q %H %s "%{X-Forwarded-For}i"', '1700000000.250 POST /login?x=1 HTTP/2 401 "10.0.0.1, 10.0.0.2"');
    expect([r.timeMs, r.method, r.path, r.query, r.protocol, r.status, r.extras]).toEqual([
      1_700_000_000_250, 'POST', '/login', 'x=1', 'HTTP/2', 401, { 'X-Forwarded-For': '10.0.0.1, 10.0.0.2' },
    ]);
  });

  test('strftime with an offset: %d/%b/%Y:%H:%M:%S %z', () => {
    const r = record('%h [%{%d/%b/%Y:%H:%M:%S %z}t] "%r"', '1.2.3.4 [02/Apr/2019:22:04:19 +0200] "GET / HTTP/1.1"');
    expect(r.timeMs).toBe(Date.UTC(2019, 3, 2, 20, 4, 19));
  });

  test('a last quoted field cut off before its closing quote keeps what was logged; an earlier one is malformed', () => {
    expect(record('%h "%{User-Agent}i"', '1.2.3.4 "Mozilla/5.0 (cut').userAgent).toBe('Mozilla/5.0 (cut');
    expect(compileLogFormat('%h "%{User-Agent}i" %>s')('1.2.3.4 "Mozilla/5.0 (cut', 'f', 1)).toBe('SEMLOG_UNTERMINATED_QUOTE');
  });

  test.each([
    ['%h %>s', '1.2.3.4 abc', 'SEMLOG_BAD_STATUS'],
    ['%h %b', '1.2.3.4 12k', 'SEMLOG_BAD_NUMBER'],
    ['%h %t', '1.2.3.4 [yesterday]', 'SEMLOG_BAD_TIME'],
    ['%h "%r" %>s', '1.2.3.4 "GET / 200', 'SEMLOG_UNTERMINATED_QUOTE'],
    ['[%h] %>s', '1.2.3.4 200', 'SEMLOG_BAD_SYNTAX'],
    ['%h|%>s', '1.2.3.4 200', 'SEMLOG_BAD_SYNTAX'],
  ])('%s on %j → %s', (format, line, code) => {
    expect(compileLogFormat(format)(line, 'f', 1)).toBe(code);
  });

  test.each([
    ['%h%u', /directly followed by/],
    ['%h %Z', /unknown directive %Z/],
    ['%h %{Referer', /unterminated %\{/],
    ['literal only', /no % directive/],
    ['%h %{%Q}t', /unsupported strftime conversion %Q/],
  ])('rejects the LogFormat %j with a UsageError', (format, message) => {
    expect(() => compileLogFormat(format)).toThrow(UsageError);
    expect(() => compileLogFormat(format)).toThrow(message);
  });

  test('is never auto-detected and needs a LogFormat', () => {
    expect(customApacheFormat.detect(['anything'])).toBe(0);
    expect(() => customApacheFormat.createParser()).toThrow(UsageError);
  });
});
