// The categorical detector on the real AWS samples plus records built as log lines: each test checks
// the exact finding, and that nothing else is reported.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { learnCategoryBaseline } from '../../src/categories/category-baseline.js';
import { detectCategories } from '../../src/categories/detect-categories.js';
import { checkDetectOptions } from '../../src/options/check-library-options.js';
import type { CategoryValue, LogRecord } from '../../src/types.js';
import { record } from '../features/record.js';
import { needs } from '../helpers/needs.js';
import { collect, FIXTURES, SHARED_DATA } from '../parse/helpers.js';
import { albRecord, cloudfrontRecords, countRecords, WINDOW_MS, wafRecord } from './category-records.js';

const WAF_SAMPLE = `${SHARED_DATA}aws-format-samples/waf/aws-waf-security-automations_test_waf_log.jsonl`;
/** The first 5-minute window of the real WAF sample (210 of its 228 records; the other 18 are in the next). */
const WAF_WINDOW = 5_607_915 * WINDOW_MS;
const bits = (share: number, records: number) => Math.round(Math.log2(share * (records + 1)) * 1000) / 1000;

async function records(path: string): Promise<LogRecord[]> {
  return (await collect([path])).records;
}

describe('detectCategories on the real WAF sample', () => {
  if (!needs(existsSync(WAF_SAMPLE), WAF_SAMPLE)) return;

  test('the sample alone reports nothing, against itself as baseline or not', async () => {
    const real = countRecords(await records(WAF_SAMPLE));
    // method, country, action, rule, source, and the lists of labels, COUNT matches and rate-based rules (empty in the sample)
    expect(real.counts.fieldTotals.reduce((a, b) => a + b)).toBe(228 * 8);
    expect(detectCategories(real.counts, real.ips)).toEqual([]);
    expect(detectCategories(real.counts, real.ips, {}, learnCategoryBaseline(real.counts))).toEqual([]);
  });

  test('a country never seen in the baseline: one new_value and the window it arrived in', async () => {
    const real = await records(WAF_SAMPLE);
    const baseline = learnCategoryBaseline(countRecords(real).counts);
    expect(Object.keys(baseline.fields['country']!.values).sort()).toEqual(['CN', 'SE', 'TR', 'US']);
    // 12 requests from North Korea, 4 from each of 3 clients, in the sample's second window (18 real records).
    const start = WAF_WINDOW + WINDOW_MS;
    const built = Array.from({ length: 12 }, (_, i) => wafRecord({ timeMs: start + i * 1000, ip: `175.45.176.${i % 3}`, country: 'KP', line: i + 1 }));
    const { counts, ips } = countRecords([...real, ...built]);
    expect(detectCategories(counts, ips, {}, baseline)).toEqual([
      {
        type: 'new_value', score: bits(12 / 240, 228), ip: null, startMs: start, endMs: start + 11_000,
        values: [v('country', 'KP', 12, 240, 0.05, 0)],
        clients: ['175.45.176.0', '175.45.176.1', '175.45.176.2'], first: { file: 'built.jsonl', line: 1 },
        reasons: ['country KP: 12 requests (5%), never seen in the baseline (4 values over 228 requests)'],
      },
      {
        type: 'share_shift', score: bits(12 / 30, 228), ip: null, startMs: start, endMs: start + WINDOW_MS,
        values: [v('country', 'KP', 12, 30, 0.4, 0)],
        clients: [], first: null,
        reasons: ["country KP: 40% of the window's 30 requests (12), usually 0% (baseline)"],
      },
    ].sort((a, b) => b.score - a.score));
  });

  test('a rule that suddenly blocks 30 % of traffic: new action and rule, and the window where they are 30 %', async () => {
    const real = await records(WAF_SAMPLE);
    const baseline = learnCategoryBaseline(countRecords(real).counts);
    // 90 blocks in the first window (210 real records there): 90 / 300 = 30 %, 6 from each of 15 clients.
    const rule = 'AWS-AWSManagedRulesSQLiRuleSet';
    const built = Array.from({ length: 90 }, (_, i) => wafRecord({ timeMs: WAF_WINDOW + 60_000 + i * 100, ip: `198.51.100.${i % 15}`, action: 'BLOCK', rule }));
    const { counts, ips } = countRecords([...real, ...built]);
    const findings = detectCategories(counts, ips, {}, baseline);
    expect(findings.map((f) => [f.type, f.values.map((v) => `${v.field}=${v.value}`).join(' ')])).toEqual([
      ['share_shift', `wafAction=BLOCK wafRule=${rule}`],
      ['new_value', 'wafAction=BLOCK'],
      ['new_value', `wafRule=${rule}`],
    ]);
    expect(findings[0]).toEqual({
      type: 'share_shift', score: bits(0.3, 228), ip: null, startMs: WAF_WINDOW, endMs: WAF_WINDOW + WINDOW_MS, clients: [], first: null,
      values: [v('wafAction', 'BLOCK', 90, 300, 0.3, 0), v('wafRule', rule, 90, 300, 0.3, 0)],
      reasons: [
        "wafAction BLOCK: 30% of the window's 300 requests (90), usually 0% (baseline)",
        `wafRule ${rule}: 30% of the window's 300 requests (90), usually 0% (baseline)`,
      ],
    });
  });
});

/** One value of a finding: field, value, count, total, share, expected. */
function v(field: string, value: string, count: number, total: number, share: number, expected: number | null): CategoryValue {
  return { field, value, count, total, share, expected };
}

/** The two values a block by one rule counts as: the action and the rule, with the same numbers. */
function blocksBy(rule: string, numbers: Omit<CategoryValue, 'field' | 'value'>): CategoryValue[] {
  const { count, total, share, expected } = numbers;
  return [v('wafAction', 'BLOCK', count, total, share, expected), v('wafRule', rule, count, total, share, expected)];
}

describe('detectCategories on built traffic', () => {
  /** `windows` windows of 100 allowed requests from 50 clients. */
  const allowed = (windows: number): LogRecord[] =>
    Array.from({ length: windows * 100 }, (_, i) => wafRecord({ timeMs: Math.floor(i / 100) * WINDOW_MS + (i % 100) * 1000, ip: `10.0.0.${i % 50}` }));

  test('a rule that blocks 30 % of one window, no baseline: one share_shift against the median window', () => {
    const normal = allowed(7);
    const spike = [
      ...Array.from({ length: 70 }, (_, i) => wafRecord({ timeMs: 7 * WINDOW_MS + i * 1000, ip: `10.0.0.${i % 50}` })),
      // 3 blocks from each of 10 clients: no client has enough requests for a mix of its own.
      ...Array.from({ length: 30 }, (_, i) => wafRecord({ timeMs: 7 * WINDOW_MS + i * 1000 + 500, ip: `203.0.113.${i % 10}`, action: 'BLOCK', rule: 'BlockLoginFlood' })),
    ];
    const { counts, ips } = countRecords([...normal, ...spike]);
    expect(detectCategories(counts, ips)).toEqual([{
      type: 'share_shift', score: bits(0.3, 800), ip: null, startMs: 7 * WINDOW_MS, endMs: 8 * WINDOW_MS, clients: [], first: null,
      values: blocksBy('BlockLoginFlood', { count: 30, total: 100, share: 0.3, expected: 0 }),
      reasons: [
        "wafAction BLOCK: 30% of the window's 100 requests (30), usually 0% (median of 8 windows)",
        "wafRule BlockLoginFlood: 30% of the window's 100 requests (30), usually 0% (median of 8 windows)",
      ],
    }]);
  });

  test('no share_shift from fewer than 3 clients, nor in a field that shifts all the time', () => {
    const twoClients = Array.from({ length: 30 }, (_, i) => wafRecord({ timeMs: 7 * WINDOW_MS + i * 1000, ip: `203.0.113.${i % 2}`, action: 'BLOCK', rule: 'BlockLoginFlood' }));
    const few = countRecords([...allowed(7), ...Array.from({ length: 70 }, (_, i) => wafRecord({ timeMs: 7 * WINDOW_MS + i * 1000, ip: `10.0.0.${i % 50}` })), ...twoClients]);
    expect(detectCategories(few.counts, few.ips)).toEqual([]);
    // A quiet site: each window is mostly one country's visitors (3 networks), a different one each time.
    const quiet = Array.from({ length: 30 * 30 }, (_, i) => {
      const w = Math.floor(i / 30);
      const local = i % 30 < 20;
      return wafRecord({ timeMs: w * WINDOW_MS + (i % 30) * 1000, ip: local ? `100.${w}.${i % 3}.1` : `10.0.0.${i % 10}`, country: local ? `C${w}` : 'US' });
    });
    const volatile = countRecords(quiet);
    expect(detectCategories(volatile.counts, volatile.ips)).toEqual([]);
    // The same windows against a baseline that knows only US: each new country is reported.
    const baseline = learnCategoryBaseline(countRecords(allowed(3)).counts);
    expect(detectCategories(volatile.counts, volatile.ips, {}, baseline).filter((f) => f.type === 'share_shift')).toHaveLength(30);
  });

  test('a client 40 % of whose requests a Bot Control label marks: one client_mix by the label, its share of all its requests', () => {
    const BOT = 'awswaf:managed:aws:bot-control:bot:category:http_library';
    // The other clients: 1 request in 100 carries the label.
    const normal = allowed(3).map((r, i) => (i % 100 === 0 ? wafRecord({ timeMs: r.timeMs!, ip: r.clientIp, labels: [BOT] }) : r));
    // Allowed, so no action or rule stands out: only the label does. Two labels on one request count once each.
    const client = Array.from({ length: 25 }, (_, i) => wafRecord({ timeMs: i * 1000, ip: '192.0.2.77', ...(i % 5 < 2 && { labels: [BOT, 'awswaf:managed:token:absent'] }) }));
    const { counts, ips } = countRecords([...normal, ...client]);
    const [mix, ...rest] = detectCategories(counts, ips).filter((f) => f.type === 'client_mix');
    expect(rest).toEqual([]);
    expect(mix).toMatchObject({ ip: '192.0.2.77' });
    expect(mix!.reasons).toContain(`wafLabel ${BOT}: 10 of the client's 25 requests (40%), against 1% of the other clients' 300`);
  });

  test('a label never seen in the baseline: one new_value', () => {
    const baseline = learnCategoryBaseline(countRecords(allowed(3)).counts);
    const today = [...allowed(2), ...Array.from({ length: 12 }, (_, i) => wafRecord({ timeMs: i * 1000, ip: `10.0.0.${i % 4}`, labels: ['awswaf:managed:aws:sql-database:SQLi_QueryArguments'], line: i + 1 }))];
    const { counts, ips } = countRecords(today);
    const found = detectCategories(counts, ips, {}, baseline).filter((f) => f.type === 'new_value');
    expect(found.map((f) => f.values.map((v) => `${v.field} ${v.value} ${v.count}/${v.total}`))).toEqual([['wafLabel awswaf:managed:aws:sql-database:SQLi_QueryArguments 12/212']]);
  });

  test('a client whose requests are 40 % BLOCK: one client_mix against the other clients', () => {
    const normal = allowed(3).map((r, i) => (i % 100 === 0 ? wafRecord({ timeMs: r.timeMs!, ip: r.clientIp, action: 'BLOCK', rule: 'BadBots' }) : r));
    const client = Array.from({ length: 25 }, (_, i) => wafRecord({ timeMs: i * 1000, ip: '192.0.2.66', ...(i % 5 < 2 && { action: 'BLOCK', rule: 'BadBots' }) }));
    const { counts, ips } = countRecords([...normal, ...client]);
    // Others: 3 blocks in 300 requests = 1 %.
    expect(detectCategories(counts, ips)).toEqual([{
      type: 'client_mix', score: Math.round(Math.log2(0.4 / 0.01) * 1000) / 1000, ip: '192.0.2.66', startMs: null, endMs: null, clients: [], first: null,
      values: blocksBy('BadBots', { count: 10, total: 25, share: 0.4, expected: 0.01 }),
      reasons: [
        "wafAction BLOCK: 10 of the client's 25 requests (40%), against 1% of the other clients' 300",
        "wafRule BadBots: 10 of the client's 25 requests (40%), against 1% of the other clients' 300",
      ],
    }]);
  });

  test('an ALB 502 with target status "-": the client whose requests mostly got one, next to the real sample', () => {
    const real = readFileSync(`${FIXTURES}alb/aws-log-parser_alb-entries.log`, 'utf8').trimEnd().split('\n');
    const template = real[9]!; // "waf,forward", no error reason
    const time = '2018-11-30T22:23:00.186641Z';
    const normal = Array.from({ length: 100 }, (_, i) => albRecord(template, `10.1.0.${i % 5}`, time, 200, '200'));
    const broken = Array.from({ length: 24 }, (_, i) => (i < 16 ? albRecord(template, '10.9.9.9', time, 502, '-') : albRecord(template, '10.9.9.9', time, 200, '200')));
    const sample = real.map((line) => albRecord(line, line.split(' ')[3]!.split(':')[0]!, line.split(' ')[1]!, Number(line.split(' ')[8]), line.split(' ')[9]!));
    const { counts, ips } = countRecords([...sample, ...normal, ...broken]);
    // The other clients: the 12 real lines (four 502s, six answered by the ELB itself) and 100 normal ones.
    expect(detectCategories(counts, ips)).toEqual([{
      type: 'client_mix', score: Math.round(Math.log2((16 / 24) / (4 / 112)) * 1000) / 1000, ip: '10.9.9.9', startMs: null, endMs: null, clients: [], first: null,
      values: [v('status', '502', 16, 24, 0.666667, 0.035714), v('targetStatus', '-', 16, 24, 0.666667, 0.053571)],
      reasons: [
        "status 502: 16 of the client's 24 requests (66.7%), against 3.6% of the other clients' 112",
        "targetStatus - (no response from the target: the load balancer answered itself): 16 of the client's 24 requests (66.7%), against 5.4% of the other clients' 112",
      ],
    }]);
  });

  test('a CloudFront LimitExceeded burst: the window, with its 503s, next to the real sample', async () => {
    const file = `${FIXTURES}cloudfront/aws-log-parser_cloudfront-multiple.log`;
    const real = await records(file);
    const start = Date.UTC(2019, 11, 5);
    const rows = Array.from({ length: 8 * 30 }, (_, i) => ({ timeMs: start + Math.floor(i / 30) * WINDOW_MS + (i % 30) * 1000, ip: `198.51.100.${i % 40}`, status: 200, result: i % 3 === 0 ? 'Miss' : 'Hit' }));
    const burst = Array.from({ length: 12 }, (_, i) => ({ timeMs: start + 7 * WINDOW_MS + 100_000 + i * 500, ip: `192.0.2.${i}`, status: 503, result: 'LimitExceeded' }));
    const { counts, ips } = countRecords([...real, ...cloudfrontRecords(file, [...rows, ...burst])]);
    const total = real.length + rows.length + burst.length;
    expect(real).toHaveLength(6);
    expect(detectCategories(counts, ips)).toEqual([{
      type: 'share_shift', score: bits(12 / 42, total), ip: null, startMs: start + 7 * WINDOW_MS, endMs: start + 8 * WINDOW_MS, clients: [], first: null,
      values: [v('status', '503', 12, 42, 0.285714, 0), v('edgeResult', 'LimitExceeded', 12, 42, 0.285714, 0)],
      reasons: [
        "status 503: 28.6% of the window's 42 requests (12), usually 0% (median of 8 windows)",
        "edgeResult LimitExceeded: 28.6% of the window's 42 requests (12), usually 0% (median of 8 windows)",
      ],
    }]);
  });

  test('rare in this scan: a value needs minCount records, and a long-tailed field has no rare values', () => {
    const get = (n: number) => Array.from({ length: n }, (_, i) => record({ clientIp: `10.2.${i % 200}.1`, line: i + 1 }));
    const once = countRecords([...get(9_999), record({ method: 'DELETE', line: 10_000 })]);
    expect(detectCategories(once.counts, once.ips)).toEqual([]);
    const five = countRecords([...get(9_995), ...Array.from({ length: 5 }, (_, i) => record({ method: 'DELETE', clientIp: '192.0.2.7', line: 9_996 + i }))]);
    expect(detectCategories(five.counts, five.ips)).toEqual([{
      type: 'rare_value', score: Math.round(-Math.log2(5 / 10_000) * 1000) / 1000, ip: null, startMs: null, endMs: null,
      values: [v('method', 'DELETE', 5, 10_000, 0.0005, null)],
      clients: ['192.0.2.7'], first: { file: 'test.log', line: 9_996 },
      reasons: ['method DELETE: 5 of 10000 requests (0.05%), rare in this scan (under 0.1%; all rare method values together 0.05%)'],
    }]);
    // 300 countries of 8 to 60 requests each: every one is under 1 %, so none is unusual.
    const world = Array.from({ length: 300 }, (_, c) => Array.from({ length: 8 + (c % 53) }, () => record({ extras: { country: `C${c}` } }))).flat();
    const spread = countRecords(world);
    expect(detectCategories(spread.counts, spread.ips, { rareShare: 0.01 })).toEqual([]);
    // A 304 or 206 is a cache or a download: never rare, new or shifting, however few.
    const cached = countRecords([...get(9_990), ...Array.from({ length: 10 }, () => record({ status: 304 }))]);
    expect(detectCategories(cached.counts, cached.ips)).toEqual([]);
  });

  test('thresholds are validated where they enter the library', () => {
    expect(() => checkDetectOptions({ categories: { shareRatio: 1 } })).toThrow('option categories.shareRatio 1: must be a number > 1');
    expect(() => checkDetectOptions({ categories: { minCount: 0 } })).toThrow('option categories.minCount 0: must be a whole number ≥ 1');
    expect(() => checkDetectOptions({ categories: { rareShare: 1.5 } })).toThrow('option categories.rareShare 1.5: must be a number > 0 and ≤ 1');
    expect(() => checkDetectOptions({ categories: { minShareRise: 0.05, clientShare: 0.4, minRequests: 20 } })).not.toThrow();
  });
});
