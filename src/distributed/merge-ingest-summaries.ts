// The ingest summary of a whole scan from those of its inputs. Exact: the inputs are merged in scan
// order (not in the order their jobs finished), so files, formats and the malformed sample come out
// as one readLogs over every input would have listed them. The byte ranges of one file become one
// file entry again, as the file read whole would have made.

import type { FileSummary, IngestSummary } from '../parse/read-logs.js';

/** `continuesFile[i]`: part i is a later byte range of the file of part i-1 (line-offsets.ts). */
export function mergeIngestSummaries(parts: readonly IngestSummary[], malformedSampleSize: number, continuesFile: readonly boolean[] = []): IngestSummary {
  const merged: IngestSummary = { files: [], records: 0, malformed: 0, malformedSample: [], formats: [], damaged: 0, skipped: [] };
  parts.forEach((part, i) => {
    const previous = merged.files.at(-1);
    if (continuesFile[i] === true && previous !== undefined && part.files.length === 1) merged.damaged += joinRange(previous, part.files[0]!);
    else {
      merged.files.push(...part.files.map((file) => ({ ...file })));
      merged.damaged += part.damaged;
    }
    merged.records += part.records;
    merged.malformed += part.malformed;
    merged.malformedSample.push(...part.malformedSample.slice(0, malformedSampleSize - merged.malformedSample.length));
    for (const format of part.formats) if (!merged.formats.includes(format)) merged.formats.push(format);
    merged.skipped.push(...part.skipped);
  });
  return merged;
}

/** Adds a range's counts to its file's entry; 1 when the range's damage makes a sound file damaged. */
function joinRange(file: FileSummary, range: FileSummary): number {
  file.records += range.records;
  file.malformed += range.malformed;
  file.bytes += range.bytes;
  file.lines += range.lines;
  if (range.damaged === undefined || file.damaged !== undefined) return 0;
  file.damaged = range.damaged;
  return 1;
}
