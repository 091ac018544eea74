// The fields marked fromExtras read nothing but a record's extras: CategoryCounts skips them for records
// without extras (Apache, nginx, Tomcat), and that must change no count.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CATEGORY_FIELDS } from '../../src/categories/category-fields.js';
import { CategoryCounts } from '../../src/categories/category-counts.js';
import type { LogRecord } from '../../src/types.js';
import { collect, FIXTURES, SHARED_DATA } from '../parse/helpers.js';
import { albRecord, countRecords, wafRecord, WINDOW_MS } from './category-records.js';

/** A record with every core field set and no extras, as the Apache parser makes them. */
function coreOnly(): LogRecord {
  return {
    file: 'built.log', line: 1, timeMs: 1_700_000_100_000, clientIp: '203.0.113.9', method: 'POST', path: '/login', query: 'a=1',
    protocol: 'HTTP/1.1', status: 503, bytes: 10, durationMs: 5, userAgent: 'curl/8.0', referer: 'https://example.com/',
    cookie: 'sid=1', host: 'example.com', user: 'bob', extras: null,
  };
}

describe('category fields read from extras', () => {
  test('a field marked fromExtras has no value on a record without extras; method and status have one', () => {
    const record = coreOnly();
    for (const field of CATEGORY_FIELDS) {
      const value = field.valuesOf !== undefined ? field.valuesOf(record) : field.valueOf(record);
      if (field.fromExtras) expect([undefined, ''], field.name).toContainEqual(value);
      else expect(value, field.name).not.toBe('');
    }
    expect(CATEGORY_FIELDS.filter((field) => !field.fromExtras).map((field) => field.name)).toEqual(['method', 'status']);
  });

  test('real Apache lines count the same with extras null (skipped) and an empty extras object (read)', async () => {
    const records = (await collect([`${SHARED_DATA}elastic-apache-logs/apache_logs.log`])).records;
    expect(records.length).toBe(10_000);
    expect(records.every((record) => record.extras === null)).toBe(true);
    const skipped = countRecords(records).counts;
    const read = countRecords(records.map((record) => ({ ...record, extras: {} }))).counts;
    expect(skipped.values.length).toBeGreaterThan(5);
    expect(skipped.values).toEqual(read.values);
    expect(skipped.fieldTotals).toEqual(read.fieldTotals);
    expect([...skipped.clientValues]).toEqual([...read.clientValues]);
    expect(skipped.windows()).toEqual(read.windows());
  });
});

describe('CategoryCounts per client and window', () => {
  test('client totals by hand: records that carry a field, per client, past the first array size', () => {
    const counts = new CategoryCounts(WINDOW_MS);
    const status = CATEGORY_FIELDS.findIndex((field) => field.name === 'status');
    const method = CATEGORY_FIELDS.findIndex((field) => field.name === 'method');
    const record = coreOnly();
    counts.add(record, 3, '203.0.113.9');
    counts.add(record, 3, '203.0.113.9');
    counts.add({ ...record, status: null }, 3, '203.0.113.9');
    counts.add(record, 5000, '203.0.113.10');
    expect(counts.clientTotal(3, status)).toBe(2);
    expect(counts.clientTotal(5000, status)).toBe(1);
    expect(counts.clientTotal(4, status)).toBe(0);
    expect(counts.clientTotal(99_999, status)).toBe(0);
    // Method has no client mix: not counted per client.
    expect(counts.clientTotal(3, method)).toBe(0);
  });

  test('records out of time order land in their own windows', () => {
    const counts = new CategoryCounts(WINDOW_MS);
    const record = coreOnly();
    for (const offset of [0, WINDOW_MS, 10, 2 * WINDOW_MS + 1, WINDOW_MS + 7]) counts.add({ ...record, timeMs: record.timeMs! + offset }, 0, '203.0.113.9');
    // 1,700,000,100,000 ms is a multiple of the 5-minute window: the offsets fall in windows 0, 1, 0, 2, 1.
    expect(record.timeMs! % WINDOW_MS).toBe(0);
    expect(counts.windows().map((window) => (window.startMs - record.timeMs!) / WINDOW_MS)).toEqual([0, 1, 2]);
    expect(counts.windows().map((window) => window.fieldTotals[0])).toEqual([2, 2, 1]);
  });

  test('WAF and ALB records, which carry extras, still count their AWS fields', () => {
    const { counts } = countRecords([wafRecord({ timeMs: 1_700_000_000_000, ip: '198.51.100.1', action: 'BLOCK', rule: 'SQLi' })]);
    const names = counts.values.map((stats) => `${CATEGORY_FIELDS[stats.field]!.name}=${stats.value}`);
    expect(names).toContain('wafAction=BLOCK');
    expect(names).toContain('country=US');
    const alb = readFileSync(`${FIXTURES}alb/aws-log-parser_alb-entries.log`, 'utf8').trimEnd().split('\n')[0]!;
    const albCounts = countRecords([albRecord(alb, '198.51.100.2', '2024-01-01T00:00:00.000000Z', 502, '-')]).counts;
    expect(albCounts.values.map((stats) => `${CATEGORY_FIELDS[stats.field]!.name}=${stats.value}`)).toContain('targetStatus=-');
  });
});
