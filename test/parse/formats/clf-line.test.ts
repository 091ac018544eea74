import { describe, expect, test } from 'vitest';
import { parseClfLine } from '../../../src/parse/formats/clf-line.js';
import type { LogRecord } from '../../../src/types.js';

const parse = (line: string, vhost = false): LogRecord | string => parseClfLine(line, 'f.log', 7, vhost);

function record(line: string, vhost = false): LogRecord {
  const result = parse(line, vhost);
  if (typeof result === 'string') throw new Error(`expected a record, got ${result}`);
  return result;
}

describe('parseClfLine', () => {
  test('maps a combined line onto every LogRecord field', () => {
    expect(
      record('83.149.9.216 - frank [17/May/2015:10:05:03 +0000] "GET /presentations/x.png?a=1 HTTP/1.1" 200 203023 "http://semicomplete.com/" "Mozilla/5.0"'),
    ).toEqual({
      file: 'f.log', line: 7, timeMs: Date.UTC(2015, 4, 17, 10, 5, 3), clientIp: '83.149.9.216', method: 'GET',
      path: '/presentations/x.png', query: 'a=1', protocol: 'HTTP/1.1', status: 200, bytes: 203023, durationMs: null,
      userAgent: 'Mozilla/5.0', referer: 'http://semicomplete.com/', cookie: '', host: '', user: 'frank', extras: null,
    });
  });

  test('common (Tomcat): `-` bytes is zero; no referer or agent', () => {
    const r = record('10.220.121.33 - - [20/Jun/2019:09:12:48 -0400] "POST /BannerAdmin.ws/saml/SSO HTTP/1.1" 302 -');
    expect([r.status, r.bytes, r.referer, r.userAgent, r.timeMs]).toEqual([302, 0, '', '', Date.UTC(2019, 5, 20, 13, 12, 48)]);
  });

  test('an extra trailing field is kept in extras, a `"-"` one is dropped (almhuette)', () => {
    const base = '1.2.3.4 - - [02/Apr/2019:22:04:19 +0200] "GET / HTTP/1.1" 200 5 "-" "UA"';
    expect(record(`${base} "-"`).extras).toBeNull();
    expect(record(`${base} www.example.org`).extras).toEqual({ trailing: 'www.example.org' });
    expect(record('1.2.3.4 - - [02/Apr/2019:22:04:19 +0200] "GET / HTTP/1.1" 200 5 vhost.example').extras).toEqual({ trailing: 'vhost.example' });
  });

  test('a trailing space (secrepo) and a line wrapped in quotes (ocatak) parse like the plain line', () => {
    const plain = '1.2.3.4 - - [22/Dec/2016:15:19:06 +0300] "HEAD /DVWA/.git/config HTTP/1.1" 404 139 "-" "Mozilla/5.0"';
    const expected = record(plain);
    expect(record(`${plain} `)).toEqual(expected);
    expect(record(`"${plain}"`)).toEqual(expected);
    const common = '1.2.3.4 - - [22/Dec/2016:15:19:06 +0300] "GET / HTTP/1.1" 200 7';
    expect(record(`"${common}"`)).toEqual(record(common));
  });

  test('backslash-escaped quotes stay inside the field (Apache 2)', () => {
    const r = record('1.2.3.4 - - [22/Dec/2016:15:19:14 +0300] "GET /a?q=\\"x\\" HTTP/1.1" 200 1 "() { :;}; echo \\"NS:\\" $(x)" "UA \\"q\\""');
    expect([r.path, r.query, r.referer, r.userAgent]).toEqual(['/a', 'q=\\"x\\"', '() { :;}; echo \\"NS:\\" $(x)', 'UA \\"q\\"']);
  });

  test('an unescaped quote inside the request (Apache 1.3, honeynet Nikto lines) is found by the status after it', () => {
    const r = record('68.49.152.86 - - [22/Apr/2004:11:55:13 -0400] "GET" /hostadmin/?page=\' HTTP/1.0" 501 345 "-" "Mozilla/4.75 (Nikto/1.32 )"');
    expect([r.method, r.path, r.query, r.protocol, r.status, r.bytes]).toEqual(['GET"', '/hostadmin/', "page='", 'HTTP/1.0', 501, 345]);
  });

  test('a user agent cut off before its closing quote keeps what was logged (elastic line 8899)', () => {
    const r = record('46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /x.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html');
    expect(r.userAgent).toBe('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html');
  });

  test('vhost_combined: the leading %v:%p is the host', () => {
    const line = 'www.example.com:443 1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "UA"';
    expect([record(line, true).host, record(line, true).clientIp]).toEqual(['www.example.com', '1.2.3.4']);
    expect(parse(line)).toBe('SEMLOG_BAD_SYNTAX');
  });

  test.each([
    ['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 2xx 5', 'SEMLOG_BAD_STATUS'],
    ['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5k', 'SEMLOG_BAD_NUMBER'],
    ['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200', 'SEMLOG_BAD_NUMBER'],
    ['1.2.3.4 - - [01/Jab/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5', 'SEMLOG_BAD_TIME'],
    ['1.2.3.4 - - [01/Jan/2024:00:00:00] "GET / HTTP/1.1" 200 5', 'SEMLOG_BAD_TIME'],
    ['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1 200 5', 'SEMLOG_UNTERMINATED_QUOTE'],
    ['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] GET / 200 5', 'SEMLOG_BAD_SYNTAX'],
    ['1.2.3.4 - [01/Jan/2024:00:00:00 +0000] "GET /" 200 5', 'SEMLOG_BAD_SYNTAX'],
    ['1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "unclosed referer', 'SEMLOG_UNTERMINATED_QUOTE'],
    ['', 'SEMLOG_BAD_SYNTAX'],
  ])('%j → %s', (line, code) => {
    expect(parse(line)).toBe(code);
  });
});
