// Renumbering the lines of byte ranges, by hand: each range's numbers are shifted by the lines of the
// ranges of its file before it, and a new file (or the same file named again) starts from 0.

import { describe, expect, it } from 'vitest';
import { continuesFile, lineOffsets, shiftMalformed } from '../../src/distributed/line-offsets.js';
import type { IngestSummary } from '../../src/parse/read-logs.js';

function part(lines: number, start?: number): { range?: { start: number; end: number }; ingest: IngestSummary } {
  const ingest: IngestSummary = {
    files: [{ file: 'x.log', format: 'combined', records: lines, malformed: 0, bytes: 0, lines }],
    records: lines, malformed: 0, malformedSample: [], formats: ['combined'], damaged: 0, skipped: [],
  };
  return { ...(start !== undefined && { range: { start, end: start + 100 } }), ingest };
}

describe('lineOffsets', () => {
  it('shifts each range by the lines of the earlier ranges of its file', () => {
    // a.log whole (10 lines); b.log in ranges of 5, 7 and 3 lines; c.log whole; b.log named again, in ranges of 6 and 2.
    const parts = [part(10), part(5, 0), part(7, 100), part(3, 200), part(4), part(6, 0), part(2, 100)];
    expect(lineOffsets(parts)).toEqual([0, 0, 5, 12, 0, 0, 6]);
    expect(parts.map(continuesFile)).toEqual([false, false, true, true, false, false, true]);
  });

  it('counts an empty range (no line starts in it) as no lines', () => {
    expect(lineOffsets([part(4, 0), part(0, 100), part(3, 200)])).toEqual([0, 4, 4]);
  });

  it('renumbers the malformed sample, and leaves a summary with no shift as it is', () => {
    const ingest = { ...part(3).ingest, malformedSample: [{ file: 'x.log', line: 2, code: 'SEMLOG_BAD_STATUS', excerpt: 'x' }] };
    expect(shiftMalformed(ingest, 40).malformedSample.map((m) => m.line)).toEqual([42]);
    expect(ingest.malformedSample[0]!.line).toBe(2);
    expect(shiftMalformed(ingest, 0)).toBe(ingest);
  });
});
