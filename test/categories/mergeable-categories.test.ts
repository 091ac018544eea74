// The categorical counts of consecutive parts of a real log join into those of one pass
// (docs/scale-out.md): values, totals, clients' counts and windows, and hence the same findings.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CategoryCounts, MAX_VALUES_PER_FIELD, OTHER_VALUE } from '../../src/categories/category-counts.js';
import { CATEGORY_FIELDS } from '../../src/categories/category-fields.js';
import { detectCategories } from '../../src/categories/detect-categories.js';
import type { LogRecord } from '../../src/types.js';
import { record } from '../features/record.js';
import { collect, SHARED_DATA } from '../parse/helpers.js';

const WINDOW_MS = 300_000;
/** The capacity of a value's client table (category-counts.ts: twice the 5 clients it names). */
const CLIENT_TABLE = 10;

/** Counts of `records` with client ids in first-seen order, as IpAccumulator numbers them. */
function countsOf(records: readonly LogRecord[]): { counts: CategoryCounts; ips: string[] } {
  const counts = new CategoryCounts(WINDOW_MS);
  const ids = new Map<string, number>();
  for (const r of records) {
    const ipId = ids.get(r.clientIp) ?? ids.set(r.clientIp, ids.size).get(r.clientIp)!;
    counts.add(r, ipId, r.clientIp);
  }
  return { counts, ips: [...ids.keys()] };
}

/** Parts merged in order; each part's clients numbered after the earlier parts' (first-seen order). */
function merged(parts: ReadonlyArray<{ counts: CategoryCounts; ips: string[] }>): { counts: CategoryCounts; ips: string[] } {
  const [first, ...rest] = parts;
  const ids = new Map(first!.ips.map((ip, id) => [ip, id]));
  for (const part of rest) {
    const clientOf = part.ips.map((ip) => ids.get(ip) ?? ids.set(ip, ids.size).get(ip)!);
    first!.counts.merge(part.counts, clientOf);
  }
  return { counts: first!.counts, ips: [...ids.keys()] };
}

/**
 * Everything a CategoryCounts holds that detection reads, as plain data. The clients named per value
 * are a Space-Saving table of 10: exact while it has room, approximate once full (features/top-k.ts),
 * so they are compared only where the table of one pass has room.
 */
function contents({ counts, ips }: { counts: CategoryCounts; ips: string[] }, exactClients: (valueId: number) => boolean) {
  return {
    values: counts.values.map((v, id) => ({ ...v, clients: exactClients(id) ? v.clients.top(CLIENT_TABLE) : 'full' })),
    fieldTotals: counts.fieldTotals,
    clientValues: [...counts.clientValues].sort((a, b) => a[0] - b[0]),
    clientTotals: ips.map((_, ipId) => CATEGORY_FIELDS.map((_, f) => counts.clientTotal(ipId, f))),
    windows: counts.windows().map((w) => ({ ...w, values: [...w.values].sort((a, b) => a[0] - b[0]), clients: [...w.clients].sort((a, b) => a[0] - b[0]) })),
  };
}

/** Cuts `records` at these shares of their length. */
const cut = (records: readonly LogRecord[], at: readonly number[]) => {
  const ends = [0, ...at.map((share) => Math.round(share * records.length)), records.length];
  return ends.slice(1).map((end, k) => records.slice(ends[k], end));
};

describe('CategoryCounts.merge', () => {
  it('interns the next part\'s values after this one\'s and keeps the cap where one pass puts it (hand-computed)', () => {
    // 600 distinct methods: the first 500 get ids, the rest are counted as OTHER_VALUE, whichever part they are in.
    const records = Array.from({ length: 600 }, (_, k) => record({ method: `M${k}`, clientIp: `192.0.2.${k % 7}`, line: k + 1, timeMs: k * 1000 }));
    const whole = countsOf(records);
    for (const at of [[0.1], [0.5, 0.9], [0.83]]) {
      const parts = cut(records, at).map(countsOf);
      const joined = merged(parts);
      expect(contents(joined, () => true)).toEqual(contents(whole, () => true));
    }
    const other = whole.counts.values.find((v) => v.value === OTHER_VALUE)!;
    expect(other.count).toBe(600 - MAX_VALUES_PER_FIELD);
    expect(other.line).toBe(MAX_VALUES_PER_FIELD + 1);
  });

  it('refuses counts of another window length', () => {
    expect(() => new CategoryCounts(WINDOW_MS).merge(new CategoryCounts(60_000), [])).toThrow(RangeError);
  });
});

const LOGS = [
  'almhuette-raith-2019/access_2019-04-02_03.log',
  'elastic-apache-logs/apache_logs.log',
  'aws-format-samples/waf/aws-waf-security-automations_test_waf_log.jsonl',
  'aws-format-samples/cloudfront/node-cloudfront-log-parser_web-1-0-2019-12.txt',
].map((log) => `${SHARED_DATA}${log}`);

describe.each(LOGS.filter((log) => existsSync(log)))('the categorical counts of %s cut in four', (log) => {
  it('merge into those of one pass, with the same findings', async () => {
    const { records } = await collect([log]);
    const whole = countsOf(records);
    // Uneven cuts, one inside the first windows of the log.
    const joined = merged(cut(records, [0.02, 0.4, 0.77]).map(countsOf));
    expect(joined.ips).toEqual(whole.ips);
    const roomy = (id: number) => whole.counts.values[id]!.clients.top(CLIENT_TABLE + 1).length < CLIENT_TABLE;
    expect(contents(joined, roomy)).toEqual(contents(whole, roomy));
    expect(whole.counts.values.some((_, id) => roomy(id))).toBe(true);
    expect(detectCategories(joined.counts, joined.ips)).toEqual(detectCategories(whole.counts, whole.ips));
  });
});
