import { describe, expect, it } from 'vitest';
import { cloudFrontHour, keyTimeRange, SLACK_MS } from '../../../src/parse/s3/key-time-range.js';
import { jumpPast, mayHoldRecords } from '../../../src/parse/s3/list-objects.js';
import { parseS3Uri } from '../../../src/parse/s3/s3-uri.js';
import { UsageError } from '../../../src/errors.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('keyTimeRange', () => {
  it('reads the hour of a CloudFront log name, widened by the slack', () => {
    expect(keyTimeRange('cf/E2EXAMPLE.2026-11-18-05.a1b2c3d4.gz')).toEqual({
      startMs: at('2026-11-18T05:00:00Z') - SLACK_MS,
      endMs: at('2026-11-18T06:00:00Z') + SLACK_MS,
    });
  });

  it('reads the interval end of an ALB log name before its date folders', () => {
    const key = 'AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/18/' +
      '123456789012_elasticloadbalancing_us-east-1_app.my-lb.50dc6c495c0c9188_20261118T0505Z_10.0.0.1_2kqxo5pm.log.gz';
    expect(keyTimeRange(key)).toEqual({ startMs: at('2026-11-18T04:05:00Z') - SLACK_MS, endMs: at('2026-11-18T05:05:00Z') + SLACK_MS });
  });

  it('falls back to date folders: a day, or an hour when the hour is a folder too', () => {
    expect(keyTimeRange('logs/2026/11/18/access.log.gz')).toEqual({ startMs: at('2026-11-18T00:00:00Z') - SLACK_MS, endMs: at('2026-11-19T00:00:00Z') + SLACK_MS });
    expect(keyTimeRange('E2EXAMPLE/2026/11/18/07/part-0.gz')).toEqual({ startMs: at('2026-11-18T07:00:00Z') - SLACK_MS, endMs: at('2026-11-18T08:00:00Z') + SLACK_MS });
  });

  it('is null for keys without a valid date', () => {
    expect(keyTimeRange('nginx/access.log.1.gz')).toBeNull();
    expect(keyTimeRange('cf/E2EXAMPLE.2026-02-30-05.a1b2c3d4.gz')).toBeNull();
    expect(keyTimeRange('cf/E2EXAMPLE.2026-11-18-24.a1b2c3d4.gz')).toBeNull();
    expect(keyTimeRange('2026/13/01/x.gz')).toBeNull();
  });
});

describe('mayHoldRecords', () => {
  const cf = (hour: string) => ({ key: `E2.2026-11-18-${hour}.x.gz`, lastModifiedMs: undefined });
  const since = at('2026-11-18T12:00:00Z');
  const until = at('2026-11-18T18:00:00Z');

  it('keeps an object whose hour (plus slack) overlaps the range, and only those', () => {
    expect(mayHoldRecords(cf('10'), { sinceMs: since })).toBe(false); // 10:00–11:00, +1 h slack ends at 12:00
    expect(mayHoldRecords(cf('11'), { sinceMs: since })).toBe(true);
    expect(mayHoldRecords(cf('19'), { untilMs: until })).toBe(false); // starts at 19:00 - 1 h = 18:00
    expect(mayHoldRecords(cf('18'), { sinceMs: since, untilMs: until })).toBe(true);
    expect(mayHoldRecords(cf('03'), {})).toBe(true);
  });

  it('uses LastModified for undated keys, as a lower bound only', () => {
    const undated = (lastModifiedMs: number) => ({ key: 'nginx/access.log.gz', lastModifiedMs });
    expect(mayHoldRecords(undated(since - HOUR), { sinceMs: since })).toBe(false);
    expect(mayHoldRecords(undated(since + HOUR), { sinceMs: since })).toBe(true);
    // Written long after --until, it may still hold older records.
    expect(mayHoldRecords(undated(until + 48 * HOUR), { sinceMs: since, untilMs: until })).toBe(true);
  });
});

describe('parseS3Uri', () => {
  it('splits bucket and prefix', () => {
    expect(parseS3Uri('s3://my-logs/AWSLogs/1/')).toEqual({ bucket: 'my-logs', prefix: 'AWSLogs/1/' });
    expect(parseS3Uri('s3://my-logs')).toEqual({ bucket: 'my-logs', prefix: '' });
  });

  it('rejects a URI without a bucket', () => {
    expect(() => parseS3Uri('s3:///logs/')).toThrow(UsageError);
  });
});

describe('jumpPast (skipping older CloudFront hours while listing)', () => {
  const since = at('2026-11-18T12:00:00Z');

  it('lands two hours before the first hour the filter keeps, in the same distribution', () => {
    expect(cloudFrontHour('cf/E2EXAMPLE.2026-11-01-07.a1b2.gz')).toEqual({ stem: 'cf/E2EXAMPLE.', startMs: at('2026-11-01T07:00:00Z') });
    // The first kept hour is 11:00 (see mayHoldRecords above); the jump lists 09:00 and later.
    expect(jumpPast('cf/E2EXAMPLE.2026-11-01-07.a1b2.gz', since)).toBe('cf/E2EXAMPLE.2026-11-18-09');
    expect(mayHoldRecords({ key: 'cf/E2EXAMPLE.2026-11-18-10.x.gz', lastModifiedMs: undefined }, { sinceMs: since })).toBe(false);
    // Every key of the landing hour sorts after it, every earlier hour before it.
    expect('cf/E2EXAMPLE.2026-11-18-09.0.gz' > 'cf/E2EXAMPLE.2026-11-18-09').toBe(true);
    expect('cf/E2EXAMPLE.2026-11-18-08.z.gz' < 'cf/E2EXAMPLE.2026-11-18-09').toBe(true);
  });

  it('does not jump from a key that is not old enough, or not a CloudFront name', () => {
    expect(jumpPast('cf/E2EXAMPLE.2026-11-18-09.a.gz', since)).toBeUndefined();
    expect(jumpPast('cf/E2EXAMPLE.2026-11-18-15.a.gz', since)).toBeUndefined();
    expect(jumpPast('alb/AWSLogs/1/elasticloadbalancing/us-east-1/2026/11/01/1_elasticloadbalancing_us-east-1_app.lb.1_20261101T0505Z_10.0.0.1_x.log.gz', since)).toBeUndefined();
    expect(jumpPast('nginx/access.log.gz', since)).toBeUndefined();
    expect(cloudFrontHour('cf/E2EXAMPLE.2026-02-30-07.a.gz')).toBeNull();
  });
});
