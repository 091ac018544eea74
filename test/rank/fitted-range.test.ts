// Where a learned line model decides: ranges per side (default finding or not), worked by hand.

import { describe, expect, it } from 'vitest';
import { checkFittedRanges, DEFAULT_FINDING, fittedRanges, outsideSignal } from '../../src/rank/fitted-range.js';
import { LINE_SIGNALS } from '../../src/rank/line-signals.js';

const FINDINGS_LOG = LINE_SIGNALS.indexOf('clientFindingsLog');
const SEMANTIC = LINE_SIGNALS.indexOf('semanticOutlier');

/** A row with the given signals set and the rest 0. */
function row(values: Partial<Record<(typeof LINE_SIGNALS)[number], number>>): number[] {
  return LINE_SIGNALS.map((name) => values[name] ?? 0);
}

describe('fittedRanges', () => {
  // Two default findings (semantic 2 and 4, findings log 1 and 3) and one other line; a fourth row is left out.
  const rows = Float64Array.from([
    ...row({ semanticOutlier: 2, clientFindingsLog: 1, defaultFinding: 1 }),
    ...row({ semanticOutlier: 4, clientFindingsLog: 3, defaultFinding: 1 }),
    ...row({ fieldNoveltyBits: 5 }),
    ...row({ semanticOutlier: 9, clientFindingsLog: 9, defaultFinding: 1 }),
  ]);
  const ranges = fittedRanges(rows, 4, (i) => i !== 3);

  it('spans each signal over the included rows of each side', () => {
    expect(ranges[1]!.low[SEMANTIC]).toBe(2);
    expect(ranges[1]!.high[SEMANTIC]).toBe(4);
    expect(ranges[1]!.low[FINDINGS_LOG]).toBe(1);
    expect(ranges[1]!.high[FINDINGS_LOG]).toBe(3);
    expect(ranges[0]!.low).toEqual(row({ fieldNoveltyBits: 5 }));
    expect(ranges[0]!.high).toEqual(row({ fieldNoveltyBits: 5 }));
  });

  it('names the first signal outside the range of the line’s side', () => {
    const probe = Float64Array.from([
      ...row({ semanticOutlier: 3, clientFindingsLog: 2, defaultFinding: 1 }), // inside
      ...row({ semanticOutlier: 3, clientFindingsLog: 8, defaultFinding: 1 }), // a busier client than any fitted on
      ...row({ semanticOutlier: 9, clientFindingsLog: 9, defaultFinding: 1 }), // both out: the first is named
      ...row({ fieldNoveltyBits: 5 }), // the other side, inside
      ...row({ fieldNoveltyBits: 6 }),
    ]);
    expect([0, 1, 2, 3, 4].map((i) => outsideSignal(ranges, probe, i))).toEqual([-1, FINDINGS_LOG, SEMANTIC, -1, LINE_SIGNALS.indexOf('fieldNoveltyBits')]);
  });

  it('leaves a side with no fitted line to the default scoring', () => {
    const onlyOthers = fittedRanges(rows, 4, (i) => i === 2);
    expect(onlyOthers[1]).toBeNull();
    expect(outsideSignal(onlyOthers, rows, 0)).toBe(DEFAULT_FINDING);
    expect(outsideSignal(onlyOthers, rows, 2)).toBe(-1);
  });

  it('checks a saved model’s ranges', () => {
    const fail = (what: string) => new Error(what);
    expect(checkFittedRanges(JSON.parse(JSON.stringify(ranges)), fail)).toEqual(ranges);
    expect(checkFittedRanges([null, ranges[1]], fail)).toEqual([null, ranges[1]]);
    for (const bad of [[null, null], [ranges[0]], [ranges[0], { low: ranges[1]!.high, high: ranges[1]!.low }], [ranges[0], { low: [1], high: [2] }], 'ranges']) {
      expect(() => checkFittedRanges(bad, fail)).toThrow(/fittedRanges must be two entries/);
    }
  });
});
