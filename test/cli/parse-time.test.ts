import { describe, expect, it } from 'vitest';
import { parseTime } from '../../src/cli/parse-time.js';
import { UsageError } from '../../src/errors.js';

describe('parseTime', () => {
  const now = Date.UTC(2024, 4, 10, 12);
  it('counts ages back from now', () => {
    expect(parseTime('24h', '--since', now)).toBe(Date.UTC(2024, 4, 9, 12));
    expect(parseTime('7d', '--since', now)).toBe(Date.UTC(2024, 4, 3, 12));
    expect(parseTime('90m', '--since', now)).toBe(now - 90 * 60_000);
  });

  it('reads ISO dates and times, UTC unless an offset is given', () => {
    expect(parseTime('2024-05-01', '--until', now)).toBe(Date.UTC(2024, 4, 1));
    expect(parseTime('2024-05-01T06:00:00Z', '--until', now)).toBe(Date.UTC(2024, 4, 1, 6));
    expect(parseTime('2024-05-01T06:00:00+02:00', '--until', now)).toBe(Date.UTC(2024, 4, 1, 4));
  });

  it('reads a date and time without an offset as UTC too, whatever the machine\'s zone (Date.parse would take it as local)', () => {
    const zone = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      expect(new Date(2024, 4, 1, 6).getTime()).not.toBe(Date.UTC(2024, 4, 1, 6)); // the zone took effect
      expect(parseTime('2024-05-01T06:00:00', '--until', now)).toBe(Date.UTC(2024, 4, 1, 6));
      expect(parseTime('2024-05-01 06:00', '--until', now)).toBe(Date.UTC(2024, 4, 1, 6));
      expect(parseTime('2024-05-01', '--until', now)).toBe(Date.UTC(2024, 4, 1));
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it('rejects anything else with a hint', () => {
    for (const bad of ['yesterday', '24 hours', '2024-13-45', '']) {
      expect(() => parseTime(bad, '--since', now)).toThrow(UsageError);
    }
  });
});
