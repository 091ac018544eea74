import { describe, expect, test } from 'vitest';
import { parseIsoTime } from '../../src/parse/iso-time.js';

describe('parseIsoTime', () => {
  test('ALB style: Z and microseconds (truncated to ms)', () => {
    expect(parseIsoTime('2018-07-02T22:23:00.186641Z')).toBe(Date.UTC(2018, 6, 2, 22, 23, 0, 186));
  });

  test('no offset means UTC; offsets with and without a colon', () => {
    expect(parseIsoTime('2019-01-21 23:51:44')).toBe(Date.UTC(2019, 0, 21, 23, 51, 44));
    expect(parseIsoTime('2019-01-21T23:51:44+01:00')).toBe(Date.UTC(2019, 0, 21, 22, 51, 44));
    expect(parseIsoTime('2019-01-21T23:51:44-0130')).toBe(Date.UTC(2019, 0, 22, 1, 21, 44));
  });

  test('a slice of a longer string', () => {
    const s = 'x 2020-02-29T00:00:00Z y';
    expect(parseIsoTime(s, 2, s.length - 2)).toBe(Date.UTC(2020, 1, 29));
  });

  test.each(['2019-13-01T00:00:00Z', '2019-01-01T00:00:00Q', '2019-01-01T00:00:00.', '2019-01-01', 'garbage-garbage-xx', '-'])(
    'rejects %j',
    (text) => expect(parseIsoTime(text)).toBeNaN(),
  );
});
