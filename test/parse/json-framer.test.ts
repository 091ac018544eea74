import { describe, expect, test } from 'vitest';
import { JsonFramer } from '../../src/parse/json-framer.js';

function frame(lines: readonly string[], maxBytes = 10_000): Array<[string, number, string | null]> {
  const out: Array<[string, number, string | null]> = [];
  const framer = new JsonFramer(maxBytes);
  const sink = (text: string, line: number, code: string | null): void => void out.push([text, line, code]);
  lines.forEach((text, i) => framer.push(text, i + 1, sink));
  framer.end(sink);
  return out;
}

describe('JsonFramer', () => {
  test('one object per line passes through unchanged', () => {
    expect(frame(['{"a":1}', '{"b":2}'])).toEqual([['{"a":1}', 1, null], ['{"b":2}', 2, null]]);
  });

  test('a pretty-printed object is joined, braces inside strings do not count', () => {
    expect(frame(['{', '  "a": "}{[",', '  "b": [1, {"c": 2}]', '}', '{"d":3}'])).toEqual([
      ['{\n  "a": "}{[",\n  "b": [1, {"c": 2}]\n}', 1, null],
      ['{"d":3}', 5, null],
    ]);
  });

  test('an unfinished object is malformed at its first line, and does not swallow the next object', () => {
    expect(frame(['{', '  "a": 1,', '{"b":2}'])).toEqual([['{\n  "a": 1,', 1, 'SEMLOG_BAD_JSON'], ['{"b":2}', 3, null]]);
    expect(frame(['{', '  "a": 1'])).toEqual([['{\n  "a": 1', 1, 'SEMLOG_BAD_JSON']]);
  });

  test('an object growing past maxBytes is malformed as too long', () => {
    const out = frame(['{', ...Array.from({ length: 100 }, () => '  "k": "vvvvvvvvvvvvvvvv",'), '}'], 500);
    expect(out[0]?.[2]).toBe('SEMLOG_LINE_TOO_LONG');
  });

  test('a single line that is not an object is passed on for the parser to reject', () => {
    expect(frame(['not json'])).toEqual([['not json', 1, null]]);
  });
});
