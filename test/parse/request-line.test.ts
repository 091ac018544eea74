import { describe, expect, test } from 'vitest';
import { newRecord } from '../../src/parse/new-record.js';
import { setAbsoluteTarget, setRequestLine } from '../../src/parse/request-line.js';

function split(request: string): [string, string, string, string] {
  const record = newRecord('f', 1);
  setRequestLine(record, request, 0, request.length);
  return [record.method, record.path, record.query, record.protocol];
}

describe('setRequestLine', () => {
  test.each([
    ['GET /a/b?x=1&y=2 HTTP/1.1', ['GET', '/a/b', 'x=1&y=2', 'HTTP/1.1']],
    ['get /scripts/..%c0%af../cmd.exe?/c%20dir', ['get', '/scripts/..%c0%af../cmd.exe', '/c%20dir', '']],
    ['GET /with space/in it HTTP/1.0', ['GET', '/with space/in it', '', 'HTTP/1.0']],
    ['GET" /hostadmin/?page=\' HTTP/1.0', ['GET"', '/hostadmin/', "page='", 'HTTP/1.0']],
    ['-', ['', '', '', '']],
    ['GET', ['GET', '', '', '']],
    ['\u0016\u0003\u0001', ['', '\u0016\u0003\u0001', '', '']],
    ['OPTIONS * HTTP/1.1', ['OPTIONS', '*', '', 'HTTP/1.1']],
    ['GET /? HTTP/1.1', ['GET', '/', '', 'HTTP/1.1']],
  ])('%j', (request, expected) => {
    expect(split(request)).toEqual(expected);
  });
});

describe('setAbsoluteTarget', () => {
  test('drops scheme and authority and returns the authority', () => {
    const record = newRecord('f', 1);
    const url = 'http://www.example.com:80/p/q?a=b';
    expect(setAbsoluteTarget(record, url, 0, url.length)).toBe('www.example.com:80');
    expect([record.path, record.query]).toEqual(['/p/q', 'a=b']);
  });

  test('a URL without a path has path /', () => {
    const record = newRecord('f', 1);
    expect(setAbsoluteTarget(record, 'https://h:443?x', 0, 15)).toBe('h:443');
    expect([record.path, record.query]).toEqual(['/', 'x']);
  });
});
