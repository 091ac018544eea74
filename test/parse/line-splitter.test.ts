import { describe, expect, test } from 'vitest';
import { LineSplitter } from '../../src/parse/line-splitter.js';

interface Seen { lines: Array<[number, string, boolean]>; overflows: Array<[number, string, boolean]> }

function split(chunks: readonly Buffer[], maxLineBytes = 1024, damaged = false): Seen {
  const seen: Seen = { lines: [], overflows: [] };
  const splitter = new LineSplitter(maxLineBytes, {
    line: (text, line, hasNul) => seen.lines.push([line, text, hasNul]),
    overflow: (excerpt, line, truncated) => seen.overflows.push([line, excerpt, truncated]),
  });
  for (const chunk of chunks) splitter.push(chunk);
  if (damaged) splitter.endDamaged();
  else splitter.end();
  return seen;
}

describe('LineSplitter', () => {
  test('splits LF and CRLF, numbers physical lines, keeps blank lines and a last line without newline', () => {
    const { lines } = split([Buffer.from('a\r\nb\n\nc\r\n\r\nd')]);
    expect(lines.map(([n, t]) => [n, t])).toEqual([[1, 'a'], [2, 'b'], [3, ''], [4, 'c'], [5, ''], [6, 'd']]);
  });

  test('a lone CR inside a line is content, not a line break', () => {
    expect(split([Buffer.from('a\rb\n')]).lines.map(([, t]) => t)).toEqual(['a\rb']);
  });

  test('gives the same lines for every way of cutting the input into two chunks', () => {
    const text = Buffer.from('first line\r\nsecond ünïcode line\n\nthird\r\n');
    const expected = split([text]).lines;
    for (let cut = 0; cut <= text.length; cut++) {
      expect(split([text.subarray(0, cut), text.subarray(cut)]).lines).toEqual(expected);
    }
  });

  test('a multi-byte character split across chunks decodes correctly', () => {
    const text = Buffer.from('é€😀\n');
    for (let cut = 1; cut < text.length - 1; cut++) {
      expect(split([text.subarray(0, cut), text.subarray(cut)]).lines[0]?.[1]).toBe('é€😀');
    }
  });

  test('invalid UTF-8 becomes U+FFFD instead of failing; NUL bytes are flagged', () => {
    const { lines } = split([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0x61, 0x00, 0x62, 0x0a])]);
    expect(lines).toEqual([[1, 'a\ufffd\ufffdb', false], [2, 'a\0b', true]]);
  });

  test('a line over maxLineBytes is one overflow, whether it arrives in one chunk or many', () => {
    const long = 'x'.repeat(100);
    const input = Buffer.from(`ok\n${long}\nafter\n`);
    for (const chunks of [[input], Array.from({ length: input.length }, (_, i) => input.subarray(i, i + 1))]) {
      const seen = split(chunks, 50);
      expect(seen.lines.map(([n, t]) => [n, t])).toEqual([[1, 'ok'], [3, 'after']]);
      expect(seen.overflows).toHaveLength(1);
      expect(seen.overflows[0]?.[0]).toBe(2);
      expect(seen.overflows[0]?.[1].startsWith('xxxx')).toBe(true);
      expect(seen.overflows[0]?.[2]).toBe(false);
    }
  });

  test('a line of exactly maxLineBytes (plus CR) is still a line', () => {
    expect(split([Buffer.from('12345\r\n')], 5).lines).toEqual([[1, '12345', false]]);
    expect(split([Buffer.from('123456\n')], 5).overflows).toHaveLength(1);
  });

  test('endDamaged reports a partial last line as truncated, and nothing when the input ended on a newline', () => {
    expect(split([Buffer.from('a\npartial')], 1024, true).overflows).toEqual([[2, 'partial', true]]);
    expect(split([Buffer.from('a\n')], 1024, true).overflows).toEqual([]);
  });
});
