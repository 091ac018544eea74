// Records through columns and back, as the parse thread sends them: hand-made records with every kind
// of value, and the string table starting over between messages.
import { describe, expect, test } from 'vitest';
import { newRecord } from '../../src/parse/new-record.js';
import { ColumnDecoder, ColumnEncoder } from '../../src/parse/thread/record-columns.js';
import type { LogRecord } from '../../src/types.js';

function record(line: number, fields: Partial<LogRecord>): LogRecord {
  return { ...newRecord('access.log', line), ...fields };
}

const FULL = record(7, {
  timeMs: 1_700_000_000_123,
  clientIp: '203.0.113.9',
  method: 'GET',
  path: '/search',
  query: 'q=%27+OR+1%3D1',
  protocol: 'HTTP/1.1',
  status: 404,
  bytes: 0,
  durationMs: 0.25,
  userAgent: '${jndi:ldap://x}',
  referer: 'https://example.org/',
  cookie: 'sid=1',
  host: 'example.org',
  user: 'alice',
  extras: { wafAction: 'BLOCK', edge: 'FRA56' },
});
/** Every number null, every string empty, as a format without them gives. */
const BARE = record(8, {});
const SAME_CLIENT = record(9, { clientIp: '203.0.113.9', method: 'GET', path: '/search', status: 200 });

describe('record columns', () => {
  test('records come back equal, nulls as null and zeros as zeros, in the same batches', () => {
    const encoder = new ColumnEncoder();
    const columns = encoder.encode([[FULL, BARE], [SAME_CLIENT]]);
    expect(columns.batchSizes).toEqual([2, 1]);
    // Each distinct string once: the 14 of FULL ('' among them), none new in BARE, '' reused by SAME_CLIENT.
    expect(columns.fresh).toEqual([
      '203.0.113.9', 'GET', '/search', 'q=%27+OR+1%3D1', 'HTTP/1.1', '${jndi:ldap://x}', 'https://example.org/', 'sid=1', 'example.org', 'alice', '',
    ]);
    expect(columns.nulls[0]).toBe(0);
    expect(columns.nulls[1]).toBe(0b1111);
    expect(columns.nulls[2]).toBe(0b1101); // only the status logged
    const batches = new ColumnDecoder().decode(columns, 'access.log');
    expect(batches).toEqual([[FULL, BARE], [SAME_CLIENT]]);
    expect(batches[0]![0]!.durationMs).toBe(0.25);
    expect(batches[0]![0]!.bytes).toBe(0);
  });

  test('a message with no extras sends none; records without extras keep null', () => {
    const columns = new ColumnEncoder().encode([[BARE, SAME_CLIENT]]);
    expect(columns.extras).toBeNull();
    const decoded = new ColumnDecoder().decode(columns, 'access.log')[0]!;
    expect(decoded.map((r) => r.extras)).toEqual([null, null]);
  });

  test('later messages send only new strings, and the table starts over between messages past its cap', () => {
    const encoder = new ColumnEncoder(25);
    const decoder = new ColumnDecoder();
    const first = encoder.encode([[FULL]]);
    expect(first.reset).toBe(false);
    expect(decoder.decode(first, 'a.log')).toEqual([[{ ...FULL, file: 'a.log' }]]);
    // 10 strings held; one more record could add 10: within 25, so no reset, and only '' is new.
    const second = encoder.encode([[SAME_CLIENT]]);
    expect(second.reset).toBe(false);
    expect(second.fresh).toEqual(['']);
    expect(decoder.decode(second, 'a.log')).toEqual([[{ ...SAME_CLIENT, file: 'a.log' }]]);
    // Two records could add 20 to the 11: past 25, so the table starts over before them.
    const other = record(10, { clientIp: '198.51.100.1', path: '/' });
    const third = encoder.encode([[other, SAME_CLIENT]]);
    expect(third.reset).toBe(true);
    expect(third.fresh).toEqual(['198.51.100.1', '', '/', '203.0.113.9', 'GET', '/search']);
    expect(decoder.decode(third, 'a.log')).toEqual([[{ ...other, file: 'a.log' }, { ...SAME_CLIENT, file: 'a.log' }]]);
    expect(decoder.tableSize).toBe(6);
  });
});
