import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allLines } from '../../src/tune/line-subsets.js';
import { bestOperatingPoint, rankFlaggedLines, scoresAtThreshold, tradeOff } from '../../src/tune/ranked-lines.js';

/** Occurrences with one text per record and one client per record. */
function view(textIds: number[], ipIds: number[]) {
  return { size: textIds.length, textId: (i: number) => textIds[i]!, ipId: (i: number) => ipIds[i]!, fileId: () => 0, line: (i: number) => i + 1, tagMask: () => 0, status: () => 200, headers: () => 0, headerTags: () => 0, instantPost: () => false };
}

describe('rankFlaggedLines', () => {
  it('ranks flagged lines by text score plus the weighted client bonus', () => {
    const verdicts = { flagged: Uint8Array.from([1, 0, 1]), scores: Float32Array.from([2, 0, 1.5]) };
    // Records: text 0 by client 0, text 1 by client 1, text 2 by client 1 (bonus 0.8).
    const ranked = rankFlaggedLines(verdicts, view([0, 1, 2], [0, 1, 1]), Float64Array.from([0, 0.8]), 1);
    expect([...ranked.records]).toEqual([2, 0]);
    expect([...ranked.scores]).toEqual([2.3, 2]);
    expect([...rankFlaggedLines(verdicts, view([0, 1, 2], [0, 1, 1]), Float64Array.from([0, 0.8]), 0).records]).toEqual([0, 2]);
  });
});

describe('bestOperatingPoint', () => {
  // Scores 5, 4, 3, 2, 1 on records 0..4; records 0, 1 and 3 are anomalies; record 5 is unflagged normal.
  const ranked = { scores: Float64Array.from([5, 4, 3, 2, 1]), records: Uint32Array.from([0, 1, 2, 3, 4]) };
  const labels = Uint8Array.from([1, 1, 0, 1, 0, 0]);
  const all = allLines(labels);

  it('picks the F1-best cut, with a threshold halfway to the next lower score', () => {
    // Top 2: P 1, R 2/3, F1 0.8; top 4: P 0.75, R 1, F1 0.857.
    const point = bestOperatingPoint(ranked, labels, all, { kind: 'f1' });
    expect(point).toMatchObject({ flagged: 4, truePositives: 3, minScore: 1.5 });
  });

  it('keeps to a budget of alerts', () => {
    expect(bestOperatingPoint(ranked, labels, all, { kind: 'precision-at', maxFlagged: 3 })).toMatchObject({ flagged: 2, truePositives: 2, minScore: 3.5 });
  });

  it('flags nothing when nothing fits, with a threshold above every score', () => {
    const point = bestOperatingPoint(ranked, labels, all, { kind: 'precision-at', maxFlagged: 0 });
    expect(point).toMatchObject({ flagged: 0 });
    expect(scoresAtThreshold(ranked, labels, all, point.minScore).flagged).toBe(0);
  });

  it('has thresholds that reproduce every point of the trade-off (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 40 }), (rows) => {
        const order = rows.map(([score], i) => ({ score: score / 4, i })).sort((a, b) => b.score - a.score || a.i - b.i);
        const r = { scores: Float64Array.from(order, (o) => o.score), records: Uint32Array.from(order, (o) => o.i) };
        const l = Uint8Array.from(rows, ([, anomaly]) => (anomaly ? 1 : 0));
        for (const point of tradeOff(r, l, allLines(l), 100)) {
          const again = scoresAtThreshold(r, l, allLines(l), point.minScore);
          expect([again.flagged, again.truePositives]).toEqual([point.flagged, point.truePositives]);
        }
      }),
    );
  });
});
