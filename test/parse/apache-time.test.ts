import { describe, expect, test } from 'vitest';
import { parseApacheTime } from '../../src/parse/apache-time.js';

describe('parseApacheTime', () => {
  test('applies the offset: local time minus offset is UTC', () => {
    // Hand-computed: 10/Oct/2000 13:55:36 at -0700 is 20:55:36 UTC.
    expect(parseApacheTime('10/Oct/2000:13:55:36 -0700', 0)).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(parseApacheTime('02/Apr/2019:22:04:19 +0200', 0)).toBe(Date.UTC(2019, 3, 2, 20, 4, 19));
    expect(parseApacheTime('x[01/Jan/2024:00:00:00 +0000]', 2)).toBe(Date.UTC(2024, 0, 1));
  });

  test('offsets with minutes and a date that moves across midnight and the year', () => {
    expect(parseApacheTime('31/Dec/2023:23:30:00 -0530', 0)).toBe(Date.UTC(2024, 0, 1, 5, 0, 0));
    expect(parseApacheTime('29/Feb/2024:12:00:00 +0000', 0)).toBe(Date.UTC(2024, 1, 29, 12));
  });

  test.each([
    ['10/Foo/2000:13:55:36 -0700'],
    ['32/Oct/2000:13:55:36 -0700'],
    ['29/Feb/2023:13:55:36 -0700'],
    ['10/Oct/2000:24:00:00 -0700'],
    ['10/Oct/2000:13:55:36 +9900'],
    ['10/Oct/2000 13:55:36 -0700'],
    ['1/Oct/2000:13:55:36 -0700'],
    [''],
  ])('rejects %j', (text) => {
    expect(parseApacheTime(text, 0)).toBeNaN();
  });
});
