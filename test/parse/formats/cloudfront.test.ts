import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cloudfrontFormat } from '../../../src/parse/formats/cloudfront.js';
import type { LogRecord } from '../../../src/types.js';
import { FIXTURES } from '../helpers.js';

/** Feeds a file's lines through one parser the way the ingest driver does. */
function parseFile(name: string): Array<LogRecord | string> {
  const parser = cloudfrontFormat.createParser();
  const out: Array<LogRecord | string> = [];
  readFileSync(FIXTURES + name, 'utf8').split('\n').forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    if (text === '') return;
    if (text.startsWith('#')) parser.comment?.(text);
    else out.push(parser.parse(text, name, i + 1));
  });
  return out;
}

const records = (name: string): LogRecord[] => {
  const out = parseFile(name);
  expect(out.filter((r) => typeof r === 'string')).toEqual([]);
  return out as LogRecord[];
};

describe('cloudfront', () => {
  test('33-field header: every mapped field', () => {
    const [first] = records('cloudfront/aws-log-parser_cloudfront-multiple.log');
    expect(first).toMatchObject({
      line: 3, timeMs: Date.UTC(2019, 11, 4, 21, 2, 31), clientIp: '128.92.136.19', method: 'GET', path: '/index.html',
      query: '', protocol: 'HTTP/2.0', status: 200, bytes: 392, durationMs: 1, referer: '', cookie: '',
      host: 'd111111abcdef8.cloudfront.net',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36',
    });
    expect(first?.extras).toEqual({
      edgeLocation: 'LAX1', edgeResultType: 'Hit', edgeDetailedResultType: 'Hit', edgeResponseResultType: 'Hit', viewerProtocol: 'https',
      sslProtocol: 'TLSv1.2', sslCipher: 'ECDHE-RSA-AES128-GCM-SHA256', contentType: 'text/html', contentLength: '78', timeToFirstByteMs: '1',
    });
  });

  test('old 24-field set with a tab-separated header and double-encoded agents', () => {
    const all = records('cloudfront/node-cloudfront-log-parser_web-1-0.txt');
    expect(all).toHaveLength(2);
    expect(all[0]?.userAgent).toBe('Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.4.6 (KHTML, like Gecko) Version/10.0 Mobile/14D27 Safari/602.1');
    expect(all[1]).toMatchObject({ status: 304, bytes: 2390282, query: 'a=b&c=d', cookie: 'zip=50158', referer: 'www.unknownsingers.com', protocol: 'HTTP/1.1' });
  });

  test('Dec-2019 field set with a trailing tab', () => {
    const all = records('cloudfront/node-cloudfront-log-parser_web-1-0-2019-12.txt');
    expect(all.map((r) => r.userAgent.startsWith('Mozilla/5.0 (Windows NT 10.0;'))).toEqual([true, true, true]);
  });

  test('headerless file: the default column order (19 of the 33 fields present)', () => {
    const all = records('cloudfront/cf-access-log-sample_SYNTHETIC-headerless-crlf.log');
    expect(all).toHaveLength(20);
    expect(all[0]).toMatchObject({ clientIp: '72.21.196.65', status: 404, bytes: 919468, durationMs: 2000, host: 'x_host-header' });
  });

  test('too few fields, bad numbers and bad times are malformed with their code', () => {
    const parser = cloudfrontFormat.createParser();
    expect(parser.parse('2019-12-04\t21:02:31\tLAX1', 'f', 1)).toBe('SEMLOG_FIELD_COUNT');
    const good = readFileSync(FIXTURES + 'cloudfront/aws-log-parser_cloudfront-multiple.log', 'utf8').split('\n')[2] as string;
    const fields = good.split('\t');
    const withField = (i: number, value: string): string => fields.map((f, k) => (k === i ? value : f)).join('\t');
    expect(parser.parse(withField(8, 'abc'), 'f', 1)).toBe('SEMLOG_BAD_STATUS');
    expect(parser.parse(withField(3, '12x'), 'f', 1)).toBe('SEMLOG_BAD_NUMBER');
    expect(parser.parse(withField(0, '2019-13-04'), 'f', 1)).toBe('SEMLOG_BAD_TIME');
    expect(parser.parse(withField(1, '21:02'), 'f', 1)).toBe('SEMLOG_BAD_TIME');
  });

  test('a header without the columns a request needs makes rows malformed, not timeless', () => {
    const parser = cloudfrontFormat.createParser();
    parser.comment?.('#Fields: x-edge-location sc-bytes');
    expect(parser.parse('LAX1\t392', 'f', 1)).toBe('SEMLOG_MISSING_FIELD');
  });

  test('detect: a #Fields header, or headerless rows in the default order; not combined lines', () => {
    expect(cloudfrontFormat.detect(['#Version: 1.0', '#Fields: date time c-ip cs-uri-stem sc-status'])).toBe(1);
    const synthetic = readFileSync(FIXTURES + 'cloudfront/cf-access-log-sample_SYNTHETIC-headerless-crlf.log', 'utf8');
    expect(cloudfrontFormat.detect(synthetic.split('\r\n').filter(Boolean))).toBe(1);
    expect(cloudfrontFormat.detect(['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5'])).toBe(0);
  });
});
