import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { albFormat, parseAlbLine } from '../../../src/parse/formats/alb.js';
import type { LogRecord } from '../../../src/types.js';
import { FIXTURES } from '../helpers.js';

const lines = readFileSync(FIXTURES + 'alb/aws-log-parser_alb-entries.log', 'utf8').trimEnd().split('\n');

function record(text: string): LogRecord {
  const result = parseAlbLine(text, 'alb.log', 1);
  if (typeof result === 'string') throw new Error(`expected a record, got ${result}`);
  return result;
}

describe('alb', () => {
  test('every real sample line parses', () => {
    expect(lines.map((text) => typeof parseAlbLine(text, 'f', 1))).toEqual(lines.map(() => 'object'));
  });

  test('maps the documented example line', () => {
    expect(record(lines[0] as string)).toEqual({
      file: 'alb.log', line: 1, timeMs: Date.UTC(2018, 6, 2, 22, 23, 0, 186), clientIp: '192.168.131.39', method: 'GET',
      path: '/', query: 'a=b&c=d&zip=98101', protocol: 'HTTP/1.1', status: 200, bytes: 366, durationMs: 1,
      userAgent: 'curl/7.46.0', referer: '', cookie: '', host: 'www.example.com', user: '',
      extras: {
        type: 'http', elb: 'app/my-loadbalancer/50dc6c495c0c9188', target: '10.0.0.1:80', targetStatus: '200', actions: 'forward',
        requestProcessingMs: '0', targetProcessingMs: '1', responseProcessingMs: '0',
      },
    });
  });

  test('the three processing times in ms, TLS cipher and protocol', () => {
    expect(record(lines[1] as string).extras).toMatchObject({
      requestProcessingMs: '86', targetProcessingMs: '48', responseProcessingMs: '37',
      sslCipher: 'ECDHE-RSA-AES128-GCM-SHA256', sslProtocol: 'TLSv1.2', actions: 'authenticate,forward',
    });
  });

  test('-1 processing times (no target reached) mean no duration; target status `-` is kept: the ELB answered itself', () => {
    const r = record(lines[3] as string);
    expect([r.status, r.durationMs, r.extras?.targetStatus, r.extras?.errorReason]).toEqual([401, null, '-', 'AuthInvalidAWSALBAuthNonce']);
    expect(r.extras?.requestProcessingMs).toBeUndefined();
  });

  test('a 502 the target never answered: ELB status 502, target status `-`, the Lambda error reason', () => {
    const r = record(lines[8] as string);
    expect([r.status, r.extras?.targetStatus, r.extras?.errorReason, r.extras?.target]).toEqual([502, '-', 'LambdaInvalidResponse', undefined]);
  });

  test('fields AWS may append after conn_trace_id (the 30th, 2024) are ignored', () => {
    const full = lines[3] as string;
    expect(full.endsWith('TID_b33932fc40603344b9a76c1b94b208fd')).toBe(true);
    expect(record(`${full} "future-field" 42 "another"`)).toEqual(record(full));
  });

  test('IPv6 clients and malformed-request placeholders', () => {
    const line = (lines[0] as string).replace('192.168.131.39:2817', '[2001:db8::1]:2817').replace('"GET http://www.example.com:80/?a=b&c=d&zip=98101 HTTP/1.1"', '"- http://www.example.com:80- -"');
    const r = record(line);
    expect([r.clientIp, r.method, r.protocol]).toEqual(['2001:db8::1', '', '']);
  });

  test.each([
    ['http 2018-07-02T22:23:00Z app/x 1.2.3.4:5 - 0 0 0 200 200 34 366', 'SEMLOG_FIELD_COUNT'],
    ['http yesterday app/x 1.2.3.4:5 - 0 0 0 200 200 34 366 "GET http://h/ HTTP/1.1" "ua"', 'SEMLOG_BAD_TIME'],
    ['http 2018-07-02T22:23:00Z app/x 1.2.3.4:5 - 0 0 0 2x0 200 34 366 "GET http://h/ HTTP/1.1" "ua"', 'SEMLOG_BAD_STATUS'],
    ['http 2018-07-02T22:23:00Z app/x 1.2.3.4:5 - 0 0 0 200 200 34 366 "GET http://h/ HTTP/1.1', 'SEMLOG_UNTERMINATED_QUOTE'],
  ])('%j → %s', (text, code) => {
    expect(parseAlbLine(text, 'f', 1)).toBe(code);
  });

  test('detect recognises ALB lines only', () => {
    expect(albFormat.detect(lines)).toBe(1);
    expect(albFormat.detect(['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"'])).toBe(0);
  });
});
