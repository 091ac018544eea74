// True line numbers for the byte ranges of a file. A range job numbers its lines from 1: it cannot
// know how many lines came before its start without reading them. It reports how many physical lines
// it read, and the reduce, which takes the partials in scan order, adds to each range's numbers the
// lines of the ranges of the same file before it. Exact: the ranges tile the file on line boundaries.

import type { IngestSummary } from '../parse/read-logs.js';
import type { PartialSummary } from './store/partial-store.js';

/** For each partial, in scan order: what to add to its line numbers (0 for a whole file and a first range). */
export function lineOffsets(parts: ReadonlyArray<Pick<PartialSummary, 'range' | 'ingest'>>): number[] {
  let before = 0;
  return parts.map((part) => {
    if (!continuesFile(part)) before = 0;
    const offset = before;
    for (const file of part.ingest.files) before += file.lines;
    return offset;
  });
}

/** A range after the first of its file: its summary joins the one of the range before it. */
export function continuesFile(part: Pick<PartialSummary, 'range'>): boolean {
  return part.range !== undefined && part.range.start > 0;
}

/** The summary with its malformed lines renumbered. */
export function shiftMalformed(ingest: IngestSummary, offset: number): IngestSummary {
  if (offset === 0) return ingest;
  return { ...ingest, malformedSample: ingest.malformedSample.map((m) => ({ ...m, line: m.line + offset })) };
}
