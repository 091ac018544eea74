// scan's new_value categorical findings, live, against a baseline: hand-computed.
import { describe, expect, it } from 'vitest';
import type { CategoryBaseline } from '../../src/categories/category-baseline.js';
import { LiveNewValues } from '../../src/watch/live-new-values.js';
import { record } from '../features/record.js';

const T0 = Date.UTC(2026, 11, 5, 8);
/** A clean period: 990 GETs and 10 POSTs, 950 answered 200 and 50 answered 404. */
const BASELINE: CategoryBaseline = {
  version: 1,
  fields: { method: { total: 1000, values: { GET: 990, POST: 10 } }, status: { total: 1000, values: { '200': 950, '404': 50 } } },
};

describe('LiveNewValues', () => {
  it('writes a value the baseline never saw once it has 5 records, once, with what is known then', () => {
    const live = new LiveNewValues(BASELINE);
    const found = [];
    for (let i = 0; i < 95; i++) found.push(...live.add(record({ clientIp: '198.51.100.1', timeMs: T0 + i * 1000 })));
    for (let i = 0; i < 7; i++) found.push(...live.add(record({ clientIp: `203.0.113.${i % 2}`, timeMs: T0 + (100 + i) * 1000, method: 'PROPFIND', status: 405, line: 200 + i })));
    // Two findings: method PROPFIND and status 405, each at its 5th record (the 100th record of the run).
    expect(found.map((f) => [f.type, f.values[0]!.field, f.values[0]!.value, f.values[0]!.count, f.values[0]!.total])).toEqual([
      ['new_value', 'method', 'PROPFIND', 5, 100],
      ['new_value', 'status', '405', 5, 100],
    ]);
    const [method] = found;
    // surprise: log2((5 / 100) / (1 / 1001)) = log2(50.05) = 5.645
    expect(method!.score).toBe(5.645);
    expect(method!.first).toEqual({ file: 'test.log', line: 200 });
    expect([method!.startMs, method!.endMs]).toEqual([T0 + 100_000, T0 + 104_000]);
    expect(method!.clients).toEqual(['203.0.113.0', '203.0.113.1']);
    expect(method!.reasons).toEqual(['method PROPFIND: 5 requests so far (5%), never seen in the baseline (2 values over 1000 requests)']);
  });

  it('leaves out values scan leaves out: not notable (304), fields the baseline did not carry or kept only to its cap', () => {
    const capped: CategoryBaseline = { version: 1, fields: { method: { total: 1000, values: { GET: 900, '(other)': 100 } }, status: { total: 1000, values: { '200': 1000 } } } };
    const live = new LiveNewValues(capped);
    const found = [];
    for (let i = 0; i < 10; i++) found.push(...live.add(record({ method: 'TRACE', status: 304 })));
    // A country is read from AWS extras, which the baseline did not carry.
    for (let i = 0; i < 10; i++) found.push(...live.add(record({ extras: { country: 'XX' } })));
    expect(found).toEqual([]);
  });
});
